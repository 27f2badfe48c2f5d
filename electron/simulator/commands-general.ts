// Bring-up commands of the virtual modem (protocol.md §4.1-4.5): identification, SIM, signal,
// registration, PDP, SSL contexts, files, URC port, CFUN. Pure handlers.
import { type CommandTable } from './command-table';
import net from 'node:net';
import { defaultSslContext, isRamFile, URC_PORTS, type ModemState, type PdpContext, type SslContext, type UrcPort } from './state';
import { chain, error, ok, out, reply, urc, type NetEvent, type Step } from './step';
import { timing } from './profiles';
import { cmeFinal, concatBytes, formatCclk, frameLine, intArg, parseCclk, strArg, type Arg } from './wire';

/** Simulated identity and radio (protocol.md §5.1 example values). */
export const identity = {
  imei: '867698041234567',
  operator: 'Example Mobile',
  csq: '21,99',
  /** The LTE cell it camps on (protocol.md §4.2.1 fields): RSSI −71 dBm as +CSQ 21, RSRP −95, RSRQ −10, SINR 12 dB (160 in fifths). */
  lte: { rssi: -71, rsrp: -95, sinr: 160, rsrq: -10, cell: '"FDD",460,00,1A2D001,257,1300,3,5,5,1A2B', srxlev: 38 },
  ipBase: '10.64.3.',
  imsi: '001010123456789',
  iccid: '89860012345678901234',
} as const;

const cme = (s: ModemState, code: number): Step => reply(s, [], cmeFinal(s.cmee, code));

/** SIM commands wait for PB DONE (+CME ERROR: 14) and fail without a SIM (10) — protocol.md §4.6, §4.2. */
function simGate(s: ModemState): Step | undefined {
  if (s.sim === 'absent') return cme(s, 10);
  if (s.boot !== 'ready') return cme(s, 14);
  return undefined;
}

const registered = (s: ModemState): boolean => !s.faults.noNetwork && s.sim === 'ready' && s.cfun === 1;

/** Camped on a cell (maybe with limited service): coverage there and the radio on. */
const camped = (s: ModemState): boolean => !s.faults.noNetwork && s.cfun === 1;

/** <stat> of protocol.md §4.2: 1 registered (home), 2 searching, 0 not searching (no SIM). */
const regStat = (s: ModemState): number => (registered(s) ? 1 : s.sim === 'absent' ? 0 : 2);

function regRead(name: 'CREG' | 'CGREG' | 'CEREG') {
  return (s: ModemState): Step => ok(s, [`+${name}: ${s.regN[name]},${regStat(s)}`]);
}

/** +CxREG: <stat> URCs for every registration view whose <n> asks for them (protocol.md §4.2), when <stat> changed. */
export function registrationUrcs(before: ModemState, after: ModemState): Step {
  let step: Step = { state: after, emissions: [] };
  if (regStat(before) === regStat(after)) return step;
  for (const name of ['CREG', 'CGREG', 'CEREG'] as const) {
    if (after.regN[name] >= 1) step = chain(step, (st) => urc(st, `+${name}: ${regStat(st)}`));
  }
  return step;
}

function regWrite(name: 'CREG' | 'CGREG' | 'CEREG') {
  return (s: ModemState, a: Arg[]): Step => {
    const n = intArg(a[0], 0, 2);
    if (n === undefined || a.length !== 1) return error(s);
    return ok({ ...s, regN: { ...s.regN, [name]: n } });
  };
}

function closeClientsOn(s: ModemState, cid: number, code: number): Step {
  let step: Step = { state: s, emissions: [] };
  s.clients.forEach((c, i) => {
    if (c.phase === 'closed' || c.config.pdpcid !== cid) return;
    step = chain(step, (st) => {
      const clients = st.clients.map((cl, j) => (j === i ? { ...cl, phase: 'closed' as const } : cl));
      const closed = { ...st, clients };
      const u = urc(closed, `+QMTSTAT: ${i},${code}`);
      return { state: u.state, emissions: [{ kind: 'net', op: { type: 'close', client: i }, delayMs: 0 }, ...u.emissions] };
    });
  });
  return step;
}

function pdpOf(s: ModemState, cid: number): PdpContext {
  return s.pdp[cid] ?? { type: 1, apn: '', user: '', password: '', auth: 0, active: false };
}

/** Activates a context (used by QIACT and implicitly by QMTOPEN, protocol.md §2.1.2). Undefined = failure. */
export function activatePdp(s: ModemState, cid: number): ModemState | undefined {
  if (!registered(s) || s.faults.pdpFails) return undefined;
  const p = pdpOf(s, cid);
  return { ...s, pdp: { ...s.pdp, [cid]: { ...p, active: true, ip: `${identity.ipBase}${16 + cid}` } } };
}

const SSL_OPTIONS: Record<string, { kind: 'int'; min: number; max: number } | { kind: 'file' } | { kind: 'hex' }> = {
  sslversion: { kind: 'int', min: 0, max: 4 },
  ciphersuite: { kind: 'hex' },
  seclevel: { kind: 'int', min: 0, max: 2 },
  cacert: { kind: 'file' },
  clientcert: { kind: 'file' },
  clientkey: { kind: 'file' },
  ignorelocaltime: { kind: 'int', min: 0, max: 1 },
  negotiatetime: { kind: 'int', min: 10, max: 300 },
  sni: { kind: 'int', min: 0, max: 1 },
};

/**
 * The cipher suites an EC2x accepts in QSSLCFG "ciphersuite" (protocol.md §4.4 names the common ones;
 * the rest is the module's list as its test form prints it). Anything else answers ERROR (protocol.md §8).
 */
export const CIPHER_SUITES = [
  '0X0035', '0X002F', '0X0005', '0X0004', '0X000A', '0X003D', '0XC002', '0XC003', '0XC004', '0XC005', '0XC007',
  '0XC008', '0XC009', '0XC00A', '0XC011', '0XC012', '0XC013', '0XC014', '0XC00C', '0XC00D', '0XC00E', '0XC00F',
  '0XC023', '0XC024', '0XC025', '0XC026', '0XC027', '0XC028', '0XC029', '0XC02A', '0XC02F', '0XFFFF',
] as const;

/** AT+QSSLCFG=? — the structure of the module's answer; placeholder words vary between builds (protocol.md §2). */
function qsslcfgTest(s: ModemState): Step {
  return ok(s, [
    '+QSSLCFG: "sslversion",(0-5),(0-4)',
    `+QSSLCFG: "ciphersuite",(0-5),(${CIPHER_SUITES.join(',')})`,
    '+QSSLCFG: "cacert",(0-5),<cacertpath>',
    '+QSSLCFG: "clientcert",(0-5),<client_cert_path>',
    '+QSSLCFG: "clientkey",(0-5),<client_key_path>',
    '+QSSLCFG: "seclevel",(0-5),(0-2)',
    '+QSSLCFG: "ignorelocaltime",(0-5),(0,1)',
    '+QSSLCFG: "negotiatetime",(0-5),(10-300)',
    ...(s.profile.sni ? ['+QSSLCFG: "sni",(0-5),(0,1)'] : []),
  ]);
}

function qsslcfg(s: ModemState, a: Arg[]): Step {
  const opt = strArg(a[0])?.toLowerCase();
  const ctx = intArg(a[1], 0, 5);
  const spec = opt ? SSL_OPTIONS[opt] : undefined;
  if (!opt || !spec || ctx === undefined || (opt === 'sni' && !s.profile.sni)) return error(s);
  const cur = s.ssl[ctx] ?? defaultSslContext(s.profile.ignoreLocalTimeDefault);
  const key = opt as keyof SslContext;
  if (a.length === 2) {
    // A "set" missing its value is a query: `+QSSLCFG: "<opt>",<ctx>,<value>`, file names quoted,
    // the cipher suite unquoted hex (protocol.md §4.4, §7 quirks 9, 10).
    const v = cur[key];
    const shown = spec.kind === 'file' ? `"${v ?? ''}"` : String(v);
    return ok(s, [`+QSSLCFG: "${opt}",${ctx},${shown}`]);
  }
  if (a.length !== 3) return error(s);
  let value: string | number | undefined;
  if (spec.kind === 'int') value = intArg(a[2], spec.min, spec.max);
  else if (spec.kind === 'file') value = strArg(a[2]);
  // Cipher suites are unquoted hex; the quoted form and suites the module lacks are rejected (protocol.md §4.4, quirk 9, §8).
  else {
    const hex = a[2] && !a[2].quoted ? a[2].text.toUpperCase() : undefined;
    value = hex && (CIPHER_SUITES as readonly string[]).includes(hex) ? hex : undefined;
  }
  if (value === undefined) return error(s);
  return ok({ ...s, ssl: { ...s.ssl, [ctx]: { ...cur, [key]: value } } });
}

/**
 * File names as stored: "ca.pem" and "UFS:ca.pem" are the same UFS file; "RAM:" files are separate,
 * kept with their prefix and lost on reset (protocol.md §4.5).
 */
export const ufsName = (n: string): string => (n.toUpperCase().startsWith('UFS:') ? n.slice(4) : isRamFile(n) ? `RAM:${n.slice(4)}` : n);

const usedBytes = (s: ModemState, ram: boolean): number =>
  Object.entries(s.files).reduce((n, [name, f]) => (isRamFile(name) === ram ? n + f.length : n), 0);

/** Free and total bytes of UFS or RAM; RAM is sized like UFS (not documented). */
function space(s: ModemState, ram = false): { free: number; total: number } {
  const total = s.profile.ufsTotal;
  return { free: Math.max(0, total - usedBytes(s, ram)), total };
}

function qfupl(s: ModemState, a: Arg[]): Step {
  const raw = strArg(a[0]);
  const size = a.length > 1 ? intArg(a[1], 1, 10_485_760) : 10240;
  const timeoutS = a.length > 2 ? intArg(a[2], 1, 65535) : 5;
  const ack = a.length > 3 ? intArg(a[3], 0, 1) : 0;
  if (raw === undefined || size === undefined || timeoutS === undefined || ack === undefined || a.length > 4) return error(s);
  const name = ufsName(raw);
  const bare = isRamFile(name) ? name.slice(4) : name;
  // 406 invalid file name: empty, wildcards, a path, or longer than the module keeps (not documented: 80).
  if (bare === '' || /[*?/\\:]/.test(bare) || bare.length > 80) return cme(s, 406);
  if (s.files[name]) return cme(s, 407);
  const room = space(s, isRamFile(name));
  if (size > room.total) return cme(s, 423);
  if (size > room.free) return cme(s, 420);
  return {
    state: { ...s, input: { kind: 'upload', file: name, size, timeoutS, ack: ack === 1, got: [], gotLength: 0 } },
    emissions: [out(frameLine('CONNECT'))],
  };
}

/** End of a QFUPL upload: all bytes arrived or the line went quiet: `+QFUPL: <size>,<checksum>` (protocol.md §4.5). */
export function finishUpload(s: ModemState, checksum: (d: Uint8Array) => string): Step {
  if (s.input.kind !== 'upload') return { state: s, emissions: [] };
  const data = concatBytes(s.input.got);
  const next = { ...s, input: { kind: 'command' as const }, files: { ...s.files, [s.input.file]: data } };
  return ok(next, [`+QFUPL: ${data.length},${checksum(data)}`]);
}

function globToRegExp(p: string): RegExp {
  return new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
}

/** AT+QFLST lists UFS files; "RAM:*" lists the RAM files, with their prefix (protocol.md §4.5). */
function qflst(s: ModemState, a: Arg[]): Step {
  const pattern = a.length ? strArg(a[0]) : '*';
  if (pattern === undefined || a.length > 1) return error(s);
  const wanted = ufsName(pattern);
  const ram = isRamFile(wanted);
  const re = globToRegExp(ram ? wanted.slice(4) : wanted);
  const lines = Object.entries(s.files)
    .filter(([n]) => isRamFile(n) === ram && re.test(ram ? n.slice(4) : n))
    .map(([n, d]) => `+QFLST: "${n}",${d.length}`);
  return ok(s, lines);
}

/** AT+QFDEL="<name>" or "*" (every UFS file); "RAM:*" every RAM file; 405 when absent (protocol.md §4.5). */
function qfdel(s: ModemState, a: Arg[]): Step {
  const raw = strArg(a[0]);
  if (raw === undefined || a.length !== 1) return error(s);
  const name = ufsName(raw);
  if (name === '*' || name === 'RAM:*') {
    const ram = name === 'RAM:*';
    return ok({ ...s, files: Object.fromEntries(Object.entries(s.files).filter(([n]) => isRamFile(n) !== ram)) });
  }
  if (!s.files[name]) return cme(s, 405);
  const files = { ...s.files };
  delete files[name];
  return ok({ ...s, files });
}

/** AT+QFLDS / AT+QFLDS="UFS" / AT+QFLDS="RAM" → `+QFLDS: <free>,<total>` (protocol.md §4.5). */
function qflds(s: ModemState, a: Arg[] = []): Step {
  const medium = a.length ? strArg(a[0])?.toUpperCase() : 'UFS';
  if ((medium !== 'UFS' && medium !== 'RAM') || a.length > 1) return error(s);
  const { free, total } = space(s, medium === 'RAM');
  return ok(s, [`+QFLDS: ${free},${total}`]);
}

function qicsgp(s: ModemState, a: Arg[]): Step {
  const cid = intArg(a[0], 1, s.profile.maxCid);
  if (cid === undefined) return error(s);
  const p = pdpOf(s, cid);
  if (a.length === 1) return ok(s, [`+QICSGP: ${p.type},"${p.apn}","${p.user}","${p.password}",${p.auth}`]);
  const type = intArg(a[1], 1, 3);
  const apn = a.length > 2 ? strArg(a[2]) : p.apn;
  const user = a.length > 3 ? strArg(a[3]) : '';
  const password = a.length > 4 ? strArg(a[4]) : '';
  const auth = a.length > 5 ? intArg(a[5], 0, 3) : 0;
  if (type === undefined || apn === undefined || user === undefined || password === undefined || auth === undefined || a.length > 6)
    return error(s);
  return ok({ ...s, pdp: { ...s.pdp, [cid]: { ...p, type, apn, user, password, auth } } });
}

function qiact(s: ModemState, a: Arg[]): Step {
  const cid = intArg(a[0], 1, s.profile.maxCid);
  if (cid === undefined || a.length !== 1) return error(s);
  // Re-activating an active context: OK or ERROR per profile (protocol.md §4.3 Uncertain).
  if (pdpOf(s, cid).active) return s.profile.qiactWhenActive === 'ok' ? ok(s) : error(s);
  const next = activatePdp(s, cid);
  return next ? reply(next, [], 'OK', timing.pdpActivate) : reply(s, [], 'ERROR', timing.pdpActivate);
}

function qiactRead(s: ModemState): Step {
  const lines = Object.entries(s.pdp)
    .filter(([, p]) => p.active)
    .map(([cid, p]) => `+QIACT: ${cid},1,${p.type},"${p.ip ?? ''}"`);
  return ok(s, lines);
}

function qideact(s: ModemState, a: Arg[]): Step {
  const cid = intArg(a[0], 1, s.profile.maxCid);
  if (cid === undefined || a.length !== 1) return error(s);
  const p = pdpOf(s, cid);
  const deact = { ...s, pdp: { ...s.pdp, [cid]: { ...p, active: false, ip: undefined } } };
  // Every MQTT client on the context goes down with it (protocol.md §4.3; §3.1 code 7 "link not alive",
  // 8 "client closed the MQTT connection" on Cat-1 firmware).
  return chain(ok(deact), (st) => closeClientsOn(st, cid, st.profile.localCloseStat));
}

/**
 * AT+QURCCFG="urcport"[,"<port>"]: where URCs go. The setting persists; URCs routed to a port the host
 * is not on never reach it (protocol.md §1.4, §4.1, quirk 19).
 */
function qurccfg(s: ModemState, a: Arg[]): Step {
  if (strArg(a[0])?.toLowerCase() !== 'urcport') return error(s);
  if (a.length === 1) return ok(s, [`+QURCCFG: "urcport","${s.urcport}"`]);
  const port = strArg(a[1])?.toLowerCase();
  if (!port || !(URC_PORTS as readonly string[]).includes(port) || a.length !== 2) return error(s);
  return ok({ ...s, urcport: port as UrcPort });
}

// ---------------------------------------------------------------- module clock (3GPP TS 27.007 +CCLK)

/** AT+CCLK? → `+CCLK: "yy/MM/dd,hh:mm:ss±zz"`, the module's local time and zone in quarter hours. */
function cclkRead(s: ModemState, now: number): Step {
  return ok(s, [`+CCLK: "${formatCclk(now + s.clock.offsetMs, s.clock.tz)}"`]);
}

function cclkWrite(s: ModemState, a: Arg[], now: number): Step {
  const t = a.length === 1 ? parseCclk(strArg(a[0]) ?? '') : undefined;
  if (!t) return error(s);
  return ok({ ...s, clock: { offsetMs: t.at - now, tz: t.tz } });
}

// ---------------------------------------------------------------- DNS servers and ping (protocol.md §4.3)

const isAddress = (x: string): boolean => net.isIP(x) !== 0;

/** The DNS servers a context uses: the host's (QIDNSCFG), else the network's once it is active. */
export function dnsOf(s: ModemState, cid: number): [string, string] {
  const p = pdpOf(s, cid);
  return p.dns ?? (p.active ? s.networkDns : ['0.0.0.0', '0.0.0.0']);
}

/**
 * AT+QIDNSCFG=<cid>[,"<pri>"[,"<sec>"]]: a context id alone is a query (quirk 10). The query answer
 * quotes the addresses like the write form (Uncertain: some manuals print them bare).
 */
function qidnscfg(s: ModemState, a: Arg[]): Step {
  const cid = intArg(a[0], 1, s.profile.maxCid);
  if (cid === undefined || a.length > 3) return error(s);
  if (a.length === 1) {
    const [pri, sec] = dnsOf(s, cid);
    return ok(s, [`+QIDNSCFG: ${cid},"${pri}","${sec}"`]);
  }
  const pri = strArg(a[1]);
  const sec = a.length > 2 ? strArg(a[2]) : '0.0.0.0';
  if (!pri || !sec || !isAddress(pri) || !isAddress(sec)) return error(s);
  const p = pdpOf(s, cid);
  return ok({ ...s, pdp: { ...s.pdp, [cid]: { ...p, dns: [pri, sec] } } });
}

/** The servers a resolver must ask, or undefined to use the network's (the laptop's own resolver). */
export function customDns(s: ModemState, cid: number): string[] | undefined {
  const d = pdpOf(s, cid).dns;
  return d ? d.filter((x) => x !== '0.0.0.0' && x !== '::') : undefined;
}

/**
 * AT+QPING=<cid>,"<host>"[,<timeout>[,<pingnum>]] → OK, then one `+QPING:` per echo and a summary
 * (protocol.md §4.3, quirk 20). One ping at a time (Uncertain: a second one answers ERROR). An inactive
 * context answers OK then `+QPING: 561` (Uncertain: 4.7's "open PDP context failed").
 */
function qping(s: ModemState, a: Arg[]): Step {
  const cid = intArg(a[0], 1, s.profile.maxCid);
  const host = strArg(a[1]);
  const timeoutS = a.length > 2 ? intArg(a[2], 1, 255) : 4;
  const count = a.length > 3 ? intArg(a[3], 1, 10) : 4;
  if (cid === undefined || !host || utf8Length(host) > 255 || timeoutS === undefined || count === undefined || a.length > 4 || s.pinging) return error(s);
  if (!registered(s) || !pdpOf(s, cid).active) return chain(ok(s), (st) => urc(st, '+QPING: 561', timing.reply));
  const dns = customDns(s, cid);
  return {
    state: { ...s, pinging: true },
    emissions: [out(frameLine('OK')), { kind: 'net', op: { type: 'qping', host, timeoutS, count, ...(dns ? { dns } : {}) }, delayMs: 0 }],
  };
}

const utf8Length = (x: string): number => new TextEncoder().encode(x).length;

/** A ping result from the network edge becomes its URC (protocol.md §4.3). */
export function pingNetwork(s: ModemState, e: Extract<NetEvent, { type: 'qping-reply' | 'qping-done' }>): Step {
  if (e.type === 'qping-reply') {
    return urc(s, e.result === 0 ? `+QPING: 0,"${e.ip ?? ''}",${e.bytes ?? 32},${e.timeMs ?? 0},${e.ttl ?? 64}` : `+QPING: ${e.result}`);
  }
  const done = { ...s, pinging: false };
  if (e.sent === undefined) return urc(done, `+QPING: ${e.result}`);
  return urc(done, `+QPING: ${e.result},${e.sent},${e.rcvd ?? 0},${e.lost ?? 0},${e.min ?? 0},${e.max ?? 0},${e.avg ?? 0}`);
}

function cfunWrite(s: ModemState, a: Arg[]): Step {
  const fun = intArg(a[0], 0, 4);
  const rst = a.length > 1 ? intArg(a[1], 0, 1) : 0;
  if (fun === undefined || fun === 2 || fun === 3 || rst === undefined || a.length > 2) return error(s);
  if (rst === 1) return { state: s, emissions: [out(frameLine('OK')), { kind: 'reboot', delayMs: timing.reply }] };
  const next = { ...s, cfun: fun as 0 | 1 | 4 };
  if (fun === 1) return ok(next);
  // Radio off: every client loses its link (protocol.md §6 "on AT+CFUN=0/4").
  let step = ok(next);
  next.clients.forEach((c, i) => {
    if (c.phase !== 'closed') step = chain(step, (st) => closeClientsOn(st, st.clients[i]?.config.pdpcid ?? 1, st.profile.localCloseStat));
  });
  return step;
}

export const generalCommands: CommandTable = {
  CMEE: {
    test: (s) => ok(s, ['+CMEE: (0-2)']),
    read: (s) => ok(s, [`+CMEE: ${s.cmee}`]),
    write: (s, a) => {
      const n = intArg(a[0], 0, 2);
      return n === undefined || a.length !== 1 ? error(s) : ok({ ...s, cmee: n as 0 | 1 | 2 });
    },
  },
  GMR: { exec: (s) => ok(s, [s.profile.revision]) },
  QGMR: { exec: (s) => ok(s, [s.profile.subRevision]) },
  CGMI: { exec: (s) => ok(s, [s.profile.manufacturer]) },
  CGMM: { exec: (s) => ok(s, [s.profile.model]) },
  CGSN: { exec: (s) => ok(s, [identity.imei]) },
  GSN: { exec: (s) => ok(s, [identity.imei]) },
  CPIN: {
    read: (s) => simGate(s) ?? ok(s, ['+CPIN: READY']),
  },
  // IMSI bare, ICCID with its prefix (3GPP TS 27.007 +CIMI; Quectel AT+QCCID).
  CIMI: { test: (s) => ok(s), exec: (s) => simGate(s) ?? ok(s, [identity.imsi]) },
  QCCID: { test: (s) => ok(s), exec: (s) => simGate(s) ?? ok(s, [`+QCCID: ${identity.iccid}`]) },
  CSQ: {
    test: (s) => ok(s, ['+CSQ: (0-31,99),(0-7,99)']),
    exec: (s) => ok(s, [`+CSQ: ${registered(s) ? identity.csq : '99,99'}`]),
  },
  // Radio detail (protocol.md §4.2.1): NOSERVICE / SEARCH while coverage is gone (the no-network
  // fault, CFUN 0), limited service without a SIM, LTE otherwise; CONNECT while a client's link is up.
  QCSQ: {
    test: (s) => ok(s, ['+QCSQ: "NOSERVICE","GSM","WCDMA","LTE"']),
    exec: (s) => {
      const l = identity.lte;
      return ok(s, [camped(s) ? `+QCSQ: "LTE",${l.rssi},${l.rsrp},${l.sinr},${l.rsrq}` : '+QCSQ: "NOSERVICE"']);
    },
  },
  QENG: {
    test: (s) => ok(s, ['+QENG: ("servingcell","neighbourcell")']),
    write: (s, a) => {
      if (strArg(a[0])?.toLowerCase() !== 'servingcell' || a.length !== 1) return error(s);
      if (!camped(s)) return ok(s, ['+QENG: "servingcell","SEARCH"']);
      const l = identity.lte;
      const state = !registered(s) ? 'LIMSRV' : s.clients.some((c) => c.phase !== 'closed') ? 'CONNECT' : 'NOCONN';
      return ok(s, [`+QENG: "servingcell","${state}","LTE",${l.cell},${l.rsrp},${l.rsrq},${l.rssi},${l.sinr},${l.srxlev}`]);
    },
  },
  CREG: { read: regRead('CREG'), write: regWrite('CREG') },
  CGREG: { read: regRead('CGREG'), write: regWrite('CGREG') },
  CEREG: { read: regRead('CEREG'), write: regWrite('CEREG') },
  CGATT: { test: (s) => ok(s, ['+CGATT: (0,1)']), read: (s) => ok(s, [`+CGATT: ${registered(s) ? 1 : 0}`]) },
  CCLK: { test: (s) => ok(s), read: cclkRead, write: cclkWrite },
  QIDNSCFG: { test: (s) => ok(s, [`+QIDNSCFG: (1-${s.profile.maxCid}),<pri_dns_addr>,<sec_dns_addr>`]), write: qidnscfg },
  QPING: { test: (s) => ok(s, [`+QPING: (1-${s.profile.maxCid}),<host>,(1-255),(1-10)`]), write: qping },
  COPS: { read: (s) => ok(s, [registered(s) ? `+COPS: 0,0,"${identity.operator}",7` : '+COPS: 0']) },
  CFUN: {
    test: (s) => ok(s, ['+CFUN: (0,1,4),(0-1)']),
    read: (s) => ok(s, [`+CFUN: ${s.cfun}`]),
    write: cfunWrite,
  },
  QICSGP: { write: qicsgp },
  QIACT: { test: (s) => ok(s, [`+QIACT: (1-${s.profile.maxCid})`]), read: qiactRead, write: qiact },
  QIDEACT: { write: qideact },
  QSSLCFG: { test: qsslcfgTest, write: qsslcfg },
  QFUPL: { test: (s) => ok(s, [`+QFUPL: <filename>,(1-${space(s).free}),(1-65535),(0,1)`]), write: qfupl },
  QFLST: { exec: (s) => qflst(s, []), write: qflst },
  QFDEL: { write: qfdel },
  QFLDS: { exec: (s) => qflds(s), write: qflds },
  QURCCFG: { test: (s) => ok(s, ['+QURCCFG: "urcport",("usbat","usbmodem","uart1")']), write: qurccfg },
};
