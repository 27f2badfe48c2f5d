// The MQTT commands of the virtual modem (protocol.md §2.1-2.10) and the URCs their network results
// become (protocol.md §3). Pure: network work leaves as NetOps, results come back through mqttNetwork().
import { aliauthCredentials } from './aliauth';
import type { CommandTable } from './command-table';
import { activatePdp, customDns, ufsName } from './commands-general';
import { timing, type FirmwareProfile } from './profiles';
import type { ClientConfig, ClientPhase, ClientState, ModemState, PendingPublish } from './state';
import { chain, error, ok, out, reply, urc, type MqttNetEvent, type NetOp, type Step, type TlsSetup } from './step';
import { concatBytes, cmeFinal, frameLine, intArg, PROMPT, strArg, utf8, type Arg } from './wire';

const net = (op: NetOp, delayMs = 0) => ({ kind: 'net' as const, op, delayMs });

function withClient(s: ModemState, i: number, patch: Partial<ClientState>): ModemState {
  return { ...s, clients: s.clients.map((c, j) => (j === i ? { ...c, ...patch } : c)) };
}

function withConfig(s: ModemState, i: number, patch: Partial<ClientConfig>): ModemState {
  const c = s.clients[i];
  return c ? withClient(s, i, { config: { ...c.config, ...patch } }) : s;
}

/** QMT syntax and state errors are plain ERROR (protocol.md §1.2 Uncertain; switchable per profile). */
const qmtError = (s: ModemState): Step => (s.profile.qmtErrorsAsCme ? reply(s, [], cmeFinal(s.cmee, 3)) : error(s));

// ---------------------------------------------------------------- AT+QMTCFG (protocol.md §2.1)

interface CfgOption {
  /** Query line values, without the idx (protocol.md §2.1). */
  show: (c: ClientConfig) => string;
  /** Parse the values after idx; undefined = ERROR. */
  set: (a: Arg[], c: ClientConfig, p: FirmwareProfile) => Partial<ClientConfig> | undefined;
}

const q = (s: string) => `"${s}"`;

const CFG_OPTIONS: Record<string, CfgOption> = {
  version: {
    show: (c) => String(c.version),
    set: (a) => {
      const v = intArg(a[0], 3, 4);
      return v === undefined || a.length !== 1 ? undefined : { version: v as 3 | 4 };
    },
  },
  pdpcid: {
    show: (c) => String(c.pdpcid),
    set: (a, _c, p) => {
      const v = intArg(a[0], 1, p.maxCid);
      return v === undefined || a.length !== 1 ? undefined : { pdpcid: v };
    },
  },
  ssl: {
    show: (c) => `${c.ssl.enabled ? 1 : 0},${c.ssl.ctx}`,
    set: (a, c) => {
      const en = intArg(a[0], 0, 1);
      const ctx = a.length > 1 ? intArg(a[1], 0, 5) : c.ssl.ctx;
      return en === undefined || ctx === undefined || a.length > 2 ? undefined : { ssl: { enabled: en === 1, ctx } };
    },
  },
  keepalive: {
    show: (c) => String(c.keepalive),
    set: (a) => {
      const v = intArg(a[0], 0, 3600);
      return v === undefined || a.length !== 1 ? undefined : { keepalive: v };
    },
  },
  session: {
    show: (c) => (c.cleanSession ? '1' : '0'),
    set: (a) => {
      const v = intArg(a[0], 0, 1);
      return v === undefined || a.length !== 1 ? undefined : { cleanSession: v === 1 };
    },
  },
  timeout: {
    show: (c) => `${c.timeout.pktTimeout},${c.timeout.retries},${c.timeout.notice ? 1 : 0}`,
    set: (a, c, p) => {
      const pkt = intArg(a[0], 1, 60);
      const retries = a.length > 1 ? intArg(a[1], p.retryRange[0], p.retryRange[1]) : c.timeout.retries;
      const notice = a.length > 2 ? intArg(a[2], 0, 1) : c.timeout.notice ? 1 : 0;
      if (pkt === undefined || retries === undefined || notice === undefined || a.length > 3) return undefined;
      return { timeout: { pktTimeout: pkt, retries, notice: notice === 1 } };
    },
  },
  will: {
    show: (c) => (c.will.enabled ? `1,${c.will.qos},${c.will.retain ? 1 : 0},${q(c.will.topic)},${q(c.will.message)}` : '0'),
    set: (a) => {
      const fg = intArg(a[0], 0, 1);
      if (fg === 0 && a.length === 1) return { will: { enabled: false } };
      const qos = intArg(a[1], 0, 2);
      const retain = intArg(a[2], 0, 1);
      const topic = strArg(a[3]);
      const message = strArg(a[4]);
      if (fg !== 1 || qos === undefined || retain === undefined || !topic || message === undefined || a.length !== 5) return undefined;
      return { will: { enabled: true, qos: qos as 0 | 1 | 2, retain: retain === 1, topic, message } };
    },
  },
  'recv/mode': {
    show: (c) => `${c.recv.buffered ? 1 : 0},${c.recv.withLength ? 1 : 0}`,
    set: (a, c) => {
      const mode = intArg(a[0], 0, 1);
      const len = a.length > 1 ? intArg(a[1], 0, 1) : c.recv.withLength ? 1 : 0;
      return mode === undefined || len === undefined || a.length > 2 ? undefined : { recv: { buffered: mode === 1, withLength: len === 1 } };
    },
  },
  aliauth: {
    show: (c) => [c.aliauth?.productKey ?? '', c.aliauth?.deviceName ?? '', c.aliauth?.deviceSecret ?? ''].map(q).join(','),
    set: (a) => {
      const [productKey, deviceName, deviceSecret] = [strArg(a[0]), strArg(a[1]), strArg(a[2])];
      if (!productKey || !deviceName || !deviceSecret || a.length !== 3) return undefined;
      return { aliauth: { productKey, deviceName, deviceSecret } };
    },
  },
};

/** Later-firmware options (protocol.md §2.1.10) kept as raw values; "qmtping" is range-checked. */
function extraOption(name: string): CfgOption {
  return {
    show: (c) => (c.extra[name] ?? (name === 'qmtping' ? ['5'] : ['0'])).join(','),
    set: (a, c) => {
      if (name === 'qmtping' && (intArg(a[0], 5, 60) === undefined || a.length !== 1)) return undefined;
      return { extra: { ...c.extra, [name]: a.map((x) => (x.quoted ? q(x.text) : x.text)) } };
    },
  };
}

const CFG_TEST_LINES = [
  '+QMTCFG: "version",(0-5),(3,4)',
  '+QMTCFG: "pdpcid",(0-5),(1-16)',
  '+QMTCFG: "ssl",(0-5),(0,1),(0-5)',
  '+QMTCFG: "keepalive",(0-5),(0-3600)',
  '+QMTCFG: "session",(0-5),(0,1)',
  '+QMTCFG: "timeout",(0-5),(1-60),(1-10),(0,1)',
  '+QMTCFG: "will",(0-5),(0,1),(0-2),(0,1),"will_topic","will_message"',
  '+QMTCFG: "recv/mode",(0-5),(0,1),(0,1)',
  '+QMTCFG: "aliauth",(0-5),"product_key","device_name","device_secret"',
];

function qmtcfg(s: ModemState, a: Arg[]): Step {
  const name = strArg(a[0])?.toLowerCase();
  const idx = intArg(a[1], 0, 5);
  if (!name || idx === undefined) return qmtError(s);
  const opt = CFG_OPTIONS[name] ?? (s.profile.extraCfgOptions.includes(name) ? extraOption(name) : undefined);
  const client = s.clients[idx];
  if (!opt || !client) return qmtError(s);
  if (a.length === 2) return ok(s, [`+QMTCFG: "${name}",${opt.show(client.config)}`]);
  // Writes: refused once CONNECT is under way (protocol.md §2.1, §6 table); opened/opening per profile (U).
  const refused: ClientPhase[] = ['connecting', 'connected', 'disconnecting'];
  if (s.profile.cfgWhileOpened === 'error') refused.push('opening', 'opened');
  if (refused.includes(client.phase)) return qmtError(s);
  const patch = opt.set(a.slice(2), client.config, s.profile);
  return patch ? ok(withConfig(s, idx, patch)) : qmtError(s);
}

// ---------------------------------------------------------------- open / close (protocol.md §2.2, §2.3)

/**
 * What the TLS handshake needs from SSL context `ctxIdx` (protocol.md §4.4): the files it names, read
 * from the module's file system now (a file deleted later does not matter to this open), and the
 * module time the certificates must be valid at unless "ignorelocaltime" is 1.
 */
function tlsSetup(s: ModemState, ctxIdx: number, now: number): TlsSetup {
  const ctx = s.ssl[ctxIdx] ?? { sslversion: 4, ciphersuite: '0XFFFF', seclevel: 0, ignorelocaltime: 1, negotiatetime: 300, sni: 0 };
  const missing: string[] = [];
  const file = (n: string | undefined, needed: boolean) => {
    if (!n) {
      if (needed) missing.push('(not set)');
      return undefined;
    }
    const data = s.files[ufsName(n)];
    if (!data && needed) missing.push(n);
    return data;
  };
  // seclevel 1 needs the CA; 2 also the client certificate and key; 0 loads nothing.
  const level = ctx.seclevel;
  return {
    seclevel: level,
    ca: level >= 1 ? file(ctx.cacert, true) : undefined,
    cert: level === 2 ? file(ctx.clientcert, true) : undefined,
    key: level === 2 ? file(ctx.clientkey, true) : undefined,
    missing,
    sni: ctx.sni === 1,
    sslversion: ctx.sslversion,
    ciphersuite: ctx.ciphersuite,
    ...(ctx.ignorelocaltime === 0 ? { validAt: now + s.clock.offsetMs } : {}),
    negotiateTimeS: ctx.negotiatetime,
    verifyHostname: s.profile.tlsVerifyHostname,
  };
}

function qmtopen(s: ModemState, a: Arg[], now: number): Step {
  const idx = intArg(a[0], 0, 5);
  const host = strArg(a[1]);
  // Some old firmware accepts a quoted port (protocol.md §7 quirk 9): take both.
  const port = a[2] ? intArg({ text: a[2].text, quoted: false }, 1, 65535) : undefined;
  const client = idx === undefined ? undefined : s.clients[idx];
  if (idx === undefined || host === undefined || port === undefined || a.length !== 3 || !client) return qmtError(s);
  if (client.phase !== 'closed') return chain(ok(s), (st) => urc(st, `+QMTOPEN: ${idx},2`, timing.reply));
  if (host === '' || utf8(host).length > 100) return chain(ok(s), (st) => urc(st, `+QMTOPEN: ${idx},1`, timing.reply));
  const cid = client.config.pdpcid;
  // QMTOPEN activates an inactive context itself and reports 3 when that fails (protocol.md §2.1.2).
  const withPdp = s.pdp[cid]?.active ? s : activatePdp(s, cid);
  if (!withPdp) return chain(ok(s), (st) => urc(st, `+QMTOPEN: ${idx},3`, timing.open));
  const tls = client.config.ssl.enabled ? tlsSetup(s, client.config.ssl.ctx, now) : undefined;
  const dns = customDns(withPdp, cid);
  const next = withClient(withPdp, idx, { phase: 'opening', host, port });
  // With openResultBeforeOk the OK waits for the result URC (protocol.md quirk 2); network() emits both.
  const okNow = s.profile.openResultBeforeOk ? [] : [out(frameLine('OK'))];
  return { state: next, emissions: [...okNow, net({ type: 'open', client: idx, host, port, ...(tls ? { tls } : {}), ...(dns ? { dns } : {}) })] };
}

const OPENED_PHASES: ClientPhase[] = ['opened', 'connecting', 'connected', 'disconnecting'];

function qmtopenRead(s: ModemState): Step {
  const lines = s.clients.flatMap((c, i) => (OPENED_PHASES.includes(c.phase) ? [`+QMTOPEN: ${i},"${c.host ?? ''}",${c.port ?? 0}`] : []));
  return ok(s, lines);
}

function qmtclose(s: ModemState, a: Arg[]): Step {
  const idx = intArg(a[0], 0, 5);
  const client = idx === undefined ? undefined : s.clients[idx];
  if (idx === undefined || !client || a.length !== 1) return qmtError(s);
  if (client.phase === 'closed') {
    return s.profile.closeWhenNotOpen === 'error' ? qmtError(s) : chain(ok(s), (st) => urc(st, `+QMTCLOSE: ${idx},-1`, timing.close));
  }
  const next = withClient(s, idx, { phase: 'closed' });
  return chain({ state: next, emissions: [out(frameLine('OK')), net({ type: 'close', client: idx })] }, (st) =>
    urc(st, `+QMTCLOSE: ${idx},0`, timing.close),
  );
}

// ---------------------------------------------------------------- connect / disconnect (protocol.md §2.4, §2.5)

const CONN_STATE: Partial<Record<ClientPhase, number>> = { opened: 1, connecting: 2, connected: 3, disconnecting: 4 };

function qmtconn(s: ModemState, a: Arg[]): Step {
  const idx = intArg(a[0], 0, 5);
  const client = idx === undefined ? undefined : s.clients[idx];
  // The client ID is normally quoted; an unquoted one is taken as it stands (aliyun.md §7: `AT+QMTCONN=0,0`).
  const id = a[1] && (a[1].quoted || /^[\w.-]+$/.test(a[1].text)) ? a[1].text : undefined;
  const user = a.length > 2 ? strArg(a[2]) : undefined;
  const pass = a.length > 3 ? strArg(a[3]) : undefined;
  if (idx === undefined || !client || id === undefined || a.length > 4 || (a.length > 2 && user === undefined) || (a.length > 3 && pass === undefined))
    return qmtError(s);
  if (client.phase !== 'opened') return qmtError(s);
  if (s.profile.maxClientIdLength !== undefined && utf8(id).length > s.profile.maxClientIdLength) return qmtError(s);
  const c = client.config;
  const creds = c.aliauth && user === undefined ? aliauthCredentials(c.aliauth, id, c.ssl.enabled) : { clientId: id, username: user, password: pass };
  const will = c.will.enabled ? { topic: c.will.topic, payload: utf8(c.will.message), qos: c.will.qos, retain: c.will.retain } : undefined;
  const op: NetOp = {
    type: 'connect',
    client: idx,
    options: {
      ...creds,
      version: c.version,
      clean: c.cleanSession,
      keepalive: c.keepalive,
      will,
      pktTimeoutS: c.timeout.pktTimeout,
      retries: c.timeout.retries,
      notice: c.timeout.notice,
    },
  };
  return { state: withClient(s, idx, { phase: 'connecting' }), emissions: [out(frameLine('OK')), net(op)] };
}

function qmtconnRead(s: ModemState): Step {
  return ok(s, s.clients.flatMap((c, i) => (CONN_STATE[c.phase] ? [`+QMTCONN: ${i},${CONN_STATE[c.phase]}`] : [])));
}

function qmtdisc(s: ModemState, a: Arg[]): Step {
  const idx = intArg(a[0], 0, 5);
  const client = idx === undefined ? undefined : s.clients[idx];
  if (idx === undefined || !client || a.length !== 1) return qmtError(s);
  if (client.phase !== 'connected') {
    return s.profile.discWhenNotConnected === 'error' ? qmtError(s) : chain(ok(s), (st) => urc(st, `+QMTDISC: ${idx},-1`, timing.close));
  }
  return { state: withClient(s, idx, { phase: 'disconnecting' }), emissions: [out(frameLine('OK')), net({ type: 'disconnect', client: idx })] };
}

// ---------------------------------------------------------------- subscribe (protocol.md §2.6, §2.7)

function connectedClient(s: ModemState, a: Arg[]): number | undefined {
  const idx = intArg(a[0], 0, 5);
  return idx !== undefined && s.clients[idx]?.phase === 'connected' ? idx : undefined;
}

function qmtsub(s: ModemState, a: Arg[]): Step {
  const msgId = intArg(a[1], 1, 65535);
  const pairs = a.slice(2);
  const topics: { topic: string; qos: 0 | 1 | 2 }[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const topic = strArg(pairs[i]);
    const qos = intArg(pairs[i + 1], 0, 2);
    if (!topic || qos === undefined) return qmtError(s);
    topics.push({ topic, qos: qos as 0 | 1 | 2 });
  }
  if (intArg(a[0], 0, 5) === undefined || msgId === undefined || topics.length === 0 || topics.length > s.profile.maxSubTopics) return qmtError(s);
  const idx = connectedClient(s, a);
  if (idx === undefined) return qmtError(s);
  return { state: s, emissions: [out(frameLine('OK')), net({ type: 'subscribe', client: idx, msgId, topics })] };
}

function qmtuns(s: ModemState, a: Arg[]): Step {
  const msgId = intArg(a[1], 1, 65535);
  const topics = a.slice(2).map(strArg);
  if (intArg(a[0], 0, 5) === undefined || msgId === undefined || topics.length === 0 || topics.some((t) => !t)) return qmtError(s);
  const idx = connectedClient(s, a);
  if (idx === undefined) return qmtError(s);
  return { state: s, emissions: [out(frameLine('OK')), net({ type: 'unsubscribe', client: idx, msgId, topics: topics as string[] })] };
}

// ---------------------------------------------------------------- publish (protocol.md §2.8, §2.9)

type PublishForm = 'ctrl-z' | 'fixed' | 'inline';

function publish(s: ModemState, a: Arg[], command: 'QMTPUB' | 'QMTPUBEX'): Step {
  const idx = intArg(a[0], 0, 5);
  const msgId = intArg(a[1], 0, 65535);
  const qos = intArg(a[2], 0, 2);
  const retain = intArg(a[3], 0, 1);
  const topic = strArg(a[4]);
  if (idx === undefined || msgId === undefined || qos === undefined || retain === undefined || !topic || a.length > 6) return qmtError(s);
  // msgID 0 is reserved for QoS 0 (protocol.md §2 common parameters, §2.8 Errors).
  if (qos > 0 && msgId === 0) return qmtError(s);
  const p = s.profile;
  const last = a[5];
  const form: PublishForm | undefined = !last ? 'ctrl-z' : last.quoted ? 'inline' : 'fixed';
  const allowed: Record<PublishForm, boolean> =
    command === 'QMTPUB'
      ? { 'ctrl-z': p.pubPromptCtrlZ, fixed: p.pubFixedLength, inline: p.pubInline }
      : { 'ctrl-z': p.pubexCtrlZ, fixed: p.pubexFixedLength, inline: p.pubexInline };
  if (!allowed[form]) return qmtError(s);
  const length = form === 'fixed' ? intArg(last, 1, p.maxPayload) : 0;
  if (length === undefined) return qmtError(s);
  if (s.clients[idx]?.phase !== 'connected') return qmtError(s);
  const pending: PendingPublish = {
    client: idx,
    msgId,
    qos: qos as 0 | 1 | 2,
    retain: retain === 1,
    topic,
    resultPrefix: command === 'QMTPUBEX' ? p.pubexResultPrefix : '+QMTPUB',
  };
  if (form === 'inline') return finishPublish(s, pending, utf8(last?.text ?? ''));
  const input = { kind: 'payload' as const, end: form === 'fixed' ? ('fixed' as const) : ('ctrl-z' as const), length, got: [], gotLength: 0, publish: pending };
  return { state: { ...s, input }, emissions: [out(PROMPT)] };
}

/** Payload complete: OK, the PUBLISH goes out, then the URCs held during the prompt (protocol.md §1.5). */
export function finishPublish(s: ModemState, p: PendingPublish, payload: Uint8Array): Step {
  const back = { ...s, input: { kind: 'command' as const }, held: [] };
  return {
    state: back,
    emissions: [
      out(frameLine('OK')),
      net({ type: 'publish', client: p.client, msgId: p.msgId, qos: p.qos, retain: p.retain, topic: p.topic, payload, resultPrefix: p.resultPrefix }),
      ...s.held.map((b) => out(b)),
    ],
  };
}

/** ESC after the prompt abandons the publish (protocol.md §1.5 Uncertain: OK simulated, profile switch). */
export function abandonPublish(s: ModemState): Step {
  const back = { ...s, input: { kind: 'command' as const }, held: [] };
  const reply = s.profile.escReply === 'none' ? [] : [out(frameLine(s.profile.escReply))];
  return { state: back, emissions: [...reply, ...s.held.map((b) => out(b))] };
}

// ---------------------------------------------------------------- receive (protocol.md §2.10, §3.2)

function recvLine(idx: number, m: { msgId: number; topic: string; payload: Uint8Array }, withLength: boolean, quoted = true): Uint8Array {
  // The payload is copied raw between the quotes, not escaped (protocol.md §3.2, quirk 4).
  const qq = quoted ? '"' : '';
  const head = `+QMTRECV: ${idx},${m.msgId},${qq}${m.topic}${qq},${withLength ? `${m.payload.length},` : ''}${qq}`;
  return concatBytes([utf8(head), m.payload, utf8(qq)]);
}

/** Slot index as the host sees it (protocol.md §2.10 Uncertain: reverse numbering on some Cat-1 firmware). */
const slotId = (p: FirmwareProfile, i: number) => (p.recvSlotOrder === 'ascending' ? i : 4 - i);

function qmtrecvWrite(s: ModemState, a: Arg[]): Step {
  const idx = intArg(a[0], 0, 5);
  const slot = a.length > 1 ? intArg(a[1], 0, 4) : undefined;
  const client = idx === undefined ? undefined : s.clients[idx];
  if (idx === undefined || !client || a.length > 2 || (a.length > 1 && slot === undefined)) return qmtError(s);
  const ids = slot === undefined ? [0, 1, 2, 3, 4] : [slotId(s.profile, slot)];
  const lines: Uint8Array[] = [];
  const slots = [...client.slots];
  for (const id of ids) {
    const m = slots[id];
    if (!m) continue;
    lines.push(recvLine(idx, m, client.config.recv.withLength, s.profile.recvQuoted));
    slots[id] = null;
  }
  // Empty slot: just OK (protocol.md §2.10 Uncertain).
  const body = lines.length ? [utf8('\r\n'), ...lines.flatMap((l, i) => (i ? [utf8('\r\n'), l] : [l])), utf8('\r\n')] : [];
  return { state: withClient(s, idx, { slots }), emissions: [out(concatBytes([...body, utf8(frameLine('OK'))]))] };
}

function qmtrecvRead(s: ModemState): Step {
  const shown = (c: ClientState) => [0, 1, 2, 3, 4].map((n) => (c.slots[slotId(s.profile, n)] ? 1 : 0)).join(',');
  const lines = s.clients.flatMap((c, i) => (c.phase === 'closed' ? [] : [`+QMTRECV: ${i},${shown(c)}`]));
  return ok(s, lines);
}

// ---------------------------------------------------------------- network results → URCs (protocol.md §3)

function closeWithStat(s: ModemState, idx: number, code: number, delayMs = 0): Step {
  const closed = withClient(s, idx, { phase: 'closed' });
  const u = urc(closed, `+QMTSTAT: ${idx},${code}`, delayMs);
  return { state: u.state, emissions: [net({ type: 'close', client: idx }), ...u.emissions] };
}

/**
 * A packet whose resends all went unanswered (result 2): the module gives the link up with
 * +QMTSTAT: i,6 "sending kept failing" (protocol.md §3.1, §8 "link is going down"; profile switch).
 */
function sendFailed(s: ModemState, i: number): Step {
  const c = s.clients[i];
  if (!s.profile.statAfterSendFailure || !c || c.phase !== 'connected') return { state: s, emissions: [] };
  return closeWithStat(s, i, 6, timing.reply);
}

export function mqttNetwork(s: ModemState, e: MqttNetEvent): Step {
  const client = s.clients[e.client];
  if (!client) return { state: s, emissions: [] };
  const i = e.client;
  switch (e.type) {
    case 'opened': {
      if (client.phase !== 'opening') return { state: s, emissions: [] };
      const u = urc(withClient(s, i, { phase: e.result === 0 ? 'opened' : 'closed' }), `+QMTOPEN: ${i},${e.result}`);
      return s.profile.openResultBeforeOk ? { state: u.state, emissions: [...u.emissions, out(frameLine('OK'))] } : u;
    }
    case 'connack':
      if (client.phase !== 'connecting') return { state: s, emissions: [] };
      if (e.retCode === 0) return urc(withClient(s, i, { phase: 'connected' }), `+QMTCONN: ${i},0,0`);
      // Refused: the broker closes the socket; +QMTSTAT: i,1 about 100 ms later, or the index is
      // left opened (protocol.md §3.4 Uncertain, profile switch).
      if (s.profile.afterConnackRefusal === 'stay-opened') return urc(withClient(s, i, { phase: 'opened' }), `+QMTCONN: ${i},0,${e.retCode}`);
      return chain(urc(s, `+QMTCONN: ${i},0,${e.retCode}`), (st) => closeWithStat(st, i, 1, timing.refusedStat));
    case 'connect-retry':
      // Result 1 "retransmission"; whether a count follows is not documented (protocol.md §3.3 Uncertain): none.
      if (client.phase !== 'connecting') return { state: s, emissions: [] };
      return urc(s, `+QMTCONN: ${i},1`);
    case 'connect-failed':
      if (client.phase !== 'connecting') return { state: s, emissions: [] };
      return chain(urc(withClient(s, i, { phase: 'closed' }), `+QMTCONN: ${i},${e.result}`), (st) => ({
        state: st,
        emissions: [net({ type: 'close', client: i })],
      }));
    case 'suback': {
      if (client.phase !== 'connected') return { state: s, emissions: [] };
      const done = urc(s, `+QMTSUB: ${i},${e.msgId},${e.result}${e.values.length ? ',' + e.values.join(',') : ''}`);
      return e.result === 2 ? chain(done, (st) => sendFailed(st, i)) : done;
    }
    case 'unsuback': {
      if (client.phase !== 'connected') return { state: s, emissions: [] };
      const done = urc(s, `+QMTUNS: ${i},${e.msgId},${e.result}${e.value !== undefined ? ',' + e.value : ''}`);
      return e.result === 2 ? chain(done, (st) => sendFailed(st, i)) : done;
    }
    case 'puback': {
      if (client.phase !== 'connected' && client.phase !== 'disconnecting') return { state: s, emissions: [] };
      const done = urc(s, `${e.resultPrefix}: ${i},${e.msgId},${e.result}${e.value !== undefined ? ',' + e.value : ''}`);
      return e.result === 2 ? chain(done, (st) => sendFailed(st, i)) : done;
    }
    case 'disconnected': {
      if (client.phase !== 'disconnecting') return { state: s, emissions: [] };
      const done = urc(withClient(s, i, { phase: 'closed' }), `+QMTDISC: ${i},0`);
      return s.profile.discFollowUpStat5 ? chain(done, (st) => urc(st, `+QMTSTAT: ${i},5`, timing.reply)) : done;
    }
    case 'link-lost':
      if (client.phase === 'closed') return { state: s, emissions: [] };
      if (client.phase === 'disconnecting') return mqttNetwork(s, { type: 'disconnected', client: i });
      return closeWithStat(s, i, e.code);
    case 'ping-failed': {
      if (client.phase === 'closed') return { state: s, emissions: [] };
      // +QMTPING then +QMTSTAT: i,2 on later firmware (protocol.md §3.3); +QMTSTAT: i,2 alone on 2018 firmware.
      const pinged = s.profile.qmtping ? urc(s, `+QMTPING: ${i},1`) : { state: s, emissions: [] };
      return chain(pinged, (st) => closeWithStat(st, i, 2, s.profile.qmtping ? timing.reply : 0));
    }
    case 'message': {
      if (client.phase !== 'connected' && client.phase !== 'disconnecting') return { state: s, emissions: [] };
      const m = { msgId: e.msgId, topic: e.topic, payload: e.payload };
      if (!client.config.recv.buffered)
        return urc(s, concatBytes([utf8('\r\n'), recvLine(i, m, client.config.recv.withLength, s.profile.recvQuoted), utf8('\r\n')]));
      const arrived = 1 + Math.max(0, ...client.slots.map((x) => x?.arrived ?? 0));
      let free = client.slots.findIndex((x) => x === null);
      if (free < 0) {
        // All 5 slots full: drop the new message, or overwrite the oldest, per profile (protocol.md §2.10 Uncertain).
        if (s.profile.recvFullPolicy === 'drop-new') return { state: s, emissions: [] };
        const oldest = Math.min(...client.slots.map((x) => x?.arrived ?? Infinity));
        free = client.slots.findIndex((x) => x?.arrived === oldest);
      }
      const slots = client.slots.map((x, j) => (j === free ? { ...m, arrived } : x));
      return urc(withClient(s, i, { slots }), `+QMTRECV: ${i},${slotId(s.profile, free)}`);
    }
  }
}

export const mqttCommands: CommandTable = {
  QMTCFG: {
    test: (s) => ok(s, [...CFG_TEST_LINES, ...s.profile.extraCfgOptions.map((o) => `+QMTCFG: "${o}",(0-5)`)]),
    write: qmtcfg,
  },
  QMTOPEN: { test: (s) => ok(s, ['+QMTOPEN: (0-5),"<host_name>",(1-65535)']), read: qmtopenRead, write: qmtopen },
  QMTCLOSE: { test: (s) => ok(s, ['+QMTCLOSE: (0-5)']), write: qmtclose },
  QMTCONN: { test: (s) => ok(s, ['+QMTCONN: (0-5),"<clientID>","<username>","<password>"']), read: qmtconnRead, write: qmtconn },
  QMTDISC: { test: (s) => ok(s, ['+QMTDISC: (0-5)']), write: qmtdisc },
  QMTSUB: { test: (s) => ok(s, ['+QMTSUB: (0-5),(1-65535),"<topic>",(0-2)']), write: qmtsub },
  QMTUNS: { test: (s) => ok(s, ['+QMTUNS: (0-5),(1-65535),"<topic>"']), write: qmtuns },
  QMTPUB: {
    test: (s) => ok(s, [`+QMTPUB: (0-5),(0-65535),(0-2),(0,1),"<topic>"${s.profile.pubFixedLength ? `,(1-${s.profile.maxPayload})` : ''}`]),
    write: (s, a) => publish(s, a, 'QMTPUB'),
  },
  QMTPUBEX: {
    test: (s) => ok(s, ['+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),"topic","length"']),
    write: (s, a) => publish(s, a, 'QMTPUBEX'),
  },
  QMTRECV: { test: (s) => ok(s, ['+QMTRECV: (0-5),(0-4)']), read: qmtrecvRead, write: qmtrecvWrite },
};
