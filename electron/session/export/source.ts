// Record sources for the streaming export: a journal read a chunk at a time, afresh on each call
// (the export reads its session twice).
import fs from 'node:fs';
import type { JournalContents } from '../journal';
import { JournalReader } from '../journal';
import type { RecordSource } from './stream';

/** What a full read of the journal found besides its records. */
export type JournalReadInfo = Omit<JournalContents, 'records'> & { records: number };

/**
 * The records of a journal file (either encoding), read 1 MB at a time; a torn last line is left
 * out, as readJournal does. `onRead` is told, after each complete read, what the read found.
 */
export function journalSource(filePath: string, onRead?: (info: JournalReadInfo) => void): RecordSource {
  async function* batches(): AsyncGenerator<import('../../../shared/model').JournalRecord[]> {
    const stream = fs.createReadStream(filePath, { encoding: 'utf8', highWaterMark: 1 << 20 });
    const reader = new JournalReader();
    let records = 0;
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        const batch = reader.push(chunk);
        records += batch.length;
        if (batch.length) yield batch;
      }
      const info = reader.end();
      const tail = reader.takeTail();
      records += tail.length;
      if (tail.length) yield tail;
      onRead?.({ ...info, records });
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
