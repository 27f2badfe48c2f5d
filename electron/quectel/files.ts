// Builders and parsers of the modem's file system commands, where certificates live (protocol.md §4.5):
// AT+QFUPL (upload, with the 16-bit XOR checksum the modem reports), AT+QFLST, AT+QFLDS, AT+QFDEL.
// Pure, like commands.ts: a bad argument throws TypeError, a line that cannot be read is an Outcome failure.
import { fail, ok, problem, type Outcome } from '../../shared/outcome';
import type { ModemFile } from '../../shared/modem-tls';
import type { AtRequest } from '../at/types';
import { parseQfuplResult } from './basic';
import { linesWith, parseFail, splitFields, toInt, unquote } from './fields';

export { parseQfuplResult };

/** What a modem file name may hold: no quotes or line breaks (AT strings), no path or wildcards. */
export function checkFileName(name: unknown, opts: { allowAll?: boolean } = {}): string {
  if (typeof name !== 'string' || name === '') throw new TypeError('"name" must be a non-empty string');
  if (opts.allowAll && name === '*') return name;
  if (/["\r\n*?\\/]/.test(name)) throw new TypeError('"name" must not contain a quote, a line break, / \\ * or ?');
  if (name.length > 80) throw new TypeError('"name" must be at most 80 characters');
  return name;
}

/**
 * The checksum AT+QFUPL reports: XOR of the data taken as 16-bit big-endian words; an odd last
 * byte is the high byte of a word whose low byte is 0x00 (protocol.md §4.5, Uncertain: the padding).
 */
export function qfuplChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum ^= ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  return sum;
}

/** As the modem prints it: lower-case hex without leading zeros (protocol.md quirk 13). */
export const checksumHex = (n: number): string => n.toString(16);

/** Bytes per second a 115200 bd UART moves (10 bits a byte), the slowest link a modem is driven over. */
const UART_BYTES_PER_S = 11_520;

/**
 * The <timeout> of AT+QFUPL: the seconds the modem waits for the data. The time the bytes take at
 * 115200 bd, doubled, plus 10 s of slack; 5 s would be the module's default (protocol.md §4.5).
 */
export function uploadTimeoutS(size: number): number {
  return Math.min(3600, Math.ceil((2 * size) / UART_BYTES_PER_S) + 10);
}

/**
 * AT+QFUPL="<name>",<size>,<timeout> → CONNECT, exactly <size> raw bytes (no Ctrl+Z: it would be
 * data), then '+QFUPL: <size>,<checksum>' and OK. The host waits the modem's timeout plus 5 s.
 */
export function buildQfupl(a: { name: string; bytes: Uint8Array; timeoutS?: number }): AtRequest {
  checkFileName(a.name);
  if (!(a.bytes instanceof Uint8Array) || a.bytes.length === 0) throw new TypeError('"bytes" must be a non-empty Uint8Array');
  const timeoutS = a.timeoutS ?? uploadTimeoutS(a.bytes.length);
  if (!Number.isInteger(timeoutS) || timeoutS < 1) throw new TypeError('"timeoutS" must be a positive integer');
  return {
    text: `AT+QFUPL="${a.name}",${a.bytes.length},${timeoutS}`,
    expect: { kind: 'single', prefix: '+QFUPL:' },
    timeoutMs: (timeoutS + 5) * 1000,
    payload: { bytes: a.bytes, end: 'fixed-length' },
  };
}

export interface UploadVerdict {
  size: number;
  checksum: string;
  modemSize: number;
  modemChecksum: string;
}

/**
 * Compares what the modem says it received ('+QFUPL: <size>,<checksum>') with what was sent: a
 * short count or another checksum means bytes were lost or changed on the way (flow control, a
 * Ctrl+Z added by a terminal, a line-ending conversion).
 */
export function verifyUpload(sent: Uint8Array, lines: readonly string[], name: string): Outcome<UploadVerdict> {
  const got = parseQfuplResult(lines);
  if (!got.ok) return got;
  const verdict: UploadVerdict = { size: sent.length, checksum: checksumHex(qfuplChecksum(sent)), modemSize: got.value.size, modemChecksum: got.value.checksumHex };
  if (verdict.modemSize !== verdict.size) {
    return fail(problem('file.size-mismatch', `The modem stored ${verdict.modemSize} of the ${verdict.size} bytes of ${name}.`, `+QFUPL: ${verdict.modemSize},${verdict.modemChecksum}; sent ${verdict.size} bytes, checksum ${verdict.checksum}.`, 'Upload it again (replace); if it stays short, lower the baud rate or turn on hardware flow control.', { name, stored: verdict.modemSize, size: verdict.size }));
  }
  if (verdict.modemChecksum !== verdict.checksum) {
    return fail(problem('file.checksum-mismatch', `${name} arrived changed: the modem's checksum differs from the laptop's.`, `+QFUPL: ${verdict.modemSize},${verdict.modemChecksum}; the laptop computed ${verdict.checksum} over the same ${verdict.size} bytes (protocol.md §4.5).`, 'Upload it again (replace). A terminal that converts line endings or adds Ctrl+Z corrupts files; the workbench sends the bytes as they are.', { name }));
  }
  return ok(verdict);
}

/** AT+QFLST[="<pattern>"] — '+QFLST: "<name>",<size>' per file; bare OK when there is none (protocol.md quirk 12). */
export function buildQflst(pattern?: string): AtRequest {
  if (pattern !== undefined && (typeof pattern !== 'string' || /["\r\n]/.test(pattern))) throw new TypeError('"pattern" must not contain a quote or a line break');
  return { text: pattern === undefined ? 'AT+QFLST' : `AT+QFLST="${pattern}"`, expect: { kind: 'multi', prefix: '+QFLST:' } };
}

/** '+QFLST: "ca.pem",1188' lines → files. Directory entries (a name ending in '/') are left out (protocol.md quirk 13). */
export function parseQflst(lines: readonly string[]): Outcome<ModemFile[]> {
  const out: ModemFile[] = [];
  for (const rest of linesWith(lines, 'QFLST')) {
    const [n, s] = splitFields(rest);
    const size = toInt(s);
    if (n === undefined || size === undefined) return parseFail('QFLST', rest, 'expected "<filename>",<size>');
    const name = unquote(n);
    if (name.endsWith('/')) continue;
    out.push({ name, size });
  }
  return ok(out);
}

/** AT+QFLDS — '+QFLDS: <free>,<total>'. */
export const buildQflds = (): AtRequest => ({ text: 'AT+QFLDS', expect: { kind: 'single', prefix: '+QFLDS:' } });

export function parseQflds(lines: readonly string[]): Outcome<{ free: number; total: number }> {
  const rest = linesWith(lines, 'QFLDS')[0];
  const f = rest === undefined ? [] : splitFields(rest);
  const free = toInt(f[0]);
  const total = toInt(f[1]);
  if (free === undefined || total === undefined) return parseFail('QFLDS', rest ?? lines.join(' | '), 'expected <free_size>,<total_size>');
  return ok({ free, total });
}

/** AT+QFDEL="<name>" → OK, or +CME ERROR: 405 when absent. '*' deletes every file. */
export function buildQfdel(name: string): AtRequest {
  return { text: `AT+QFDEL="${checkFileName(name, { allowAll: true })}"`, expect: { kind: 'none' } };
}

/** Whether a final answer is '+CME ERROR: <code>' in number or (CMEE=2) word form. */
export function isCmeError(final: string, code: number, text: string): boolean {
  const m = /^\+CME ERROR:\s*(.+)$/i.exec(final.trim());
  if (!m?.[1]) return false;
  const v = m[1].trim();
  return v === String(code) || v.toLowerCase() === text;
}

/** +CME ERROR: 407 — the file exists (protocol.md §4.5). */
export const isFileExists = (final: string): boolean => isCmeError(final, 407, 'file already exists');
/** +CME ERROR: 405 — no such file. */
export const isFileNotFound = (final: string): boolean => isCmeError(final, 405, 'file not found');
