// The compact journal encoding: one JSON array per line, decoded back to full JournalRecords by a
// stateful reader. Pure: no I/O. Plain journal lines are JSON objects, compact ones JSON arrays, so
// a reader tells them apart line by line.
//
// Why it is small (a +QMTRECV flood used to cost ~10× the bytes received):
//   - seq is implicit (one more than the previous record); times are deltas (mono in µs, wall in
//     ms), left out when zero;
//   - bytes are written as JSON text when they are UTF-8 (base64 only otherwise);
//   - an event's `at` is left out when it is the record's own time;
//   - a `line` event whose text is inside a recent byte record of its direction refers to it
//     ([records back, offset, length]) instead of repeating it; a `urc` event right after its
//     `line` event says only "the same text".
// Line forms (N = optional leading numbers: [] no time change, [dMonoUs], [dMonoUs, dWallMs]):
//   ["K", seq, monoUs, wallMs]        keyframe: sets seq and time; written first, on reopening and
//                                     every KEYFRAME_EVERY records, so a damaged line costs at most
//                                     the records up to the next keyframe
//   [N…, "r"|"t", text]               rx/tx bytes as UTF-8 text
//   [N…, "rb"|"tb", base64]           rx/tx bytes that are not UTF-8
//   [N…, "L", dirKind, text|ref, commandId?]   line event ("ru" = rx urc, "tc" = tx command …)
//   [N…, "U", text?|0, name?]         urc event (no text: the previous line event's text)
//   [N…, "E", event]                  any other event, `at` left out when it is the record's time
//   ["P", pid]                        the process that opened the journal for writing (no record):
//                                     a journal without ["Z"] whose writer still runs is in use
//   ["Z"]                             clean close (no record): a journal ending without it crashed
// A tag ending in "$" carries the record's secret ranges as its last element; one ending in "&"
// (after any "$") carries the record's sealed secret spans (session/seal.ts) after them. Texts and
// bytes of a sealed record hold placeholders: references and "the same text" compare those.
// Times are kept to the microsecond: the writer rounds them so the record it returns is the one
// read back.
import { isUtf8 } from 'node:buffer';
import type { JournalRecord, LineKind } from '../../shared/model';

export const KEYFRAME_EVERY = 64;
/** Record lines a `line` event may refer back to (per direction). */
const RECENT_BYTES = 4;
/** Shorter texts are cheaper written out than referred to. */
const MIN_REF_LENGTH = 8;

const KIND_CODES: Record<LineKind, string> = { command: 'c', echo: 'e', response: 's', final: 'f', urc: 'u', prompt: 'p', raw: 'w' };
const KIND_BY_CODE = Object.fromEntries(Object.entries(KIND_CODES).map(([k, v]) => [v, k as LineKind])) as Record<string, LineKind>;
/** Event types whose `at` the compact form may leave out (the record's time restores it). */
const TIMED_EVENTS = new Set(['command-started', 'command-ended', 'line', 'urc', 'port-closed']);

/** The short forms hold these fields only; an event with more (a newer version's) is written whole. */
const LINE_KEYS = new Set(['type', 'dir', 'kind', 'text', 'commandId', 'at']);
const URC_KEYS = new Set(['type', 'name', 'text', 'at']);
const onlyKeys = (o: object, keys: Set<string>): boolean => {
  for (const k in o) if (Object.hasOwn(o, k) && !keys.has(k)) return false;
  return true;
};
/**
 * JSON of the event without its `at` (the reader restores it from the record's time). An engine
 * event has `at` as its last key: its JSON is then the event's own with the at's text cut off the
 * end (no copy of the event without it, the costly part). The text cut can only be the top-level
 * key's: a quote right after a comma is outside any string, and a nested `at` would leave more
 * closing braces after its value than the one the tail has.
 */
function jsonWithoutAt(e: object): string {
  const json = JSON.stringify(e);
  const tail = `,"at":${JSON.stringify((e as { at?: unknown }).at)}}`;
  if (json.endsWith(tail)) return `${json.slice(0, json.length - tail.length)}}`;
  const { at: _at, ...rest } = e as { at?: unknown };
  return JSON.stringify(rest);
}
/** A number as JSON.stringify writes it (null when not finite). */
const jsonNumber = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** Rounds a time to the microsecond, the journal's resolution. */
export const toMicros = (ms: number): number => Math.round(ms * 1000);
export const quantizeTime = (ms: number): number => toMicros(ms) / 1000;

/** The name an engine gives a URC line: '+QMTRECV: …' → 'QMTRECV', a bare word → itself. */
const defaultUrcName = (text: string): string => /^\+([^:]+):/.exec(text)?.[1] ?? text;

interface RecentText {
  seq: number;
  text: string;
}

function remember(list: RecentText[], item: RecentText): void {
  list.push(item);
  if (list.length > RECENT_BYTES) list.shift();
}

/** The bytes as text when they are UTF-8 (they then read back the same; nothing else does). */
function utf8Text(base64: string): string | undefined {
  const bytes = Buffer.from(base64, 'base64');
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

/** Writes records as compact lines. One per journal file (it carries the reference state). */
export class CompactEncoder {
  private expectedSeq = -1;
  private monoUs = 0;
  private wallUs = 0;
  private sinceKey = KEYFRAME_EVERY;
  private readonly recent: Record<'rx' | 'tx', RecentText[]> = { rx: [], tx: [] };
  private prevLine: RecentText | undefined;

  /** The lines for one record (a keyframe first when one is due). Times must be quantized. */
  encode(r: JournalRecord): string[] {
    const out: string[] = [];
    this.encodeTo(r, out);
    return out;
  }

  /**
   * encode(), its lines pushed onto `out` (the writer's batch). `bytesText`, for a byte record:
   * its bytes as UTF-8 text, or false when they are not UTF-8, when the caller has decoded them
   * already (undefined: decoded here). Each line is built as the text JSON.stringify would make of
   * its array, without the array.
   */
  encodeTo(r: JournalRecord, out: string[], bytesText?: string | false): void {
    const monoUs = toMicros(r.mono);
    const wallUs = toMicros(r.wall);
    if (this.sinceKey >= KEYFRAME_EVERY || r.seq !== this.expectedSeq) {
      out.push(JSON.stringify(['K', r.seq, monoUs, wallUs / 1000]));
      this.sinceKey = 0;
      this.monoUs = monoUs;
      this.wallUs = wallUs;
      this.recent.rx = [];
      this.recent.tx = [];
      this.prevLine = undefined;
    }
    // The leading time numbers, as JSON text with their comma.
    let row = '[';
    const dm = monoUs - this.monoUs;
    const dw = (wallUs - this.wallUs) / 1000;
    if (dw !== 0) row += `${jsonNumber(dm)},${jsonNumber(dw)},`;
    else if (dm !== 0) row += `${jsonNumber(dm)},`;
    this.monoUs = monoUs;
    this.wallUs = wallUs;
    this.sinceKey++;
    this.expectedSeq = r.seq + 1;
    const prevLine = this.prevLine;
    this.prevLine = undefined;

    let tag: string;
    /** The fields after the tag, as JSON text, each with its leading comma. */
    let fields: string;
    if ('bytes' in r) {
      const text = bytesText === undefined ? utf8Text(r.bytes) : bytesText === false ? undefined : bytesText;
      if (text !== undefined) {
        tag = r.dir === 'rx' ? 'r' : 't';
        fields = `,${JSON.stringify(text)}`;
        remember(this.recent[r.dir], { seq: r.seq, text });
      } else {
        tag = r.dir === 'rx' ? 'rb' : 'tb';
        fields = `,${JSON.stringify(r.bytes)}`;
      }
    } else {
      const e = r.event;
      const atIsOwn = 'at' in e && toMicros(e.at.mono) === monoUs && toMicros(e.at.wall) === wallUs;
      if (e.type === 'line' && atIsOwn && onlyKeys(e, LINE_KEYS) && (e.dir === 'rx' || e.dir === 'tx') && Object.hasOwn(KIND_CODES, e.kind)) {
        tag = 'L';
        fields = `,"${e.dir[0]! + KIND_CODES[e.kind]}",${JSON.stringify(this.refTo(e.dir, e.text, r.seq) ?? e.text)}`;
        if (e.commandId !== undefined) fields += `,${JSON.stringify(e.commandId)}`;
        this.prevLine = { seq: r.seq, text: e.text };
      } else if (e.type === 'urc' && atIsOwn && onlyKeys(e, URC_KEYS)) {
        const sameText = prevLine !== undefined && prevLine.seq === r.seq - 1 && prevLine.text === e.text;
        tag = 'U';
        fields = '';
        if (e.name !== defaultUrcName(e.text)) fields = `,${sameText ? '0' : JSON.stringify(e.text)},${JSON.stringify(e.name)}`;
        else if (!sameText) fields = `,${JSON.stringify(e.text)}`;
      } else {
        // Only where the reader knows to restore it (an event type of a newer version keeps its own).
        tag = 'E';
        fields = `,${atIsOwn && TIMED_EVENTS.has(e.type) ? jsonWithoutAt(e) : JSON.stringify(e)}`;
      }
    }
    if (r.secret) {
      tag += '$';
      fields += `,${JSON.stringify(r.secret)}`;
    }
    const sealed = (r as { sealed?: unknown }).sealed;
    if (sealed !== undefined) {
      tag += '&';
      fields += `,${JSON.stringify(sealed)}`;
    }
    out.push(`${row}"${tag}"${fields}]`);
  }

  /** [records back, offset, length] of `text` inside a recent byte record of `dir`. */
  private refTo(dir: 'rx' | 'tx', text: string, seq: number): [number, number, number] | undefined {
    if (text.length < MIN_REF_LENGTH) return undefined;
    const list = this.recent[dir];
    for (let i = list.length - 1; i >= 0; i--) {
      const at = list[i]!.text.lastIndexOf(text);
      if (at >= 0) return [seq - list[i]!.seq, at, text.length];
    }
    return undefined;
  }
}

/** The clean-close marker line. */
export const CLEAN_CLOSE_LINE = JSON.stringify(['Z']);
/** The line naming the process that writes the journal from here on. */
export const writerLine = (pid: number): string => JSON.stringify(['P', pid]);

export type DecodedLine =
  | { kind: 'record'; record: JournalRecord }
  | { kind: 'keyframe' }
  | { kind: 'writer'; pid: number }
  | { kind: 'clean-close' }
  | { kind: 'bad' }
  | { kind: 'unsynced' };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

const isRanges = (v: unknown): boolean => Array.isArray(v) && v.every((r) => Array.isArray(r) && r.length === 2 && isNum(r[0]) && isNum(r[1]));

export interface DecoderOptions {
  /**
   * false: byte records come back with their seq and times and an empty `bytes` (no base64 is
   * made, their secret marks and sealed spans are left out), for readers that group events only
   * (the grouper reads nothing else of a byte record). Lines are checked as in full, so the same
   * lines decode, are lost or are skipped. Default true.
   */
  bytes?: boolean;
}

/**
 * Reads compact lines back, in order. A line that does not decode ('bad') loses the reference
 * state: the records after it are dropped ('unsynced') until the next keyframe rather than read
 * with a wrong seq, time or referred text. (An edited line that still decodes can shift the times
 * after it up to the next keyframe; a crash only ever tears the last line.) `valid` is the plain
 * reader's record check: the forms this decoder builds itself from checked parts (text bytes,
 * line and urc events) are checked here field by field, the same checks without building a
 * candidate to hand over (test-support/compact-decoder-reference.ts is the decoder that did).
 */
export class CompactDecoder {
  private synced = false;
  private seq = 0;
  private monoUs = 0;
  private wallUs = 0;
  private recent: Record<'rx' | 'tx', RecentText[]> = { rx: [], tx: [] };
  private prevLine: RecentText | undefined;
  private readonly bytes: boolean;

  constructor(
    private readonly valid: (o: unknown) => JournalRecord | undefined,
    opts: DecoderOptions = {},
  ) {
    this.bytes = opts.bytes ?? true;
  }

  decode(row: unknown[]): DecodedLine {
    const tag0 = row[0];
    if (tag0 === 'K') {
      const [, seq, monoUs, wallMs] = row;
      if (row.length !== 4 || !isInt(seq) || seq < 0 || !isInt(monoUs) || !isNum(wallMs)) return this.lose();
      this.synced = true;
      this.seq = seq;
      this.monoUs = monoUs;
      this.wallUs = toMicros(wallMs);
      this.recent = { rx: [], tx: [] };
      this.prevLine = undefined;
      return { kind: 'keyframe' };
    }
    if (tag0 === 'Z' && row.length === 1) return { kind: 'clean-close' };
    if (tag0 === 'P' && row.length === 2 && isInt(row[1]) && row[1] > 0) return { kind: 'writer', pid: row[1] };
    if (!this.synced) return { kind: 'unsynced' };
    let i = 0;
    let monoUs = this.monoUs;
    let wallUs = this.wallUs;
    if (isInt(row[0])) {
      monoUs += row[0];
      i = 1;
      if (isNum(row[1])) {
        wallUs += toMicros(row[1]);
        i = 2;
      }
    }
    const rawTag = row[i];
    if (typeof rawTag !== 'string') return this.lose();
    // The fields are row[i + 1 .. end): read in place, the secret and sealed spans taken off the end.
    let end = row.length;
    let secret: unknown;
    let sealed: unknown;
    let tag = rawTag;
    if (tag.endsWith('&')) {
      tag = tag.slice(0, -1);
      if (end > i + 1) sealed = row[--end];
    }
    if (tag.endsWith('$')) {
      tag = tag.slice(0, -1);
      if (end > i + 1) secret = row[--end];
    }
    const n = end - i - 1;
    const f0 = row[i + 1];
    const seq = this.seq;
    const mono = monoUs / 1000;
    const wall = wallUs / 1000;
    // What the record check asks of every record (the frame and its secret marks).
    const framed = Number.isFinite(mono) && Number.isFinite(wall) && (secret === undefined || isRanges(secret));
    let record: JournalRecord | undefined;
    let rememberBytes: { dir: 'rx' | 'tx'; text: string } | undefined;
    let lineText: string | undefined;
    if ((tag === 'r' || tag === 't') && n === 1 && typeof f0 === 'string') {
      const dir = tag === 'r' ? 'rx' : 'tx';
      if (framed) {
        if (!this.bytes) record = { seq, mono, wall, dir, bytes: '' };
        else record = withMarks({ seq, mono, wall, dir, bytes: Buffer.from(f0, 'utf8').toString('base64') }, secret, sealed);
      }
      rememberBytes = { dir, text: f0 };
    } else if (tag === 'L' && (n === 2 || n === 3) && typeof f0 === 'string' && f0.length === 2) {
      const dir = f0[0] === 'r' ? 'rx' : f0[0] === 't' ? 'tx' : undefined;
      const kind = KIND_BY_CODE[f0[1]!];
      const text = this.resolve(dir, row[i + 2], seq);
      if (dir && kind && text !== undefined) {
        const event: Record<string, unknown> = { type: 'line', dir, kind, text };
        if (n === 3) event.commandId = row[i + 3];
        event.at = { mono, wall };
        if (framed) record = withMarks({ seq, mono, wall, event } as unknown as JournalRecord, secret, sealed);
        lineText = text;
      }
    } else if (tag === 'U' && n <= 2) {
      const prevLine = this.prevLine;
      const previous = prevLine && prevLine.seq === seq - 1 ? prevLine.text : undefined;
      const text = n === 0 || f0 === 0 ? previous : f0;
      if (typeof text === 'string') {
        const name = n === 2 ? row[i + 2] : defaultUrcName(text);
        if (framed && typeof name === 'string') record = withMarks({ seq, mono, wall, event: { type: 'urc', name, text, at: { mono, wall } } }, secret, sealed);
      }
    } else {
      // Raw bytes that are not UTF-8, any other event, and forms this version does not know: built
      // as written and checked by the general record check.
      let candidate: Record<string, unknown> | undefined;
      if ((tag === 'rb' || tag === 'tb') && n === 1) {
        candidate = { seq, mono, wall, dir: tag === 'rb' ? 'rx' : 'tx', bytes: f0 };
      } else if (tag === 'E' && n === 1 && typeof f0 === 'object' && f0 !== null && !Array.isArray(f0)) {
        const e = f0 as Record<string, unknown>;
        candidate = { seq, mono, wall, event: TIMED_EVENTS.has(e.type as string) && !('at' in e) ? { ...e, at: { mono, wall } } : e };
      }
      if (candidate && secret !== undefined) candidate.secret = secret;
      if (candidate && sealed !== undefined) candidate.sealed = sealed;
      record = candidate && this.valid(candidate);
      if (record && !this.bytes && 'bytes' in record) record = { seq, mono, wall, dir: record.dir, bytes: '' };
    }
    if (!record) return this.lose();
    this.seq = seq + 1;
    this.monoUs = monoUs;
    this.wallUs = wallUs;
    this.prevLine = lineText !== undefined ? { seq, text: lineText } : undefined;
    if (rememberBytes) remember(this.recent[rememberBytes.dir], { seq, text: rememberBytes.text });
    return { kind: 'record', record };
  }

  /** The text a line event stores: itself, or a reference into a recent byte record. */
  private resolve(dir: 'rx' | 'tx' | undefined, stored: unknown, seq: number): string | undefined {
    if (typeof stored === 'string') return stored;
    if (!dir || !Array.isArray(stored) || stored.length !== 3 || !stored.every(isInt)) return undefined;
    const [back, offset, length] = stored as number[];
    const source = this.recent[dir].find((b) => b.seq === seq - back!);
    if (!source || offset! < 0 || length! < 0 || offset! + length! > source.text.length) return undefined;
    return source.text.slice(offset, offset! + length!);
  }

  private lose(): DecodedLine {
    this.synced = false;
    return { kind: 'bad' };
  }
}

/** The record with the secret marks and sealed spans its line carried (in the record check's order). */
function withMarks(r: JournalRecord, secret: unknown, sealed: unknown): JournalRecord {
  const o = r as unknown as Record<string, unknown>;
  if (secret !== undefined) o.secret = secret;
  if (sealed !== undefined) o.sealed = sealed;
  return r;
}

/** Records (times already to the microsecond) as the text of a compact journal, cleanly closed. */
export function encodeCompactJournal(records: readonly JournalRecord[], opts: { cleanClose?: boolean } = {}): string {
  const encoder = new CompactEncoder();
  const lines = records.flatMap((r) => encoder.encode(r));
  if (opts.cleanClose ?? true) lines.push(CLEAN_CLOSE_LINE);
  return lines.join('\n') + '\n';
}
