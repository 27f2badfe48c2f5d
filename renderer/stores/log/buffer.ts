// The session log lives here, outside React state: an append-only, columnar store read by index.
// The store only keeps a version number that changes once per batch, so a batch costs one render.
//
// Columns are typed arrays in fixed-size chunks (no copying as the log grows, no object per row):
//   mono 8 B + wall 8 B + kind/dir 1 B + exchange 4 B + client 1 B + topic 4 B = 26 B of columns,
//   plus the text string (V8 one-byte string: ~16 B header + its length) and an 8 B slot for it,
//   plus, once its chunk is full, the search's copy of the text (its length + 1) and a 4 B offset.
// Measured in Chromium (bench/log-view.bench.ts: 1,000,000 rows of a publishing session, lines of
// 2–60 chars, heap after GC): about 107 bytes per row in all (86 without the search's copy), i.e.
// about 100 MB for a million lines.
import type { Direction, LineKind, LogEntry, SecretRange } from '../../../shared/model';
import { maskSecrets } from '../../../shared/mask';

/** 65,536 rows per chunk (tests may ask for smaller chunks). */
const CHUNK_BITS = 16;

/** Kind codes in the kind/dir byte (low 3 bits); bit 3 set means modem → host. */
export const KINDS: readonly LineKind[] = ['command', 'echo', 'response', 'final', 'urc', 'prompt', 'raw'];
const KIND_CODE = new Map<LineKind, number>(KINDS.map((k, i) => [k, i]));
const RX_BIT = 8;

/** No exchange / no client / no topic. */
export const NONE = -1;

interface Chunk {
  mono: Float64Array;
  wall: Float64Array;
  kindDir: Uint8Array;
  exchange: Int32Array;
  client: Int8Array;
  topic: Int32Array;
  text: string[];
  /** Set when the chunk is full: its texts as one string, for the text search (haystack()). */
  hay?: Haystack;
}

/**
 * A full chunk's texts as shown (secrets masked), joined by NUL into one string, with each row's
 * start offset. One regex pass over it finds the matching rows of 65,536 lines several times
 * faster than testing each line (the per-row call and the regex entry cost more than the scan).
 * Visible text never holds a raw NUL (control bytes are escaped as \xNN), so no match spans rows.
 */
export interface Haystack {
  text: string;
  starts: Uint32Array;
}

function newChunk(size: number): Chunk {
  return {
    mono: new Float64Array(size),
    wall: new Float64Array(size),
    kindDir: new Uint8Array(size),
    exchange: new Int32Array(size).fill(NONE),
    client: new Int8Array(size).fill(NONE),
    topic: new Int32Array(size).fill(NONE),
    text: [],
  };
}

export class LogBuffer {
  private readonly bits: number;
  private readonly size: number;
  private readonly mask: number;
  private readonly chunks: Chunk[] = [];
  private count = 0;
  private readonly topics: string[] = [];
  private readonly topicIds = new Map<string, number>();
  /** Secret ranges of the few rows that have any (by row index). */
  private readonly secrets = new Map<number, SecretRange[]>();

  constructor(chunkBits = CHUNK_BITS) {
    this.bits = chunkBits;
    this.size = 1 << chunkBits;
    this.mask = this.size - 1;
  }

  /** Rows per chunk. */
  get chunkSize(): number {
    return this.size;
  }

  append(batch: readonly LogEntry[]): void {
    for (const e of batch) {
      // Entries carry their own index; a catch-up read and a live batch can overlap.
      if (e.index < this.count) continue;
      while (this.count < e.index) this.push(undefined); // a gap: keep indexes aligned
      this.push(e);
    }
  }

  private push(e: LogEntry | undefined): void {
    const i = this.count;
    const c = i >> this.bits;
    const chunk = this.chunks[c] ?? (this.chunks[c] = newChunk(this.size));
    const j = i & this.mask;
    if (e) {
      chunk.mono[j] = e.mono;
      chunk.wall[j] = e.wall;
      chunk.kindDir[j] = (KIND_CODE.get(e.kind) ?? 6) | (e.dir === 'rx' ? RX_BIT : 0);
      if (e.exchangeId !== undefined) chunk.exchange[j] = e.exchangeId;
      // Client and topic come from the grouper (shared/exchanges.ts), which parsed the line already.
      if (e.clientIdx !== undefined) chunk.client[j] = e.clientIdx;
      if (e.topic !== undefined) chunk.topic[j] = this.topicId(e.topic);
      chunk.text.push(e.text);
      if (e.secret?.length) this.secrets.set(i, e.secret);
    } else {
      chunk.kindDir[j] = 6 | RX_BIT;
      chunk.text.push('');
    }
    this.count++;
    if (j === this.mask) this.seal(chunk, i - j);
  }

  /** A chunk filled up: join its texts for the search (a few ms per 65,536 rows, once). */
  private seal(chunk: Chunk, base: number): void {
    const starts = new Uint32Array(this.size);
    const texts = this.secrets.size === 0 ? chunk.text : chunk.text.map((t, j) => (this.secrets.has(base + j) ? this.maskedText(base + j) : t));
    let at = 0;
    for (let j = 0; j < texts.length; j++) {
      starts[j] = at;
      at += texts[j]!.length + 1;
    }
    chunk.hay = { text: texts.join('\u0000'), starts };
  }

  /** The joined text of chunk c when it is full, else undefined (search its rows one by one). */
  haystack(c: number): Haystack | undefined {
    return this.chunks[c]?.hay;
  }

  private topicId(topic: string): number {
    let id = this.topicIds.get(topic);
    if (id === undefined) {
      id = this.topics.length;
      this.topics.push(topic);
      this.topicIds.set(topic, id);
    }
    return id;
  }

  /** Records which exchange a row belongs to (exchanges arrive separately from the rows). */
  setExchange(index: number, exchangeId: number): void {
    const chunk = this.chunks[index >> this.bits];
    if (chunk && index < this.count) chunk.exchange[index & this.mask] = exchangeId;
  }

  get length(): number {
    return this.count;
  }

  /** Every topic seen so far, in first-seen order (ids are positions). */
  topicList(): readonly string[] {
    return this.topics;
  }

  topicIdOf(topic: string): number {
    return this.topicIds.get(topic) ?? NONE;
  }

  // Column reads, for the filter index and the cells (no object is built).
  mono(i: number): number {
    return this.chunks[i >> this.bits]?.mono[i & this.mask] ?? 0;
  }
  wall(i: number): number {
    return this.chunks[i >> this.bits]?.wall[i & this.mask] ?? 0;
  }
  kindCode(i: number): number {
    return (this.chunks[i >> this.bits]?.kindDir[i & this.mask] ?? 6) & 7;
  }
  kind(i: number): LineKind {
    return KINDS[this.kindCode(i)] ?? 'raw';
  }
  dir(i: number): Direction {
    return ((this.chunks[i >> this.bits]?.kindDir[i & this.mask] ?? 0) & RX_BIT) !== 0 ? 'rx' : 'tx';
  }
  exchange(i: number): number {
    return this.chunks[i >> this.bits]?.exchange[i & this.mask] ?? NONE;
  }
  client(i: number): number {
    return this.chunks[i >> this.bits]?.client[i & this.mask] ?? NONE;
  }
  topic(i: number): number {
    return this.chunks[i >> this.bits]?.topic[i & this.mask] ?? NONE;
  }
  /** The row's raw text, secrets included: show maskedText() unless the row was revealed. */
  text(i: number): string {
    return this.chunks[i >> this.bits]?.text[i & this.mask] ?? '';
  }
  secret(i: number): SecretRange[] | undefined {
    return this.secrets.get(i);
  }
  /** The row's text with its secrets masked. */
  maskedText(i: number): string {
    return maskSecrets(this.text(i), this.secrets.get(i));
  }

  /** The row as a LogEntry (built on demand). */
  at(i: number): LogEntry | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const x = this.exchange(i);
    const client = this.client(i);
    const topic = this.topic(i);
    const secret = this.secrets.get(i);
    return {
      index: i,
      mono: this.mono(i),
      wall: this.wall(i),
      dir: this.dir(i),
      kind: this.kind(i),
      text: this.text(i),
      ...(x !== NONE ? { exchangeId: x } : {}),
      ...(client !== NONE ? { clientIdx: client } : {}),
      ...(topic !== NONE ? { topic: this.topics[topic] ?? '' } : {}),
      ...(secret ? { secret } : {}),
    };
  }

  /** Every row as LogEntry objects; for small logs and tests only (builds one object per row). */
  all(): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i)!);
    return out;
  }

  /** Forgets everything (a new session). */
  clear(): void {
    this.chunks.length = 0;
    this.count = 0;
    this.topics.length = 0;
    this.topicIds.clear();
    this.secrets.clear();
  }
}

export const logBuffer = new LogBuffer();
