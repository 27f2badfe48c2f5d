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
import { isAscii, isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JournalRecord, SecretRange } from '../../shared/model';
import type { JournalEntry, JournalSink } from '../at/types';
import { CLEAN_CLOSE_LINE, CompactDecoder, CompactEncoder, quantizeTime, writerLine } from './journal-compact';
import type { KeyStore } from './key-store';
import { sealKey, sealRecord, unsealRecord, type SealKey } from './seal';
import { createSecretScanner } from './secret-marks';

/** The file name ending of journals in the compact encoding ("compact JSON lines"; plain ones end in .jsonl). */
export const JOURNAL_EXTENSION = '.cjsonl';

export interface Journal extends JournalSink {
  readonly path: string;
  /**
   * Like append(), returning the record as written: numbered, its secrets marked (`secret`), in
   * clear (stored sealed when the journal has keys: what a reader with the key reads back).
   */
  write(record: JournalEntry): JournalRecord;
  /** write() of the byte record appendBytes() takes. */
  writeBytes(mono: number, wall: number, dir: 'rx' | 'tx', bytes: Uint8Array): JournalRecord;
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
export interface ReadOptions {
  keys?: KeyStore | readonly SealKey[];
}

const openingKeys = (keys: ReadOptions['keys']): readonly SealKey[] => (keys === undefined ? [] : 'openingKeys' in keys ? keys.openingKeys() : keys);

/** Where journals go: WORKBENCH_DATA_DIR, else the platform's user data folder. */
export function defaultJournalDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.WORKBENCH_DATA_DIR) return path.join(env.WORKBENCH_DATA_DIR, 'journals');
  const app = 'modem-mqtt-workbench';
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), app, 'journals');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', app, 'journals');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), app, 'journals');
}

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

/**
 * Makes SIGTERM and SIGHUP end the process through a normal exit, every open journal flushed and
 * marked as cleanly closed (their default action ends the process at once, with no exit hook). For
 * entry points that have no graceful stop of their own.
 */
export function exitOnTerminationSignals(): void {
  for (const [sig, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    // A stop asked for by a signal is an orderly end, not a crash: each journal is closed cleanly.
    if (process.listenerCount(sig) === 0)
      process.once(sig, () => {
        for (const j of openJournals) endNow.get(j)?.();
        process.exit(code);
      });
  }
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

/**
 * openJournal with the folder made and the file created off this thread: for a rack, whose
 * sessions all start at once on the host's thread (a file's creation can take a millisecond).
 */
export async function openJournalAsync(filePath: string, opts: JournalOptions = {}): Promise<Journal> {
  const checked = checkOptions(opts);
  await fs.promises.mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const tail = inspectTail(filePath);
  const fd = await new Promise<number>((resolve, reject) => fs.open(filePath, 'a', 0o600, (err, fd) => (err ? reject(err) : resolve(fd))));
  // As openJournal: tightened, best effort.
  await new Promise<void>((resolve) => fs.fchmod(fd, 0o600, () => resolve()));
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
  const markSecrets = createSecretScanner();
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

  const put = (record: JournalEntry, readBack: boolean): JournalRecord => {
    let latin1: string | undefined;
    let text: string | false | undefined;
    if ('bytes' in record) {
      const buf = Buffer.from(record.bytes, 'base64');
      latin1 = buf.toString('latin1');
      text = textOf(buf, latin1);
    }
    const secret = markSecrets(record, latin1);
    // Times are kept to the microsecond, so the record returned is the one read back. One copy,
    // its keys in the order of { seq, ...record, secret } (the plain encoding writes them so).
    const marked = { seq: closed ? -1 : seq, ...record, mono: quantizeTime(record.mono), wall: quantizeTime(record.wall) } as JournalRecord;
    if ('event' in marked && 'at' in marked.event && marked.event.at) {
      const at = marked.event.at;
      const mono = quantizeTime(at.mono);
      const wall = quantizeTime(at.wall);
      // Not copied when it is already the stamp it would be copied to: to the microsecond, and
      // only { mono, wall } in that order.
      if (!Object.is(mono, at.mono) || !Object.is(wall, at.wall) || !plainStamp(at)) marked.event = { ...marked.event, at: { mono, wall } } as typeof marked.event;
    }
    return store(marked, secret, text, readBack);
  };
  /** put() of a byte record given as bytes: built as put() builds it from { mono, wall, dir, bytes }. */
  const putBytes = (mono: number, wall: number, dir: 'rx' | 'tx', bytes: Uint8Array, readBack: boolean): JournalRecord => {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const latin1 = buf.toString('latin1');
    const marked = { seq: closed ? -1 : seq, mono: quantizeTime(mono), wall: quantizeTime(wall), dir, bytes: buf.toString('base64') } as JournalRecord;
    return store(marked, markSecrets(marked, latin1), textOf(buf, latin1), readBack);
  };
  /**
   * Numbers, seals and queues a record. Secrets are marked as the record is written, so every
   * journal carries its marks. `text`: its bytes as UTF-8 text (false: not UTF-8), decoded once
   * for the marker and the encoder (each used to decode them itself). `readBack`: the record as a
   * keyed reader reads it back is made only for write(); append() has no use for it.
   */
  const store = (marked: JournalRecord, secret: SecretRange[], text: string | false | undefined, readBack: boolean): JournalRecord => {
    if (secret.length) marked.secret = secret;
    if (closed) return marked;
    seq++;
    const stored = key ? sealRecord(marked, key) : marked;
    if (encoder) encoder.encodeTo(stored, pending, stored === marked ? text : undefined);
    else pending.push(JSON.stringify(stored));
    // As a keyed reader reads it back (secret ranges merged).
    const written = stored === marked || !readBack ? marked : unsealRecord(stored, [key!]);
    pendingRecords++;
    if (pendingRecords >= maxBatch) writeOut();
    else if (!timer) {
      timer = setTimeout(writeOut, interval);
      timer.unref?.();
    }
    return written;
  };
  const write = (record: JournalEntry): JournalRecord => put(record, true);

  const journal: Journal = {
    path: filePath,
    get error() {
      return firstError;
    },
    append(record) {
      return put(record, false).seq;
    },
    appendBytes(mono, wall, dir, bytes) {
      return putBytes(mono, wall, dir, bytes, false).seq;
    },
    write,
    writeBytes: (mono, wall, dir, bytes) => putBytes(mono, wall, dir, bytes, true),
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

/** Bytes as UTF-8 text (`latin1`, their latin1 form, when they are ASCII), or false when they are not UTF-8. */
const textOf = (buf: Buffer, latin1: string): string | false => (isAscii(buf) ? latin1 : isUtf8(buf) ? buf.toString('utf8') : false);

/** The stamp has exactly the keys mono, wall, in that order (as the journal writes it). */
function plainStamp(at: object): boolean {
  let i = 0;
  for (const k in at) {
    if (k !== (i === 0 ? 'mono' : i === 1 ? 'wall' : '')) return false;
    i++;
  }
  return i === 2;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * One journal line as a record, or undefined when the line is not one (torn, edited, from another
 * program). Checks the frame every reader relies on: numeric seq/mono/wall, and either tx/rx bytes in
 * base64 or an event object with a type.
 */
export function parseJournalLine(line: string): JournalRecord | undefined {
  return plainBytesRecord(line) ?? parsedRecord(line);
}

function parsedRecord(line: string): JournalRecord | undefined {
  let r: unknown;
  try {
    r = JSON.parse(line);
  } catch {
    return undefined;
  }
  return validRecord(r);
}

const JSON_NUMBER = '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?';
/**
 * A byte record exactly as the plain writer writes it (JSON.stringify of seq, mono, wall, dir,
 * bytes; no marks, not sealed): the regular expression is the whole check, so the line is read
 * without JSON.parse. The most common line of a journal; any other shape takes the general path.
 */
const PLAIN_BYTES_LINE = new RegExp(
  `^\\{"seq":(${JSON_NUMBER}),"mono":(${JSON_NUMBER}),"wall":(${JSON_NUMBER}),"dir":"(tx|rx)","bytes":"((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)"\\}$`,
);

/** A line that may be a plain byte record (every line PLAIN_BYTES_LINE matches is; other lines may be too): ends in `"}` (an event's line ends in `}}`). */
const plainBytesShaped = (line: string): boolean => line.charCodeAt(line.length - 2) === 0x22 && line.startsWith('{"seq":') && line.includes('","bytes":"');

/**
 * The seq, times and direction of a line PLAIN_BYTES_LINE was found to match (by an earlier read),
 * without its bytes: the same numbers plainBytesRecord reads, found by the keys around them.
 */
function plainBytesStamp(line: string): JournalRecord {
  const m = line.indexOf(',"mono":', 7);
  const w = line.indexOf(',"wall":', m + 8);
  const d = line.indexOf(',"dir":"', w + 8);
  return { seq: Number(line.slice(7, m)), mono: Number(line.slice(m + 8, w)), wall: Number(line.slice(w + 8, d)), dir: line.charCodeAt(d + 8) === 0x74 ? 'tx' : 'rx', bytes: '' };
}

function plainBytesRecord(line: string): JournalRecord | undefined {
  const m = PLAIN_BYTES_LINE.exec(line);
  if (!m) return undefined;
  const seq = Number(m[1]);
  const mono = Number(m[2]);
  const wall = Number(m[3]);
  // 1e999 parses as Infinity, which the general check refuses: let it say so.
  if (!Number.isFinite(seq) || !Number.isFinite(mono) || !Number.isFinite(wall)) return undefined;
  return { seq, mono, wall, dir: m[4] as 'tx' | 'rx', bytes: m[5] as string };
}

/** The record check shared by both encodings: the object itself when it is a well-framed record. */
export function validRecord(r: unknown): JournalRecord | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
  const o = r as Record<string, unknown>;
  if (!isNum(o.seq) || !isNum(o.mono) || !isNum(o.wall)) return undefined;
  if ('secret' in o && !isRanges(o.secret)) return undefined;
  if ('bytes' in o === 'event' in o) return undefined;
  if ('bytes' in o) {
    return (o.dir === 'tx' || o.dir === 'rx') && typeof o.bytes === 'string' && BASE64.test(o.bytes) ? (o as JournalRecord) : undefined;
  }
  const e = o.event;
  if (typeof e !== 'object' || e === null || Array.isArray(e) || typeof (e as { type?: unknown }).type !== 'string') return undefined;
  const valid = EVENT_CHECKS[(e as { type: string }).type];
  // An event type this version does not know is kept (a newer app wrote it); readers skip it.
  return !valid || valid(e as Record<string, unknown>) ? (o as JournalRecord) : undefined;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStamp = (v: unknown): boolean => isObj(v) && isNum(v.mono) && isNum(v.wall);
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every(isStr);
const isRanges = (v: unknown): boolean => Array.isArray(v) && v.every((r) => Array.isArray(r) && r.length === 2 && isNum(r[0]) && isNum(r[1]));

/** An outcome's own fields, as the grouper reads them: the final line of an answer, the problem of a failure. */
const outcomeFields = (o: Record<string, unknown>): boolean => {
  if (o.kind === 'ok') return isStr(o.final);
  if (o.kind === 'modem-error') return isStr(o.final) && isObj(o.problem);
  if (o.kind === 'timeout' || o.kind === 'port-lost' || o.kind === 'modem-restarted' || o.kind === 'cancelled') return isObj(o.problem);
  return true; // a kind of a newer version
};

/** What each known event type must carry for the readers (grouper, exporters) to use it. */
const EVENT_CHECKS: Record<string, (e: Record<string, unknown>) => boolean> = {
  'command-started': (e) => isNum(e.id) && isStr(e.command) && isStamp(e.at),
  'command-ended': (e) => isNum(e.id) && isStr(e.command) && isStamp(e.at) && isObj(e.outcome) && isStr(e.outcome.kind) && isStrings(e.outcome.lines) && outcomeFields(e.outcome),
  line: (e) => isStr(e.dir) && isStr(e.kind) && isStr(e.text) && isStamp(e.at),
  urc: (e) => isStr(e.name) && isStr(e.text) && isStamp(e.at),
  'port-closed': (e) => isObj(e.reason) && isStr(e.reason.kind) && isStamp(e.at),
  'session-started': (e) => isStr(e.app) && isStr(e.version),
  'port-opened': (e) => isStr(e.path),
  note: (e) => isStr(e.text),
};

/** How a JournalReader reads: ReadOptions, and what a streaming reader may skip or keep. */
export interface ReaderOptions extends ReadOptions {
  /**
   * Plain lines for which this returns false are not read at all (counted in `screened`, and in
   * no other count): a pass that needs only some records (those that may hold a secret) spares
   * the others their parsing. Byte records written by the plain writer, compact lines (each one's
   * state is needed by the next) and the lines up to the first record are always read.
   */
  screen?: (line: string) => boolean;
  /**
   * Keep, for each record, its plain line when the line is exactly that record (nothing unsealed
   * or dropped from it): in `lines`, parallel to the records returned. Compact lines have none.
   */
  keepLines?: boolean;
  /**
   * false: compact byte records are read for their seq and times only (empty `bytes`, no marks),
   * for passes that group events (the grouper reads nothing else of them). Default true.
   */
  bytes?: boolean;
  /**
   * With `bytes: false`: the number of lines (from the start; a last line without its line end
   * not counted) an earlier read of the same file found each, when shaped like a plain byte
   * record (see checkedPlainBytes), to be one. Such a line is then read for its seq, times and
   * direction only: its base64 is not checked again (the second pass of an export).
   */
  checkedPlainBytes?: number;
}

export interface JournalContents {
  records: JournalRecord[];
  /** The last line is not a record (a crash mid-write). */
  tornTail: boolean;
  /** Other lines that are not records, and records lost with them (compact: up to the next keyframe). */
  skipped: number;
  /** The journal's last line is the clean-close marker (compact journals; plain ones never have it). */
  endedCleanly: boolean;
  /** The process that last opened it for writing (compact journals), to tell in use from crashed. */
  writerPid?: number;
}

/**
 * Read a journal back, in either encoding. A torn last line (crash mid-write) is skipped and
 * reported; any other line that is not a record is skipped and counted, never thrown on.
 */
export async function readJournal(filePath: string, opts: ReadOptions = {}): Promise<JournalContents> {
  const text = await fs.promises.readFile(filePath, 'utf8');
  return parseJournalText(text, opts);
}

/** The pure half of readJournal. Plain lines are objects, compact ones arrays: a file may hold both. */
export function parseJournalText(text: string, opts: ReadOptions = {}): JournalContents {
  const reader = new JournalReader(opts);
  const records = reader.push(text);
  return { ...reader.end(), records: [...records, ...reader.takeTail()] };
}

/**
 * Reads a journal a piece at a time, in order, with the state compact lines depend on (sequence,
 * times, referred text) kept across pieces: for journals too large to read in one go. push() takes
 * any text and returns the records of its complete lines; end() reads the last line and reports.
 */
export class JournalReader {
  private readonly compact: CompactDecoder;
  private rest = '';
  private tail: JournalRecord[] = [];
  private tailLines: (string | undefined)[] = [];
  private tornTail = false;
  private skipped = 0;
  private endedCleanly = false;
  private writerPid: number | undefined;
  private readonly keys: readonly SealKey[];
  private readonly screen: ((line: string) => boolean) | undefined;
  private readonly keepLines: boolean;
  private produced = 0;
  /** The plain line of the record read last, when it is that record as written (see ReaderOptions.keepLines). */
  private lastLine: string | undefined;
  /** Lines read so far (a last line without its line end not counted), and of them those shaped like a plain byte record, and those that were one. */
  private seen = 0;
  private shaped = 0;
  private shapedRead = 0;
  private readonly checked: number;
  /** Lines screened out (not read) so far. */
  screened = 0;
  /** With keepLines, the line of each record the last push() or takeTail() returned (see ReaderOptions.keepLines). */
  lines: (string | undefined)[] = [];

  /** With keys, sealed secrets are opened; without, they read as placeholders (redacted). */
  constructor(opts: ReaderOptions = {}) {
    this.keys = openingKeys(opts.keys);
    this.compact = new CompactDecoder(validRecord, { bytes: opts.bytes ?? true });
    this.screen = opts.screen;
    this.keepLines = opts.keepLines === true;
    this.checked = opts.bytes === false ? (opts.checkedPlainBytes ?? 0) : 0;
  }

  /**
   * After a read that checked every line it read (no checkedPlainBytes given): the lines read, when
   * each of them shaped like a plain byte record was one (ReaderOptions.checkedPlainBytes).
   */
  get checkedPlainBytes(): number | undefined {
    return this.checked === 0 && this.shaped === this.shapedRead ? this.seen : undefined;
  }

  push(text: string): JournalRecord[] {
    const out: JournalRecord[] = [];
    this.lines = [];
    const first = text.indexOf('\n');
    if (first < 0) {
      this.rest += text;
      return out;
    }
    // The line begun in the last piece ends here; the rest is read in place (no copy of the piece).
    this.line(this.rest + text.slice(0, first), false, out, this.lines);
    const cut = text.lastIndexOf('\n');
    let start = first + 1;
    for (let nl = text.indexOf('\n', start); nl >= 0 && nl <= cut; nl = text.indexOf('\n', start)) {
      this.line(text.slice(start, nl), false, out, this.lines);
      start = nl + 1;
    }
    this.rest = text.slice(cut + 1);
    return out;
  }

  /** Reads what is left (a last line with no line end) and returns the counts. */
  end(): Omit<JournalContents, 'records'> {
    if (this.rest !== '') {
      this.line(this.rest, true, this.tail, this.tailLines);
      this.rest = '';
    }
    const { tornTail, skipped, endedCleanly, writerPid } = this;
    return writerPid === undefined ? { tornTail, skipped, endedCleanly } : { tornTail, skipped, endedCleanly, writerPid };
  }

  /** Records of the last line, read by end(). */
  takeTail(): JournalRecord[] {
    const t = this.tail;
    this.lines = this.tailLines;
    this.tail = [];
    this.tailLines = [];
    return t;
  }

  private line(line: string, last: boolean, out: JournalRecord[], lines: (string | undefined)[]): void {
    if (line === '') return;
    const before = out.length;
    this.lastLine = undefined;
    this.read(line, last, out);
    if (!last) this.seen++;
    this.produced += out.length - before;
    if (this.keepLines) for (let i = before; i < out.length; i++) lines.push(this.lastLine);
  }

  private read(line: string, last: boolean, out: JournalRecord[]): void {
    let ok: boolean;
    if (line.startsWith('[')) {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        row = undefined;
      }
      const decoded = Array.isArray(row) ? this.compact.decode(row) : ({ kind: 'bad' } as const);
      if (decoded.kind === 'record') out.push(unsealRecord(decoded.record, this.keys));
      if (decoded.kind === 'writer') this.writerPid = decoded.pid;
      this.endedCleanly = decoded.kind === 'clean-close';
      // A record lost with the damaged line before it is not a torn tail.
      if (decoded.kind === 'unsynced') {
        this.skipped++;
        return;
      }
      ok = decoded.kind !== 'bad';
    } else {
      this.endedCleanly = false;
      const shaped = !last && plainBytesShaped(line);
      // A line found a plain byte record before, when its bytes are not wanted: its stamp only (not its line).
      if (shaped && this.seen < this.checked) {
        out.push(plainBytesStamp(line));
        return;
      }
      let r = plainBytesRecord(line);
      if (shaped) {
        this.shaped++;
        if (r) this.shapedRead++;
      }
      // Not before the first record: a reader of the screened pass still learns where the session starts.
      if (!r && this.screen && this.produced > 0 && !this.screen(line)) {
        this.screened++;
        return;
      }
      r ??= parsedRecord(line);
      if (r) {
        const record = unsealRecord(r, this.keys);
        out.push(record);
        // The line is the record only when nothing was unsealed or dropped from it.
        this.lastLine = record === r ? line : undefined;
      }
      ok = r !== undefined;
    }
    if (ok) return;
    // Only the last line can be torn by a crash; a bad line elsewhere is a torn tail from an
    // earlier run that was continued after reopening, or an edit.
    if (last) this.tornTail = true;
    else this.skipped++;
  }
}

/** Decode the base64 bytes of a byte record. */
export function recordBytes(r: JournalRecord): Uint8Array | undefined {
  return 'bytes' in r ? new Uint8Array(Buffer.from(r.bytes, 'base64')) : undefined;
}
