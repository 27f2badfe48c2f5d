// How the virtual modem frames what it says (protocol.md §1.2, §1.5) and how it reads command arguments
// (protocol.md §2 "Strings are enclosed in quotes; no escaping is defined"). Pure.

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

export const CR = 0x0d;
export const LF = 0x0a;
export const CTRL_Z = 0x1a;
export const ESC = 0x1b;
export const BACKSPACE = 0x08;

/** One information line, URC or final code: `<CR><LF>text<CR><LF>` (protocol.md §1.2). */
export const frameLine = (text: string): string => `\r\n${text}\r\n`;

/**
 * Information lines then a final code: consecutive information lines are separated by a single
 * <CR><LF>, and a blank line precedes the final code (protocol.md §1.2).
 */
export function frameResponse(lines: readonly string[], final: string): string {
  return lines.length === 0 ? frameLine(final) : `\r\n${lines.join('\r\n')}\r\n` + frameLine(final);
}

/** The data prompt: `<CR><LF>> ` with no line end (protocol.md §1.5). */
export const PROMPT = '\r\n> ';

export { concatBytes } from '../../shared/bytes';

/** One parameter as written on the command line. */
export interface Arg {
  text: string;
  quoted: boolean;
}

/**
 * Splits `p1,"p2",p3` on commas outside quotes. A quote in the middle of a parameter, an unclosed
 * quote or a typographic quote used as a delimiter (protocol.md §7 quirk 16: taken as a plain character, so
 * the parameter is not a string) makes the caller answer ERROR. Returns undefined when malformed.
 */
export function splitArgs(s: string): Arg[] | undefined {
  const args: Arg[] = [];
  let i = 0;
  for (;;) {
    while (s[i] === ' ') i++;
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      if (close < 0) return undefined;
      args.push({ text: s.slice(i + 1, close), quoted: true });
      i = close + 1;
      while (s[i] === ' ') i++;
    } else {
      let j = i;
      while (j < s.length && s[j] !== ',') {
        if (s[j] === '"') return undefined;
        j++;
      }
      args.push({ text: s.slice(i, j).trim(), quoted: false });
      i = j;
    }
    if (i >= s.length) return args;
    if (s[i] !== ',') return undefined;
    i++;
  }
}

/** An unquoted decimal integer within [min, max], else undefined. */
export function intArg(a: Arg | undefined, min: number, max: number): number | undefined {
  if (!a || a.quoted || !/^-?\d{1,6}$/.test(a.text)) return undefined;
  const n = Number(a.text);
  return n >= min && n <= max ? n : undefined;
}

/** A quoted string parameter, else undefined. */
export function strArg(a: Arg | undefined): string | undefined {
  return a && a.quoted ? a.text : undefined;
}

/** +CME ERROR texts for AT+CMEE=2 (protocol.md §4.7; 3GPP TS 27.007 and Quectel file/TCP codes). */
export const cmeTexts: Record<number, string> = {
  0: 'phone failure',
  3: 'operation not allowed',
  4: 'operation not supported',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  12: 'SIM PUK required',
  13: 'SIM failure',
  14: 'SIM busy',
  15: 'SIM wrong',
  16: 'incorrect password',
  30: 'no network service',
  31: 'network timeout',
  32: 'network not allowed - emergency calls only',
  50: 'incorrect parameters',
  100: 'unknown',
  400: 'invalid input value',
  405: 'file not found',
  406: 'invalid file name',
  407: 'file already exists',
  420: 'no space',
  423: 'file too large',
};

/** The final code of an ME error as AT+CMEE selects it (protocol.md §1.2). */
export function cmeFinal(cmee: 0 | 1 | 2, code: number): string {
  if (cmee === 0) return 'ERROR';
  if (cmee === 2) return `+CME ERROR: ${cmeTexts[code] ?? 'unknown'}`;
  return `+CME ERROR: ${code}`;
}

/**
 * 16-bit XOR over the data as big-endian byte pairs, lower-case hex without leading zeros
 * (protocol.md §4.5; Uncertain: an odd last byte is padded as the high byte with 0x00).
 */
export function qfuplChecksum(data: Uint8Array): string {
  let x = 0;
  for (let i = 0; i < data.length; i += 2) x ^= ((data[i] ?? 0) << 8) | (data[i + 1] ?? 0);
  return x.toString(16);
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * 3GPP TS 27.007 +CCLK time "yy/MM/dd,hh:mm:ss±zz": local time of the instant `at` in the zone `tz`
 * (quarter hours, -96…+96).
 */
export function formatCclk(at: number, tz: number): string {
  const d = new Date(at + tz * 15 * 60_000);
  const date = `${two(d.getUTCFullYear() % 100)}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${date},${time}${tz < 0 ? '-' : '+'}${two(Math.abs(tz))}`;
}

/** The instant and zone of a +CCLK time string, or undefined when malformed (years 2000–2099). */
export function parseCclk(text: string): { at: number; tz: number } | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{2}),(\d{2}):(\d{2}):(\d{2})([+-])(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec, sign, zz] = m.slice(1).map((x, i) => (i === 6 ? x : Number(x))) as [number, number, number, number, number, number, string, number];
  const tz = sign === '-' ? -zz : zz;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 || zz > 96) return undefined;
  const local = Date.UTC(2000 + y, mo - 1, d, h, mi, sec);
  if (new Date(local).getUTCDate() !== d) return undefined;
  return { at: local - tz * 15 * 60_000, tz };
}
