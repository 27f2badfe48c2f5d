// The wizard's Aliyun path through the services: the paste is read on the main side, only a handle
// and derived fields come back, the password and the secret only on reveal; a saved profile keeps
// its secret sealed in a user-only file; a bring-up with the handle connects the virtual EC20 to
// its Aliyun-checking broker both ways, and nothing on the record holds the secret in clear.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import { memoryKeyStore } from '../session/key-store';
import { openServicesHost, type ServicesHost } from '../../test-support/services-host';

const SECRET = 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe';
const CERT = JSON.stringify({ ProductKey: 'a1X2bEnP82z', DeviceName: 'meter-0042', DeviceSecret: SECRET });

let rig: ServicesHost;

beforeEach(() => {
  process.env.WORKBENCH_SIM_SPEED = '0';
  rig = openServicesHost('wb-aliyun-svc-', (dir) => ({ journalDir: path.join(dir, 'journals'), keys: memoryKeyStore(), aliyunProfilesDir: path.join(dir, 'config') }));
});

afterEach(() => rig.close());

describe('Aliyun devices through the services', () => {
  it('prepares a paste without handing the secret back; reveals it on request; saves a sealed profile and loads it', async () => {
    const s = rig.services;
    const r = await s.aliyunPrepare({ text: CERT, auth: 'host', endpoint: { kind: 'region', region: 'cn-shanghai' }, tls: false, port: 1883 });
    if (!r.ok) throw new Error(r.problem.title);
    expect(r.value).toMatchObject({ source: 'triple', host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 1883, tls: false, ready: true, username: 'meter-0042&a1X2bEnP82z' });
    expect(r.value.presets.map((p) => p.id)).toEqual(['property.post', 'event.post', 'property.set', 'ota.inform', 'user']);
    expect(JSON.stringify(r.value)).not.toContain(SECRET);
    const pw = await s.aliyunReveal({ handle: r.value.handle, what: 'password' });
    expect(pw.ok && pw.value.text).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(r.value)).not.toContain(pw.ok ? pw.value.text : '?');
    expect(await s.aliyunReveal({ handle: r.value.handle, what: 'deviceSecret' })).toEqual({ ok: true, value: { text: SECRET } });

    // Changing an option keeps the secret held; typed fields with an empty secret keep it too.
    const again = await s.aliyunPrepare({ handle: r.value.handle, auth: 'host', endpoint: { kind: 'region', region: 'cn-shanghai' }, keepalive: 20 });
    expect(again.ok && again.value.handle).toBe(r.value.handle);
    expect(again.ok && again.value.ready).toBe(false);
    expect(again.ok && again.value.findings.map((f) => f.code)).toContain('aliyun.limit.keepalive');
    const typed = await s.aliyunPrepare({ handle: r.value.handle, fields: { productKey: 'a1X2bEnP82z', deviceName: 'meter-0042', deviceSecret: '' }, auth: 'aliauth', endpoint: { kind: 'region', region: 'cn-shanghai' } });
    expect(typed.ok && typed.value.aliauthCommand).toBe('AT+QMTCFG="aliauth",<idx>,"a1X2bEnP82z","meter-0042","••••••"');

    const saved = await s.aliyunSaveProfile({ handle: r.value.handle, name: 'meter 42' });
    expect(saved.ok && saved.value).toMatchObject({ name: 'meter 42', productKey: 'a1X2bEnP82z', secretStore: 'memory' });
    const file = path.join(rig.dir, 'config', 'aliyun-profiles.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect((await s.aliyunListProfiles(undefined)).ok).toBe(true);
    const loaded = await s.aliyunLoadProfile({ name: 'meter 42' });
    expect(loaded.ok && loaded.value).toMatchObject({ profile: 'meter 42', productKey: 'a1X2bEnP82z', deviceName: 'meter-0042' });
    expect(loaded.ok && (await s.aliyunReveal({ handle: loaded.value.handle, what: 'deviceSecret' }))).toEqual({ ok: true, value: { text: SECRET } });
  });

  for (const auth of ['aliauth', 'host'] as const) {
    it(`${auth}: the wizard connects the virtual EC20 to its Aliyun broker; the journal holds no secret in clear`, async () => {
      const s = rig.services;
      expect((await s.openPort({ path: VIRTUAL_PORT_PATH })).ok).toBe(true);
      const r = await s.aliyunPrepare({ text: CERT, auth, endpoint: { kind: 'region', region: 'cn-shanghai' }, tls: false, port: 1883 });
      if (!r.ok) throw new Error(r.problem.title);
      const run = await s.runBringup({ clientId: r.value.connectClientId, port: 1883, tls: false, clientIdx: 0, keepalive: 300, aliyun: { handle: r.value.handle } });
      expect(run.ok && run.value).toEqual({ ready: true });
      const log = await s.getLog({ from: 0, limit: 1_000_000 });
      const texts = log.ok ? log.value.map((e) => e.text) : [];
      expect(texts.some((t) => t.startsWith(`AT+QMTOPEN=0,"a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com",1883`))).toBe(true);
      expect(texts.some((t) => t === '+QMTCONN: 0,0,0')).toBe(true);
      const pw = await s.aliyunReveal({ handle: r.value.handle, what: 'password' });
      const journal = fs.readdirSync(path.join(rig.dir, 'journals')).map((f) => fs.readFileSync(path.join(rig.dir, 'journals', f), 'utf8')).join('\n');
      for (const text of [JSON.stringify(texts), JSON.stringify(rig.seen), journal]) {
        expect(text).not.toContain(SECRET);
        if (pw.ok) expect(text).not.toContain(pw.value.text);
      }
    }, 60_000);
  }

  it('a wrong secret is refused with the Aliyun explanation; a plan with errors is not sent', async () => {
    const s = rig.services;
    expect((await s.openPort({ path: VIRTUAL_PORT_PATH })).ok).toBe(true);
    const r = await s.aliyunPrepare({ text: CERT.replace(SECRET, SECRET.slice(0, -1) + 'X'), auth: 'host', endpoint: { kind: 'region', region: 'cn-shanghai' }, tls: false, port: 1883 });
    if (!r.ok) throw new Error(r.problem.title);
    const run = await s.runBringup({ clientId: r.value.connectClientId, port: 1883, tls: false, clientIdx: 0, keepalive: 300, aliyun: { handle: r.value.handle } });
    expect(run.ok && run.value).toMatchObject({ ready: false, failedStep: 'connect', problem: { code: 'connack.4', detail: expect.stringMatching(/wrong DeviceSecret or signature/) } });
    const bad = await s.aliyunPrepare({ handle: r.value.handle, auth: 'host', endpoint: { kind: 'region', region: 'cn-shanghai' }, tls: false, port: 8883 });
    expect(bad.ok && bad.value.ready).toBe(false);
    const refused = await s.runBringup({ clientId: 'x', port: 1883, tls: false, clientIdx: 0, keepalive: 300, aliyun: { handle: r.value.handle } });
    expect(refused.ok ? 'sent' : refused.problem.code).toBe('aliyun.port.needs-tls');
  }, 60_000);
});
