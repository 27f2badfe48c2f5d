// Secret-aware redaction of a journal, applied once before any export. Pure.
// Secrets are found by the marks the journal carries (set where they were born, see
// quectel/secrets.ts), by the same field detector for journals written before the marking
// (protocol.md §2.1.9 aliauth secret and its query echo, §2.4 QMTCONN password, signature-like user names,
// protocol.md §4.5 QFUPL uploads of key files, PEM private keys) and by exact string (configured extras, plus every secret found by field, so its other occurrences —
// an echo, a note, a pasted log — go too). Text and raw byte records get the same replacement.
import type { JournalRecord, LogEntry, SecretRange } from '../../shared/model';
import type { SessionModel } from '../../shared/exchanges';
import { isKeyFileName as isKeyFile, isSignatureLike, lineSecrets, mergeRanges as merge } from '../quectel/secrets';

export const REDACTED = '«redacted»';

export interface RedactionPolicy {
  /** Exact strings that must never leave the machine (passwords typed elsewhere, tokens). */
  extraSecrets?: readonly string[];
  /** Also mask the device identities (IMEI, IMSI, ICCID), keeping their last 4 digits. */
  maskIds?: boolean;
}

/** Exact-string matching only for secrets at least this long: a 2-letter password would eat the log. */
const MIN_EXACT = 4;

type Range = SecretRange;

/** AT+QFUPL="client.key",1679,100 — the next <size> bytes the host sends are the file (protocol.md §4.5). */
const KEY_UPLOAD = /AT\+QFUPL="([^"\r\n]*)"\s*,\s*(\d+)[^\r\n]*\r\n?/gi;

export { isSignatureLike };

/** Secret ranges in `text`: field rules plus exact secrets. Sorted and merged. */
export function secretRanges(text: string, exact: readonly string[]): Range[] {
  const ranges: Range[] = lineSecrets(text);
  for (const s of exact) {
    if (s.length < MIN_EXACT) continue;
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length)) ranges.push([i, i + s.length]);
  }
  return merge(ranges);
}

/** Replaces every secret in `text` with «redacted». */
export function redactText(text: string, exact: readonly string[] = []): string {
  const ranges = secretRanges(text, exact);
  if (ranges.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [a, b] of ranges) {
    out += text.slice(last, a) + REDACTED;
    last = b;
  }
  return out + text.slice(last);
}

/** Redacts a whole journal: structured events and raw byte records alike. */
export function redactRecords(records: readonly JournalRecord[], policy: RedactionPolicy = {}): JournalRecord[] {
  const streams = { tx: new ByteStream(), rx: new ByteStream() };
  records.forEach((r, i) => {
    if ('bytes' in r) streams[r.dir].add(i, base64ToLatin1(r.bytes), r.secret);
  });
  // Pass 1: find secrets by field, so their exact strings can be hunted everywhere.
  const found = new Set<string>(policy.extraSecrets ?? []);
  const keyRanges = streams.tx.keyUploadRanges();
  for (const [a, b] of keyRanges) addKeyContent(found, utf8FromLatin1(streams.tx.text.slice(a, b)));
  for (const stream of [streams.tx, streams.rx]) for (const [a, b] of stream.marked) found.add(utf8FromLatin1(stream.text.slice(a, b)));
  for (const s of [streams.tx.text, streams.rx.text].map(utf8FromLatin1)) collect(s, found);
  for (const r of records) {
    if (!('event' in r)) continue;
    const text = markedText(r.event);
    if (text !== undefined) for (const [a, b] of r.secret ?? []) if (b > a) found.add(text.slice(a, b));
    forEachString(r.event, (s) => collect(s, found));
  }
  if (policy.maskIds) {
    for (const s of [streams.tx.text, streams.rx.text].map(utf8FromLatin1)) collectIds(s, found);
    for (const r of records) if ('event' in r) forEachString(r.event, (s) => collectIds(s, found));
  }
  const exact = huntList(found);
  const exactLatin1 = exact.map(latin1FromUtf8);
  // Pass 2: replace.
  const byteOut = new Map<number, string>();
  for (const [dir, stream] of Object.entries(streams)) {
    const extra = dir === 'tx' ? keyRanges : [];
    const ranges = merge([...secretRanges(stream.text, exactLatin1), ...extra, ...stream.marked]);
    for (const [index, latin1] of stream.rebuild(ranges, latin1FromUtf8(REDACTED))) byteOut.set(index, latin1);
  }
  // Redacted records carry no marks: they pointed into text that is gone.
  return records.map(({ secret: _marks, ...r }, i) => {
    if ('bytes' in r) {
      const latin1 = byteOut.get(i);
      return latin1 === undefined ? r : { ...r, bytes: latin1ToBase64(latin1) };
    }
    const event = mapStrings(withMarksReplaced(r.event, _marks), (s) => redactText(s, exact));
    return event === r.event ? r : { ...r, event };
  });
}

/**
 * The exact strings to hunt, longest first: every secret found, plus the encodings a copy of it
 * may take elsewhere in a session (a payload published as hex, a token in base64, a config pasted
 * as JSON or a URL), so none of them survives next to the redacted original.
 */
function huntList(found: ReadonlySet<string>): string[] {
  const all = new Set<string>();
  for (const s of found) {
    if (s.length < MIN_EXACT) continue;
    all.add(s);
    for (const form of encodedForms(s)) if (form.length >= MIN_EXACT) all.add(form);
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/** Lone surrogates as U+FFFD (String#toWellFormed): a mark cut mid-pair (a damaged journal) must not make encodeURIComponent throw. */
const wellFormed = (s: string): string => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

export function encodedForms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const b64 = btoa(latin1FromBytes(bytes));
  const forms = [hex, hex.toUpperCase(), b64, b64.replace(/=+$/, ''), JSON.stringify(secret).slice(1, -1), encodeURIComponent(wellFormed(secret)), ...base64Cores(bytes)];
  return forms.filter((f) => f !== secret);
}

/** Shortest base64 core worth hunting: shorter ones would match unrelated text. */
const MIN_BASE64_CORE = 8;

/**
 * The secret inside a longer base64 text (a JSON config or a key file encoded whole): at each of
 * the three byte alignments, the characters that only the secret's bytes decide.
 */
function base64Cores(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let lead = 1; lead <= 2; lead++) {
    const padded = new Uint8Array(lead + bytes.length);
    padded.set(bytes, lead);
    const enc = btoa(latin1FromBytes(padded)).replace(/=+$/, '');
    // The first group of 4 characters mixes the lead bytes in; a last partial group, the bytes after.
    const whole = Math.floor(padded.length / 3) * 4;
    const core = enc.slice(4, whole);
    if (core.length >= MIN_BASE64_CORE) out.push(core);
  }
  const whole = Math.floor(bytes.length / 3) * 4;
  const core = btoa(latin1FromBytes(bytes)).slice(0, whole);
  if (core.length >= MIN_BASE64_CORE) out.push(core);
  return out;
}

function latin1FromBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/**
 * Device identities in `text` (AT+CGSN/AT+GSN IMEI, AT+CIMI IMSI, AT+QCCID/+CCID ICCID, an IMEI
 * written with AT+EGMR): what goes into the hunt is the identity without its last 4 digits, so the
 * masked copy still tells two devices apart.
 */
function collectIds(text: string, into: Set<string>): void {
  if (!/\d{14}/.test(text)) return;
  const answer = /(?:^|[\r\n>])[ \t]*(?:\+(?:CGSN|GSN|QGSN|CIMI|QCCID|CCID|ICCID):[ \t]*)?"?(\d{14,20}[A-F]?)"?[ \t]*(?=$|[\r\n<])/gi;
  const written = /\+EGMR\s*=\s*1\s*,\s*7\s*,\s*"(\d{14,16})"/gi;
  for (const re of [answer, written]) for (const m of text.matchAll(re)) if (m[1]) into.add(m[1].slice(0, -4));
}

function collect(text: string, into: Set<string>): void {
  for (const [a, b] of secretRanges(text, [])) {
    const s = text.slice(a, b);
    into.add(s);
    if (s.startsWith('-----BEGIN')) addKeyContent(into, s);
  }
}

/** A key file is also hunted line by line: a log may show it split into lines. */
function addKeyContent(into: Set<string>, content: string): void {
  into.add(content);
  for (const line of content.split(/\r?\n/)) if (line.trim().length >= 16 && !line.startsWith('-----')) into.add(line.trim());
}

/** One direction of the wire as a latin1 string (one char per byte) with each record's span. */
class ByteStream {
  text = '';
  /** Byte ranges the journal marked secret, in stream offsets. */
  readonly marked: Range[] = [];
  private readonly spans: { index: number; from: number; to: number }[] = [];

  add(index: number, latin1: string, secret: readonly Range[] = []): void {
    const from = this.text.length;
    this.spans.push({ index, from, to: from + latin1.length });
    for (const [a, b] of secret) if (b > a) this.marked.push([from + Math.max(0, a), from + Math.min(latin1.length, b)]);
    this.text += latin1;
  }

  keyUploadRanges(): Range[] {
    const out: Range[] = [];
    KEY_UPLOAD.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = KEY_UPLOAD.exec(this.text))) {
      if (!isKeyFile(m[1] ?? '')) continue;
      const start = m.index + m[0].length;
      const end = Math.min(this.text.length, start + Number(m[2]));
      if (end > start) out.push([start, end]);
    }
    return out;
  }

  /** Records whose bytes change: the replacement goes where a secret starts, the rest is dropped. */
  rebuild(ranges: readonly Range[], replacement: string): [number, string][] {
    const out: [number, string][] = [];
    if (ranges.length === 0) return out;
    let first = 0; // ranges and spans are both in stream order: walk them together
    for (const span of this.spans) {
      while (first < ranges.length && (ranges[first] as Range)[1] <= span.from) first++;
      const touching: Range[] = [];
      for (let k = first; k < ranges.length && (ranges[k] as Range)[0] < span.to; k++) touching.push(ranges[k] as Range);
      if (touching.length === 0) continue;
      let s = '';
      let pos = span.from;
      for (const [a, b] of touching) {
        if (a > pos) s += this.text.slice(pos, a);
        if (a >= span.from) s += replacement;
        pos = Math.max(pos, Math.min(b, span.to));
      }
      s += this.text.slice(pos, span.to);
      out.push([span.index, s]);
    }
    return out;
  }
}

/** The text an event record's marks refer to: a line's text, a command's command. */
function markedText(e: object): string | undefined {
  if ('text' in e && typeof e.text === 'string') return e.text;
  if ('command' in e && typeof e.command === 'string') return e.command;
  return undefined;
}

/** The event with its marked ranges replaced (marks hold even for secrets too short to hunt). */
function withMarksReplaced<T extends object>(e: T, secret: readonly Range[] | undefined): T {
  if (!secret?.length) return e;
  const text = markedText(e);
  if (text === undefined) return e;
  const key = 'text' in e && typeof e.text === 'string' ? 'text' : 'command';
  return { ...e, [key]: replaceRanges(text, secret) };
}

function replaceRanges(text: string, ranges: readonly Range[]): string {
  let out = '';
  let last = 0;
  for (const [a, b] of merge(ranges)) {
    if (a < last || a >= text.length) continue;
    out += text.slice(last, a) + REDACTED;
    last = Math.min(b, text.length);
  }
  return out + text.slice(last);
}

function forEachString(v: unknown, fn: (s: string) => void): void {
  if (typeof v === 'string') fn(v);
  else if (Array.isArray(v)) v.forEach((x) => forEachString(x, fn));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => forEachString(x, fn));
}

/** Fields holding enum words, never secrets: left alone so a password like "line" cannot break them. */
const ENUM_KEYS = new Set(['type', 'kind', 'dir', 'code']);

/** Maps every string inside `v`; returns `v` itself when nothing changed (most records). */
function mapStrings<T>(v: T, fn: (s: string) => string): T {
  if (typeof v === 'string') return fn(v) as T;
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((x) => {
      const y = mapStrings(x, fn);
      if (y !== x) changed = true;
      return y;
    });
    return (changed ? out : v) as T;
  }
  if (v && typeof v === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      if (ENUM_KEYS.has(k)) continue;
      const y = mapStrings(x, fn);
      if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
    }
    return (out ?? v) as T;
  }
  return v;
}

function base64ToLatin1(b64: string): string {
  return atob(b64);
}

function latin1ToBase64(latin1: string): string {
  return btoa(latin1);
}

function latin1FromUtf8(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) out += String.fromCharCode(b);
  return out;
}

function utf8FromLatin1(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/**
 * Redacts an already grouped session (what a live session holds): entry texts and every string of
 * the exchanges. A tx line that follows AT+QFUPL of a key file inside its exchange is the file
 * itself and goes whole.
 */
export function redactModel(model: SessionModel, policy: RedactionPolicy = {}): SessionModel {
  const found = new Set<string>(policy.extraSecrets ?? []);
  const upload = new Set<number>();
  for (const x of model.exchanges) {
    const m = /^AT\+QFUPL="([^"]*)"/i.exec(x.command);
    if (!m || !isKeyFile(m[1] ?? '')) continue;
    for (const i of x.entries.slice(1)) {
      const e = model.entries[i];
      if (e?.dir === 'tx' && e.kind !== 'command') upload.add(i);
      else if (e?.dir === 'tx' && !/^AT/i.test(e.text)) upload.add(i);
    }
  }
  for (const e of model.entries) {
    if (upload.has(e.index)) addKeyContent(found, e.text);
    else collect(e.text, found);
    for (const [a, b] of e.secret ?? []) if (b > a) found.add(e.text.slice(a, b));
    if (policy.maskIds) collectIds(e.text, found);
  }
  const exact = huntList(found);
  // A redacted entry carries no marks: they pointed into the text that is gone.
  const clean = ({ secret: _marks, ...e }: LogEntry): LogEntry => e;
  return {
    entries: model.entries.map((e) =>
      upload.has(e.index) ? { ...clean(e), text: REDACTED } : { ...clean(e), text: redactText(replaceRanges(e.text, e.secret ?? []), exact) },
    ),
    exchanges: model.exchanges.map((x) => mapStrings(x, (s) => redactText(s, exact))),
  };
}
