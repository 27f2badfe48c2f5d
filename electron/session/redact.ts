// Secret-aware redaction of a journal, applied once before any export. Pure.
// Secrets are found by the marks the journal carries (set where they were born, see
// quectel/secrets.ts), by the same field detector for journals written before the marking
// (protocol.md §2.1.9 aliauth secret and its query echo, §2.4 QMTCONN password, signature-like user names,
// protocol.md §4.5 QFUPL uploads of key files, PEM private keys) and by exact string (configured extras, plus every secret found by field, so its other occurrences —
// an echo, a note, a pasted log — go too). Text and raw byte records get the same replacement.
import type { JournalRecord, LogEntry, SecretRange } from '../../shared/model';
import type { SessionModel } from '../../shared/exchanges';
import { SECRET_WORDS, isKeyFileName as isKeyFile, isSignatureLike, lineSecrets, mergeRanges as merge } from '../quectel/secrets';

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
  return exact.length === 0 ? merge(lineSecrets(text)) : secretRangesWith(text, matcherOf(exact));
}

/** Replaces every secret in `text` with «redacted». */
export function redactText(text: string, exact: readonly string[] = []): string {
  return exact.length === 0 ? replaceWith(text, merge(lineSecrets(text))) : redactWith(text, matcherOf(exact));
}

const matchers = new WeakMap<readonly string[], ExactMatcher>();
/** One matcher per hunt list: a list is redacted against many texts. */
function matcherOf(exact: readonly string[]): ExactMatcher {
  let m = matchers.get(exact);
  if (!m) matchers.set(exact, (m = new ExactMatcher(exact)));
  return m;
}

function secretRangesWith(text: string, matcher: ExactMatcher): Range[] {
  const ranges: Range[] = lineSecrets(text);
  matcher.collect(text, ranges);
  return ranges.length === 0 ? ranges : merge(ranges);
}

function redactWith(text: string, matcher: ExactMatcher): string {
  return replaceWith(text, secretRangesWith(text, matcher));
}

function replaceWith(text: string, ranges: readonly Range[]): string {
  if (ranges.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [a, b] of ranges) {
    out += text.slice(last, a) + REDACTED;
    last = b;
  }
  return out + text.slice(last);
}

/**
 * Finds every hunted string in a text: each string's occurrences, left to right and not
 * overlapping one another (as repeated indexOf finds them). One combined RegExp of the strings'
 * first MIN_EXACT characters answers first whether any of them may occur at all, so the many
 * texts holding none cost one scan (short alternatives scan several times faster than the whole
 * strings would).
 */
export class ExactMatcher {
  /** Length of the longest string hunted (0 when none). */
  readonly longest: number;
  private readonly strings: readonly string[];
  private readonly any: RegExp | undefined;

  constructor(strings: readonly string[]) {
    this.strings = strings.filter((s) => s.length >= MIN_EXACT);
    this.longest = this.strings.reduce((m, s) => Math.max(m, s.length), 0);
    const heads = new Set(this.strings.map((s) => s.slice(0, MIN_EXACT)));
    this.any = heads.size ? new RegExp([...heads].map((s) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|')) : undefined;
  }

  /** True when any hunted string occurs in `text`. */
  finds(text: string): boolean {
    if (!this.any || text.length < MIN_EXACT || !this.any.test(text)) return false;
    for (const s of this.strings) if (text.includes(s)) return true;
    return false;
  }

  /** Pushes the range of every occurrence into `into`. */
  collect(text: string, into: Range[]): void {
    if (!this.any || text.length < MIN_EXACT || !this.any.test(text)) return;
    for (const s of this.strings) for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length)) into.push([i, i + s.length]);
  }
}

/** Redacts a whole journal: structured events and raw byte records alike. */
export function redactRecords(records: readonly JournalRecord[], policy: RedactionPolicy = {}): JournalRecord[] {
  const collector = new SecretCollector(policy);
  for (const r of records) collector.add(r);
  const redactor = new RecordRedactor(collector.finish());
  const out: JournalRecord[] = [];
  for (const r of records) for (const safe of redactor.push(r)) out.push(safe);
  for (const safe of redactor.end()) out.push(safe);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Streaming redaction in two passes, each in memory bounded by a window of the wire, not by the
// session: the set of secrets is only known once the whole session was read (a password sent late
// may have been echoed earlier, in another encoding), so a first pass (SecretCollector) only
// collects them, and a second (RecordRedactor) replaces them as records go by.
//
// Raw byte records are read as two streams (tx, rx) because a secret may be split across two
// serial reads. Each stream is held as a window of pending bytes that is settled up to a "cut": a
// line start that no secret range crosses and no detector pattern can reach across (see
// isSafeCut). Detection over [window start, cut) then finds exactly what detection over the whole
// stream finds there, so the result is the same as reading the whole stream at once.

/** Bytes a stream window holds before it tries to settle; it doubles while no safe cut is found. */
export const REDACTION_WINDOW_BYTES = 1 << 14;
/** Records the redactor holds before it tries to settle both streams early (one direction may be quiet). */
const HELD_RECORDS = 2048;

/** What pass 1 found: the strings to hunt and their precompiled matcher. */
export interface SessionSecrets {
  /** Every secret with its encodings, longest first (utf8 text, as events hold it). */
  readonly exact: readonly string[];
  readonly matcher: ExactMatcher;
  /** The same strings as bytes (one latin1 char per byte), for the raw byte streams. */
  readonly matcherLatin1: ExactMatcher;
  /** The same strings and their JSON-escaped forms, for a record's journal line as written. */
  readonly matcherJson: ExactMatcher;
  /** Options for tests: a smaller window exercises the cuts. */
  readonly windowBytes: number;
}

/** Pass 1: collects every secret of a session, record by record. */
export class SecretCollector {
  private readonly found: Set<string>;
  private readonly streams: { tx: CollectWindow; rx: CollectWindow };

  constructor(
    private readonly policy: RedactionPolicy = {},
    private readonly windowBytes = REDACTION_WINDOW_BYTES,
  ) {
    this.found = new Set<string>(policy.extraSecrets ?? []);
    this.streams = { tx: new CollectWindow(this.found, true, policy.maskIds === true, windowBytes), rx: new CollectWindow(this.found, false, policy.maskIds === true, windowBytes) };
  }

  /**
   * Whether add() could find anything in the record of this plain journal line (one JSON object),
   * decided on the line as written, without parsing it: false only when no string of the record
   * can reach a detector. Kept: a byte record (each wire stream is read whole: a secret may be
   * split across reads), marks and sealed spans (their key is "secret"), any word the field
   * detector looks for first, any \u escape (it could spell such a word; no other JSON escape
   * can), and with maskIds a run of digits an identity could be.
   */
  readonly mayHold = (line: string): boolean =>
    line.includes('"bytes"') || line.includes('\\u') || SECRET_WORDS.test(line) || (this.policy.maskIds === true && /\d{14}/.test(line));

  add(r: JournalRecord): void {
    if ('bytes' in r) {
      const latin1 = atob(r.bytes);
      for (const [a, b] of r.secret ?? []) if (b > a) this.found.add(utf8FromLatin1(latin1.slice(Math.max(0, a), Math.min(latin1.length, b))));
      this.streams[r.dir].add(latin1);
      return;
    }
    const text = markedText(r.event);
    if (text !== undefined) for (const [a, b] of r.secret ?? []) if (b > a) this.found.add(text.slice(a, b));
    forEachString(r.event, (s) => collect(s, this.found));
    if (this.policy.maskIds) forEachString(r.event, (s) => collectIds(s, this.found));
  }

  finish(): SessionSecrets {
    this.streams.tx.end();
    this.streams.rx.end();
    return sessionSecrets(this.found, this.windowBytes);
  }
}

/** A JSON escape other than \" \\ \b \f \n \r \t: \uXXXX or \/ could spell a character another way. */
const ODD_ESCAPE = /\\[^"\\bfnrt]/;

/** The hunt list for these secrets, compiled once. */
export function sessionSecrets(found: Iterable<string>, windowBytes = REDACTION_WINDOW_BYTES): SessionSecrets {
  const exact = huntList(new Set(found));
  const json = new Set(exact);
  for (const e of exact) json.add(JSON.stringify(e).slice(1, -1));
  return { exact, matcher: new ExactMatcher(exact), matcherLatin1: new ExactMatcher(exact.map(latin1FromUtf8)), matcherJson: new ExactMatcher([...json]), windowBytes };
}

/** A record waiting in the redactor's queue; bytes records wait for their stream to settle. */
interface Queued {
  record: JournalRecord;
  /** The redacted latin1 bytes so far (a record may be settled in pieces). */
  out?: string;
  /** A secret range touched the bytes: they are re-encoded. */
  changed?: boolean;
  settled: boolean;
}

/** Pass 2: redacts records in order; push() returns those settled (bytes wait for a safe cut). */
export class RecordRedactor {
  private readonly queue: Queued[] = [];
  private head = 0;
  private readonly streams: { tx: RedactWindow; rx: RedactWindow };
  /** Most records held at once (queue and stream windows): for the memory-bound tests. */
  maxHeld = 0;
  private settleAt = HELD_RECORDS;

  private readonly dropBytes: boolean;

  /**
   * With `bytes: 'drop'`, byte records come out with no bytes at all (for exports that show only
   * the line events: the raw bytes would be redacted for nothing).
   */
  constructor(
    private readonly secrets: SessionSecrets,
    opts: { bytes?: 'redact' | 'drop' } = {},
  ) {
    this.streams = { tx: new RedactWindow(secrets, true), rx: new RedactWindow(secrets, false) };
    this.dropBytes = opts.bytes === 'drop';
  }

  /**
   * Whether the plain journal line of an event record (one JSON object, as written) shows that the
   * record holds nothing to redact, without looking into the record: its only escapes are those
   * JSON.stringify writes for ", \ and control characters (each character of a string then has
   * one spelling in the line, so any text inside a string appears in the line JSON-escaped); no
   * word the field detector starts from, and no marks (their key is "secret"); no hunted string,
   * plain or JSON-escaped. Such a record is passed as it is, and its line may be written for it.
   * Says nothing of a byte record's bytes (they are base64 in the line).
   */
  lineIsClean(line: string): boolean {
    return !ODD_ESCAPE.test(line) && !SECRET_WORDS.test(line) && !this.secrets.matcherJson.finds(line);
  }

  /** Records wait in the queue (behind byte records): push() of a clean event would then not return it at once. */
  get holding(): boolean {
    return this.queue.length > this.head;
  }

  /** `clean`: the record's journal line passed lineIsClean() (an event is then passed as it is; bytes are redacted all the same). */
  push(r: JournalRecord, clean = false): JournalRecord[] {
    if (clean && 'event' in r && this.queue.length === this.head) return [r];
    if ('bytes' in r) {
      if (this.dropBytes) return [{ seq: r.seq, mono: r.mono, wall: r.wall, dir: r.dir, bytes: '' }];
      const q: Queued = { record: r, settled: false };
      this.queue.push(q);
      this.streams[r.dir].add(q, atob(r.bytes), r.secret);
    } else if (this.queue.length === this.head) {
      return [this.redactEvent(r)]; // nothing waits before it: no queueing
    } else this.queue.push({ record: clean ? r : this.redactEvent(r), settled: true });
    const held = this.queue.length - this.head;
    if (held > this.maxHeld) this.maxHeld = held;
    if (held >= this.settleAt) {
      // A quiet direction holds the queue back: settle what it can now, not when its window fills.
      this.streams.tx.settle(false, true);
      this.streams.rx.settle(false, true);
      const out = this.drain();
      const left = this.queue.length - this.head;
      this.settleAt = left >= held / 2 ? held * 2 : HELD_RECORDS;
      return out;
    }
    return this.drain();
  }

  end(): JournalRecord[] {
    this.streams.tx.settle(true);
    this.streams.rx.settle(true);
    return this.drain();
  }

  /** The settled records at the head of the queue, in journal order. */
  private drain(): JournalRecord[] {
    const out: JournalRecord[] = [];
    while (this.head < this.queue.length && (this.queue[this.head] as Queued).settled) {
      const q = this.queue[this.head++] as Queued;
      out.push(q.changed ? bytesRecord(q.record, q.out ?? '') : withoutMarks(q.record));
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }

  /** An event record with its marked ranges and every hunted string replaced; marks dropped. */
  redactEvent(r: JournalRecord): JournalRecord {
    if ('bytes' in r) return r;
    const marks = r.secret;
    const event = mapStrings(withMarksReplaced(r.event, marks), (s) => redactWith(s, this.secrets.matcher));
    if (marks === undefined && !('secret' in r)) return event === r.event ? r : { ...r, event };
    const { secret: _marks, ...rest } = r;
    return { ...rest, event } as JournalRecord;
  }
}

/** The record with its bytes replaced and no marks. */
function bytesRecord(r: JournalRecord, latin1: string): JournalRecord {
  const { secret: _marks, ...rest } = r;
  return { ...rest, bytes: btoa(latin1) } as JournalRecord;
}

/** Redacted records carry no marks: they pointed into text that is gone. */
function withoutMarks(r: JournalRecord): JournalRecord {
  if (!('secret' in r)) return r;
  const { secret: _marks, ...rest } = r;
  return rest as JournalRecord;
}

/** Pass 1 over one direction of the wire: settles windows and collects what the detectors find. */
class CollectWindow {
  private text = '';
  private threshold: number;

  constructor(
    private readonly found: Set<string>,
    private readonly isTx: boolean,
    private readonly maskIds: boolean,
    private readonly windowBytes: number,
  ) {
    this.threshold = windowBytes;
  }

  add(latin1: string): void {
    this.text += latin1;
    if (this.text.length >= this.threshold) this.settle(false);
  }

  end(): void {
    this.settle(true);
  }

  private settle(final: boolean): void {
    const text = this.text;
    const uploads = this.isTx ? keyUploads(text) : { content: [], reach: [] };
    const keys = uploads.content;
    let cut = text.length;
    if (!final) {
      const found = findCut(text, merge([...uploads.reach, ...pemRanges(text)]), text.length);
      if (found === undefined) {
        this.threshold *= 2;
        return;
      }
      cut = found;
    }
    this.threshold = this.windowBytes;
    const part = text.slice(0, cut);
    for (const [a, b] of keys) if (b <= cut) addKeyContent(this.found, utf8FromLatin1(part.slice(a, b)));
    const decoded = utf8FromLatin1(part);
    collect(decoded, this.found);
    if (this.maskIds) collectIds(decoded, this.found);
    this.text = text.slice(cut);
  }
}

/** Pass 2 over one direction of the wire: the bytes of queued records, settled a window at a time. */
class RedactWindow {
  private text = '';
  /** Stream offset of text[0]. */
  private base = 0;
  private readonly spans: { q: Queued; from: number; to: number }[] = [];
  /** Marked byte ranges, in stream offsets. */
  private marked: Range[] = [];
  private threshold: number;
  private readonly margin: number;
  private readonly replacement = latin1FromUtf8(REDACTED);

  constructor(
    private readonly secrets: SessionSecrets,
    private readonly isTx: boolean,
  ) {
    this.threshold = secrets.windowBytes;
    this.margin = secrets.matcherLatin1.longest;
  }

  add(q: Queued, latin1: string, secret: readonly Range[] = []): void {
    const from = this.base + this.text.length;
    this.spans.push({ q, from, to: from + latin1.length });
    for (const [a, b] of secret) if (b > a) this.marked.push([from + Math.max(0, a), from + Math.min(latin1.length, b)]);
    this.text += latin1;
    if (this.text.length >= this.threshold + this.margin) this.settle(false);
  }

  settle(final: boolean, early = false): void {
    if (early && this.spans.length === 0) return;
    const text = this.text;
    const base = this.base;
    const uploads = this.isTx ? keyUploads(text) : { content: [], reach: [] };
    const ranges = merge([...secretRangesWith(text, this.secrets.matcherLatin1), ...uploads.content, ...this.marked.map(([a, b]): Range => [a - base, b - base])]);
    let cut = text.length;
    if (!final) {
      const found = findCut(text, uploads.reach.length ? merge([...ranges, ...uploads.reach]) : ranges, text.length - this.margin);
      if (found === undefined) {
        if (!early) this.threshold *= 2;
        return;
      }
      cut = found;
    }
    this.threshold = this.secrets.windowBytes;
    // Each span's piece in [base, base + cut): the replacement goes where a secret starts.
    let done = 0;
    let first = 0;
    for (const span of this.spans) {
      if (!final && span.from >= base + cut) break;
      const from = Math.max(span.from, base) - base;
      const to = Math.min(span.to, base + cut) - base;
      while (first < ranges.length && (ranges[first] as Range)[1] <= from) first++;
      const q = span.q;
      let s = '';
      let pos = from;
      for (let k = first; k < ranges.length && (ranges[k] as Range)[0] < to; k++) {
        const [a, b] = ranges[k] as Range;
        q.changed = true;
        if (a > pos) s += text.slice(pos, a);
        if (a + base >= span.from) s += this.replacement;
        pos = Math.max(pos, Math.min(b, to));
      }
      // A record settled in pieces keeps every piece; a whole one only when it changed.
      if (q.changed || span.from < base || span.to > base + cut) {
        if (pos < to) s += text.slice(pos, to);
        q.out = (q.out ?? '') + s;
      }
      if (span.to > base + cut) break;
      q.settled = true;
      done++;
    }
    this.spans.splice(0, done);
    this.text = text.slice(cut);
    this.base = base + cut;
    if (this.marked.length) this.marked = this.marked.filter(([, b]) => b > this.base);
  }
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

/**
 * AT+QFUPL uploads of key files in a tx stream: the bytes that follow each header (protocol.md
 * §4.5), and for settling a window, each header with the bytes it announces (no cut may separate
 * them, even before the bytes arrived).
 */
function keyUploads(text: string): { content: Range[]; reach: Range[] } {
  const content: Range[] = [];
  const reach: Range[] = [];
  if (!/qfupl/i.test(text)) return { content, reach };
  KEY_UPLOAD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEY_UPLOAD.exec(text))) {
    if (!isKeyFile(m[1] ?? '')) continue;
    const start = m.index + m[0].length;
    const end = Math.min(text.length, start + Number(m[2]));
    if (end > start) content.push([start, end]);
    reach.push([m.index, start + Number(m[2]) + 1]);
  }
  return { content, reach };
}

const PEM_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** PEM private key blocks (the detector's one multi-line pattern), an unterminated one to the end. */
function pemRanges(text: string): Range[] {
  const out: Range[] = [];
  if (text.indexOf('PRIVATE KEY') < 0) return out;
  PEM_BLOCK.lastIndex = 0;
  for (let m = PEM_BLOCK.exec(text); m; m = PEM_BLOCK.exec(text)) {
    if (m[0] === '') break;
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Whitespace for the detectors' \s, and any non-ASCII byte (it may be part of a Unicode space). */
const skippable = (c: number) => c === 32 || (c >= 9 && c <= 13) || c >= 0x80;
/**
 * Characters after or before which a detector pattern may continue over a line break: its \s* in
 * "password"\s*:\s*"…", QFUPL="k"\s*,\s*N, QMTCONN\s*=, EGMR\s*=\s*1\s*,…
 */
const joinsBefore = (c: number) => c === 58 /* : */ || c === 44 /* , */ || c === 61; /* = */
const joinsAfter = (c: number) => c === 34 /* " */ || c === 58 || c === 44 || c === 61;

/**
 * The latest line start (after \n, or after a \r not followed by \n: commands end with \r) at or before `maxCut` where `text` may be cut: not inside a secret range
 * (sorted, merged), and not where a detector's pattern could reach across the line break. Detection
 * over the text before it then equals detection over the whole stream there.
 */
function findCut(text: string, ranges: readonly Range[], maxCut: number): number | undefined {
  let k = ranges.length - 1;
  for (let p = Math.min(maxCut, text.length - 1); p > 0; p--) {
    const end = text.charCodeAt(p - 1);
    // After a line end, but never between \r and \n (an upload header's "\r\n?" would change).
    if ((end !== 10 && end !== 13) || (end === 13 && text.charCodeAt(p) === 10)) continue;
    while (k >= 0 && (ranges[k] as Range)[0] >= p) k--;
    if (k >= 0 && (ranges[k] as Range)[1] > p) continue; // inside a secret
    let before = p - 1;
    while (before >= 0 && skippable(text.charCodeAt(before))) before--;
    if (before >= 0 && joinsBefore(text.charCodeAt(before))) continue;
    let after = p;
    while (after < text.length && skippable(text.charCodeAt(after))) after++;
    if (after >= text.length || joinsAfter(text.charCodeAt(after))) continue;
    return p;
  }
  return undefined;
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
  else if (Array.isArray(v)) for (const x of v) forEachString(x, fn);
  else if (v && typeof v === 'object') for (const k in v) forEachString((v as Record<string, unknown>)[k], fn);
}

/** Fields holding enum words, never secrets: left alone so a password like "line" cannot break them. */
const ENUM_KEYS = new Set(['type', 'kind', 'dir', 'code']);

/** Maps every string inside `v`; returns `v` itself when nothing changed (most records). */
function mapStrings<T>(v: T, fn: (s: string) => string): T {
  if (typeof v === 'string') return fn(v) as T;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const y = mapStrings(v[i] as unknown, fn);
      if (y !== v[i]) (out ??= v.slice())[i] = y;
    }
    return (out ?? v) as T;
  }
  if (v && typeof v === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const k in v) {
      if (ENUM_KEYS.has(k) || !Object.prototype.hasOwnProperty.call(v, k)) continue;
      const x = (v as Record<string, unknown>)[k];
      const y = mapStrings(x, fn);
      if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
    }
    return (out ?? v) as T;
  }
  return v;
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
