// Field-level helpers of the Quectel parsers. Splitting, unquoting and integers come from
// shared/protocol/fields.ts (one implementation for both processes). Pure.
import { ok, type Outcome } from '../../shared/outcome';
import { afterPrefix, parseFail, splitFields, toInt } from '../../shared/protocol/fields';

export { afterPrefix, isQuoted, parseFail, splitFields, toInt, unquote } from '../../shared/protocol/fields';

/** The information lines of a response that carry '+NAME:'; blank lines, echo and finals ignored. */
export function linesWith(lines: readonly string[], name: string): string[] {
  return lines.map((l) => afterPrefix(l, name)).filter((r): r is string => r !== undefined);
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
/** UTF-8 byte count, the unit of every Quectel length field (protocol.md quirk 7). */
export const utf8Length = (s: string): number => encoder.encode(s).length;
export const utf8 = (s: string): Uint8Array => encoder.encode(s);
