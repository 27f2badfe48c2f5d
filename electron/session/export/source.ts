// Record sources for the streaming export: a journal or a session file read a chunk at a time,
// afresh on each call (the export reads its session twice).
import fs from 'node:fs';
import { JournalReader } from '../journal';
import type { RecordSource } from './stream';

/** The records of a journal file (either encoding), read 1 MB at a time; a torn last line is left out. */
export function journalSource(filePath: string): RecordSource {
  return async function* () {
    const stream = fs.createReadStream(filePath, { encoding: 'utf8', highWaterMark: 1 << 20 });
    const reader = new JournalReader();
    try {
      for await (const chunk of stream as AsyncIterable<string>) yield* reader.push(chunk);
      reader.end();
      yield* reader.takeTail();
    } finally {
      stream.destroy();
    }
  };
}
