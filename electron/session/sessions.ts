// The session list: every journal of the journal folder with what a person picks a session by
// (when, which port, which modem, how it ended, how big). Summarising a journal means reading it
// to its end (streamed: memory stays flat, journal-summary.ts), so each summary is computed once
// and kept in a small index beside the journals, keyed by
// the file's name, size and modification time: a journal that changed is summarised again, one
// that did not costs a stat. The journal being written now is described by the caller (it knows
// its lines) rather than read again on every listing.
import type { Lang } from '../../shared/i18n';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedFile, OpenedSession, SessionListing, SessionOutcome } from '../../shared/api';
import { groupRecords } from '../../shared/exchanges';
import type { JournalRecord } from '../../shared/model';
import { fail, ok, type Outcome } from '../../shared/outcome';
import { describeDamage, isSessionFileHeader, parseSessionFile } from '../../shared/session-file';
import { exportSession, timePointProblem, type ExportEnvironment, type ExportFormat, type ExportProgress, type ExportRange, type ExportSink } from './export';
import { recordedEnvironment, summarise } from './export/summary';
import { redactRecords } from './redact';
import { JOURNAL_EXTENSION, parseJournalText, readJournal, type JournalContents } from './journal';
import { JournalCounts, StreamingSummary, type SummaryFacts } from './journal-summary';
import { streamJournal, type StreamSummary } from './journal-stream';
import { msg, translator, type Msg } from '../../shared/i18n';

/** The cached summaries, beside the journals (a dot file: never listed as a journal). */
export const SESSION_INDEX_FILE = '.sessions-index.json';
/** Bumped when what a summary holds changes: older indexes are recomputed. */
const INDEX_VERSION = 2;

export type Summary = Omit<SessionListing, 'path' | 'name' | 'size' | 'modifiedAt' | 'live'>;
interface IndexEntry {
  size: number;
  mtimeMs: number;
  summary: Summary;
  /**
   * The process that was still writing the journal when it was summarised: once it is gone the
   * journal may have ended in a crash without changing on disk, so it is summarised again.
   */
  writerAlive?: number;
}
interface IndexFile {
  version: number;
  entries: Record<string, IndexEntry>;
}

const isJournalName = (name: string): boolean => name.endsWith(JOURNAL_EXTENSION) || name.endsWith('.jsonl');

function readIndex(journalDir: string): IndexFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(journalDir, SESSION_INDEX_FILE), 'utf8')) as IndexFile;
    if (parsed.version === INDEX_VERSION && typeof parsed.entries === 'object' && parsed.entries) return parsed;
  } catch {
    // missing or damaged: rebuilt below
  }
  return { version: INDEX_VERSION, entries: {} };
}

function writeIndex(journalDir: string, index: IndexFile): void {
  const file = path.join(journalDir, SESSION_INDEX_FILE);
  try {
    // Written whole then renamed: a crash mid-write leaves the previous index, never half of one.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(index), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  } catch {
    // A read-only folder still lists (recomputed next time).
  }
}

/** The process still runs (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const CONNECTED = /^\+QMTCONN:\s*\d+\s*,\s*0\s*,\s*0\b/;

/** How a session ended, for the list: a failure first, then a crash, then a connection. */
/** The outcome in English (logs, --json) and as a message for the reader's language. */
const said = (m: Msg): { outcomeText: string; outcomeMsg: Msg } => ({ outcomeText: translator('en')(m.key, m.values), outcomeMsg: m });

/**
 * The outcome from what the whole journal read (a whole-read model: outcomeOf; a streamed one:
 * journal-summary.ts) says of the session.
 */
export function outcomeFrom(facts: SummaryFacts, records: number, contents: Pick<JournalContents, 'endedCleanly' | 'writerPid'>, compact: boolean): { outcome: SessionOutcome; outcomeText: string; outcomeMsg: Msg; modem?: string } {
  const { modem, failure } = facts;
  const unclosed = compact && !contents.endedCleanly && records > 0;
  const writing = unclosed && contents.writerPid !== undefined && isAlive(contents.writerPid);
  const crashed = unclosed && !writing;
  const connected = facts.connectResults.some((r) => CONNECTED.test(r));
  const withModem = modem ? { modem } : {};
  // Another window or `workbench at` is recording it now: how it ends is not known yet.
  if (writing) return { outcome: 'live', ...said(msg('sessionOutcome.beingRecorded', { connected: connected ? 'yes' : 'no' })), ...withModem };
  // A session that got connected is listed as such (a refused command on the way is noted); one
  // that never did is listed by what stopped it.
  const crash = crashed ? 'yes' : 'no';
  if (connected) return { outcome: crashed ? 'crashed' : 'connected', ...said(msg('sessionOutcome.connected', { failure: failure ?? 'none', crashed: crash })), ...withModem };
  if (failure) return { outcome: 'failed', ...said(msg('sessionOutcome.failed', { failure, crashed: crash })), ...withModem };
  if (crashed) return { outcome: 'crashed', ...said(msg('sessionOutcome.crashed')), ...withModem };
  if (records === 0) return { outcome: 'empty', ...said(msg('sessionOutcome.empty')), ...withModem };
  return { outcome: 'ended', ...said(msg('sessionOutcome.ended')), ...withModem };
}

/** The outcome of a journal read whole (its records in memory). */
export function outcomeOf(records: readonly JournalRecord[], contents: Pick<JournalContents, 'endedCleanly' | 'writerPid'>, compact: boolean): { outcome: SessionOutcome; outcomeText: string; outcomeMsg: Msg; modem?: string } {
  // Redacted first: the failing command is shown in the list and kept in the index beside the
  // journals, and it may be the QMTCONN that carries the password.
  const model = groupRecords(redactRecords(records, {}));
  const s = summarise(model);
  const modem = [s.manufacturer, s.model].filter(Boolean).join(' ') || undefined;
  const facts: SummaryFacts = {
    ...(modem ? { modem } : {}),
    connectResults: s.clients.flatMap((c) => (c.connectResult !== undefined ? [c.connectResult] : [])),
    ...(s.firstFailure ? { failure: `${s.firstFailure.command}: ${s.firstFailure.title}` } : {}),
  };
  return outcomeFrom(facts, records.length, contents, compact);
}

/** What the index keeps of a journal, and the writer still running it (see IndexEntry.writerAlive). */
export interface SummaryRead {
  summary: Summary;
  writerAlive?: number;
}

/** What a pass that reads the journal anyway is given of each record (see summarisePass). */
export interface PassOptions {
  /** Fed each record too; returns false to be fed no more (the summary still reads to the end). */
  also?: (r: JournalRecord) => boolean | void;
  atKeyframe?: (offset: number) => void;
  onProgress?: (bytesRead: number) => void;
}

/** Summarises a journal as it streams by (memory flat in its length). */
export async function summariseJournal(file: string): Promise<Summary> {
  return (await summariseStreaming(file)).summary;
}

export async function summariseStreaming(file: string): Promise<SummaryRead> {
  return (await summarisePass(file)).read;
}

/**
 * The streamed summary, with how the stream ended; `opts.also` is fed the same records (a pass
 * that reads the journal anyway for another purpose: one read, not two).
 */
export async function summarisePass(file: string, opts: PassOptions = {}): Promise<{ read: SummaryRead; stream: StreamSummary }> {
  const pass = new StreamingSummary();
  let also = opts.also;
  // Without keys, as the open pass reads (sealed secrets read as placeholders); the summary reads
  // no byte record's bytes.
  const stream = await streamJournal(
    file,
    (r) => {
      pass.push(r);
      if (also && also(r) === false) also = undefined;
    },
    { bytes: false, ...(opts.atKeyframe ? { atKeyframe: opts.atKeyframe } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) },
  );
  return { read: withWriter(file, stream, summaryFrom(file, pass.counts, pass.finish(), stream)), stream };
}

/** Reads a whole journal into memory and summarises it: what listing did before it streamed (kept as the reference the streamed summary is tested against). */
export async function summariseWhole(file: string): Promise<SummaryRead> {
  const contents = await readJournal(file);
  return withWriter(file, contents, summaryOfContents(file, contents));
}

function withWriter(file: string, contents: Pick<JournalContents, 'endedCleanly' | 'writerPid'>, summary: Summary): SummaryRead {
  const open = file.endsWith(JOURNAL_EXTENSION) && !contents.endedCleanly && contents.writerPid !== undefined && isAlive(contents.writerPid);
  return open && contents.writerPid !== undefined ? { summary, writerAlive: contents.writerPid } : { summary };
}

function summaryFrom(file: string, counts: JournalCounts, facts: SummaryFacts, contents: Pick<JournalContents, 'endedCleanly' | 'writerPid'>): Summary {
  const o = outcomeFrom(facts, counts.records, contents, file.endsWith(JOURNAL_EXTENSION));
  return {
    startedAt: counts.firstWall ?? 0,
    endedAt: counts.lastLineWall ?? counts.lastWall ?? 0,
    records: counts.records,
    lines: counts.lines,
    ...(counts.port ? { port: counts.port } : {}),
    ...o,
  };
}

/** The summary of a journal's records held whole. */
export function summaryOfContents(file: string, contents: JournalContents): Summary {
  const { records } = contents;
  const isLine = (r: JournalRecord) => 'event' in r && r.event.type === 'line';
  let lines = 0;
  let lastLineAt: number | undefined;
  for (const r of records) {
    if (isLine(r)) {
      lines++;
      lastLineAt = r.wall;
    }
  }
  const env = recordedEnvironment(records);
  const o = outcomeOf(records, contents, file.endsWith(JOURNAL_EXTENSION));
  return {
    startedAt: records[0]?.wall ?? 0,
    endedAt: lastLineAt ?? records.at(-1)?.wall ?? 0,
    records: records.length,
    lines,
    ...(env.port ? { port: env.port.path } : {}),
    ...o,
  };
}

export interface ListOptions {
  /** The journal being written now, with what the caller knows of it (not read from disk). */
  live?: { path: string; lines: number; port: string; startedAt: number };
  /**
   * Summarises a journal whose summary is not kept yet (default summariseStreaming); asked newest
   * (modified) first. The host's reads the open index of some of them in the same pass.
   */
  summarise?: (file: string) => Promise<SummaryRead>;
}

/** The sessions of the folder, newest first. */
export async function listSessions(journalDir: string, opts: ListOptions = {}): Promise<SessionListing[]> {
  let names: string[];
  try {
    names = fs.readdirSync(journalDir);
  } catch {
    return []; // no session yet: the folder is made with the first journal
  }
  const index = readIndex(journalDir);
  const kept: Record<string, IndexEntry> = {};
  let changed = false;
  const out: SessionListing[] = [];
  const livePath = opts.live ? path.resolve(opts.live.path) : undefined;
  const journals = names.flatMap((name) => {
    if (!isJournalName(name)) return [];
    const file = path.join(journalDir, name);
    try {
      const st = fs.statSync(file);
      return st.isFile() ? [{ name, file, st }] : [];
    } catch {
      return [];
    }
  });
  // Newest first: the journals a host reads for their open index in the same pass are the newest.
  journals.sort((a, b) => b.st.mtimeMs - a.st.mtimeMs || (a.name < b.name ? 1 : -1));
  for (const { name, file, st } of journals) {
    const base = { path: file, name, size: st.size, modifiedAt: st.mtimeMs };
    if (livePath === path.resolve(file) && opts.live) {
      const l = opts.live;
      out.push({ ...base, live: true, startedAt: l.startedAt, endedAt: st.mtimeMs, records: 0, lines: l.lines, port: l.port, outcome: 'live', ...said(msg('sessionOutcome.live')) });
      continue;
    }
    let entry = index.entries[name];
    const writerGone = entry?.writerAlive !== undefined && !isAlive(entry.writerAlive);
    if (!entry || entry.size !== st.size || entry.mtimeMs !== st.mtimeMs || writerGone) {
      try {
        entry = { size: st.size, mtimeMs: st.mtimeMs, ...(await (opts.summarise ?? summariseStreaming)(file)) };
      } catch {
        continue; // removed or unreadable since it was listed
      }
      changed = true;
    }
    kept[name] = entry;
    out.push({ ...base, live: false, ...entry.summary });
  }
  // Entries of removed journals are dropped too.
  if (changed || Object.keys(kept).length !== Object.keys(index.entries).length) writeIndex(journalDir, { version: INDEX_VERSION, entries: kept });
  return out.sort((a, b) => (b.startedAt || b.modifiedAt) - (a.startedAt || a.modifiedAt) || (a.name < b.name ? 1 : -1));
}

// ---------------------------------------------------------------------------------------------
// Opening a recording the user picked, and exporting the session shown to a file

export interface RecordingRead {
  opened: OpenedSession;
  records: JournalRecord[];
}

/**
 * Reads a file the user picked: a session file (json export) or a journal, told apart by its first
 * line. A damaged session file is kept up to the damage; a newer format version is refused with
 * the reader's message; text that is neither is refused.
 */
export function openRecordingText(name: string, text: string): Outcome<RecordingRead> {
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  if (isSessionFileHeader(first)) {
    const read = parseSessionFile(text);
    if (!read.ok) return read;
    const lines = read.records.filter((r) => 'event' in r && r.event.type === 'line').length;
    const opened: OpenedSession = { kind: 'session-file', name, path: name, records: read.records.length, lines, tornTail: false, ...(read.damage ? { damage: describeDamage(read.damage) } : {}) };
    return ok({ opened, records: read.records });
  }
  // A header of a newer writer that this build does not know the format name of is still refused
  // by the session-file reader's own words when it names our format; anything else is a journal or nothing.
  const journal = parseJournalText(text);
  if (journal.records.length === 0) {
    return fail({
      code: 'session-file.unreadable',
      title: `${name} is not a session file or a journal`,
      detail: text.trim() === '' ? 'The file is empty.' : 'Its lines are neither a session file (exported as json) nor journal records.',
      nextStep: 'Open a session file exported by Modem MQTT Workbench (.session.jsonl) or a journal (.cjsonl, .jsonl).',
    });
  }
  const lines = journal.records.filter((r) => 'event' in r && r.event.type === 'line').length;
  const notes = [
    ...(journal.skipped > 0 ? [`${journal.skipped} damaged line${journal.skipped === 1 ? ' was' : 's were'} left out`] : []),
    ...(journal.tornTail ? ['its last line was cut off (the writer stopped mid-line); it is left out'] : []),
  ];
  const opened: OpenedSession = { kind: 'journal', name, path: name, records: journal.records.length, lines, tornTail: journal.tornTail, ...(notes.length ? { damage: notes.join('; ') } : {}) };
  return ok({ opened, records: journal.records });
}

/** Exports go in a folder beside the journals' ('…/modem-mqtt-workbench/exports'). */
export function exportsDirBeside(journalDir: string): string {
  return path.join(path.dirname(path.resolve(journalDir)), 'exports');
}

const EXTENSIONS: Record<ExportFormat, string> = { html: '.html', json: '.session.jsonl', text: '.txt', mermaid: '.mmd' };

/** 'session-2026-11-29T10-00-00-000Z.cjsonl' → 'session-2026-11-29T10-00-00-000Z-export-<now>.html'. */
export function exportFileName(source: string, format: ExportFormat, now = new Date()): string {
  const base = path.basename(source).replace(/(\.session)?\.(c?jsonl|json|txt)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'session';
  return `${base}-export-${now.toISOString().replace(/[:.]/g, '-')}${EXTENSIONS[format]}`;
}

export interface WriteExportOptions {
  format: ExportFormat;
  range: { kind: 'all' } | { kind: 'time'; from?: string | undefined; to?: string | undefined } | { kind: 'exchanges'; ids: readonly number[] };
  maskIds: boolean;
  /** The html report's language (default English). */
  lang?: Lang;
  environment?: ExportEnvironment;
  onProgress?: (p: ExportProgress) => void;
}

/**
 * Streams the export to `target` (never one string of the whole export); a failed write leaves no
 * half file behind. Time points are checked first: a typo is an error, not an empty export.
 */
export async function writeExport(records: readonly JournalRecord[], target: string, o: WriteExportOptions): Promise<Outcome<ExportedFile>> {
  let range: ExportRange = { kind: 'all' };
  if (o.range.kind === 'time') {
    const from = o.range.from?.trim() || undefined;
    const to = o.range.to?.trim() || undefined;
    for (const [what, t] of [['start', from], ['end', to]] as const) {
      const problem = t === undefined ? undefined : timePointProblem(t);
      if (problem) return fail({ code: 'export.bad-time', title: `The ${what} of the time range cannot be read`, detail: problem, nextStep: 'Type seconds from the session start (12.5) or an ISO time (2026-11-25T09:00:01Z), or leave it empty.' });
    }
    range = { kind: 'time', ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  } else if (o.range.kind === 'exchanges') range = { kind: 'exchanges', ids: o.range.ids };
  let opened = false;
  const stream = fs.createWriteStream(target, { mode: 0o600 });
  stream.once('open', () => (opened = true));
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  const write = (chunk: string | Uint8Array) => (stream.write(chunk) ? undefined : new Promise<void>((resolve) => stream.once('drain', () => resolve())));
  const sink: ExportSink = { write, writeBytes: write };
  try {
    const result = await Promise.race([exportSession(records, { format: o.format, range, maskIds: o.maskIds, ...(o.lang ? { lang: o.lang } : {}), ...(o.environment ? { environment: o.environment } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) }, sink), failed]);
    await Promise.race([new Promise<void>((resolve) => stream.end(() => resolve())), failed]);
    return ok({ path: target, fileName: path.basename(target), bytes: fs.statSync(target).size, format: result.format, rows: result.rows, exchanges: result.exchanges, redactions: result.redactions });
  } catch (err) {
    stream.destroy();
    if (opened) fs.rmSync(target, { force: true });
    return fail({ code: 'export.unwritable', title: `${target} could not be written`, detail: err instanceof Error ? err.message : String(err), nextStep: 'Check that the folder exists and is writable, and that the disk has room.' });
  }
}
