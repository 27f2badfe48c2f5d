// A live session holds only its newest rows (the grouper's window); everything older, and all of a
// closed session, is read back from the session's journal, which is the truth. The journal is
// streamed through a grouper of its own with a small window, so answering a request never needs the
// whole session in memory, only the rows asked for.
import type { JournalRecord, LogEntry } from '../../shared/model';
import { ExchangeGrouper, type GrouperWindow, type SessionModel } from '../../shared/exchanges';
import type { ReadOptions, ReaderOptions } from '../session/journal';
import { streamJournal } from '../session/journal-stream';
import type { JournalIndex } from './journal-index';

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
  await streamJournal(filePath, visit, opts);
}

/**
 * The log entries with index in [from, from + count), regrouped from the journal (stops reading
 * once they are all made). Sealed secrets stay placeholders unless `opts.keys` opens them. Given
 * the journal's index, a keyless page is regrouped from the nearest checkpoint before `from`, and
 * the pass leaves checkpoints where the index has none yet.
 */
export async function pageLog(filePath: string, from: number, count: number, opts: ReadOptions = {}, index?: JournalIndex): Promise<LogEntry[]> {
  const end = from + count;
  const rows: LogEntry[] = [];
  if (count <= 0) return rows;
  const grouping = {
    window: PAGING_WINDOW,
    onEntry: (e: LogEntry) => {
      if (e.index >= from && e.index < end) rows.push(e);
    },
  };
  // Checkpoints hold what a keyless pass read: secrets opened by a key would read differently.
  const indexed = opts.keys === undefined ? index : undefined;
  const cp = indexed?.before(from);
  const grouper = cp ? indexed!.restore(cp, grouping) : new ExchangeGrouper(grouping);
  await streamJournal(
    filePath,
    (r) => {
      grouper.push(r);
      return grouper.entryCount < end;
    },
    { ...opts, bytes: false, start: cp?.offset ?? 0, ...(indexed ? { atKeyframe: indexed.recorder(() => grouper) } : {}) },
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
