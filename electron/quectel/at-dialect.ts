// The Quectel command set as the AT engine needs it: timeouts and line claims of the QMT, TCP/IP,
// SSL and file commands (docs/protocol.md §1.6, §4), their URCs (§3, §4.3, §4.6), and how their
// prompts take a payload. Added to the engine's V.250 / 27.007 basics by createQuectelEngine.
import { parseCommand, type CommandTable } from '../at/catalogue';
import { basicDialect, extendDialect, type AtDialect } from '../at/dialect';
import type { UrcRow } from '../at/urc-registry';

const INT = '-?\\d+';
/** A field separator: real firmware prints none, but tolerating spaces costs nothing (protocol.md §2, Uncertain). */
const C = '\\s*,\\s*';

/**
 * AT+QMTRECV=<idx>[,<recv_id>] reads out messages of <idx> only (protocol.md §2.10): direct +QMTRECV URCs of
 * other clients may interleave, and the notice form '+QMTRECV: <idx>,<recv_id>' (two integers)
 * is a new URC, never a read-out line.
 */
function qmtrecvReadOut(line: string, params: readonly string[]): boolean {
  const m = /^\+QMTRECV:\s*(\d+)\s*,\s*\d+\s*,(.*)$/s.exec(line);
  return m !== null && Number(m[1]) === Number((params[0] ?? '').trim());
}

/** protocol.md §1.6 (MQTT) and §4 (supporting commands). */
const quectelCommands: CommandTable = {
  QMTCFG: { timeoutMs: { any: 2_000 } },
  // OK within 300 ms; the result URC (up to 120 s + TLS negotiation) is awaited by the caller.
  QMTOPEN: { timeoutMs: { any: 5_000 }, asyncWrite: true, readShape: /^\+QMTOPEN:\s*\d+\s*,\s*"/ },
  QMTCLOSE: { timeoutMs: { any: 5_000 }, asyncWrite: true },
  // Read lines are '<idx>,<state 1–4>'; a result URC ('+QMTCONN: 0,0,0') may arrive meanwhile.
  QMTCONN: { timeoutMs: { any: 5_000 }, asyncWrite: true, readShape: /^\+QMTCONN:\s*\d+\s*,\s*[1-4]\s*$/ },
  QMTDISC: { timeoutMs: { any: 5_000 }, asyncWrite: true },
  QMTSUB: { timeoutMs: { any: 5_000 }, asyncWrite: true },
  QMTUNS: { timeoutMs: { any: 5_000 }, asyncWrite: true },
  // Prompt, payload, then OK: the payload transfer time is inside this window.
  QMTPUB: { timeoutMs: { any: 10_000 }, asyncWrite: true },
  QMTPUBEX: { timeoutMs: { any: 10_000 }, asyncWrite: true },
  // Read '+QMTRECV: <idx>,<s0>…<s4>' (all integers); a direct delivery carries a topic.
  QMTRECV: { timeoutMs: { any: 5_000 }, readShape: /^\+QMTRECV:\s*\d+(\s*,\s*\d+){2,}\s*$/, writeClaims: qmtrecvReadOut },
  QIACT: { timeoutMs: { write: 160_000, any: 5_000 } },
  QIDEACT: { timeoutMs: { any: 45_000 } },
  QPING: { timeoutMs: { any: 5_000 }, asyncWrite: true },
  QFUPL: { timeoutMs: { any: 30_000 } },
  QFDEL: { timeoutMs: { any: 5_000 } },
  QFLST: { timeoutMs: { any: 5_000 } },
  QSSLCFG: { timeoutMs: { any: 2_000 } },
  QFLDS: { timeoutMs: { any: 5_000 } },
  // Checks of the diagnosis table (protocol.md §8): 300 ms each (§1.6), CGATT=1 may take 140 s (27.007).
  QIDNSCFG: { timeoutMs: { any: 5_000 } },
  QURCCFG: { timeoutMs: { any: 2_000 } },
  QCCID: { timeoutMs: { any: 2_000 } },
  CCLK: { timeoutMs: { any: 2_000 } },
  CGATT: { timeoutMs: { write: 150_000, any: 5_000 } },
  QGMR: { timeoutMs: { any: 2_000 }, unprefixed: true },
};

/**
 * protocol.md §3 (MQTT URCs), §4.6 (power-up), §4.3 (QPING). Result URCs of the QMT commands are recognised by
 * their *shape* (field count and types, protocol.md §3.3), so the read response of AT+QMTOPEN?
 * ('+QMTOPEN: 0,"host",1883') is never taken for the result URC ('+QMTOPEN: 0,0').
 */
const quectelUrcs: readonly UrcRow[] = [
  { name: 'QMTSTAT', match: new RegExp(`^\\+QMTSTAT:\\s*\\d+${C}${INT}$`) },
  // Direct push (recv/mode 0,x) or buffered notice (1,x); the payload may hold anything.
  { name: 'QMTRECV', match: /^\+QMTRECV:\s*\d+\s*,\s*\d+\s*(,|$)/s },
  { name: 'QMTPING', match: new RegExp(`^\\+QMTPING:\\s*\\d+${C}${INT}$`) },
  { name: 'QMTOPEN', match: new RegExp(`^\\+QMTOPEN:\\s*\\d+${C}${INT}$`) },
  { name: 'QMTCLOSE', match: new RegExp(`^\\+QMTCLOSE:\\s*\\d+${C}${INT}$`) },
  // protocol.md Quirk 3: ret_code may be missing.
  { name: 'QMTCONN', match: new RegExp(`^\\+QMTCONN:\\s*\\d+${C}${INT}(${C}${INT})?$`) },
  { name: 'QMTDISC', match: new RegExp(`^\\+QMTDISC:\\s*\\d+${C}${INT}$`) },
  // Multi-topic SUBACK carries one value per topic.
  { name: 'QMTSUB', match: new RegExp(`^\\+QMTSUB:\\s*\\d+${C}\\d+${C}${INT}(${C}${INT})*$`) },
  { name: 'QMTUNS', match: new RegExp(`^\\+QMTUNS:\\s*\\d+${C}\\d+${C}${INT}(${C}${INT})*$`) },
  { name: 'QMTPUBEX', match: new RegExp(`^\\+QMTPUBEX:\\s*\\d+${C}\\d+${C}${INT}(${C}${INT})?$`) },
  { name: 'QMTPUB', match: new RegExp(`^\\+QMTPUB:\\s*\\d+${C}\\d+${C}${INT}(${C}${INT})?$`) },
  { name: 'APP RDY', match: /^APP RDY$/, restart: true },
  { name: 'RDY', match: /^RDY$/, restart: true },
  { name: 'POWERED DOWN', match: /^(NORMAL )?POWER(ED)? DOWN$/, restart: true },
  { name: 'QUSIM', match: /^\+QUSIM:\s*\d+$/ },
  { name: 'QIND', match: /^\+QIND:\s*.+$/ },
  // Ping replies and summary come after AT+QPING's OK (protocol.md §4.3, quirk 20).
  { name: 'QPING', match: /^\+QPING:\s*-?\d+.*$/ },
  { name: 'QIURC', match: /^\+QIURC:\s*.+$/ },
];

export const quectelDialect: AtDialect = extendDialect(basicDialect, { commands: quectelCommands, urcs: quectelUrcs });

/**
 * How a payload ends for a command that prompts (protocol.md §2.8, §2.9, §4.5): QMTPUB/QMTPUBEX with a
 * length parameter and QFUPL take exactly the bytes; the prompt forms without length take ^Z.
 */
export function payloadEndFor(text: string): 'ctrl-z' | 'fixed-length' {
  const p = parseCommand(text);
  if (!p || p.form !== 'write') return 'ctrl-z';
  if (p.name === 'QFUPL') return 'fixed-length';
  if ((p.name === 'QMTPUB' || p.name === 'QMTPUBEX') && p.params.length >= 6 && /^\s*\d+\s*$/.test(p.params[5] ?? '')) return 'fixed-length';
  return 'ctrl-z';
}

/** The length a fixed-length command announces (QMTPUB[EX] 6th parameter, QFUPL 2nd), if any. */
export function announcedLength(text: string): number | undefined {
  const p = parseCommand(text);
  if (!p || p.form !== 'write') return undefined;
  const raw = p.name === 'QFUPL' ? p.params[1] : p.name === 'QMTPUB' || p.name === 'QMTPUBEX' ? p.params[5] : undefined;
  return raw !== undefined && /^\s*\d+\s*$/.test(raw) ? Number(raw) : undefined;
}

/**
 * For an asynchronous QMT write, the URC names that report its outcome (its own result, the
 * other publish name — protocol.md quirk 8 — or +QMTSTAT replacing it, quirk 2); undefined otherwise.
 */
export function resultUrcNames(text: string): string[] | undefined {
  const p = parseCommand(text);
  if (!p || p.form !== 'write' || !quectelDialect.commands[p.name]?.asyncWrite) return undefined;
  const names = p.name === 'QMTPUB' || p.name === 'QMTPUBEX' ? ['QMTPUB', 'QMTPUBEX'] : [p.name];
  return p.name.startsWith('QMT') ? [...names, 'QMTSTAT'] : names;
}
