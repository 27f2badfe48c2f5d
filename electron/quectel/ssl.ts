// Builders and parsers of AT+QSSLCFG, the options of an SSL context 0–5 (protocol.md §4.4): write
// 'AT+QSSLCFG="<opt>",<ctx>,<value>' → OK; query 'AT+QSSLCFG="<opt>",<ctx>' →
// '+QSSLCFG: "<opt>",<ctx>,<value>'. "ciphersuite" goes unquoted (protocol.md quirk 9); file names quoted.
// Pure, like commands.ts.
import { ok, type Outcome } from '../../shared/outcome';
import type { SslContextSettings } from '../../shared/modem-tls';
import type { AtRequest } from '../at/types';
import { checkFileName } from './files';
import { fieldsOf, isQuoted, parseFail, toInt, unquote } from './fields';

/** Each option: its wire name, the settings field it fills, and how its value is written. */
export const QSSLCFG_OPTIONS = [
  { option: 'sslversion', field: 'sslVersion', kind: 'int', min: 0, max: 4 },
  { option: 'ciphersuite', field: 'cipherSuite', kind: 'hex' },
  { option: 'seclevel', field: 'seclevel', kind: 'int', min: 0, max: 2 },
  { option: 'cacert', field: 'cacert', kind: 'file' },
  { option: 'clientcert', field: 'clientcert', kind: 'file' },
  { option: 'clientkey', field: 'clientkey', kind: 'file' },
  { option: 'ignorelocaltime', field: 'ignoreLocalTime', kind: 'int', min: 0, max: 1 },
  { option: 'negotiatetime', field: 'negotiateTimeS', kind: 'int', min: 10, max: 300 },
  { option: 'sni', field: 'sni', kind: 'int', min: 0, max: 1 },
] as const satisfies ReadonlyArray<{ option: string; field: keyof SslContextSettings; kind: 'int' | 'hex' | 'file'; min?: number; max?: number }>;

export type QsslcfgOption = (typeof QSSLCFG_OPTIONS)[number]['option'];
type OptionRow = (typeof QSSLCFG_OPTIONS)[number];

const rowOf = (option: string): OptionRow | undefined => QSSLCFG_OPTIONS.find((r) => r.option === option);

function checkCtx(ctx: unknown): number {
  if (typeof ctx !== 'number' || !Number.isInteger(ctx) || ctx < 0 || ctx > 5) throw new TypeError(`"ctx" must be an integer 0–5, got ${String(ctx)}`);
  return ctx;
}

/** '0XFFFF', '0x35' → '0X0035'-style upper case as the reference prints it; anything else throws. */
export function normaliseCipherSuite(v: string): string {
  const m = /^0[xX]([0-9a-fA-F]{1,4})$/.exec(v.trim());
  if (!m?.[1]) throw new TypeError(`"cipherSuite" must be hex like 0XFFFF, got ${v}`);
  return `0X${m[1].toUpperCase().padStart(4, '0')}`;
}

/** AT+QSSLCFG="<opt>",<ctx>,<value> (write). */
export function buildQsslcfg(option: QsslcfgOption, ctx: number, value: number | string): AtRequest {
  const row = rowOf(option);
  if (!row) throw new TypeError(`"option" must be one of ${QSSLCFG_OPTIONS.map((r) => r.option).join(', ')}`);
  checkCtx(ctx);
  let v: string;
  if (row.kind === 'int') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < row.min || value > row.max) throw new TypeError(`"${option}" must be an integer ${row.min}–${row.max}, got ${String(value)}`);
    v = String(value);
  } else if (row.kind === 'hex') {
    // Unquoted: the quoted form is refused with ERROR on at least one family (protocol.md quirk 9).
    v = normaliseCipherSuite(String(value));
  } else {
    v = `"${checkFileName(String(value))}"`;
  }
  return { text: `AT+QSSLCFG="${option}",${ctx},${v}`, expect: { kind: 'none' } };
}

/** AT+QSSLCFG="<opt>",<ctx> (query): answered '+QSSLCFG: "<opt>",<ctx>,<value>' (protocol.md quirk 10). */
export function buildQsslcfgQuery(option: QsslcfgOption, ctx: number): AtRequest {
  if (!rowOf(option)) throw new TypeError(`"option" must be one of ${QSSLCFG_OPTIONS.map((r) => r.option).join(', ')}`);
  return { text: `AT+QSSLCFG="${option}",${checkCtx(ctx)}`, expect: { kind: 'single', prefix: '+QSSLCFG:' } };
}

/** The writes that set the given settings, in the table's order (sslversion first, sni last). */
export function buildQsslcfgWrites(ctx: number, s: SslContextSettings): AtRequest[] {
  const out: AtRequest[] = [];
  for (const row of QSSLCFG_OPTIONS) {
    const v = s[row.field];
    if (v !== undefined) out.push(buildQsslcfg(row.option, ctx, v));
  }
  return out;
}

export interface QsslcfgValue {
  option: string;
  ctx: number;
  /** The settings field the option fills and its value (numbers for int options, strings otherwise). */
  field?: keyof SslContextSettings;
  value: number | string;
}

/**
 * '+QSSLCFG: "seclevel",2,1' → {option, ctx, value}. Tolerates a quoted cipher suite and a file
 * name without quotes (firmware differ, protocol.md quirk 9).
 */
export function parseQsslcfgQuery(line: string): Outcome<QsslcfgValue> {
  const f = fieldsOf(line, 'QSSLCFG', 'QSSLCFG query');
  if (!f.ok) return f;
  const [optField, ctxField, ...rest] = f.value;
  if (!optField || !isQuoted(optField)) return parseFail('QSSLCFG query', line, 'option name missing');
  const option = unquote(optField).toLowerCase();
  const ctx = toInt(ctxField);
  if (ctx === undefined || rest.length === 0) return parseFail('QSSLCFG query', line, 'expected "<option>",<ctx>,<value>');
  const raw = unquote(rest.join(',').trim());
  const row = rowOf(option);
  if (!row) return ok({ option, ctx, value: raw });
  if (row.kind === 'int') {
    const n = toInt(raw);
    if (n === undefined) return parseFail('QSSLCFG query', line, `"${option}" expects a number`);
    return ok({ option, ctx, field: row.field, value: n });
  }
  return ok({ option, ctx, field: row.field, value: row.kind === 'hex' ? raw.toUpperCase() : raw });
}

/** Settings from the query lines of one context (lines of other contexts or options are ignored). */
export function settingsFromQueries(ctx: number, lines: readonly string[]): SslContextSettings {
  const s: Record<string, number | string> = {};
  for (const l of lines) {
    const r = parseQsslcfgQuery(l);
    if (r.ok && r.value.ctx === ctx && r.value.field) s[r.value.field] = r.value.value;
  }
  return s as SslContextSettings;
}
