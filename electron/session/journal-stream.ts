// Streams a journal file through one JournalReader, a chunk at a time, from its start or from a
// keyframe line, telling the caller where each keyframe line begins (its byte offset) before
// reading it. A compact keyframe resets every state the lines after it depend on (sequence, times,
// referred text: journal-compact.ts), so a reader started fresh at a keyframe's offset reads the
// same records from there on: the offsets are where a long journal can be read again from the
// middle (log paging from a checkpoint, electron/host/journal-index.ts).
import fs from 'node:fs';
import type { JournalRecord } from '../../shared/model';
import { JournalReader, type JournalContents, type ReaderOptions } from './journal';

/** The start of a keyframe line (["K",seq,…]) after a line end. */
const KEYFRAME_AFTER_NL = Buffer.from('\n["K",');
const KEYFRAME = Buffer.from('["K",');

export interface StreamOptions extends ReaderOptions {
  /** Byte offset to start reading at: 0, or the offset of a keyframe line. */
  start?: number;
  /**
   * Told the byte offset of each keyframe line before it is read, once every record before it was
   * visited. (Byte offsets in the file; a line may be a damaged keyframe: reading from it then
   * loses the same records a reading from the start loses.)
   */
  atKeyframe?: (offset: number) => void;
  /** Told the bytes read so far (from `start`) after each chunk: for a long pass's progress. */
  onProgress?: (bytesRead: number) => void;
}

export type StreamSummary = Omit<JournalContents, 'records'> & {
  /** Whether `visit` stopped the reading (the counts then cover what was read). */
  stopped: boolean;
};

/**
 * Calls `visit` with each record from `opts.start`, in order; `visit` returns false to stop. A
 * torn last line is skipped and reported, as readJournal does.
 */
export async function streamJournal(filePath: string, visit: (r: JournalRecord) => boolean | void, opts: StreamOptions = {}): Promise<StreamSummary> {
  const start = opts.start ?? 0;
  const reader = new JournalReader(opts);
  const atKeyframe = opts.atKeyframe;
  const stream = fs.createReadStream(filePath, { start, highWaterMark: 1 << 20 });
  let stopped = false;
  const feed = (text: string): boolean => {
    for (const r of reader.push(text)) {
      if (visit(r) === false) {
        stopped = true;
        return false;
      }
    }
    return true;
  };
  /** Offset in the file of rest[0], and the bytes of a line not ended yet. */
  let base = start;
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      const cut = buf.lastIndexOf(10) + 1; // complete lines end here
      let from = 0;
      if (atKeyframe) {
        // buf starts at a line start; keyframes elsewhere follow a line end. Only complete lines
        // (before cut) are read now: a keyframe in the unfinished tail starts the next buf.
        const nextKey = (p: number): number => {
          const i = buf.indexOf(KEYFRAME_AFTER_NL, p);
          return i < 0 ? -1 : i + 1;
        };
        let k = buf.subarray(0, KEYFRAME.length).equals(KEYFRAME) ? 0 : nextKey(0);
        while (k >= 0 && k < cut) {
          if (k > from && !feed(buf.toString('utf8', from, k))) return { ...reader.end(), stopped };
          atKeyframe(base + k);
          from = k;
          k = nextKey(k);
        }
      }
      if (cut > from && !feed(buf.toString('utf8', from, cut))) return { ...reader.end(), stopped };
      rest = Buffer.from(buf.subarray(cut));
      base += cut;
      opts.onProgress?.(base + rest.length - start);
    }
    if (rest.length) reader.push(rest.toString('utf8'));
    const summary = reader.end();
    for (const r of reader.takeTail()) if (visit(r) === false) return { ...summary, stopped: true };
    return { ...summary, stopped };
  } finally {
    stream.destroy();
  }
}
