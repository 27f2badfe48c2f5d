// The filtered view of the log: which rows pass the text search and the kind/direction/client/
// topic filters. Pure over a LogBuffer; reads the typed columns, builds no row objects. The match
// list grows incrementally as rows arrive, so a live session only scans its new rows.
import type { Direction, LineKind } from '../../../shared/model';
import { topicMatches } from '../../../shared/protocol/topics';
import { KINDS, NONE, type LogBuffer } from './buffer';

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

function compile(q: LogQuery): RowTest {
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
  if (q.text) {
    // A case-insensitive regex avoids lower-casing a million strings.
    // It searches the text as shown, secrets masked: a search must not tell which row holds a
    // password the screen hides.
    const re = new RegExp(escapeRegExp(q.text), 'i');
    tests.push((b, i) => re.test(b.secret(i) ? b.maskedText(i) : b.text(i)));
  }
  if (tests.length === 1) return tests[0]!;
  return (b, i) => {
    for (const t of tests) if (!t(b, i)) return false;
    return true;
  };
}

/** Row positions of the filtered view, kept up to date incrementally. */
export class FilterIndex {
  private key = '';
  private test: RowTest | undefined;
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
      this.test = isEmptyQuery(q) ? undefined : compile(q);
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
    for (let i = this.scanned; i < end; i++) {
      if (!this.test(this.buf, i)) continue;
      if (this.count === this.matches.length) {
        const grown = new Uint32Array(this.matches.length * 2);
        grown.set(this.matches);
        this.matches = grown;
      }
      this.matches[this.count++] = i;
      changed = true;
    }
    this.scanned = end;
    return changed;
  }

  /** Forgets what it scanned (the buffer was cleared). */
  reset(): void {
    this.key = '';
    this.test = undefined;
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
