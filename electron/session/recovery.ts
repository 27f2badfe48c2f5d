// A session that ended in a crash (kill -9, power loss: no clean close) is found on the next start
// and offered: the newest journal of the journal folder when it does not end with the clean-close
// mark and the process that wrote it is gone (journal-compact.ts). Journals of older versions
// (plain .jsonl) carry no mark and are never offered.
// Opening one is restricted to the journal folder: the renderer names a file, this side checks it.
import fs from 'node:fs';
import path from 'node:path';
import type { OpenedJournal, RecoverableSession } from '../../shared/api';
import type { JournalRecord } from '../../shared/model';
import { fail, ok, type Outcome } from '../../shared/outcome';
import { JOURNAL_EXTENSION, readJournal, type JournalContents } from './journal';
import { streamJournal } from './journal-stream';
import { JournalCounts } from './journal-summary';

/** Remembers the journal the user dismissed, so it is not offered again. */
const DISMISSED_FILE = '.recovery-dismissed';

const isJournalName = (name: string): boolean => name.endsWith(JOURNAL_EXTENSION) || name.endsWith('.jsonl');

/** The journals of the folder, newest (last modified) first. */
function journalsNewestFirst(journalDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(journalDir);
  } catch {
    return [];
  }
  const files = names.flatMap((name) => {
    if (!isJournalName(name)) return [];
    try {
      const st = fs.statSync(path.join(journalDir, name));
      return st.isFile() ? [{ file: path.join(journalDir, name), mtime: st.mtimeMs }] : [];
    } catch {
      return [];
    }
  });
  return files.sort((a, b) => b.mtime - a.mtime || (a.file < b.file ? 1 : -1)).map((f) => f.file);
}

const isLine = (r: JournalRecord): boolean => 'event' in r && r.event.type === 'line';

/** What the banner says of a journal: its start, its last line, how much it holds. */
export function summarize(filePath: string, contents: JournalContents): RecoverableSession {
  const { records } = contents;
  const lastLine = records.findLast(isLine) ?? records.at(-1);
  return {
    path: filePath,
    startedAt: records[0]?.wall ?? 0,
    lastLineAt: lastLine?.wall ?? 0,
    records: records.length,
    lines: records.filter(isLine).length,
  };
}

/** The process still runs (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/**
 * The session to offer for recovery: the newest journal in `journalDir` when it is in the compact
 * encoding, holds records, has no clean-close mark and its writer no longer runs (a journal that
 * `workbench at` or another window is writing is in use, not crashed). `inUse`: journals this
 * process writes; when the newest is one of them, the last session is the live one: nothing to offer.
 */
export async function findRecoverableSession(journalDir: string, opts: { inUse?: readonly string[] } = {}): Promise<RecoverableSession | undefined> {
  const newest = journalsNewestFirst(journalDir)[0];
  if (!newest || !newest.endsWith(JOURNAL_EXTENSION)) return undefined;
  if (opts.inUse?.some((x) => path.resolve(x) === path.resolve(newest))) return undefined;
  if (readDismissed(journalDir) === path.basename(newest)) return undefined;
  // Streamed, counted as it goes (memory flat in the journal's length): the banner needs only the
  // counts, the times and how the journal ends.
  const counts = new JournalCounts();
  let read: Awaited<ReturnType<typeof streamJournal>>;
  try {
    read = await streamJournal(newest, (r) => counts.push(r), { bytes: false });
  } catch {
    return undefined; // removed or unreadable since it was listed: nothing to offer
  }
  if (read.endedCleanly || counts.records === 0) return undefined;
  if (read.writerPid !== undefined && isAlive(read.writerPid)) return undefined;
  return { path: newest, startedAt: counts.firstWall ?? 0, lastLineAt: counts.lastLineWall ?? counts.lastWall ?? 0, records: counts.records, lines: counts.lines };
}

function readDismissed(journalDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(journalDir, DISMISSED_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Not offered again (until another session crashes). */
export function dismissRecoverableSession(journalDir: string, journalPath: string): Outcome<null> {
  const checked = journalInFolder(journalDir, journalPath);
  if (!checked.ok) return checked;
  try {
    fs.writeFileSync(path.join(journalDir, DISMISSED_FILE), path.basename(checked.value) + '\n', { mode: 0o600 });
  } catch (err) {
    return fail({ code: 'journal.dismiss-failed', title: 'Could not remember the dismissal', detail: err instanceof Error ? err.message : String(err), nextStep: 'Check that the journal folder is writable.' });
  }
  return ok(null);
}

/**
 * `requested` as a journal file directly inside `journalDir` (links resolved), or a problem: the
 * renderer may only open the workbench's own journals, never an arbitrary file.
 */
export function journalInFolder(journalDir: string, requested: string): Outcome<string> {
  const refuse = (detail: string): Outcome<string> =>
    fail({ code: 'journal.not-in-folder', title: 'Only journals of the journal folder can be opened', detail, nextStep: `Pick a journal file (${JOURNAL_EXTENSION} or .jsonl) in ${journalDir}.` });
  let dir: string;
  let file: string;
  try {
    dir = fs.realpathSync(journalDir);
  } catch {
    return refuse(`The journal folder ${journalDir} does not exist yet.`);
  }
  try {
    file = fs.realpathSync(path.resolve(dir, requested));
  } catch {
    return fail({ code: 'journal.not-found', title: 'No such journal', detail: `${requested} does not exist.`, nextStep: 'Pick a journal that is still in the journal folder.' });
  }
  if (path.dirname(file) !== dir) return refuse(`${requested} is not in ${journalDir}.`);
  if (!isJournalName(path.basename(file))) return refuse(`${path.basename(file)} is not a journal file.`);
  if (!fs.statSync(file).isFile()) return refuse(`${requested} is not a file.`);
  return ok(file);
}

/**
 * Streams a journal of the folder through `visit`, record by record (it returns false to stop), a chunk at a time, for the
 * read-only views: they are built as the file is read and the records are never all held, so
 * opening a day-long session costs memory for its models only. With `bytes: false` byte records
 * come with their seq and times only (empty `bytes`): enough for views that group the events, and
 * no base64 is made; `atKeyframe` is told where its keyframes are (journal-stream.ts). Reports what
 * loadJournalFromFolder does.
 */
export async function streamJournalFromFolder(
  journalDir: string,
  requested: string,
  visit: (r: JournalRecord) => unknown,
  opts: { bytes?: boolean; atKeyframe?: (offset: number) => void; onProgress?: (bytesRead: number) => void } = {},
): Promise<Outcome<OpenedJournal>> {
  const checked = journalInFolder(journalDir, requested);
  if (!checked.ok) return checked;
  let records = 0;
  let lines = 0;
  let tornTail: boolean;
  try {
    ({ tornTail } = await streamJournal(
      checked.value,
      (r) => {
        if (visit(r) === false) return false;
        records++;
        if (isLine(r)) lines++;
        return true;
      },
      opts,
    ));
  } catch (err) {
    return fail({ code: 'journal.unreadable', title: 'The journal could not be read', detail: err instanceof Error ? err.message : String(err), nextStep: 'Check the file permissions of the journal folder.' });
  }
  return ok({ path: checked.value, records, lines, tornTail });
}

/** Reads a journal of the folder for the read-only views. */
export async function loadJournalFromFolder(journalDir: string, requested: string): Promise<Outcome<{ opened: OpenedJournal; records: JournalRecord[] }>> {
  const checked = journalInFolder(journalDir, requested);
  if (!checked.ok) return checked;
  let contents: JournalContents;
  try {
    contents = await readJournal(checked.value);
  } catch (err) {
    return fail({ code: 'journal.unreadable', title: 'The journal could not be read', detail: err instanceof Error ? err.message : String(err), nextStep: 'Check the file permissions of the journal folder.' });
  }
  const { records, lines } = summarize(checked.value, contents);
  return ok({ opened: { path: checked.value, records, lines, tornTail: contents.tornTail }, records: contents.records });
}
