// The journal writer as it was before its per-record work was cut: kept unchanged as the oracle
// that journal-bytes.prop.test.ts compares the current writer's files against, byte for byte.
// Only the writer is kept; reopening reads the file's tail with the project's own reader, which
// the cut did not touch.
// The session journal: append-only, one record per line. New journals are written in the compact
// encoding of journal-compact.ts (a +QMTRECV flood costs under 2× the bytes received); journals
// written before it (plain JSONL, one JournalRecord object per line, bytes in base64) are still
// read, and one that is reopened is continued in its own encoding. Either way readers get the same
// JournalRecords.
// Records are buffered and written in batches, synchronously, so no write is ever in flight: what
// was appended before a flush is in the file when flush returns. Callers flush before they show a
// line to the user, so a kill -9 loses nothing the user saw; an exiting process (process.exit, an
// uncaught error, SIGTERM/SIGHUP turned into an exit by the entry points) flushes every open
// journal. A clean close() ends a compact journal with a marker: one without it ended in a crash
// (session/recovery.ts offers it). A torn last line is tolerated on reading and on reopening (new
// records start on a fresh line). Journals hold what the modem said and are private to the user:
// folder 0700, file 0600. Given a key store, the bytes of secret fields are sealed (seal.ts): the
// file then holds no secret in any encoding, and only a reader given the key opens them again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JournalRecord } from '../../shared/model';
import type { JournalEntry, JournalSink } from '../../electron/at/types';
import { CLEAN_CLOSE_LINE, CompactEncoder, quantizeTime, writerLine } from './journal-compact';
import { parseJournalText } from '../../electron/session/journal';
import type { KeyStore } from '../../electron/session/key-store';
import { sealKey, sealRecord, unsealRecord, type SealKey } from '../../electron/session/seal';
import { createSecretMarker } from './secret-marks';

export interface Journal extends JournalSink {
  readonly path: string;
  /**
   * Like append(), returning the record as written: numbered, its secrets marked (`secret`), in
   * clear (stored sealed when the journal has keys: what a reader with the key reads back).
   */
  write(record: JournalEntry): JournalRecord;
  /** Write everything appended so far (synchronous: done when it returns). */
  flushNow(): void;
  /** Same as flushNow, for callers that await. */
  flush(): Promise<void>;
  /** Flush and close; later appends are ignored. */
  close(): Promise<void>;
  /** The first write error, if any: the journal on disk is then incomplete. */
  readonly error: Error | undefined;
}

export interface JournalOptions {
  /** Longest time a record waits in memory. Default 200 ms. */
  flushIntervalMs?: number;
  /** Records that trigger an immediate write. Default 512. */
  maxBatch?: number;
  /** Told once when a write fails (disk full, file removed …); the journal keeps trying. */
  onError?: (err: Error) => void;
  /**
   * Seals the secrets of every record with this store's key. Without it secrets are written in
   * clear (tests, tools); every entry point of the app passes one.
   */
  keys?: KeyStore;
  /**
   * Told each text as soon as it is in the file, with the byte offset it starts at (the index the
   * writer keeps beside the journal, recording-index.ts). After a failed write it is told nothing
   * more: the offsets of later texts would not be known.
   */
  onWritten?: (text: string, offset: number) => void;
}

/** Who may open the sealed secrets of a journal being read: a key store, keys, or nobody. */
type Encoding = 'compact' | 'plain';

/**
 * What reopening needs to know of an existing file: its encoding (a new or empty file gets the
 * compact one), the last complete record's seq and whether the file ends mid-line.
 */
function inspectTail(filePath: string): { encoding: Encoding; lastSeq: number; needsNewline: boolean } {
  let fd: number;
  // A new journal (the usual case) without the cost of a failed open's error.
  if (!fs.existsSync(filePath)) return { encoding: 'compact', lastSeq: -1, needsNewline: false };
  try {
    fd = fs.openSync(filePath, 'r');
  } catch {
    return { encoding: 'compact', lastSeq: -1, needsNewline: false };
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return { encoding: 'compact', lastSeq: -1, needsNewline: false };
    const first = Buffer.alloc(1);
    fs.readSync(fd, first, 0, 1, 0);
    const encoding: Encoding = first.toString('latin1') === '{' ? 'plain' : 'compact';
    const len = Math.min(size, 1 << 20);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    const text = buf.toString('utf8');
    const needsNewline = !text.endsWith('\n');
    // The window may start mid-line and mid-keyframe-span: records before its first keyframe are
    // not decodable here, and the last decodable one carries the last seq.
    let { records } = parseJournalText(len < size ? text.slice(text.indexOf('\n') + 1) : text);
    // No keyframe in the window (records of over 16 KB each): read it all rather than reuse seqs.
    if (records.length === 0 && len < size) records = parseJournalText(fs.readFileSync(filePath, 'utf8')).records;
    return { encoding, lastSeq: records.at(-1)?.seq ?? -1, needsNewline };
  } finally {
    fs.closeSync(fd);
  }
}

/** Every open journal, flushed synchronously when the process exits, however it exits. */
const openJournals = new Set<Journal>();
/** How each open journal ends cleanly without waiting (for a stop by signal). */
const endNow = new WeakMap<Journal, () => void>();
let exitHookInstalled = false;
function flushAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const j of openJournals) j.flushNow();
  });
}

type Tail = ReturnType<typeof inspectTail>;

function checkOptions(opts: JournalOptions): { interval: number; maxBatch: number } {
  const interval = opts.flushIntervalMs ?? 200;
  const maxBatch = opts.maxBatch ?? 512;
  if (!(interval >= 0)) throw new TypeError('"flushIntervalMs" must be ≥ 0');
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new TypeError('"maxBatch" must be a positive integer');
  return { interval, maxBatch };
}

export function openJournal(filePath: string, opts: JournalOptions = {}): Journal {
  const checked = checkOptions(opts);
  fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const tail = inspectTail(filePath);
  const fd = fs.openSync(filePath, 'a', 0o600);
  // A journal made by an older version may be world-readable: tighten it (best effort).
  try {
    fs.fchmodSync(fd, 0o600);
  } catch {
    // not ours to change (another owner, a FAT stick): leave it
  }
  return journalOn(filePath, fd, tail, opts, checked);
}

function journalOn(filePath: string, fd: number, tail: Tail, opts: JournalOptions, { interval, maxBatch }: { interval: number; maxBatch: number }): Journal {
  let seq = tail.lastSeq + 1;
  let onWritten = opts.onWritten;
  /** Where the next text goes (for onWritten). */
  let offset = onWritten ? fs.fstatSync(fd).size : 0;
  let pending: string[] = tail.needsNewline ? [''] : [];
  let pendingRecords = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let firstError: Error | undefined;
  const markSecrets = createSecretMarker();
  let key: SealKey | undefined;
  if (opts.keys) {
    try {
      key = opts.keys.sealingKey();
    } catch (err) {
      // No key to keep: the secrets are still sealed, with a key that dies with the process (they
      // cannot be revealed later, but are never written in clear).
      key = sealKey(crypto.randomBytes(32));
      firstError = err instanceof Error ? err : new Error(String(err));
      opts.onError?.(firstError);
    }
  }
  // A new encoder starts with a keyframe: a reopened compact journal goes on from its last seq.
  const encoder = tail.encoding === 'compact' ? new CompactEncoder() : undefined;
  // Who writes it: an unclosed journal whose writer still runs is in use, not crashed.
  if (encoder) pending.push(writerLine(process.pid));

  const writeOut = (): void => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0 || closed) return;
    const text = pending.join('\n') + '\n';
    pending = [];
    pendingRecords = 0;
    try {
      const bytes = Buffer.byteLength(text);
      if (fs.writeSync(fd, text, null, 'utf8') !== bytes) throw new Error('the journal was written only in part');
      const at = offset;
      offset += bytes;
      onWritten?.(text, at);
    } catch (err) {
      onWritten = undefined;
      if (!firstError) {
        firstError = err instanceof Error ? err : new Error(String(err));
        opts.onError?.(firstError);
      }
    }
  };

  const write = (record: JournalEntry): JournalRecord => {
    // Secrets are marked as the record is written, so every journal carries its marks; times are
    // kept to the microsecond, so the record returned is the one read back.
    const marked = quantized({ seq: closed ? -1 : seq, ...markSecrets(record) } as JournalRecord);
    if (closed) return marked;
    seq++;
    const stored = key ? sealRecord(marked, key) : marked;
    if (encoder) pending.push(...encoder.encode(stored));
    else pending.push(JSON.stringify(stored));
    // As a keyed reader reads it back (secret ranges merged).
    const written = stored === marked ? marked : unsealRecord(stored, [key!]);
    pendingRecords++;
    if (pendingRecords >= maxBatch) writeOut();
    else if (!timer) {
      timer = setTimeout(writeOut, interval);
      timer.unref?.();
    }
    return written;
  };

  const journal: Journal = {
    path: filePath,
    get error() {
      return firstError;
    },
    append(record) {
      return write(record).seq;
    },
    write,
    flushNow: writeOut,
    flush: async () => writeOut(),
    async close() {
      if (closed) return;
      end();
      await new Promise<void>((resolve) => fs.close(fd, () => resolve()));
    },
  };
  /** Writes what is left and the clean-close mark; the file itself is closed by the caller or the exit. */
  const end = (): void => {
    if (closed) return;
    // The mark tells a later start that this session ended cleanly (not offered for recovery).
    if (encoder) pending.push(CLEAN_CLOSE_LINE);
    writeOut();
    closed = true;
    openJournals.delete(journal);
  };
  endNow.set(journal, end);
  openJournals.add(journal);
  flushAllOnExit();
  return journal;
}

/** The record with its times (and its event's) rounded to the microsecond. */
function quantized(r: JournalRecord): JournalRecord {
  const q = { ...r, mono: quantizeTime(r.mono), wall: quantizeTime(r.wall) };
  if ('event' in q && 'at' in q.event && q.event.at) q.event = { ...q.event, at: { mono: quantizeTime(q.event.at.mono), wall: quantizeTime(q.event.at.wall) } };
  return q;
}
