// Record sources for the streaming export: a journal read a chunk at a time, afresh on each call
// (the export reads its session twice).
import fs from 'node:fs';
import type { JournalRecord } from '../../../shared/model';
import type { JournalContents } from '../journal';
import { JournalReader } from '../journal';
import type { BatchOptions, RecordBatch, RecordSource } from './stream';

/** What a full read of the journal found besides its records. */
export type JournalReadInfo = Omit<JournalContents, 'records'> & { records: number };

/**
 * The records of a journal file (either encoding), read 1 MB at a time; a torn last line is left
 * out, as readJournal does. `onRead` is told, after each complete read (one that screened no line
 * out, see BatchOptions.screen), what the read found.
 */
export function journalSource(filePath: string, onRead?: (info: JournalReadInfo) => void): RecordSource {
  // What the last complete read that checked every line learnt: how many lines of the file had
  // each plain byte record checked (a read that leaves the bytes out need not check them again).
  let checkedPlainBytes: number | undefined;
  async function* batches(opts: BatchOptions = {}): AsyncGenerator<RecordBatch> {
    const stream = fs.createReadStream(filePath, { encoding: 'utf8', highWaterMark: 1 << 20 });
    const reader = new JournalReader(opts.bytes === false && checkedPlainBytes !== undefined ? { ...opts, checkedPlainBytes } : opts);
    const batch = (records: JournalRecord[]): RecordBatch => (opts.keepLines ? Object.assign(records, { lines: reader.lines }) : records);
    let records = 0;
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        const read = reader.push(chunk);
        records += read.length;
        if (read.length) yield batch(read);
      }
      const info = reader.end();
      const tail = reader.takeTail();
      records += tail.length;
      if (tail.length) yield batch(tail);
      checkedPlainBytes = reader.checkedPlainBytes ?? checkedPlainBytes;
      if (reader.screened === 0) onRead?.({ ...info, records });
    } finally {
      stream.destroy();
    }
  }
  return Object.assign(
    async function* () {
      for await (const batch of batches()) yield* batch;
    },
    { batches },
  );
}
