// The main side of the wizard's Aliyun path: holds each prepared device (its DeviceSecret or pasted
// password as a Secret that renders redacted) under a handle the renderer names it by, answers a
// reveal only when asked, and keeps saved profiles with their secret sealed by the journals' key
// store (OS keyring in Electron, else a 0600 key file) in a 0600 file of the user's config folder —
// never in clear. The checks and derivations are electron/aliyun/setup.ts (aliyun.md §1, §2, §7, §8).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AliyunPrepared, AliyunPreset, AliyunProfileListing } from '../../shared/aliyun';
import type { ParsedArgsOf } from '../../shared/api';
import { SECRET_MASK } from '../../shared/mask';
import { fail, ok, problem, type Outcome } from '../../shared/outcome';
import type { AliyunInstance } from '../aliyun/endpoints';
import { Secret } from '../aliyun/secret';
import { hasErrors, planAliyun, readAliyunText, type AliyunPlan, type AliyunSource, type SetupChoice } from '../aliyun/setup';
import { customTopic, eventPost, presetTopic, propertyPost } from '../aliyun/topics';
import type { BringupOptions } from '../quectel/bringup';
import type { KeyStore } from '../session/key-store';
import { sealBytes, unsealBytes } from '../session/seal';

interface Held {
  source: AliyunSource;
  choice: SetupChoice;
  plan: AliyunPlan;
  profile?: string;
}

/** What the bring-up needs for an Aliyun device: the endpoint and either the host-signed login or the aliauth triple. */
export interface AliyunLogin {
  host: string;
  port: number;
  tls: boolean;
  keepalive: number;
  clientId: string;
  username?: string;
  password?: string;
  aliauth?: NonNullable<BringupOptions['aliauth']>;
}

interface StoredProfile {
  name: string;
  productKey: string;
  deviceName: string;
  host: string;
  savedAt: number;
  choice: SetupChoice;
  /** The pasted text (device certificate or MQTT parameters), sealed: it holds the secret. */
  sealed: string;
}

const PROFILES_FILE = 'aliyun-profiles.json';

const notHeld = <T>(): Outcome<T> => fail(problem('aliyun.handle.unknown', 'This Aliyun device is no longer held.', 'The workbench was restarted or the device was replaced by a new paste.', 'Paste the device certificate again, or load the saved profile.'));

export function createAliyunService(opts: { keys: KeyStore; dir: string }) {
  const held = new Map<string, Held>();
  const file = path.join(opts.dir, PROFILES_FILE);

  function readProfiles(): StoredProfile[] {
    try {
      const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles?: StoredProfile[] };
      return Array.isArray(j.profiles) ? j.profiles : [];
    } catch {
      return [];
    }
  }

  function writeProfiles(profiles: StoredProfile[]): void {
    fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ version: 1, profiles }, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
    fs.chmodSync(file, 0o600);
  }

  const listing = (p: StoredProfile): AliyunProfileListing => ({ name: p.name, productKey: p.productKey, deviceName: p.deviceName, host: p.host, savedAt: p.savedAt, secretStore: opts.keys.kind === 'os-keyring' ? 'os-keyring' : opts.keys.kind, file });

  function presets(plan: AliyunPlan): AliyunPreset[] {
    const d = { productKey: plan.productKey, deviceName: plan.deviceName };
    const post = propertyPost(d, { id: 1, params: { temperature: 21.5, humidity: 40 } });
    const ev = eventPost(d, 'alarm', { id: 1, params: { level: 2 } });
    return [
      { id: 'property.post', label: 'Property post', topic: post.topic, direction: 'up', replyTopic: presetTopic('property.post_reply', d), payload: post.payload },
      { id: 'event.post', label: 'Event post (alarm)', topic: ev.topic, direction: 'up', replyTopic: presetTopic('event.post_reply', d, { eventId: 'alarm' }), payload: ev.payload },
      { id: 'property.set', label: 'Property set (cloud → device)', topic: presetTopic('property.set', d), direction: 'down' },
      { id: 'ota.inform', label: 'OTA inform (version)', topic: presetTopic('ota.inform', d), direction: 'up', payload: JSON.stringify({ id: '1', params: { version: '1.0.0' } }) },
      { id: 'user', label: '/user/ topic', topic: customTopic(d, 'update'), direction: 'up', payload: JSON.stringify({ hello: 'aliyun' }) },
    ];
  }

  function describe(handle: string, h: Held): AliyunPrepared {
    const p = h.plan;
    return {
      handle,
      source: h.source.kind,
      productKey: p.productKey,
      deviceName: p.deviceName,
      auth: p.auth,
      host: p.host,
      port: p.port,
      tls: p.tls,
      keepalive: p.keepalive,
      method: p.method,
      clientId: p.clientId,
      username: p.username,
      ...(p.content !== undefined ? { content: p.content } : {}),
      connectClientId: p.connectClientId,
      ...(p.device ? { aliauthCommand: `AT+QMTCFG="aliauth",<idx>,"${p.device.productKey}","${p.device.deviceName}","${SECRET_MASK}"` } : {}),
      findings: p.findings,
      ready: !hasErrors(p.findings) && p.host !== '',
      presets: p.host ? presets(p) : [],
      ...(h.profile ? { profile: h.profile } : {}),
    };
  }

  function choiceOf(a: ParsedArgsOf<'aliyunPrepare'>): SetupChoice {
    const instance: AliyunInstance | undefined = a.endpoint ? (a.endpoint.kind === 'region' ? { kind: 'legacy-public', region: a.endpoint.region } : { kind: 'instance', instanceId: a.endpoint.instanceId }) : undefined;
    return {
      auth: a.auth,
      ...(instance ? { instance } : {}),
      ...(a.port !== undefined ? { port: a.port } : {}),
      ...(a.tls !== undefined ? { tls: a.tls } : {}),
      ...(a.method !== undefined ? { method: a.method } : {}),
      ...(a.keepalive !== undefined ? { keepalive: a.keepalive } : {}),
    };
  }

  function hold(handle: string, source: AliyunSource, choice: SetupChoice, profile?: string): Outcome<AliyunPrepared> {
    const plan = planAliyun(source, choice);
    if (!plan.ok) return plan;
    const h: Held = { source, choice, plan: plan.value, ...(profile ? { profile } : {}) };
    held.set(handle, h);
    return ok(describe(handle, h));
  }

  return {
    prepare(a: ParsedArgsOf<'aliyunPrepare'>): Outcome<AliyunPrepared> {
      const before = a.handle ? held.get(a.handle) : undefined;
      if (a.handle && !before && !a.text && !a.fields) return notHeld();
      let source: AliyunSource;
      if (a.text !== undefined && a.text.trim() !== '') {
        const r = readAliyunText(a.text);
        if (!r.ok) return r;
        source = r.value;
      } else if (a.fields) {
        // Typed fields: an empty secret keeps the one held (the renderer never had it back).
        const kept = a.fields.deviceSecret === '' && before?.source.kind === 'triple' ? before.source.device.deviceSecret : undefined;
        if (a.fields.deviceSecret === '' && !kept) return fail(problem('aliyun.field.deviceSecret', 'Type the DeviceSecret.', 'It is on the device\'s page in the console (Device details → DeviceSecret → View).', 'Paste it into the DeviceSecret field.'));
        source = { kind: 'triple', device: { productKey: a.fields.productKey, deviceName: a.fields.deviceName, deviceSecret: kept ?? new Secret(a.fields.deviceSecret) }, endpoint: {}, notes: [] };
      } else if (before) {
        source = before.source;
      } else {
        return fail(problem('aliyun.paste.empty', 'Nothing to prepare.', 'Paste the device certificate or the MQTT connection parameters, or type the three fields.', 'Copy them from the console\'s device page.'));
      }
      const handle = a.handle && before ? a.handle : crypto.randomUUID();
      return hold(handle, source, choiceOf(a), a.text || a.fields ? undefined : before?.profile);
    },

    reveal(a: ParsedArgsOf<'aliyunReveal'>): Outcome<{ text: string }> {
      const h = held.get(a.handle);
      if (!h) return notHeld();
      if (a.what === 'password') return ok({ text: h.plan.password.reveal() });
      if (h.source.kind !== 'triple') return fail(problem('aliyun.reveal.no-secret', 'These MQTT parameters carry no DeviceSecret.', 'Only the signed password was pasted.', 'Reveal the password instead.'));
      return ok({ text: h.source.device.deviceSecret.reveal() });
    },

    save(a: ParsedArgsOf<'aliyunSaveProfile'>): Outcome<AliyunProfileListing> {
      const h = held.get(a.handle);
      if (!h) return notHeld();
      const clear =
        h.source.kind === 'triple'
          ? JSON.stringify({ ProductKey: h.source.device.productKey, DeviceName: h.source.device.deviceName, DeviceSecret: h.source.device.deviceSecret.reveal() })
          : JSON.stringify({ clientId: h.source.params.clientId, username: h.source.params.username, mqttHostUrl: h.source.params.host, passwd: h.source.params.password.reveal(), port: h.source.params.port });
      let sealed: string;
      try {
        sealed = sealBytes(opts.keys.sealingKey(), Buffer.from(clear, 'utf8'));
      } catch (e) {
        return fail(problem('aliyun.profile.no-key', 'The profile could not be sealed, so it was not saved.', (e as Error).message, 'Check that the config folder is writable (or the OS keyring is unlocked) and save again.'));
      }
      const p: StoredProfile = { name: a.name, productKey: h.plan.productKey, deviceName: h.plan.deviceName, host: h.plan.host, savedAt: Date.now(), choice: h.choice, sealed };
      try {
        writeProfiles([...readProfiles().filter((x) => x.name !== a.name), p]);
      } catch (e) {
        return fail(problem('aliyun.profile.unwritable', 'The profile could not be written.', (e as Error).message, `Check that ${opts.dir} is writable.`));
      }
      h.profile = a.name;
      return ok(listing(p));
    },

    list(): Outcome<AliyunProfileListing[]> {
      return ok(readProfiles().map(listing));
    },

    load(a: ParsedArgsOf<'aliyunLoadProfile'>): Outcome<AliyunPrepared> {
      const p = readProfiles().find((x) => x.name === a.name);
      if (!p) return fail(problem('aliyun.profile.unknown', `There is no profile "${a.name}".`, `Profiles are kept in ${file}.`, 'Pick one of the saved profiles, or paste the device again.', { name: a.name }));
      const clear = unsealBytes(opts.keys.openingKeys(), p.sealed);
      if (!clear) return fail(problem('aliyun.profile.sealed', `The secret of "${a.name}" cannot be opened on this laptop.`, 'It was sealed with a key this user or machine does not hold (another user, a reset keyring).', 'Paste the device certificate again and save the profile anew.'));
      const r = readAliyunText(clear.toString('utf8'));
      if (!r.ok) return r;
      return hold(crypto.randomUUID(), r.value, p.choice, p.name);
    },

    /** The login for a bring-up; a plan with an error is refused with its fix. */
    login(handle: string): Outcome<AliyunLogin> {
      const h = held.get(handle);
      if (!h) return notHeld();
      const p = h.plan;
      const error = p.findings.find((f) => f.severity === 'error');
      if (error) return fail(problem(error.code, error.message, 'The Aliyun checks found this before anything was sent.', error.fix));
      const base = { host: p.host, port: p.port, tls: p.tls, keepalive: p.keepalive, clientId: p.connectClientId };
      if (p.auth === 'aliauth' && p.device) return ok({ ...base, aliauth: { productKey: p.device.productKey, deviceName: p.device.deviceName, deviceSecret: p.device.deviceSecret.reveal() } });
      return ok({ ...base, username: p.username, password: p.password.reveal() });
    },
    /** The login for the laptop's probe: always signed on the host (the laptop has no "aliauth"). */
    laptopLogin(handle: string): Outcome<{ host: string; port: number; tls: boolean; keepalive: number; clientId: string; username: string; password: string }> {
      const h = held.get(handle);
      if (!h) return notHeld();
      const p = h.plan;
      return ok({ host: p.host, port: p.port, tls: p.tls, keepalive: p.keepalive, clientId: p.clientId, username: p.username, password: p.password.reveal() });
    },
  };
}

export type AliyunService = ReturnType<typeof createAliyunService>;
