// A live session holds only its newest rows (the grouper's window); everything older, and all of a
// closed session, is read back from the session's journal, which is the truth. The journal is
// streamed through a grouper of its own with a small window, so answering a request never needs the
// whole session in memory, only the rows asked for.
import fs from 'node:fs';
import type { JournalRecord, LogEntry } from '../../shared/model';
import { ExchangeGrouper, type GrouperWindow, type SessionModel } from '../../shared/exchanges';
import { JournalReader, type ReadOptions, type ReaderOptions } from '../session/journal';

/** What a paging pass holds besides the rows it returns. */
const PAGING_WINDOW: GrouperWindow = { entries: 1_000, exchanges: 1_000 };

/** The grouper reads byte records for their times only: they are not turned back into base64. */
const GROUPING: ReaderOptions = { bytes: false };

/**
 * Calls `visit` with each record of the journal, in order, reading it a chunk at a time through one
 * JournalReader (compact lines depend on the lines before them). `visit` returns false to stop
 * early. A torn last line is skipped, as readJournal does.
 */
export async function forEachJournalRecord(filePath: string, visit: (r: JournalRecord) => boolean | void, opts: ReaderOptions = {}): Promise<void> {
  const stream = fs.createReadStream(filePath, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const reader = new JournalReader(opts);
  const visitAll = (records: readonly JournalRecord[]): boolean => {
    for (const r of records) if (visit(r) === false) return false;
    return true;
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      if (!visitAll(reader.push(chunk))) return;
    }
    reader.end();
    visitAll(reader.takeTail());
  } finally {
    stream.destroy();
  }
}

/**
 * The log entries with index in [from, from + count), regrouped from the journal (stops reading
 * once they are all made). Sealed secrets stay placeholders unless `opts.keys` opens them.
 */
export async function pageLog(filePath: string, from: number, count: number, opts: ReadOptions = {}): Promise<LogEntry[]> {
  const end = from + count;
  const rows: LogEntry[] = [];
  if (count <= 0) return rows;
  const grouper = new ExchangeGrouper({
    window: PAGING_WINDOW,
    onEntry: (e) => {
      if (e.index >= from && e.index < end) rows.push(e);
    },
  });
  await forEachJournalRecord(
    filePath,
    (r) => {
      grouper.push(r);
      return grouper.entryCount < end;
    },
    { ...opts, bytes: false },
  );
  return rows;
}

/** The newest part of a journal's model, as a live grouper with this window would hold it at the end. */
export async function journalWindow(filePath: string, window: Partial<GrouperWindow>): Promise<SessionModel> {
  const grouper = new ExchangeGrouper({ window });
  await forEachJournalRecord(filePath, (r) => void grouper.push(r), GROUPING);
  return grouper.snapshot();
}

/** The whole session's model from its journal: for exports of sessions larger than the window. */
export function journalModel(filePath: string): Promise<SessionModel> {
  return journalWindow(filePath, { entries: Infinity, exchanges: Infinity });
}
