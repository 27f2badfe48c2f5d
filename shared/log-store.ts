// In-memory store of log entries for sessions of a million lines and more: columnar chunks of
// typed arrays instead of one object per line, and a string table for the text. No Node, no DOM,
// so the renderer's log view can hold one too.
//
// Memory per row (measured by bench/log-model.bench.ts, 1,000,000 rows of a typical session):
// 31 bytes of columns (mono 8, wall 8, exchangeId 4, text id 4, topic id 4, dir 1, kind 1,
// client 1) plus the text itself; short repeated lines ("OK", "> ", URCs) are stored once.
// Measured: 67 B/row in total, versus 233 B/row for an array of LogEntry objects; filters over
// 1M rows took 9–52 ms on a loaded 2-core machine (the object array: 130–560 ms).
import type { Direction, LineKind, LogEntry } from './model';

const CHUNK = 1 << 16;
const KINDS: readonly LineKind[] = ['command', 'echo', 'response', 'final', 'urc', 'prompt', 'raw'];
const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));
/** Lines up to this length are interned (stored once however often they repeat). */
const INTERN_MAX = 48;

export interface LogFilter {
  /** Keep only these kinds. */
  kinds?: readonly LineKind[];
  dir?: Direction;
  /** Case-insensitive substring of the line text. */
  text?: string;
  /** MQTT client_idx named by the line (AT+QMT…=<idx>, +QMT…: <idx>). */
  client?: number;
  /** Topic of the line (QMTSUB/UNS/PUB/PUBEX/RECV); MQTT wildcards + and # match as a filter. */
  topic?: string;
  exchangeId?: number;
}

interface Chunk {
  mono: Float64Array;
  wall: Float64Array;
  exchange: Int32Array;
  text: Uint32Array;
  topic: Int32Array;
  dir: Uint8Array;
  kind: Uint8Array;
  client: Int8Array;
}

const newChunk = (): Chunk => ({
  mono: new Float64Array(CHUNK),
  wall: new Float64Array(CHUNK),
  exchange: new Int32Array(CHUNK),
  text: new Uint32Array(CHUNK),
  topic: new Int32Array(CHUNK),
  dir: new Uint8Array(CHUNK),
  kind: new Uint8Array(CHUNK),
  client: new Int8Array(CHUNK),
});

// AT+QMTPUB=0,1,1,0,"topic"… / +QMTRECV: 0,3,"topic",… / AT+QMTSUB=0,1,"filter",1 (spec §2.6–2.10)
const CLIENT_RE = /^(?:AT\+QMT[A-Z]+=|\+QMT[A-Z]+:\s*)(\d)\b/;
const TOPIC_RE = /^(?:AT\+QMT(?:PUB|PUBEX)=\d+,\d+,\d+,\d+,|AT\+QMT(?:SUB|UNS)=\d+,\d+,|\+QMTRECV:\s*\d+,\d+,)"([^"]*)"/;

export class LogStore {
  private readonly chunks: Chunk[] = [];
  private readonly strings: string[] = [];
  private readonly interned = new Map<string, number>();
  private readonly topics: string[] = [];
  private readonly topicIds = new Map<string, number>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends one line; returns its index. */
  append(e: Omit<LogEntry, 'index'> & { index?: number }): number {
    const i = this.count;
    const ci = i >>> 16;
    const r = i & (CHUNK - 1);
    let c = this.chunks[ci];
    if (!c) {
      c = newChunk();
      this.chunks.push(c);
    }
    const kind = KIND_CODE.get(e.kind);
    if (kind === undefined) throw new TypeError(`"kind" must be one of ${KINDS.join(', ')}`);
    c.mono[r] = e.mono;
    c.wall[r] = e.wall;
    c.exchange[r] = e.exchangeId ?? -1;
    c.text[r] = this.stringId(e.text);
    c.dir[r] = e.dir === 'tx' ? 1 : 0;
    c.kind[r] = kind;
    const client = e.text.startsWith('AT+QMT') || e.text.startsWith('+QMT') ? CLIENT_RE.exec(e.text)?.[1] : undefined;
    c.client[r] = client === undefined ? -1 : Number(client);
    const topic = client !== undefined ? TOPIC_RE.exec(e.text)?.[1] : undefined;
    c.topic[r] = topic === undefined ? -1 : this.topicId(topic);
    this.count++;
    return i;
  }

  /** Row `i` as a LogEntry object (for the rows on screen, not for scanning). */
  get(i: number): LogEntry | undefined {
    if (i < 0 || i >= this.count || !Number.isInteger(i)) return undefined;
    const c = this.chunks[i >>> 16] as Chunk;
    const r = i & (CHUNK - 1);
    const exchange = c.exchange[r] as number;
    return {
      index: i,
      mono: c.mono[r] as number,
      wall: c.wall[r] as number,
      dir: c.dir[r] === 1 ? 'tx' : 'rx',
      kind: KINDS[c.kind[r] as number] as LineKind,
      text: this.strings[c.text[r] as number] as string,
      ...(exchange >= 0 ? { exchangeId: exchange } : {}),
    };
  }

  /** client_idx of row `i`, if the line names one. */
  clientOf(i: number): number | undefined {
    const v = this.chunks[i >>> 16]?.client[i & (CHUNK - 1)];
    return v === undefined || v < 0 ? undefined : v;
  }

  /** Topic of row `i`, if the line names one. */
  topicOf(i: number): string | undefined {
    const v = this.chunks[i >>> 16]?.topic[i & (CHUNK - 1)];
    return v === undefined || v < 0 ? undefined : this.topics[v];
  }

  /** Indexes of the rows that pass every condition of `f`, in order. */
  filter(f: LogFilter): Uint32Array {
    let kindMask = 0x7f;
    if (f.kinds) {
      kindMask = 0;
      for (const k of f.kinds) kindMask |= 1 << (KIND_CODE.get(k) ?? 7);
    }
    const dir = f.dir === undefined ? -1 : f.dir === 'tx' ? 1 : 0;
    const client = f.client ?? -2;
    const exchange = f.exchangeId ?? -2;
    const textOk = f.text ? this.textMatches(f.text) : undefined;
    const topicOk = f.topic !== undefined ? this.topicMatches(f.topic) : undefined;
    const out = new Uint32Array(this.count);
    let n = 0;
    for (let ci = 0; ci < this.chunks.length; ci++) {
      const c = this.chunks[ci] as Chunk;
      const rows = Math.min(CHUNK, this.count - ci * CHUNK);
      const base = ci * CHUNK;
      for (let r = 0; r < rows; r++) {
        if (((kindMask >> (c.kind[r] as number)) & 1) === 0) continue;
        if (dir >= 0 && c.dir[r] !== dir) continue;
        if (client !== -2 && c.client[r] !== client) continue;
        if (exchange !== -2 && c.exchange[r] !== exchange) continue;
        if (topicOk) {
          const t = c.topic[r] as number;
          if (t < 0 || topicOk[t] === 0) continue;
        }
        if (textOk && textOk[c.text[r] as number] === 0) continue;
        out[n++] = base + r;
      }
    }
    return out.slice(0, n);
  }

  clear(): void {
    this.chunks.length = 0;
    this.strings.length = 0;
    this.interned.clear();
    this.topics.length = 0;
    this.topicIds.clear();
    this.count = 0;
  }

  private stringId(s: string): number {
    if (s.length <= INTERN_MAX) {
      const known = this.interned.get(s);
      if (known !== undefined) return known;
      this.interned.set(s, this.strings.length);
    }
    this.strings.push(s);
    return this.strings.length - 1;
  }

  private topicId(t: string): number {
    let id = this.topicIds.get(t);
    if (id === undefined) {
      id = this.topics.length;
      this.topics.push(t);
      this.topicIds.set(t, id);
    }
    return id;
  }

  /** One test per distinct string, not per row. */
  private textMatches(q: string): Uint8Array {
    const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    const ok = new Uint8Array(this.strings.length);
    for (let i = 0; i < this.strings.length; i++) if (re.test(this.strings[i] as string)) ok[i] = 1;
    return ok;
  }

  private topicMatches(filter: string): Uint8Array {
    const ok = new Uint8Array(this.topics.length);
    for (let i = 0; i < this.topics.length; i++) {
      const t = this.topics[i] as string;
      // A subscribe line holds a filter: it matches when it would receive the topic asked for.
      if (topicMatchesFilter(t, filter) || (/[+#]/.test(t) && topicMatchesFilter(filter, t))) ok[i] = 1;
    }
    return ok;
  }
}

/** MQTT 3.1.1 §4.7 topic matching: '+' one level, '#' the rest (also the parent level). */
export function topicMatchesFilter(topic: string, filter: string): boolean {
  if (filter === topic) return true;
  const t = topic.split('/');
  const f = filter.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return true;
    if (i >= t.length) return false;
    if (part !== '+' && part !== t[i]) return false;
  }
  return t.length === f.length;
}
