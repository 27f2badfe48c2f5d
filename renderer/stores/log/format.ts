// How log rows read as text: time columns, the hex dump of a row, rows copied to the clipboard.
// Pure.
import type { LogBuffer } from './buffer';

export type TimeMode = 'absolute' | 'delta' | 'session';

/** 'HH:MM:SS.mmm' in UTC, the journal's clock. */
export function absoluteTime(wall: number): string {
  return new Date(wall).toISOString().slice(11, 23);
}

/** Signed seconds with ms: '+0.350', '+12.004'. */
export function relativeTime(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return `+${s.toFixed(3)}`;
}

/**
 * The time cell of row i in the chosen mode. Delta is measured from `prev`, the row shown above it
 * (with filters on, the time between the lines you are looking at); by default the previous line.
 */
export function timeCell(buf: LogBuffer, i: number, mode: TimeMode, prev: number = i - 1): string {
  if (mode === 'absolute') return absoluteTime(buf.wall(i));
  if (mode === 'session') return relativeTime(buf.mono(i) - buf.mono(0));
  return prev < 0 ? relativeTime(0) : relativeTime(buf.mono(i) - buf.mono(prev));
}

const NAMED_BYTES: Record<string, number> = { '<CR>': 0x0d, '<LF>': 0x0a, '<CTRL-Z>': 0x1a, '<ESC>': 0x1b };
const TOKEN = /<CR>|<LF>|<CTRL-Z>|<ESC>|\\x[0-9A-Fa-f]{2}|\\uFFFD/g;

/**
 * Bytes of a row's visible text (shared/visible.ts) turned back into wire bytes: <CR> → 0D,
 * \xNN → NN, printable characters as UTF-8.
 */
export function visibleToBytes(text: string): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  let last = 0;
  const plain = (s: string) => {
    for (const b of enc.encode(s)) out.push(b);
  };
  for (const m of text.matchAll(TOKEN)) {
    plain(text.slice(last, m.index));
    const t = m[0];
    if (t === '\\uFFFD') plain('\uFFFD');
    else out.push(NAMED_BYTES[t] ?? parseInt(t.slice(2), 16));
    last = m.index + t.length;
  }
  plain(text.slice(last));
  return Uint8Array.from(out);
}

/** Classic 16-bytes-per-line dump; non-printable bytes show as '.' in the ASCII column, never dropped. */
export function hexDump(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    const hex = Array.from(row, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(4, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines;
}

/** Rows as tab-separated text for the clipboard: time, direction, kind, text (secrets masked). */
export function rowsAsText(buf: LogBuffer, indexes: readonly number[], mode: TimeMode, prevOf: (i: number) => number = (i) => i - 1): string {
  return indexes
    .filter((i) => i >= 0 && i < buf.length)
    .map((i) => `${timeCell(buf, i, mode, prevOf(i))}\t${buf.dir(i) === 'tx' ? 'host→modem' : 'modem→host'}\t${buf.kind(i)}\t${buf.maskedText(i)}`)
    .join('\n');
}
