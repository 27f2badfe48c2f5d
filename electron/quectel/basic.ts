// Builders and parsers of the supporting commands a bring-up needs (protocol.md §4): identity, SIM,
// signal, registration, operator, PDP context, certificate upload. Pure, like commands.ts.
import { ok, type Outcome } from '../../shared/outcome';
import type { AtRequest } from '../at/types';
import { ACCESS_TECH, parseRegistration, type RegCommand, type Registration } from '../../shared/protocol/registration';
import { afterPrefix, intFields, linesWith, parseFail, splitFields, toInt, unquote } from './fields';

const q = (s: string): string => `"${s}"`;
const anyLines = { kind: 'multi', prefix: '' } as const;

// Supporting-command timeouts from protocol.md §1.6 ("AT+QIACT 150 s, AT+QIDEACT 40 s, AT+CPIN? 5 s, AT+COPS=? 180 s").
export const basic = {
  at: (): AtRequest => ({ text: 'AT', expect: { kind: 'none' } }),
  echoOff: (): AtRequest => ({ text: 'ATE0', expect: { kind: 'none' } }),
  cmee: (n: 0 | 1 | 2): AtRequest => ({ text: `AT+CMEE=${n}`, expect: { kind: 'none' } }),
  ati: (): AtRequest => ({ text: 'ATI', expect: anyLines }),
  gmr: (): AtRequest => ({ text: 'AT+GMR', expect: anyLines }),
  qgmr: (): AtRequest => ({ text: 'AT+QGMR', expect: anyLines }),
  cgsn: (): AtRequest => ({ text: 'AT+CGSN', expect: anyLines }),
  cpin: (): AtRequest => ({ text: 'AT+CPIN?', expect: { kind: 'single', prefix: '+CPIN:' }, timeoutMs: 5_000 }),
  csq: (): AtRequest => ({ text: 'AT+CSQ', expect: { kind: 'single', prefix: '+CSQ:' } }),
  // Radio detail, Quectel extensions (protocol.md §4.2.1; 300 ms maximum, the catalogue default).
  qcsq: (): AtRequest => ({ text: 'AT+QCSQ', expect: { kind: 'single', prefix: '+QCSQ:' } }),
  qengServingCell: (): AtRequest => ({ text: 'AT+QENG="servingcell"', expect: { kind: 'multi', prefix: '+QENG:' } }),
  reg: (which: RegCommand): AtRequest => ({ text: `AT+${which}?`, expect: { kind: 'single', prefix: `+${which}:` } }),
  cops: (): AtRequest => ({ text: 'AT+COPS?', expect: { kind: 'single', prefix: '+COPS:' } }),
  qicsgp: (a: { cid: number; apn: string; username?: string; password?: string; auth?: 0 | 1 | 2 | 3; type?: 1 | 2 | 3 }): AtRequest => {
    if (!Number.isInteger(a.cid) || a.cid < 1 || a.cid > 16) throw new TypeError('"cid" must be an integer 1–16');
    for (const [k, v] of [['apn', a.apn], ['username', a.username ?? ''], ['password', a.password ?? '']] as const) {
      if (/["\r\n]/.test(v)) throw new TypeError(`"${k}" must not contain '"', CR or LF`);
    }
    // The full form is always sent: 'AT+QICSGP=1' alone is a query and changes nothing (protocol.md quirk 10).
    return { text: `AT+QICSGP=${a.cid},${a.type ?? 1},${q(a.apn)},${q(a.username ?? '')},${q(a.password ?? '')},${a.auth ?? (a.username ? 3 : 0)}`, expect: { kind: 'none' } };
  },
  qicsgpQuery: (cid: number): AtRequest => ({ text: `AT+QICSGP=${cid}`, expect: { kind: 'single', prefix: '+QICSGP:' } }),
  qiact: (cid: number): AtRequest => ({ text: `AT+QIACT=${cid}`, expect: { kind: 'none' }, timeoutMs: 150_000 }),
  qiactRead: (): AtRequest => ({ text: 'AT+QIACT?', expect: { kind: 'multi', prefix: '+QIACT:' } }),
  qideact: (cid: number): AtRequest => ({ text: `AT+QIDEACT=${cid}`, expect: { kind: 'none' }, timeoutMs: 40_000 }),
  qurccfgUart: (): AtRequest => ({ text: 'AT+QURCCFG="urcport","uart1"', expect: { kind: 'none' } }),
};

// ---------------------------------------------------------------------------------------------
// Identity — protocol.md §4.1

export interface ModemIdentity {
  manufacturer?: string;
  model?: string;
  revision?: string;
}

/** Information lines without their echo, finals and blanks. */
const infoLines = (lines: readonly string[]): string[] =>
  lines.map((l) => l.trim()).filter((l) => l !== '' && l !== 'OK' && !/^AT/i.test(l) && !/ERROR/.test(l));

/** ATI — 'Quectel' / 'EC25' / 'Revision: EC25EFAR06A06M4G', then OK. */
export function parseAti(lines: readonly string[]): Outcome<ModemIdentity> {
  const info = infoLines(lines);
  if (info.length === 0) return parseFail('ATI', lines.join(' | '), 'no identity lines');
  const rev = info.find((l) => /^Revision:/i.test(l));
  const rest = info.filter((l) => l !== rev);
  return ok({
    ...(rest[0] ? { manufacturer: rest[0] } : {}),
    ...(rest[1] ? { model: rest[1] } : {}),
    ...(rev ? { revision: rev.replace(/^Revision:\s*/i, '') } : {}),
  });
}

/** AT+GMR / AT+QGMR — one line, the firmware revision ('EC25EFAR06A06M4G[_01.002.01.002]'). Some firmware prefixes '+GMR:'. */
export function parseRevision(lines: readonly string[]): Outcome<string> {
  const first = infoLines(lines)[0];
  if (!first) return parseFail('GMR', lines.join(' | '), 'no revision line');
  return ok(first.replace(/^\+Q?GMR:\s*/i, ''));
}

/** AT+CGSN — the IMEI, 15 digits; some firmware answers '+CGSN: "<imei>"'. */
export function parseImei(lines: readonly string[]): Outcome<string> {
  for (const l of infoLines(lines)) {
    const m = /^(?:\+CGSN:\s*)?"?(\d{14,16})"?$/i.exec(l);
    if (m?.[1]) return ok(m[1]);
  }
  return parseFail('CGSN', lines.join(' | '), 'no IMEI line');
}

// ---------------------------------------------------------------------------------------------
// SIM — protocol.md §4.2

/** AT+CPIN? — '+CPIN: READY' | 'SIM PIN' | 'SIM PUK' | … (also the power-up URC form). */
export function parseCpin(lines: readonly string[]): Outcome<{ state: string; ready: boolean }> {
  const rest = linesWith(lines, 'CPIN')[0];
  if (rest === undefined) return parseFail('CPIN', lines.join(' | '), 'expected +CPIN:');
  const state = rest.toUpperCase();
  return ok({ state, ready: state === 'READY' });
}

// ---------------------------------------------------------------------------------------------
// Signal — protocol.md §4.2 rssi table

export { qualityOf, rssiToDbm, type SignalQuality } from '../../shared/protocol/signal';
import { qualityOf, rssiToDbm, type SignalQuality } from '../../shared/protocol/signal';

export interface Signal {
  rssi: number;
  ber: number;
  /** Undefined for 99 (not known). At the ends of the scale the value is a bound ('−113 or less'). */
  dbm?: number;
  bound?: 'or-less' | 'or-more';
  quality: SignalQuality;
}

/** AT+CSQ — '+CSQ: <rssi>,<ber>'; 99 = not known or not detectable. */
export function parseCsq(lines: readonly string[]): Outcome<Signal> {
  const rest = linesWith(lines, 'CSQ')[0];
  const n = rest === undefined ? undefined : intFields(splitFields(rest), 2);
  if (!n || n.length !== 2) return parseFail('CSQ', rest ?? lines.join(' | '), 'expected +CSQ: <rssi>,<ber>');
  const [rssi = 99, ber = 99] = n;
  const { dbm, bound } = rssiToDbm(rssi);
  const quality: SignalQuality = rssi === 99 ? 'none' : qualityOf(dbm);
  return ok({ rssi, ber, ...(dbm !== undefined ? { dbm } : {}), ...(bound ? { bound } : {}), quality });
}

// ---------------------------------------------------------------------------------------------
// Registration — protocol.md §4.2

export { ACCESS_TECH, REG_STATES, REGISTERED_STATS, parseRegistration, type LineContext, type RegCommand, type RegState, type Registration } from '../../shared/protocol/registration';

/** The registration line of the answer to AT+<which>? (read form '<n>,<stat>[,…]'). */
export function parseRegistrationRead(lines: readonly string[], which: RegCommand): Outcome<Registration> {
  const line = lines.find((l) => afterPrefix(l, which) !== undefined);
  return line ? parseRegistration(line, { command: `AT+${which}?` }) : parseFail(which, lines.join(' | '), `expected +${which}:`);
}

/** AT+COPS? — '+COPS: <mode>[,<format>,"<oper>",<AcT>]'; '+COPS: 0' when not registered. */
export function parseCops(lines: readonly string[]): Outcome<{ mode: number; format?: number; operator?: string; act?: number; tech?: string }> {
  const rest = linesWith(lines, 'COPS')[0];
  if (rest === undefined) return parseFail('COPS', lines.join(' | '), 'expected +COPS:');
  const f = splitFields(rest);
  const mode = toInt(f[0]);
  if (mode === undefined) return parseFail('COPS', rest, 'expected <mode>');
  const format = toInt(f[1]);
  const act = toInt(f[3]);
  return ok({
    mode,
    ...(format !== undefined ? { format } : {}),
    ...(f[2] !== undefined ? { operator: unquote(f[2]) } : {}),
    ...(act !== undefined ? { act, tech: ACCESS_TECH[act] ?? `AcT ${act}` } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// PDP context — protocol.md §4.3

export interface PdpContext {
  cid: number;
  active: boolean;
  type: number;
  /** The first address listed (IPv4, or IPv6 for an IPv6-only context). */
  ip?: string;
  /** The IPv6 address, when the context has one (type 2 or 3). */
  ipv6?: string;
}

/**
 * AT+QIACT? — '+QIACT: <cid>,<state>,<type>[,"<ip>"]' per active context; bare OK when none.
 * IPv4v6 contexts (type 3) list a second, IPv6 address: '+QIACT: 1,1,3,"10.64.3.17","2001:DB8::1"'.
 */
export function parseQiactRead(lines: readonly string[]): Outcome<PdpContext[]> {
  const out: PdpContext[] = [];
  for (const rest of linesWith(lines, 'QIACT')) {
    const f = splitFields(rest);
    const n = intFields(f.slice(0, 3), 3);
    if (!n) return parseFail('QIACT read', rest, 'expected <cid>,<state>,<type>[,"<ip>"]');
    const [cid = 0, state = 0, type = 0] = n;
    const addresses = f.slice(3).map(unquote).filter((a) => a !== '');
    const ipv6 = addresses.find((a) => a.includes(':'));
    out.push({ cid, active: state === 1, type, ...(addresses[0] ? { ip: addresses[0] } : {}), ...(ipv6 ? { ipv6 } : {}) });
  }
  return ok(out);
}

/** AT+QICSGP=<cid> (query) — '+QICSGP: <type>,"<APN>","<user>","<password>",<auth>'. */
export function parseQicsgpQuery(lines: readonly string[]): Outcome<{ type: number; apn: string; username: string; password: string; auth: number }> {
  const rest = linesWith(lines, 'QICSGP')[0];
  if (rest === undefined) return parseFail('QICSGP', lines.join(' | '), 'expected +QICSGP:');
  const f = splitFields(rest);
  const type = toInt(f[0]);
  const auth = toInt(f[4]);
  if (type === undefined || f[1] === undefined) return parseFail('QICSGP', rest, 'expected <type>,"<APN>",…');
  return ok({ type, apn: unquote(f[1]), username: unquote(f[2] ?? ''), password: unquote(f[3] ?? ''), auth: auth ?? 0 });
}

/** AT+QFUPL result — '+QFUPL: <upload_size>,<checksum>' (checksum lower-case hex, no leading zeros; protocol.md quirk 13). */
export function parseQfuplResult(lines: readonly string[]): Outcome<{ size: number; checksum: number; checksumHex: string }> {
  const rest = linesWith(lines, 'QFUPL')[0];
  const f = rest === undefined ? [] : splitFields(rest);
  const size = toInt(f[0]);
  const hex = f[1] ?? '';
  if (size === undefined || !/^[0-9a-f]{1,4}$/i.test(hex)) return parseFail('QFUPL', rest ?? lines.join(' | '), 'expected +QFUPL: <size>,<hex checksum>');
  return ok({ size, checksum: parseInt(hex, 16), checksumHex: hex.toLowerCase() });
}

// ---------------------------------------------------------------------------------------------
// AT+QPING — protocol.md §4.3, quirk 20

/** Summary '+QPING: <finresult>,<sent>,<rcvd>,<lost>[,<min>,<max>,<avg>]': only integers, at least four. */
const PING_SUMMARY = /^\+QPING:\s*-?\d+(\s*,\s*\d+){3,}\s*$/i;
/** A bare '+QPING: <err>' (protocol.md §4.7 TCP/IP code); 569 is also printed once per lost packet. */
const PING_ERROR = /^\+QPING:\s*(\d+)\s*$/i;
const PER_PACKET_TIMEOUT = 569;
const DEFAULT_PING_COUNT = 4;

/**
 * Whether the +QPING lines seen after 'AT+QPING=<cid>,"<host>"[,<timeout>[,<pingnum>]]' are the
 * whole series: the summary came, or an error that ends the ping (565 DNS, 561 PDP …), or as many
 * per-packet timeouts (569) as packets asked for — firmware was seen to stop there without a summary.
 */
export function pingSeriesEnded(command: string, urcs: readonly string[]): boolean {
  const m = /^AT\+QPING=\s*\d+\s*,\s*"[^"]*"(?:\s*,\s*(\d+))?(?:\s*,\s*(\d+))?/i.exec(command.trim());
  const count = m?.[2] !== undefined ? Number(m[2]) : DEFAULT_PING_COUNT;
  let timeouts = 0;
  for (const u of urcs) {
    const t = u.trim();
    if (PING_SUMMARY.test(t)) return true;
    const e = PING_ERROR.exec(t);
    if (!e) continue;
    if (Number(e[1]) !== PER_PACKET_TIMEOUT) return true;
    if (++timeouts >= count) return true;
  }
  return false;
}

