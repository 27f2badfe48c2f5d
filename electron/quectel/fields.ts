// Field-level helpers shared by the Quectel parsers: split an information line into its
// parameters (quotes and parenthesised ranges kept whole), unquote, read integers. Pure.
import { fail, ok, problem, type Outcome } from '../../shared/outcome';

/** Splits 'a,"b,c",(0-5),d' at top-level commas; quotes and parentheses protect their commas. */
export function splitFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let depth = 0;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && !quoted && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export const isQuoted = (f: string): boolean => f.length >= 2 && f.startsWith('"') && f.endsWith('"');
export const unquote = (f: string): string => (isQuoted(f) ? f.slice(1, -1) : f);

export function toInt(f: string | undefined): number | undefined {
  if (f === undefined) return undefined;
  const t = f.trim();
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

/** The text after '+NAME:' when the line starts with it (case-insensitive), else undefined. */
export function afterPrefix(line: string, name: string): string | undefined {
  const t = line.trim();
  const p = `+${name}:`;
  return t.toUpperCase().startsWith(p.toUpperCase()) ? t.slice(p.length).trim() : undefined;
}

/** The information lines of a response that carry '+NAME:'; blank lines, echo and finals ignored. */
export function linesWith(lines: readonly string[], name: string): string[] {
  return lines.map((l) => afterPrefix(l, name)).filter((r): r is string => r !== undefined);
}

/** A parse failure as a Problem; parse problems share the 'parse.' code family. */
export function parseFail<T>(what: string, line: string, why: string): Outcome<T> {
  return fail(problem(`parse.${what}`, `Could not read the modem's ${what} answer.`, `${why}: ${JSON.stringify(line)}`, 'Check the module firmware (AT+QGMR) against the command reference; the line is kept in the log.'));
}

/** Parses a line with the given prefix into fields, failing with a Problem when the prefix is absent. */
export function fieldsOf(line: string, name: string, what: string): Outcome<string[]> {
  const rest = afterPrefix(line, name);
  if (rest === undefined) return parseFail(what, line, `expected +${name}:`);
  return ok(splitFields(rest));
}

/** Reads fields as integers; `minCount` fields must be present and integer. */
export function intFields(fields: readonly string[], minCount: number): number[] | undefined {
  if (fields.length < minCount) return undefined;
  const out: number[] = [];
  for (const f of fields) {
    const n = toInt(f);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

const encoder = new TextEncoder();
/** UTF-8 byte count, the unit of every Quectel length field (quirk 7). */
export const utf8Length = (s: string): number => encoder.encode(s).length;
export const utf8 = (s: string): Uint8Array => encoder.encode(s);
