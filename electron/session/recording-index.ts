// The index a journal's writer keeps as it records, so that opening even a day-long journal reads
// only its last part. Every RECORDING_INDEX_EVERY log rows, at a keyframe line (where a reader can
// start afresh: journal-stream.ts), the writer appends a checkpoint: the keyframe's byte offset, the
// records, line events, rows and exchanges before it, and what a grouper had learnt by then
// (ExchangeGrouper.checkpoint(): no rows). Opening restores the grouper from a checkpoint far enough
// back for the held window and groups only the lines after it (journal-index.ts).
//
// Why the writer reads its own lines back rather than grouping the records it is given: the
// checkpoints must be what a reader of the file makes of it (sealed secrets read as placeholders,
// a record the reader refuses lost with the records after it up to the next keyframe), and feeding
// the written text through the same JournalReader makes them that by construction. It costs one
// JSON.parse per line as it is recorded, which a live session (at most thousands of lines a second)
// does not feel.
//
// The file is append-only: a header frame, then one frame per checkpoint, each framed as
// [payload length u32][CRC-32 of the payload u32][v8 payload]. A crash can tear only the last frame,
// which fails its length or its CRC and is ignored with anything after it. A checkpoint is appended
// only once the journal text it points into is written, so it never points past the journal. The
// header holds the journal's first bytes (its writer line and first keyframe: a process id and a
// time to the microsecond), so an index beside another file of the same name is not taken for its.
// It holds nothing the journal does not (placeholders, never a secret) and is private like it
// (folder 0700, file 0600).
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import { ExchangeGrouper, type GrouperWindow } from '../../shared/exchanges';
import type { JournalRecord } from '../../shared/model';
import { JournalReader, openJournal, openJournalAsync, type Journal, type JournalOptions } from './journal';

/** Where the indexes of journals are kept: beside them, in a dot folder (never listed as a journal). */
export const OPEN_INDEX_DIR = '.open-index';
/** Rows between checkpoints: opening groups at most about this many rows more than the window. */
export const RECORDING_INDEX_EVERY = 4_096;
/** Bumped when what a checkpoint holds changes: an index of another version is not read. */
const RECORDING_INDEX_VERSION = 1;
/** Bytes of the journal's start the header keeps to know it again. */
const HEAD_BYTES = 64;
/**
 * The writer's own grouper holds few rows: a checkpoint holds no rows, and what it holds does not
 * depend on the window (the open and paging passes restore it with windows of their own).
 */
const INDEXING_WINDOW: GrouperWindow = { entries: 256, exchanges: 256 };

export const recordingIndexPath = (journal: string): string => path.join(path.dirname(journal), OPEN_INDEX_DIR, `${path.basename(journal)}.idx`);

export interface RecordedCheckpoint {
  /** Byte offset of the keyframe line the state was taken before. */
  offset: number;
  /** Records, line events, log rows and exchanges made before it. */
  records: number;
  lines: number;
  entryCount: number;
  exchangeCount: number;
  /** ExchangeGrouper.checkpoint() before the keyframe, v8-serialized. */
  state: Uint8Array;
}

const isLine = (r: JournalRecord): boolean => 'event' in r && r.event.type === 'line';

function frame(value: unknown): Buffer {
  const payload = v8.serialize(value);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(zlib.crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

/** The whole frames of an index file, in order: a torn or damaged frame ends them. */
export function readFrames(buf: Buffer): unknown[] {
  const out: unknown[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    const len = buf.readUInt32LE(at);
    const crc = buf.readUInt32LE(at + 4);
    if (at + 8 + len > buf.length) break;
    const payload = buf.subarray(at + 8, at + 8 + len);
    if (zlib.crc32(payload) !== crc) break;
    try {
      out.push(v8.deserialize(payload));
    } catch {
      break;
    }
    at += 8 + len;
  }
  return out;
}

/**
 * Keeps the index of a journal being written from its first byte: told each text as it is written
 * (JournalOptions.onWritten). Best effort: an index that cannot be written stops, and the journal
 * then opens as one with no index (read whole).
 */
export class RecordingIndexer {
  private readonly reader = new JournalReader({ bytes: false });
  private readonly grouper = new ExchangeGrouper({ window: INDEXING_WINDOW });
  private records = 0;
  private lines = 0;
  private lastEntryCount = 0;
  private head = Buffer.alloc(0);
  private fd: number | undefined;
  private stopped = false;
  readonly file: string;

  constructor(
    journal: string,
    private readonly every = RECORDING_INDEX_EVERY,
  ) {
    this.file = recordingIndexPath(journal);
  }

  // Texts held unread while the journal is too short to need a checkpoint: a checkpoint comes
  // only after `every` rows, and a row is at least a line, so until the journal has that many
  // lines reading it back would write nothing. Most sessions (a rack's bring-ups, a CLI run) end
  // before that and never pay for the read-back; a long one reads its first part once, then
  // follows as it is written.
  private held: Array<{ text: string; offset: number }> | undefined = [];
  private heldLines = 0;

  /** For JournalOptions.onWritten: `text` (whole lines) now sits at `offset` of the journal. */
  readonly written = (text: string, offset: number): void => {
    if (this.stopped) return;
    try {
      if (this.held) {
        this.held.push({ text, offset });
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) this.heldLines++;
        if (this.heldLines < this.every) return;
        const held = this.held;
        this.held = undefined;
        for (const h of held) this.read(h.text, h.offset);
        return;
      }
      this.read(text, offset);
    } catch {
      this.stop();
    }
  };

  stop(): void {
    this.stopped = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private read(text: string, offset: number): void {
    if (this.head.length < HEAD_BYTES) {
      if (offset !== this.head.length) return this.stop(); // not the journal's own start
      this.head = Buffer.concat([this.head, Buffer.from(text, 'utf8')]).subarray(0, HEAD_BYTES);
    }
    let at = offset;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl + 1);
      if (line.startsWith('["K",') && this.grouper.entryCount - this.lastEntryCount >= this.every) this.checkpoint(at);
      for (const r of this.reader.push(line)) {
        this.grouper.push(r);
        this.records++;
        if (isLine(r)) this.lines++;
      }
      at += Buffer.byteLength(line);
      start = nl + 1;
    }
  }

  private checkpoint(offset: number): void {
    if (this.head.length < HEAD_BYTES) return;
    const state = this.grouper.checkpoint();
    const cp: RecordedCheckpoint = { offset, records: this.records, lines: this.lines, entryCount: this.grouper.entryCount, exchangeCount: state.nextExchangeId, state: v8.serialize(state) };
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      this.fd = fs.openSync(this.file, 'w', 0o600);
      fs.writeSync(this.fd, frame({ version: RECORDING_INDEX_VERSION, head: this.head }));
    }
    fs.writeSync(this.fd, frame(cp));
    this.lastEntryCount = cp.entryCount;
  }
}

/**
 * Opens a journal for writing as openJournal does, keeping its index as it records when the file is
 * new (a journal continued after reopening keeps the index it had: its checkpoints stay true, the
 * part after them is read on opening).
 */
export function openIndexedJournal(filePath: string, opts: JournalOptions & { indexEvery?: number } = {}): Journal {
  const { indexEvery, ...journalOpts } = opts;
  if (!isFresh(filePath)) return openJournal(filePath, journalOpts);
  const indexer = new RecordingIndexer(filePath, indexEvery);
  // An index of an earlier file of that name is not this journal's.
  fs.rmSync(indexer.file, { force: true });
  return stoppingIndexer(openJournal(filePath, { ...journalOpts, onWritten: indexer.written }), indexer);
}

/** openIndexedJournal with the file made off this thread (openJournalAsync): for a rack's sessions. */
export async function openIndexedJournalAsync(filePath: string, opts: JournalOptions & { indexEvery?: number } = {}): Promise<Journal> {
  const { indexEvery, ...journalOpts } = opts;
  if (!isFresh(filePath)) return openJournalAsync(filePath, journalOpts);
  const indexer = new RecordingIndexer(filePath, indexEvery);
  await fs.promises.rm(indexer.file, { force: true });
  return stoppingIndexer(await openJournalAsync(filePath, { ...journalOpts, onWritten: indexer.written }), indexer);
}

function isFresh(filePath: string): boolean {
  try {
    return fs.statSync(filePath).size === 0;
  } catch {
    return true;
  }
}

function stoppingIndexer(journal: Journal, indexer: RecordingIndexer): Journal {
  const close = journal.close.bind(journal);
  journal.close = async () => {
    await close();
    indexer.stop();
  };
  return journal;
}

/**
 * The checkpoints the writer of `journal` kept, in file order, or undefined when it has none (no
 * index, another file's, another version's). Only checkpoints inside the file as it is now are
 * returned; each is checked to point at a keyframe line when it is used (journal-index.ts).
 */
export function readRecordingIndex(journal: string): RecordedCheckpoint[] | undefined {
  let buf: Buffer;
  let size: number;
  let fd: number | undefined;
  try {
    buf = fs.readFileSync(recordingIndexPath(journal));
    fd = fs.openSync(journal, 'r');
    size = fs.fstatSync(fd).size;
    const [header, ...rest] = readFrames(buf) as [{ version?: unknown; head?: unknown } | undefined, ...RecordedCheckpoint[]];
    if (header?.version !== RECORDING_INDEX_VERSION || !(header.head instanceof Uint8Array)) return undefined;
    const head = Buffer.alloc(header.head.length);
    if (fs.readSync(fd, head, 0, head.length, 0) !== head.length || !head.equals(header.head)) return undefined;
    return rest.filter((cp) => cp.offset < size);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Whether the journal has a keyframe line at `offset` (a checkpoint may be trusted to start there). */
export function keyframeAt(fd: number, offset: number): boolean {
  const b = Buffer.alloc(6);
  if (offset === 0) return fs.readSync(fd, b, 0, 5, 0) === 5 && b.subarray(0, 5).toString('latin1') === '["K",';
  return fs.readSync(fd, b, 0, 6, offset - 1) === 6 && b.toString('latin1') === '\n["K",';
}
