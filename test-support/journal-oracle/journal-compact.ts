// The journal writer as it was before its per-record work was cut: kept unchanged as the oracle
// that journal-bytes.prop.test.ts compares the current writer's files against, byte for byte.
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
/** Event types whose `at` the compact form may leave out (the record's time restores it). */
const TIMED_EVENTS = new Set(['command-started', 'command-ended', 'line', 'urc', 'port-closed']);

/** The short forms hold these fields only; an event with more (a newer version's) is written whole. */
const LINE_KEYS = new Set(['type', 'dir', 'kind', 'text', 'commandId', 'at']);
const URC_KEYS = new Set(['type', 'name', 'text', 'at']);
const onlyKeys = (o: object, keys: Set<string>): boolean => Object.keys(o).every((k) => keys.has(k));

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
    const row: unknown[] = [];
    const dm = monoUs - this.monoUs;
    const dw = (wallUs - this.wallUs) / 1000;
    if (dw !== 0) row.push(dm, dw);
    else if (dm !== 0) row.push(dm);
    this.monoUs = monoUs;
    this.wallUs = wallUs;
    this.sinceKey++;
    this.expectedSeq = r.seq + 1;
    const prevLine = this.prevLine;
    this.prevLine = undefined;

    let body: unknown[];
    if ('bytes' in r) {
      const text = utf8Text(r.bytes);
      if (text !== undefined) {
        body = [r.dir === 'rx' ? 'r' : 't', text];
        remember(this.recent[r.dir], { seq: r.seq, text });
      } else body = [r.dir === 'rx' ? 'rb' : 'tb', r.bytes];
    } else {
      const e = r.event;
      const atIsOwn = 'at' in e && toMicros(e.at.mono) === monoUs && toMicros(e.at.wall) === wallUs;
      if (e.type === 'line' && atIsOwn && onlyKeys(e, LINE_KEYS) && (e.dir === 'rx' || e.dir === 'tx') && Object.hasOwn(KIND_CODES, e.kind)) {
        body = ['L', e.dir[0]! + KIND_CODES[e.kind], this.refTo(e.dir, e.text, r.seq) ?? e.text];
        if (e.commandId !== undefined) body.push(e.commandId);
        this.prevLine = { seq: r.seq, text: e.text };
      } else if (e.type === 'urc' && atIsOwn && onlyKeys(e, URC_KEYS)) {
        const sameText = prevLine !== undefined && prevLine.seq === r.seq - 1 && prevLine.text === e.text;
        body = ['U'];
        if (e.name !== defaultUrcName(e.text)) body.push(sameText ? 0 : e.text, e.name);
        else if (!sameText) body.push(e.text);
      } else {
        const { at: _at, ...rest } = e as { at?: unknown };
        // Only where the reader knows to restore it (an event type of a newer version keeps its own).
        body = ['E', atIsOwn && TIMED_EVENTS.has(e.type) ? rest : e];
      }
    }
    if (r.secret) {
      body[0] = `${body[0] as string}$`;
      body.push(r.secret);
    }
    const sealed = (r as { sealed?: unknown }).sealed;
    if (sealed !== undefined) {
      body[0] = `${body[0] as string}&`;
      body.push(sealed);
    }
    out.push(JSON.stringify([...row, ...body]));
    return out;
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
