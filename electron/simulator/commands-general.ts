// Bring-up commands of the virtual modem (protocol.md §4.1-4.5): identification, SIM, signal,
// registration, PDP, SSL contexts, files, URC port, CFUN. Pure handlers.
import { type CommandTable } from './command-table';
import { defaultSslContext, type ModemState, type PdpContext, type SslContext } from './state';
import { chain, error, ok, out, reply, urc, type Step } from './step';
import { timing } from './profiles';
import { cmeFinal, concatBytes, frameLine, intArg, strArg, type Arg } from './wire';

/** Simulated identity and radio (protocol.md §5.1 example values). */
export const identity = {
  imei: '867698041234567',
  operator: 'Example Mobile',
  csq: '21,99',
  ipBase: '10.64.3.',
} as const;

const cme = (s: ModemState, code: number): Step => reply(s, [], cmeFinal(s.cmee, code));

/** SIM commands wait for PB DONE (+CME ERROR: 14) and fail without a SIM (10) — protocol.md §4.6, §4.2. */
function simGate(s: ModemState): Step | undefined {
  if (s.sim === 'absent') return cme(s, 10);
  if (s.boot !== 'ready') return cme(s, 14);
  return undefined;
}

const registered = (s: ModemState): boolean => !s.faults.noNetwork && s.sim === 'ready' && s.cfun === 1;

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

function qsslcfg(s: ModemState, a: Arg[]): Step {
  const opt = strArg(a[0])?.toLowerCase();
  const ctx = intArg(a[1], 0, 5);
  const spec = opt ? SSL_OPTIONS[opt] : undefined;
  if (!opt || !spec || ctx === undefined || (opt === 'sni' && !s.profile.sni)) return error(s);
  const cur = s.ssl[ctx] ?? defaultSslContext(s.profile.ignoreLocalTimeDefault);
  const key = opt as keyof SslContext;
  if (a.length === 2) {
    // A "set" missing its value is a query (protocol.md §7 quirk 10).
    const v = cur[key];
    const shown = spec.kind === 'file' ? `"${v ?? ''}"` : String(v);
    return ok(s, [`+QSSLCFG: "${opt}",${ctx},${shown}`]);
  }
  if (a.length !== 3) return error(s);
  let value: string | number | undefined;
  if (spec.kind === 'int') value = intArg(a[2], spec.min, spec.max);
  else if (spec.kind === 'file') value = strArg(a[2]);
  // Cipher suites are unquoted hex; the quoted form is rejected (protocol.md §4.4, quirk 9).
  else value = a[2] && !a[2].quoted && /^0X[0-9A-F]{4}$/i.test(a[2].text) ? a[2].text.toUpperCase() : undefined;
  if (value === undefined) return error(s);
  return ok({ ...s, ssl: { ...s.ssl, [ctx]: { ...cur, [key]: value } } });
}

/** UFS names: "ca.pem" and "UFS:ca.pem" are the same file; "RAM:" files are separate (protocol.md §4.5). */
export const ufsName = (n: string): string => (n.toUpperCase().startsWith('UFS:') ? n.slice(4) : n);

function qfupl(s: ModemState, a: Arg[]): Step {
  const raw = strArg(a[0]);
  const size = a[1] ? intArg(a[1], 1, 10_485_760) : 10240;
  if (raw === undefined || raw === '' || size === undefined || a.length > 4) return error(s);
  const timeoutS = a[2] ? intArg(a[2], 1, 65535) : 5;
  if (timeoutS === undefined) return error(s);
  const name = ufsName(raw);
  if (s.files[name]) return cme(s, 407);
  return { state: { ...s, input: { kind: 'upload', file: name, size, timeoutS, got: [], gotLength: 0 } }, emissions: [out(frameLine('CONNECT'))] };
}

/** End of a QFUPL upload: all bytes arrived or the line went quiet. */
export function finishUpload(s: ModemState, checksum: (d: Uint8Array) => string): Step {
  if (s.input.kind !== 'upload') return { state: s, emissions: [] };
  const data = concatBytes(s.input.got);
  const next = { ...s, input: { kind: 'command' as const }, files: { ...s.files, [s.input.file]: data } };
  return ok(next, [`+QFUPL: ${data.length},${checksum(data)}`]);
}

function globToRegExp(p: string): RegExp {
  return new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
}

function qflst(s: ModemState, a: Arg[]): Step {
  const pattern = a.length ? strArg(a[0]) : '*';
  if (pattern === undefined) return error(s);
  const re = globToRegExp(ufsName(pattern));
  const lines = Object.entries(s.files)
    .filter(([n]) => re.test(n))
    .map(([n, d]) => `+QFLST: "${n}",${d.length}`);
  return ok(s, lines);
}

function qfdel(s: ModemState, a: Arg[]): Step {
  const raw = strArg(a[0]);
  if (raw === undefined || a.length !== 1) return error(s);
  if (raw === '*') return ok({ ...s, files: {} });
  const name = ufsName(raw);
  if (!s.files[name]) return cme(s, 405);
  const files = { ...s.files };
  delete files[name];
  return ok({ ...s, files });
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
  // Every MQTT client on the context goes down with it (protocol.md §4.3; §3.1 code 7 "link not alive").
  return chain(ok(deact), (st) => closeClientsOn(st, cid, 7));
}

function qurccfg(s: ModemState, a: Arg[]): Step {
  if (strArg(a[0])?.toLowerCase() !== 'urcport') return error(s);
  if (a.length === 1) return ok(s, [`+QURCCFG: "urcport","${s.urcport}"`]);
  const port = strArg(a[1]);
  if (!port || !['usbat', 'usbmodem', 'uart1'].includes(port.toLowerCase()) || a.length !== 2) return error(s);
  return ok({ ...s, urcport: port.toLowerCase() });
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
    if (c.phase !== 'closed') step = chain(step, (st) => closeClientsOn(st, st.clients[i]?.config.pdpcid ?? 1, 7));
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
  CIMI: { exec: (s) => simGate(s) ?? ok(s, ['001010123456789']) },
  QCCID: { exec: (s) => simGate(s) ?? ok(s, ['+QCCID: 89860012345678901234']) },
  CSQ: {
    test: (s) => ok(s, ['+CSQ: (0-31,99),(0-7,99)']),
    exec: (s) => ok(s, [`+CSQ: ${registered(s) ? identity.csq : '99,99'}`]),
  },
  CREG: { read: regRead('CREG'), write: regWrite('CREG') },
  CGREG: { read: regRead('CGREG'), write: regWrite('CGREG') },
  CEREG: { read: regRead('CEREG'), write: regWrite('CEREG') },
  CGATT: { read: (s) => ok(s, [`+CGATT: ${registered(s) ? 1 : 0}`]) },
  COPS: { read: (s) => ok(s, [registered(s) ? `+COPS: 0,0,"${identity.operator}",7` : '+COPS: 0']) },
  CFUN: {
    test: (s) => ok(s, ['+CFUN: (0,1,4),(0-1)']),
    read: (s) => ok(s, [`+CFUN: ${s.cfun}`]),
    write: cfunWrite,
  },
  QICSGP: { write: qicsgp },
  QIACT: { test: (s) => ok(s, [`+QIACT: (1-${s.profile.maxCid})`]), read: qiactRead, write: qiact },
  QIDEACT: { write: qideact },
  QSSLCFG: { write: qsslcfg },
  QFUPL: { write: qfupl },
  QFLST: { exec: (s) => qflst(s, []), write: qflst },
  QFDEL: { write: qfdel },
  QFLDS: { exec: (s) => ok(s, [`+QFLDS: ${Math.max(0, 1_048_576 - Object.values(s.files).reduce((n, f) => n + f.length, 0))},1048576`]) },
  QURCCFG: { write: qurccfg },
};
