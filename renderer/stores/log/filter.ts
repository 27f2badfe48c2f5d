// The filtered view of the log: which rows pass the text search and the kind/direction/client/
// topic filters. Pure over a LogBuffer; reads the typed columns, builds no row objects. The match
// list grows incrementally as rows arrive, so a live session only scans its new rows.
import type { Direction, LineKind } from '../../../shared/model';
import { topicMatches } from '../../../shared/protocol/topics';
import { KINDS, NONE, type Haystack, type LogBuffer } from './buffer';

export interface LogQuery {
  /** Case-insensitive substring of the visible text (<CR>, \xNN … included). */
  text: string;
  /** Kinds kept; empty keeps all. */
  kinds: readonly LineKind[];
  /** Directions kept; empty keeps both. */
  dirs: readonly Direction[];
  /** client_idx values kept; empty keeps every row, with or without a client. */
  clients: readonly number[];
  /** Topic: a substring, or an MQTT filter when it holds + or #. Empty keeps all. */
  topic: string;
}

export const emptyQuery: LogQuery = { text: '', kinds: [], dirs: [], clients: [], topic: '' };

export function isEmptyQuery(q: LogQuery): boolean {
  return !q.text && q.kinds.length === 0 && q.dirs.length === 0 && q.clients.length === 0 && !q.topic;
}

function queryKey(q: LogQuery): string {
  return JSON.stringify([q.text.toLowerCase(), [...q.kinds].sort(), [...q.dirs].sort(), [...q.clients].sort(), q.topic]);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** MQTT topic filter match (protocol.md §2.6: + one level, # the rest); one implementation in shared/protocol. */
export { topicMatches };

type RowTest = (buf: LogBuffer, i: number) => boolean;

/** A query made runnable: a test per row, and the text search on its own for whole chunks. */
interface Compiled {
  /** Every filter, one row at a time. */
  test: RowTest;
  /** The text search as a global regex over a chunk's joined text, when the query has one. */
  text?: RegExp;
  /** The filters other than the text search (undefined: none). */
  rest?: RowTest;
}

function all(tests: RowTest[]): RowTest | undefined {
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0]!;
  return (b, i) => {
    for (const t of tests) if (!t(b, i)) return false;
    return true;
  };
}

function compile(q: LogQuery): Compiled {
  const tests: RowTest[] = [];
  if (q.kinds.length > 0 && q.kinds.length < KINDS.length) {
    const mask = q.kinds.reduce((m, k) => m | (1 << KINDS.indexOf(k)), 0);
    tests.push((b, i) => ((1 << b.kindCode(i)) & mask) !== 0);
  }
  if (q.dirs.length === 1) {
    const d = q.dirs[0];
    tests.push((b, i) => b.dir(i) === d);
  }
  if (q.clients.length > 0) {
    const set = new Set(q.clients);
    tests.push((b, i) => set.has(b.client(i)));
  }
  if (q.topic) {
    const wildcard = /[+#]/.test(q.topic);
    const needle = q.topic.toLowerCase();
    const verdicts = new Map<number, boolean>(); // per topic id: topics are few, rows are many
    tests.push((b, i) => {
      const id = b.topic(i);
      if (id === NONE) return false;
      let v = verdicts.get(id);
      if (v === undefined) {
        const name = b.topicList()[id] ?? '';
        v = wildcard ? topicMatches(q.topic, name) : name.toLowerCase().includes(needle);
        verdicts.set(id, v);
      }
      return v;
    });
  }
  const rest = all([...tests]);
  if (q.text) {
    // A case-insensitive regex avoids lower-casing a million strings.
    // It searches the text as shown, secrets masked: a search must not tell which row holds a
    // password the screen hides.
    const re = new RegExp(escapeRegExp(q.text), 'i');
    tests.push((b, i) => re.test(b.secret(i) ? b.maskedText(i) : b.text(i)));
    // The joined text separates rows with NUL: a needle holding one would match across rows.
    const text = q.text.includes('\u0000') ? undefined : new RegExp(escapeRegExp(q.text), 'gi');
    return { test: all(tests)!, ...(text ? { text } : {}), ...(rest ? { rest } : {}) };
  }
  return { test: all(tests)!, ...(rest ? { rest } : {}) };
}

/** Row positions of the filtered view, kept up to date incrementally. */
export class FilterIndex {
  private key = '';
  private test: RowTest | undefined;
  private compiled: Compiled | undefined;
  private matches = new Uint32Array(1024);
  private count = 0;
  private scanned = 0;

  constructor(private readonly buf: LogBuffer) {}

  /** Brings the index up to date with the query and the buffer; returns true when it changed. */
  update(q: LogQuery): boolean {
    const key = queryKey(q);
    let changed = false;
    if (key !== this.key || this.scanned > this.buf.length) {
      this.key = key;
      this.compiled = isEmptyQuery(q) ? undefined : compile(q);
      this.test = this.compiled?.test;
      this.count = 0;
      this.scanned = 0;
      changed = true;
    }
    if (!this.test) {
      changed ||= this.scanned !== this.buf.length;
      this.scanned = this.buf.length;
      return changed;
    }
    const end = this.buf.length;
    const before = this.count;
    const size = this.buf.chunkSize;
    const text = this.compiled?.text;
    let i = this.scanned;
    while (i < end) {
      // A full chunk at a chunk boundary is searched in one pass over its joined text.
      const hay = text && i % size === 0 && i + size <= end ? this.buf.haystack(i / size) : undefined;
      if (hay) {
        this.searchChunk(i, hay, text!, this.compiled?.rest);
        i += size;
        continue;
      }
      if (this.test(this.buf, i)) this.push(i);
      i++;
    }
    this.scanned = end;
    return changed || this.count !== before;
  }

  /** Rows of the chunk starting at `base` whose text matches `re` (and pass `rest`), in order. */
  private searchChunk(base: number, hay: Haystack, re: RegExp, rest: RowTest | undefined): void {
    const { text, starts } = hay;
    const rows = starts.length;
    let row = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // Matches come in order: walk the row pointer forward to the row holding this one.
      while (row + 1 < rows && starts[row + 1]! <= m.index) row++;
      if (!rest || rest(this.buf, base + row)) this.push(base + row);
      // One match is enough: carry on from the next row.
      if (row + 1 >= rows) break;
      re.lastIndex = starts[row + 1]!;
    }
  }

  private push(i: number): void {
    if (this.count === this.matches.length) {
      const grown = new Uint32Array(this.matches.length * 2);
      grown.set(this.matches);
      this.matches = grown;
    }
    this.matches[this.count++] = i;
  }

  /** Forgets what it scanned (the buffer was cleared). */
  reset(): void {
    this.key = '';
    this.test = undefined;
    this.compiled = undefined;
    this.count = 0;
    this.scanned = 0;
  }

  /** True when every row passes (no filter). */
  get identity(): boolean {
    return this.test === undefined;
  }

  /** Rows in the filtered view. */
  get length(): number {
    return this.test ? this.count : this.scanned;
  }

  /** Log index of the row at a view position. */
  rowAt(pos: number): number {
    return this.test ? (this.matches[pos] ?? NONE) : pos < this.scanned ? pos : NONE;
  }

  /** View position of a log index, or of the nearest row after it when it is filtered out. */
  positionOf(index: number): { pos: number; exact: boolean } {
    if (!this.test) return { pos: Math.min(index, Math.max(0, this.scanned - 1)), exact: index < this.scanned };
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.matches[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return { pos: Math.min(lo, Math.max(0, this.count - 1)), exact: this.matches[lo] === index };
  }
}
