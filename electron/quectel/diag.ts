// Builders and parsers of the checks the diagnosis table recommends (protocol.md §8): which port gets
// the URCs (AT+QURCCFG="urcport", protocol.md §1.4), packet attach (AT+CGATT?), DNS servers (AT+QIDNSCFG, §4.3),
// reachability (AT+QPING, protocol.md §4.3 and quirk 20), the module clock (AT+CCLK?) and the SIM's identity
// (AT+QCCID, AT+CIMI). Pure, like commands.ts.
import { ok, type Outcome } from '../../shared/outcome';
import type { PingReply, PingSummary } from '../../shared/diagnostics';
import type { AtRequest } from '../at/types';
import { intFields, linesWith, parseFail, splitFields, toInt, unquote } from './fields';

export { pingSeriesEnded } from './basic';

const checkCid = (cid: unknown): number => {
  if (typeof cid !== 'number' || !Number.isInteger(cid) || cid < 1 || cid > 16) throw new TypeError(`"cid" must be an integer 1–16, got ${String(cid)}`);
  return cid;
};

// ---------------------------------------------------------------------------------------------
// AT+QURCCFG="urcport" — protocol.md §1.4, §4.1, quirk 19

export const buildUrcportQuery = (): AtRequest => ({ text: 'AT+QURCCFG="urcport"', expect: { kind: 'single', prefix: '+QURCCFG:' } });

/** '+QURCCFG: "urcport","usbat"' → 'usbat'. */
export function parseUrcport(lines: readonly string[]): Outcome<string> {
  const rest = linesWith(lines, 'QURCCFG')[0];
  const f = rest === undefined ? [] : splitFields(rest);
  if (f.length < 2 || unquote(f[0] ?? '').toLowerCase() !== 'urcport') return parseFail('QURCCFG', rest ?? lines.join(' | '), 'expected "urcport","<port>"');
  return ok(unquote(f[1] ?? '').toLowerCase());
}

/**
 * Whether URCs reach the port the host reads, from its path. A UART (ttyS, ttyAMA, serial0) must
 * be named 'uart1'. A USB port ('/dev/ttyUSB2', ttyACM) is the module's own AT port ('usbat' is
 * right) or a USB–serial adapter on its UART ('uart1' is right), so only 'usbat' is sure there.
 * Undefined when the path cannot tell (Windows COM ports, the virtual EC20's PTY).
 */
export function urcPortMatches(urcPort: string, portPath: string | undefined): boolean | undefined {
  const p = (portPath ?? '').toLowerCase();
  const port = urcPort.toLowerCase();
  if (/ttys\d|ttyama|ttyth|serial\d|uart/.test(p)) return port.startsWith('uart');
  if (/ttyusb|ttyacm|cu\.usbmodem/.test(p)) return port === 'usbat' ? true : undefined;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// AT+CGATT? — 3GPP TS 27.007 §10.1.9: '+CGATT: <state>', 1 attached

export const buildCgattRead = (): AtRequest => ({ text: 'AT+CGATT?', expect: { kind: 'single', prefix: '+CGATT:' } });

export function parseCgatt(lines: readonly string[]): Outcome<boolean> {
  const rest = linesWith(lines, 'CGATT')[0];
  const n = rest === undefined ? undefined : toInt(rest.trim());
  if (n === undefined || (n !== 0 && n !== 1)) return parseFail('CGATT', rest ?? lines.join(' | '), 'expected +CGATT: 0|1');
  return ok(n === 1);
}

// ---------------------------------------------------------------------------------------------
// AT+QIDNSCFG — protocol.md §4.3

/** The query form 'AT+QIDNSCFG=<cid>'. */
export const buildQidnscfgQuery = (cid: number): AtRequest => ({ text: `AT+QIDNSCFG=${checkCid(cid)}`, expect: { kind: 'single', prefix: '+QIDNSCFG:' } });

/** Sets the servers: AT+QIDNSCFG=<cid>,"<pri>"[,"<sec>"]. */
export function buildQidnscfgSet(cid: number, primary: string, secondary?: string): AtRequest {
  for (const [k, v] of [['primary', primary], ['secondary', secondary ?? '']] as const) {
    if (/["\r\n]/.test(v)) throw new TypeError(`"${k}" must not contain a quote or a line break`);
  }
  return { text: `AT+QIDNSCFG=${checkCid(cid)},"${primary}"${secondary !== undefined ? `,"${secondary}"` : ''}`, expect: { kind: 'none' } };
}

/**
 * '+QIDNSCFG: <cid>,"<pri>","<sec>"' (EC2x); tolerated without the cid. Empty or '0.0.0.0'
 * servers are absent: the network gave none.
 */
export function parseQidnscfg(lines: readonly string[]): Outcome<{ cid?: number; primary?: string; secondary?: string }> {
  const rest = linesWith(lines, 'QIDNSCFG')[0];
  if (rest === undefined) return parseFail('QIDNSCFG', lines.join(' | '), 'expected +QIDNSCFG:');
  const f = splitFields(rest);
  const cid = toInt(f[0]);
  const servers = (cid !== undefined ? f.slice(1) : f).map(unquote).filter((s) => s !== '' && s !== '0.0.0.0' && s !== '::');
  return ok({ ...(cid !== undefined ? { cid } : {}), ...(servers[0] ? { primary: servers[0] } : {}), ...(servers[1] ? { secondary: servers[1] } : {}) });
}

// ---------------------------------------------------------------------------------------------
// AT+QPING — protocol.md §4.3, quirk 20

export function buildQping(a: { cid: number; host: string; timeoutS?: number; count?: number }): AtRequest {
  checkCid(a.cid);
  if (typeof a.host !== 'string' || a.host === '' || /["\r\n]/.test(a.host)) throw new TypeError('"host" must be a non-empty string without quotes or line breaks');
  if (a.count !== undefined && a.timeoutS === undefined) throw new TypeError('"count" needs "timeoutS" (AT+QPING takes them in order)');
  for (const [k, v, min, max] of [['timeoutS', a.timeoutS, 1, 255], ['count', a.count, 1, 10]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw new TypeError(`"${k}" must be an integer ${min}–${max}`);
  }
  const extra = a.timeoutS !== undefined ? `,${a.timeoutS}${a.count !== undefined ? `,${a.count}` : ''}` : '';
  return { text: `AT+QPING=${a.cid},"${a.host}"${extra}`, expect: { kind: 'none' } };
}

/** How long the whole series may take: every packet's timeout, plus DNS and slack. */
export const pingWaitMs = (a: { timeoutS?: number; count?: number }): number => ((a.timeoutS ?? 4) * (a.count ?? 4) + 15) * 1000;

export type PingLine = { kind: 'reply'; reply: PingReply } | { kind: 'summary'; summary: PingSummary } | { kind: 'error'; result: number };

/**
 * One +QPING URC: a reply '+QPING: 0,"<ip>",<bytes>,<time>,<ttl>', a summary
 * '+QPING: <fin>,<sent>,<rcvd>,<lost>,<min>,<max>,<avg>' (integers only), or a bare code
 * '+QPING: 569' (a lost packet, or an error that ends the ping, e.g. 565 DNS).
 */
export function parseQpingLine(line: string): Outcome<PingLine> {
  const rest = linesWith([line], 'QPING')[0];
  if (rest === undefined) return parseFail('QPING', line, 'expected +QPING:');
  const f = splitFields(rest);
  const result = toInt(f[0]);
  if (result === undefined) return parseFail('QPING', line, 'expected <result>');
  if (f.length === 1) return ok({ kind: 'error', result });
  if (f[1] !== undefined && f[1].startsWith('"')) {
    const [bytes, timeMs, ttl] = [toInt(f[2]), toInt(f[3]), toInt(f[4])];
    return ok({ kind: 'reply', reply: { result, ip: unquote(f[1]), ...(bytes !== undefined ? { bytes } : {}), ...(timeMs !== undefined ? { timeMs } : {}), ...(ttl !== undefined ? { ttl } : {}) } });
  }
  const n = intFields(f, 4);
  if (!n) return parseFail('QPING', line, 'expected a reply ("<ip>",…) or a summary of integers');
  const [, sent, received, lost, minMs, maxMs, avgMs] = n;
  return ok({
    kind: 'summary',
    summary: { result, ...(sent !== undefined ? { sent } : {}), ...(received !== undefined ? { received } : {}), ...(lost !== undefined ? { lost } : {}), ...(minMs !== undefined ? { minMs } : {}), ...(maxMs !== undefined ? { maxMs } : {}), ...(avgMs !== undefined ? { avgMs } : {}) },
  });
}

/** The replies and summary of a finished series (lost packets are replies with result 569). */
export function parsePingSeries(lines: readonly string[]): { replies: PingReply[]; summary?: PingSummary } {
  const replies: PingReply[] = [];
  let summary: PingSummary | undefined;
  for (const l of lines) {
    const r = parseQpingLine(l);
    if (!r.ok) continue;
    if (r.value.kind === 'reply') replies.push(r.value.reply);
    else if (r.value.kind === 'summary') summary = r.value.summary;
    else if (r.value.result === 569) replies.push({ result: 569 });
    else summary = { result: r.value.result };
  }
  return summary ? { replies, summary } : { replies };
}

// ---------------------------------------------------------------------------------------------
// AT+CCLK? — 3GPP TS 27.007 §8.15: '+CCLK: "yy/MM/dd,hh:mm:ss±zz"', zz in quarter hours

export const buildCclkRead = (): AtRequest => ({ text: 'AT+CCLK?', expect: { kind: 'single', prefix: '+CCLK:' } });

export interface ModuleClock {
  raw: string;
  /** The instant the clock shows. */
  date: Date;
  /** Offset from UTC in quarter hours, as printed. */
  quarterHours: number;
}

/**
 * The clock line → the instant. yy 70–99 is 19yy: a module whose clock was never set counts from
 * 80/01/06 (1980, the GPS epoch); 00–69 is 20yy. The zone may be missing on some firmware (read as UTC).
 */
export function parseCclk(lines: readonly string[]): Outcome<ModuleClock> {
  const rest = linesWith(lines, 'CCLK')[0];
  const raw = rest === undefined ? '' : unquote(rest.trim());
  const m = /^(\d{2})\/(\d{2})\/(\d{2}),(\d{2}):(\d{2}):(\d{2})(?:([+-])(\d{1,2}))?$/.exec(raw);
  if (!m) return parseFail('CCLK', rest ?? lines.join(' | '), 'expected "yy/MM/dd,hh:mm:ss±zz"');
  const [, yy, mo, dd, hh, mi, ss, sign, zz] = m;
  const quarterHours = zz ? (sign === '-' ? -1 : 1) * Number(zz) : 0;
  const year = Number(yy) >= 70 ? 1900 + Number(yy) : 2000 + Number(yy);
  const utcMs = Date.UTC(year, Number(mo) - 1, Number(dd), Number(hh), Number(mi), Number(ss)) - quarterHours * 15 * 60_000;
  const date = new Date(utcMs);
  if (Number.isNaN(date.getTime())) return parseFail('CCLK', raw, 'not a valid date');
  return ok({ raw, date, quarterHours });
}

/**
 * A clock never set by the network stays near its power-up value (1980, or 2000 on some builds):
 * certificate validity cannot be judged from it. (The bound is an inference, not in the reference.)
 */
export const clockLooksUnset = (c: ModuleClock): boolean => c.date.getUTCFullYear() < 2020;

// ---------------------------------------------------------------------------------------------
// SIM identity: AT+QCCID → '+QCCID: <iccid>' (19–20 digits, may end in F); AT+CIMI → '<imsi>' (unprefixed)

export const buildQccid = (): AtRequest => ({ text: 'AT+QCCID', expect: { kind: 'single', prefix: '+QCCID:' } });
export const buildCimi = (): AtRequest => ({ text: 'AT+CIMI', expect: { kind: 'multi', prefix: '' } });

export function parseQccid(lines: readonly string[]): Outcome<string> {
  const rest = linesWith(lines, 'QCCID')[0] ?? linesWith(lines, 'CCID')[0];
  const v = rest === undefined ? '' : unquote(rest.trim());
  if (!/^\d{18,20}[Ff]?$/.test(v)) return parseFail('QCCID', rest ?? lines.join(' | '), 'expected 18–20 digits');
  return ok(v.replace(/[Ff]$/, ''));
}

export function parseCimi(lines: readonly string[]): Outcome<string> {
  for (const l of lines) {
    const m = /^(?:\+CIMI:\s*)?"?(\d{6,15})"?$/.exec(l.trim());
    if (m?.[1]) return ok(m[1]);
  }
  return parseFail('CIMI', lines.join(' | '), 'expected the IMSI (up to 15 digits)');
}
