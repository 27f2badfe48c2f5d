// Checkpoints of a long journal, so that a page of its log near the end is regrouped from the
// nearest checkpoint rather than from the start. A checkpoint is what the grouper had learnt just
// before a keyframe line (ExchangeGrouper.checkpoint(): no rows, only the state later rows depend
// on) and that line's byte offset: a reader started fresh there reads the same records
// (journal-stream.ts), so a grouper restored there makes the same entries. They are taken as a
// pass goes by (opening the journal, or paging it), one every CHECKPOINT_EVERY entries, each a few
// KB serialized: memory grows by kilobytes per few thousand rows, never by the rows themselves.
// Journals are append-only: a checkpoint stays true while the file grows (a live session's too).
import fs from 'node:fs';
import v8 from 'node:v8';
import { ExchangeGrouper, type GroupOptions, type GrouperCheckpoint } from '../../shared/exchanges';

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

function inode(file: string): number | undefined {
  try {
    return fs.statSync(file).ino;
  } catch {
    return undefined;
  }
}
