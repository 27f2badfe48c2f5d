// Secrets sealed at rest: the journal keeps every byte, but each secret span of a record is stored
// encrypted (AES-256-GCM, a fresh nonce per span) with a key kept outside the journals folder
// (session/key-store.ts). The sealed record is an ordinary record whose secret spans hold a
// placeholder (the view mask) and whose `sealed` list holds the ciphertexts:
//   sealed: [field, at, blob][]
//     field  'b' the bytes, 't' the event's text, 'c' its command, 'o.<path>' a text of its
//            outcome ('o.lines.2', 'o.problem.title': a timed-out command's title names it)
//     at     where the placeholder sits in the sealed field (bytes: byte offset; texts: chars)
//     blob   "<key id>.<base64 of nonce ‖ ciphertext ‖ tag>", the key id authenticated with it
// A reader without the key drops `sealed` and gets a well-formed record with placeholders (its
// `secret` ranges cover them, so views and exports mask them as before); a reader with the key
// puts the exact bytes back. A span whose key is unknown or whose blob fails authentication stays
// a placeholder: a journal copied to another machine opens, and reveals nothing. Pure but for the
// random nonces.
import crypto from 'node:crypto';
import type { JournalRecord, SecretRange } from '../../shared/model';
import { SECRET_MASK } from '../../shared/mask';
import { lineSecrets, mergeRanges } from '../quectel/secrets';

/** What a sealed span stands in for: the view mask, so an unkeyed reader shows what a view would. */
export const SEALED_PLACEHOLDER = SECRET_MASK;
const PLACEHOLDER_BYTES = Buffer.from(SEALED_PLACEHOLDER, 'utf8');
const FORMAT = 'mmw-seal-1';

export type SealedField = 'b' | 't' | 'c' | `o.${string}`;
export type SealedSpan = [field: SealedField, at: number, blob: string];
export type SealedRecord = JournalRecord & { sealed?: SealedSpan[] };

/** A 32-byte AES-256 key and its id (a fingerprint that tells which key sealed a span, and nothing of it). */
export interface SealKey {
  readonly id: string;
  readonly key: Buffer;
}

export function sealKey(key: Buffer): SealKey {
  if (key.length !== 32) throw new RangeError(`a seal key is 32 bytes, not ${key.length}`);
  const id = crypto.createHash('sha256').update(FORMAT).update(key).digest('hex').slice(0, 12);
  return { id, key: Buffer.from(key) };
}

const aad = (id: string) => Buffer.from(`${FORMAT}:${id}`, 'utf8');

export function sealBytes(k: SealKey, clear: Buffer): string {
  const nonce = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', k.key, nonce);
  c.setAAD(aad(k.id));
  const body = Buffer.concat([c.update(clear), c.final()]);
  return `${k.id}.${Buffer.concat([nonce, body, c.getAuthTag()]).toString('base64')}`;
}

/** The clear bytes of a blob, or undefined (another key, damaged, forged). */
export function unsealBytes(keys: readonly SealKey[], blob: string): Buffer | undefined {
  if (typeof blob !== 'string') return undefined;
  const dot = blob.indexOf('.');
  const k = keys.find((x) => x.id === blob.slice(0, dot));
  if (!k) return undefined;
  const raw = Buffer.from(blob.slice(dot + 1), 'base64');
  if (raw.length < 28) return undefined;
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', k.key, raw.subarray(0, 12));
    d.setAAD(aad(k.id));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]);
  } catch {
    return undefined;
  }
}

/** A field's spans replaced by placeholders: the sealed text and where each placeholder went. */
function sealField(clear: Buffer, ranges: readonly SecretRange[], k: SealKey, field: SealedField, placeholder: Buffer, unit: (b: Buffer) => number): { sealed: Buffer; spans: SealedSpan[]; placed: SecretRange[] } {
  const parts: Buffer[] = [];
  const spans: SealedSpan[] = [];
  const placed: SecretRange[] = [];
  let last = 0;
  let at = 0;
  for (const [a, b] of ranges) {
    const from = Math.max(last, Math.min(a, clear.length));
    const to = Math.min(b, clear.length);
    if (to <= from) continue;
    parts.push(clear.subarray(last, from));
    at += unit(clear.subarray(last, from));
    spans.push([field, at, sealBytes(k, clear.subarray(from, to))]);
    placed.push([at, at + unit(placeholder)]);
    parts.push(placeholder);
    at += unit(placeholder);
    last = to;
  }
  parts.push(clear.subarray(last));
  return { sealed: Buffer.concat(parts), spans, placed };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Ranges of a text clipped to it, widened so none cuts a surrogate pair (each span is sealed as
 * UTF-8, which half a pair does not survive), and merged.
 */
function textRanges(text: string, ranges: readonly SecretRange[]): SecretRange[] {
  const n = text.length;
  const cutsPair = (i: number) => i > 0 && i < n && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
  return mergeRanges(ranges.map(([a, b]): SecretRange => [Math.min(a, n), Math.min(b, n)]).map(([a, b]): SecretRange => [cutsPair(a) ? a - 1 : a, cutsPair(b) ? b + 1 : b]));
}

// Ranges of a text are offsets in JS characters: the text is cut in characters and each cut
// sealed as UTF-8.
function sealText(text: string, ranges: readonly SecretRange[], k: SealKey, field: SealedField): { text: string; spans: SealedSpan[]; placed: SecretRange[] } {
  let out = '';
  const spans: SealedSpan[] = [];
  const placed: SecretRange[] = [];
  let last = 0;
  for (const [from, to] of textRanges(text, ranges)) {
    if (to <= from) continue;
    out += text.slice(last, from);
    spans.push([field, out.length, sealBytes(k, Buffer.from(text.slice(from, to), 'utf8'))]);
    placed.push([out.length, out.length + SEALED_PLACEHOLDER.length]);
    out += SEALED_PLACEHOLDER;
    last = to;
  }
  return { text: out + text.slice(last), spans, placed };
}

/** `o` with `f` applied to each string inside it (by its path); the same object when nothing changed. */
export function mapStrings(o: unknown, f: (s: string, path: string) => string, path: string): unknown {
  if (typeof o === 'string') return f(o, path);
  if (typeof o !== 'object' || o === null) return o;
  // Copied only once something in it changes: every command's outcome passes here as it is
  // journaled, and almost none holds a secret.
  if (Array.isArray(o)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < o.length; i++) {
      if (!(i in o)) continue;
      const v: unknown = o[i];
      const n = mapStrings(v, f, `${path}.${i}`);
      if (n !== v) (out ??= o.slice())[i] = n;
    }
    return out ?? o;
  }
  let out: Record<string, unknown> | undefined;
  const obj = o as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const n = mapStrings(v, f, `${path}.${k}`);
    if (n !== v) (out ??= Object.fromEntries(Object.entries(obj)))[k] = n;
  }
  return out ?? o;
}

/**
 * The record as stored: each secret range of its main field (bytes, text or command, as marked in
 * `secret`) and each secret in a text of its outcome (answer lines, a problem naming the command)
 * sealed. A record with nothing secret is returned as is.
 */
export function sealRecord(r: JournalRecord, k: SealKey): SealedRecord {
  const ranges = r.secret ? mergeRanges(r.secret) : [];
  if ('bytes' in r) {
    if (ranges.length === 0) return r;
    const s = sealField(Buffer.from(r.bytes, 'base64'), ranges, k, 'b', PLACEHOLDER_BYTES, (b) => b.length);
    if (s.spans.length === 0) return r;
    return { ...r, bytes: s.sealed.toString('base64'), secret: s.placed, sealed: s.spans };
  }
  const e = r.event as unknown as Record<string, unknown>;
  const spans: SealedSpan[] = [];
  let event = e;
  let secret: SecretRange[] | undefined;
  const main: 't' | 'c' | undefined = typeof e.text === 'string' ? 't' : typeof e.command === 'string' ? 'c' : undefined;
  if (main && ranges.length) {
    const key = main === 't' ? 'text' : 'command';
    const s = sealText(e[key] as string, ranges, k, main);
    if (s.spans.length) {
      event = { ...event, [key]: s.text };
      spans.push(...s.spans);
      secret = s.placed;
    }
  }
  if (e.outcome !== undefined) {
    const outcome = mapStrings(e.outcome, (text, path) => {
      const found = lineSecrets(text);
      if (found.length === 0) return text;
      const sealed = sealText(text, found, k, path as SealedField);
      spans.push(...sealed.spans);
      return sealed.text;
    }, 'o');
    if (outcome !== e.outcome) event = { ...event, outcome };
  }
  if (spans.length === 0) return r;
  const out = { ...r, event, sealed: spans } as SealedRecord;
  if (secret) out.secret = secret;
  return out;
}

const isSpans = (v: unknown): v is SealedSpan[] =>
  Array.isArray(v) && v.every((s) => Array.isArray(s) && s.length === 3 && (s[0] === 'b' || s[0] === 't' || s[0] === 'c' || (typeof s[0] === 'string' && s[0].startsWith('o.'))) && Number.isSafeInteger(s[1]) && s[1] >= 0 && typeof s[2] === 'string');

/** Puts clear text back into one field; spans that do not open stay placeholders. */
function openField(sealed: Buffer, spans: readonly SealedSpan[], keys: readonly SealKey[], placeholder: Buffer, offsetOf: (sealed: Buffer, at: number) => number, unit: (b: Buffer) => number): { clear: Buffer; ranges: SecretRange[] } {
  const parts: Buffer[] = [];
  const ranges: SecretRange[] = [];
  let last = 0;
  let clearUnits = 0;
  for (const [, at, blob] of [...spans].sort((x, y) => x[1] - y[1])) {
    const from = offsetOf(sealed, at);
    if (from < last || from + placeholder.length > sealed.length || !sealed.subarray(from, from + placeholder.length).equals(placeholder)) continue;
    const opened = unsealBytes(keys, blob);
    const before = sealed.subarray(last, from);
    parts.push(before);
    clearUnits += unit(before);
    const piece = opened ?? placeholder;
    parts.push(piece);
    ranges.push([clearUnits, clearUnits + unit(piece)]);
    clearUnits += unit(piece);
    last = from + placeholder.length;
  }
  parts.push(sealed.subarray(last));
  return { clear: Buffer.concat(parts), ranges };
}

const byteOffset = (_b: Buffer, at: number) => at;
const charUnits = (b: Buffer) => b.toString('utf8').length;

function openText(text: string, spans: readonly SealedSpan[], keys: readonly SealKey[]): { text: string; ranges: SecretRange[] } {
  // Char offsets to byte offsets of the UTF-8 form.
  const charToByte = (_b: Buffer, at: number) => Buffer.byteLength(text.slice(0, at), 'utf8');
  const s = openField(Buffer.from(text, 'utf8'), spans, keys, PLACEHOLDER_BYTES, charToByte, charUnits);
  return { text: s.clear.toString('utf8'), ranges: s.ranges };
}

/**
 * The record as read: with `keys`, each sealed span opened back to its exact bytes (and `secret`
 * on the clear field); without (or with the wrong ones), placeholders. Never throws; a record with
 * no `sealed` list (old journals, clear secrets) is returned unchanged.
 */
export function unsealRecord(r: JournalRecord, keys: readonly SealKey[] = []): JournalRecord {
  if (!('sealed' in r)) return r;
  const { sealed, ...rest } = r as SealedRecord;
  if (!isSpans(sealed) || keys.length === 0) return rest as JournalRecord;
  if ('bytes' in rest) {
    const spans = sealed.filter((s) => s[0] === 'b');
    const o = openField(Buffer.from(rest.bytes, 'base64'), spans, keys, PLACEHOLDER_BYTES, byteOffset, (b) => b.length);
    return withSecret({ ...rest, bytes: o.clear.toString('base64') }, rest.secret, o.ranges);
  }
  const e = rest.event as unknown as Record<string, unknown>;
  let event = e;
  let ranges: SecretRange[] | undefined;
  for (const [field, key] of [['t', 'text'], ['c', 'command']] as const) {
    const spans = sealed.filter((s) => s[0] === field);
    if (spans.length && typeof e[key] === 'string') {
      const o = openText(e[key] as string, spans, keys);
      event = { ...event, [key]: o.text };
      ranges = o.ranges;
    }
  }
  const outcomeSpans = sealed.filter((sp) => sp[0].startsWith('o.'));
  if (e.outcome !== undefined && outcomeSpans.length) {
    const outcome = mapStrings(e.outcome, (text, path) => {
      const spans = outcomeSpans.filter((sp) => sp[0] === path);
      return spans.length ? openText(text, spans, keys).text : text;
    }, 'o');
    event = { ...event, outcome };
  }
  return withSecret({ ...rest, event } as JournalRecord, rest.secret, ranges);
}

/** The opened record's marks: the clear spans in place of the placeholder ranges. */
function withSecret(r: JournalRecord, stored: SecretRange[] | undefined, opened: SecretRange[] | undefined): JournalRecord {
  if (!stored || !opened) return r;
  return { ...r, secret: opened };
}
