// The compact journal decoder as it was before its fast path (every record validated by the general
// record check, every byte record turned back into base64): kept only as the reference the fast
// decoder (electron/session/journal-compact.ts) must agree with, record for record, on the
// recorded transcripts, on journals with secrets and on damaged lines
// (electron/session/journal-fast.test.ts). Do not use it in the app.
import type { JournalRecord, LineKind } from '../shared/model';
import { toMicros, type DecodedLine } from '../electron/session/journal-compact';

const KIND_CODES: Record<LineKind, string> = { command: 'c', echo: 'e', response: 's', final: 'f', urc: 'u', prompt: 'p', raw: 'w' };
const KIND_BY_CODE = Object.fromEntries(Object.entries(KIND_CODES).map(([k, v]) => [v, k as LineKind])) as Record<string, LineKind>;
const TIMED_EVENTS = new Set(['command-started', 'command-ended', 'line', 'urc', 'port-closed']);
const RECENT_BYTES = 4;
const defaultUrcName = (text: string): string => /^\+([^:]+):/.exec(text)?.[1] ?? text;
interface RecentText {
  seq: number;
  text: string;
}
function remember(list: RecentText[], item: RecentText): void {
  list.push(item);
  if (list.length > RECENT_BYTES) list.shift();
}
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/**
 * Reads compact lines back, in order. A line that does not decode ('bad') loses the reference
 * state: the records after it are dropped ('unsynced') until the next keyframe rather than read
 * with a wrong seq, time or referred text. (An edited line that still decodes can shift the times
 * after it up to the next keyframe; a crash only ever tears the last line.) `valid` is the plain
 * reader's record check.
 */
export class ReferenceCompactDecoder {
  private synced = false;
  private seq = 0;
  private monoUs = 0;
  private wallUs = 0;
  private recent: Record<'rx' | 'tx', RecentText[]> = { rx: [], tx: [] };
  private prevLine: RecentText | undefined;

  constructor(private readonly valid: (o: unknown) => JournalRecord | undefined) {}

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
    let fields = row.slice(i + 1);
    let secret: unknown;
    let sealed: unknown;
    let tag = rawTag;
    if (tag.endsWith('&')) {
      tag = tag.slice(0, -1);
      sealed = fields.at(-1);
      fields = fields.slice(0, -1);
    }
    if (tag.endsWith('$')) {
      tag = tag.slice(0, -1);
      secret = fields.at(-1);
      fields = fields.slice(0, -1);
    }
    const seq = this.seq;
    const mono = monoUs / 1000;
    const wall = wallUs / 1000;
    const at = { mono, wall };
    const prevLine = this.prevLine;
    let candidate: Record<string, unknown> | undefined;
    let rememberBytes: { dir: 'rx' | 'tx'; text: string } | undefined;
    let lineText: string | undefined;
    if ((tag === 'r' || tag === 't') && fields.length === 1 && typeof fields[0] === 'string') {
      const dir = tag === 'r' ? 'rx' : 'tx';
      candidate = { seq, mono, wall, dir, bytes: Buffer.from(fields[0], 'utf8').toString('base64') };
      rememberBytes = { dir, text: fields[0] };
    } else if ((tag === 'rb' || tag === 'tb') && fields.length === 1) {
      candidate = { seq, mono, wall, dir: tag === 'rb' ? 'rx' : 'tx', bytes: fields[0] };
    } else if (tag === 'L' && (fields.length === 2 || fields.length === 3) && typeof fields[0] === 'string' && fields[0].length === 2) {
      const dir = fields[0][0] === 'r' ? 'rx' : fields[0][0] === 't' ? 'tx' : undefined;
      const kind = KIND_BY_CODE[fields[0][1]!];
      const text = this.resolve(dir, fields[1], seq);
      if (dir && kind && text !== undefined) {
        const event: Record<string, unknown> = { type: 'line', dir, kind, text };
        if (fields.length === 3) event.commandId = fields[2];
        event.at = at;
        candidate = { seq, mono, wall, event };
        lineText = text;
      }
    } else if (tag === 'U' && fields.length <= 2) {
      const previous = prevLine && prevLine.seq === seq - 1 ? prevLine.text : undefined;
      const text = fields.length === 0 || fields[0] === 0 ? previous : fields[0];
      if (typeof text === 'string') {
        const name = fields.length === 2 ? fields[1] : defaultUrcName(text);
        candidate = { seq, mono, wall, event: { type: 'urc', name, text, at } };
      }
    } else if (tag === 'E' && fields.length === 1 && typeof fields[0] === 'object' && fields[0] !== null && !Array.isArray(fields[0])) {
      const e = fields[0] as Record<string, unknown>;
      candidate = { seq, mono, wall, event: TIMED_EVENTS.has(e.type as string) && !('at' in e) ? { ...e, at } : e };
    }
    if (candidate && secret !== undefined) candidate.secret = secret;
    if (candidate && sealed !== undefined) candidate.sealed = sealed;
    const record = candidate && this.valid(candidate);
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

