// Checkpoints of a long journal, so that a page of its log near the end is regrouped from the
// nearest checkpoint rather than from the start. A checkpoint is what the grouper had learnt just
// before a keyframe line (ExchangeGrouper.checkpoint(): no rows, only the state later rows depend
// on) and that line's byte offset: a reader started fresh there reads the same records
// (journal-stream.ts), so a grouper restored there makes the same entries. They are taken as a
// pass goes by (opening the journal, or paging it), one every CHECKPOINT_EVERY entries, each a few
// KB serialized: memory grows by kilobytes per few thousand rows, never by the rows themselves.
// Journals are append-only: a checkpoint stays true while the file grows (a live session's too).
// A journal the app records also has the checkpoints its writer keeps as it goes
// (session/recording-index.ts): they are taken over (adoptRecorded), and opening it starts from one
// near its end (openFromRecordingIndex) rather than from the start.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { ExchangeGrouper, GROUPER_WINDOW, type GroupOptions, type GrouperCheckpoint, type GrouperWindow } from '../../shared/exchanges';
import type { JournalRecord } from '../../shared/model';
import { streamJournal } from '../session/journal-stream';
import { keyframeAt, OPEN_INDEX_DIR, readRecordingIndex, recordingIndexPath, type RecordedCheckpoint } from '../session/recording-index';

/** Entries between checkpoints: a page is at most this many rows (about 3× as many records) away from one. */
export const CHECKPOINT_EVERY = 4_096;

export interface Checkpoint {
  /** Byte offset of the keyframe line the grouper state was taken before. */
  offset: number;
  /** Entries made before it: the next entry's index. */
  entryCount: number;
  /** The grouper's checkpoint, serialized (a copy: restoring never changes it). */
  state: Buffer;
}

export class JournalIndex {
  /** In file order (offsets and entry counts both ascending). */
  readonly checkpoints: Checkpoint[] = [];
  private ino: number | undefined;
  /** Size of the writer's index when it was last taken over. */
  private recordedSize = -1;

  constructor(
    readonly path: string,
    private readonly every = CHECKPOINT_EVERY,
  ) {
    this.ino = inode(path);
  }

  /**
   * For streamJournal's atKeyframe: takes a checkpoint of `grouper` at a keyframe past the last one
   * once enough entries were made since. The grouper must have been fed every record before the
   * offset, in a pass that read sealed secrets as placeholders (no keys).
   */
  recorder(grouper: () => ExchangeGrouper): (offset: number) => void {
    return (offset) => {
      const last = this.checkpoints.at(-1);
      const g = grouper();
      if (last && (offset <= last.offset || g.entryCount - last.entryCount < this.every)) return;
      if (!last && g.entryCount < this.every) return;
      this.checkpoints.push({ offset, entryCount: g.entryCount, state: v8.serialize(g.checkpoint()) });
    };
  }

  /** The last checkpoint made before entry `index`, if any (the file is checked to be the one indexed). */
  before(index: number): Checkpoint | undefined {
    this.checkFile();
    const cps = this.checkpoints;
    let lo = 0;
    let hi = cps.length - 1;
    let found: Checkpoint | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const cp = cps[mid]!;
      if (cp.entryCount <= index) {
        found = cp;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * Takes over the checkpoints the journal's writer kept (session/recording-index.ts) that this
   * index does not have yet: a live session's or a recorded journal's old rows are then paged from
   * near them from the first page on. Cheap when the writer's index has not grown since.
   */
  adoptRecorded(): void {
    let size: number;
    try {
      size = fs.statSync(recordingIndexPath(this.path)).size;
    } catch {
      return;
    }
    if (size === this.recordedSize) return;
    this.recordedSize = size;
    const cps = readRecordingIndex(this.path);
    if (!cps) return;
    const have = new Set(this.checkpoints.map((c) => c.offset));
    const before = this.checkpoints.length;
    for (const c of cps) if (!have.has(c.offset)) this.checkpoints.push({ offset: c.offset, entryCount: c.entryCount, state: Buffer.from(c.state) });
    if (this.checkpoints.length > before) this.checkpoints.sort((a, b) => a.offset - b.offset);
  }

  /** A grouper that goes on from `cp`. */
  restore(cp: Checkpoint, opts: GroupOptions): ExchangeGrouper {
    return ExchangeGrouper.fromCheckpoint(v8.deserialize(cp.state) as GrouperCheckpoint, opts);
  }

  /** Bytes the checkpoints hold (for the benchmark's memory figure). */
  get bytes(): number {
    return this.checkpoints.reduce((n, cp) => n + cp.state.length, 0);
  }

  /** A file replaced or cut shorter than the checkpoints is another journal: they are dropped. */
  private checkFile(): void {
    const last = this.checkpoints.at(-1);
    let size = -1;
    try {
      size = fs.statSync(this.path).size;
    } catch {
      // gone: nothing to page from
    }
    const ino = inode(this.path);
    if (ino !== this.ino || (last && size <= last.offset)) {
      this.checkpoints.length = 0;
      this.ino = ino;
    }
  }
}

/** Where the open index of a journal is kept: beside it, in a dot folder (never listed as a journal). */
export { OPEN_INDEX_DIR };
/** Bumped when what an open index holds changes: older ones are not read. */
const OPEN_INDEX_VERSION = 2;
/** Journals smaller than this are read again on every open (it is quick): no index is kept for them. */
export const OPEN_INDEX_MIN_BYTES = 4 << 20;

/** What opening a journal made of it: its counts, the grouper at its end, and its checkpoints. */
export interface OpenedJournalState {
  records: number;
  lines: number;
  tornTail: boolean;
  grouper: ExchangeGrouper;
  index: JournalIndex;
}

/** What identifies the journal an open index was made of: a journal that changed is read again. */
interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

export function fileStamp(file: string): FileStamp | undefined {
  try {
    const st = fs.statSync(file);
    return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  } catch {
    return undefined;
  }
}

const openIndexPath = (file: string): string => path.join(path.dirname(file), OPEN_INDEX_DIR, `${path.basename(file)}.v8`);
const windowKey = (w: Partial<GrouperWindow>): string => JSON.stringify({ ...GROUPER_WINDOW, ...w });

interface StoredOpenIndex {
  version: number;
  stamp: FileStamp;
  window: string;
  records: number;
  lines: number;
  tornTail: boolean;
  state: GrouperCheckpoint;
  checkpoints: Checkpoint[];
}

/**
 * Keeps what opening a large journal made of it (read before the pass began: `stamp`), so that
 * opening it again restores it instead of reading the journal: the grouper at the end (its held
 * rows, with its window) and the checkpoints. The grouper read sealed secrets as placeholders, so
 * the index holds nothing the journal does not; it is private like the journal (folder 0700, file
 * 0600). Best effort: an index that cannot be written is simply not there next time.
 */
export function saveOpenIndex(file: string, stamp: FileStamp, window: Partial<GrouperWindow>, opened: OpenedJournalState, opts: { minBytes?: number | undefined } = {}): void {
  if (stamp.size < (opts.minBytes ?? OPEN_INDEX_MIN_BYTES)) return;
  const target = openIndexPath(file);
  const stored: StoredOpenIndex = {
    version: OPEN_INDEX_VERSION,
    stamp,
    window: windowKey(window),
    records: opened.records,
    lines: opened.lines,
    tornTail: opened.tornTail,
    state: opened.grouper.checkpoint({ rows: true }),
    checkpoints: opened.index.checkpoints,
  };
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, v8.serialize(stored), { mode: 0o600 });
    fs.renameSync(tmp, target);
  } catch {
    // a read-only folder, a full disk: the journal is read again next time
  }
}

/** What an earlier open of this journal made of it, when the journal has not changed since (and the window is the same). */
export function loadOpenIndex(file: string, window: Partial<GrouperWindow>, opts: { minBytes?: number | undefined } = {}): OpenedJournalState | undefined {
  const now = fileStamp(file);
  if (!now || now.size < (opts.minBytes ?? OPEN_INDEX_MIN_BYTES)) return undefined;
  let stored: StoredOpenIndex;
  try {
    stored = v8.deserialize(fs.readFileSync(openIndexPath(file))) as StoredOpenIndex;
  } catch {
    return undefined;
  }
  const s = stored?.stamp;
  if (stored?.version !== OPEN_INDEX_VERSION || stored.window !== windowKey(window) || !s || s.size !== now.size || s.mtimeMs !== now.mtimeMs || s.ino !== now.ino) return undefined;
  const index = new JournalIndex(file);
  index.checkpoints.push(...stored.checkpoints);
  return { records: stored.records, lines: stored.lines, tornTail: stored.tornTail, grouper: ExchangeGrouper.fromCheckpoint(stored.state, { window }), index };
}

function inode(file: string): number | undefined {
  try {
    return fs.statSync(file).ino;
  } catch {
    return undefined;
  }
}

/**
 * Whether a journal has an index of either kind, judged from the files alone (cheap enough for
 * every row of the Sessions list): its writer's, or an open index written since it last changed.
 * A stale one is only found out on opening, which then reads the journal whole: still correct.
 */
export function hasIndex(file: string): boolean {
  try {
    if (fs.existsSync(recordingIndexPath(file))) return true;
    return fs.statSync(openIndexPath(file)).mtimeMs >= fs.statSync(file).mtimeMs;
  } catch {
    return false;
  }
}

const isLine = (r: JournalRecord): boolean => 'event' in r && r.event.type === 'line';

/**
 * The checkpoint of the writer's index to open from: the last one with more than a window's rows
 * AND exchanges after it (counted to the index's last checkpoint, so to the journal's end there are
 * at least as many). A grouper restored there, fed the rest, trims its window into the same steps
 * as one fed from the start (shared/exchanges.ts windowDrop) before it reaches the end, and every
 * row and exchange it then holds was made after the checkpoint, from the same state: it holds
 * exactly what the whole pass holds. Undefined: the journal is shorter than that (read it whole).
 */
export function openingCheckpoint(cps: readonly RecordedCheckpoint[], window: Partial<GrouperWindow>): RecordedCheckpoint | undefined {
  const w = { ...GROUPER_WINDOW, ...window };
  const last = cps.at(-1);
  if (!last) return undefined;
  for (let i = cps.length - 1; i >= 0; i--) {
    const cp = cps[i]!;
    if (last.entryCount - cp.entryCount > w.entries && last.exchangeCount - cp.exchangeCount > w.exchanges) return cp;
  }
  return undefined;
}

/**
 * Opens a journal from the index its writer kept (session/recording-index.ts): the grouper is
 * restored at the opening checkpoint and fed only the lines after it; the paging index starts with
 * the writer's checkpoints. Undefined when the journal has no usable index (or is short enough to be
 * read whole): the caller reads it whole.
 */
export async function openFromRecordingIndex(file: string, window: Partial<GrouperWindow>): Promise<OpenedJournalState | undefined> {
  const cps = readRecordingIndex(file);
  if (!cps) return undefined;
  const cp = openingCheckpoint(cps, window);
  if (!cp) return undefined;
  const fd = fs.openSync(file, 'r');
  try {
    // A checkpoint that does not point at a keyframe is not this journal's: none of them is trusted.
    if (!keyframeAt(fd, cp.offset)) return undefined;
  } finally {
    fs.closeSync(fd);
  }
  const grouper = ExchangeGrouper.fromCheckpoint(v8.deserialize(cp.state) as GrouperCheckpoint, { window });
  const index = new JournalIndex(file);
  for (const c of cps) if (c.offset <= cp.offset) index.checkpoints.push({ offset: c.offset, entryCount: c.entryCount, state: Buffer.from(c.state) });
  let records = cp.records;
  let lines = cp.lines;
  const { tornTail } = await streamJournal(
    file,
    (r) => {
      grouper.push(r);
      records++;
      if (isLine(r)) lines++;
    },
    { bytes: false, start: cp.offset, atKeyframe: index.recorder(() => grouper) },
  );
  grouper.forgetChangesBeforeWindow();
  return { records, lines, tornTail, grouper, index };
}
