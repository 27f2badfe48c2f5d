// The session journal: append-only JSONL, one JournalRecord per line, bytes in base64.
// Records are buffered and written in batches; a crash loses at most the unflushed batch, and a
// torn last line is tolerated on reading and on reopening (new records start on a fresh line).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JournalRecord } from '../../shared/model';
import type { JournalEntry, JournalSink } from '../at/types';
import { createSecretMarker } from './secret-marks';

export interface Journal extends JournalSink {
  readonly path: string;
  /** Like append(), returning the record as written: numbered, its secrets marked (`secret`). */
  write(record: JournalEntry): JournalRecord;
  /** Write everything appended so far. */
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
}

/** Where journals go: WORKBENCH_DATA_DIR, else the platform's user data folder. */
export function defaultJournalDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.WORKBENCH_DATA_DIR) return path.join(env.WORKBENCH_DATA_DIR, 'journals');
  const app = 'modem-mqtt-workbench';
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), app, 'journals');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', app, 'journals');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), app, 'journals');
}

/** The last complete record's seq and whether the file ends mid-line. */
function inspectTail(filePath: string): { lastSeq: number; needsNewline: boolean } {
  let fd: number;
  try {
    fd = fs.openSync(filePath, 'r');
  } catch {
    return { lastSeq: -1, needsNewline: false };
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return { lastSeq: -1, needsNewline: false };
    const len = Math.min(size, 1 << 20);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    const text = buf.toString('utf8');
    const needsNewline = !text.endsWith('\n');
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      try {
        const r = JSON.parse(lines[i]!) as { seq?: unknown };
        if (typeof r.seq === 'number') return { lastSeq: r.seq, needsNewline };
      } catch {
        // torn or partial line: keep looking backwards
      }
    }
    return { lastSeq: -1, needsNewline };
  } finally {
    fs.closeSync(fd);
  }
}

export function openJournal(filePath: string, opts: JournalOptions = {}): Journal {
  const interval = opts.flushIntervalMs ?? 200;
  const maxBatch = opts.maxBatch ?? 512;
  if (!(interval >= 0)) throw new TypeError('"flushIntervalMs" must be ≥ 0');
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new TypeError('"maxBatch" must be a positive integer');
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const tail = inspectTail(filePath);
  let seq = tail.lastSeq + 1;
  let pending: string[] = tail.needsNewline ? [''] : [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  let firstError: Error | undefined;
  const fd = fs.openSync(filePath, 'a');
  const markSecrets = createSecretMarker();

  const writeOut = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return writing;
    const text = pending.join('\n') + '\n';
    pending = [];
    writing = writing.then(
      () =>
        new Promise<void>((resolve) => {
          fs.write(fd, text, null, 'utf8', (err) => {
            if (err && !firstError) {
              firstError = err;
              opts.onError?.(err);
            }
            resolve();
          });
        }),
    );
    return writing;
  };

  const write = (record: JournalEntry): JournalRecord => {
    // Secrets are marked as the record is written, so every journal carries its marks.
    const written = { seq: closed ? -1 : seq, ...markSecrets(record) } as JournalRecord;
    if (closed) return written;
    seq++;
    pending.push(JSON.stringify(written));
    if (pending.length >= maxBatch) void writeOut();
    else if (!timer) {
      timer = setTimeout(() => void writeOut(), interval);
      timer.unref?.();
    }
    return written;
  };

  return {
    path: filePath,
    get error() {
      return firstError;
    },
    append(record) {
      return write(record).seq;
    },
    write,
    flush: () => writeOut(),
    async close() {
      if (closed) return writing;
      await writeOut();
      closed = true;
      await new Promise<void>((resolve) => fs.close(fd, () => resolve()));
    },
  };
}

/** Read a journal back; a torn last line (crash mid-write) is skipped and reported. */
export async function readJournal(filePath: string): Promise<{ records: JournalRecord[]; tornTail: boolean }> {
  const text = await fs.promises.readFile(filePath, 'utf8');
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  let tornTail = false;
  lines.forEach((line, i) => {
    if (line === '') return;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      // Only the last line can be torn by a crash; a bad line elsewhere is a torn tail from an
      // earlier run that was continued after reopening.
      if (i === lines.length - 1) tornTail = true;
    }
  });
  return { records, tornTail };
}

/** Decode the base64 bytes of a byte record. */
export function recordBytes(r: JournalRecord): Uint8Array | undefined {
  return 'bytes' in r ? new Uint8Array(Buffer.from(r.bytes, 'base64')) : undefined;
}
