// Session exports: html report, json session file, text capture, mermaid diagram. Every format is
// fed by the journal after the one redaction function (../redact.ts) has run over the WHOLE
// session (a secret set before the chosen range may be echoed inside it); no option turns it off.
// Output is produced as chunks (an async generator), so a million-record session is written to
// disk piece by piece, never as one string; progress is reported through a callback.
import type { JournalRecord, LogEntry } from '../../../shared/model';
import { groupRecords, type SessionModel } from '../../../shared/exchanges';
import { sessionEndLine, sessionHeaderLine, type SessionMeta } from '../../../shared/session-file';
import { REDACTED, redactRecords, type RedactionPolicy } from '../redact';
import { exportDiagram, selectExchanges } from '../model';
import { diagramNoteText, htmlReport } from './html';
import type { Lang } from '../../../shared/i18n';
import { timelineOf } from '../timeline';
import { dropLines, dropSection, timelineSvg } from '../../../shared/timeline/svg';
import { buildTimeline } from '../../../shared/timeline/model';
import { recordedEnvironment, summarise, type RecordedEnvironment } from './summary';
import { streamExport, type RecordSource, type StreamCounters } from './stream';

export type { RecordSource, StreamCounters } from './stream';
export { journalSource } from './source';

export type ExportFormat = 'html' | 'json' | 'text' | 'mermaid';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['html', 'json', 'text', 'mermaid'];

/**
 * A point in the session: seconds from its first record (a number), or a wall-clock time
 * (an ISO 8601 string, e.g. '2026-11-25T09:00:01Z').
 */
export type TimePoint = number | string;

export type ExportRange =
  | { kind: 'all' }
  | { kind: 'time'; from?: TimePoint; to?: TimePoint }
  | { kind: 'exchanges'; ids: readonly number[] };

export interface ExportProgress {
  phase: 'redacting' | 'grouping' | 'writing';
  /** Units done and total of this phase (records, or log rows while writing). */
  done: number;
  total: number;
}

/** What the exporting machine knows that the journal does not. */
export interface ExportEnvironment {
  app?: string;
  appVersion?: string;
  /** 'linux 6.1.0 x64'. */
  os?: string;
  /** The journal's file name. */
  source?: string;
  firmwareProfile?: string;
  /** ISO time of the export; default now. */
  exportedAt?: string;
}

export interface ExportOptions {
  format: ExportFormat;
  range?: ExportRange;
  /** Mask IMEI/IMSI/ICCID too (last 4 digits kept). Secrets are always redacted. */
  maskIds?: boolean;
  /** More exact strings to redact (a password typed elsewhere). */
  extraSecrets?: readonly string[];
  environment?: ExportEnvironment;
  onProgress?: (p: ExportProgress) => void;
  /** Records the session is expected to hold (a streamed journal's estimate), for the progress of the first read. */
  expectedRecords?: number;
  /** The html report draws at most this many exchanges (the log has every row). Default 500: a longer diagram is not read, and its SVG is built whole. */
  maxDiagramExchanges?: number;
  /** The language of the html report's words and explanations (default English); the other formats carry codes and the modem's lines. */
  lang?: Lang;
}

export interface ExportResult {
  format: ExportFormat;
  /** Journal records exported (json) or read (other formats). */
  records: number;
  /** Log rows in the export (for a json file: the line events it holds). */
  rows: number;
  /** Exchanges in the export (for a json file, which is not grouped: the commands it holds). */
  exchanges: number;
  /** Redactions in the exported rows, by kind ('MQTT password' → 2). */
  redactions: Record<string, number>;
}

/** Where chunks go: a file stream, stdout, an array in a test. May return a promise (backpressure). */
export interface ExportSink {
  write(chunk: string): void | Promise<void>;
  /**
   * The next part as utf8 bytes, for a sink that takes them (a file stream): a long export's
   * body, read back from its spill file, is then handed on without decoding and encoding it again.
   * A sink without it is given text only.
   */
  writeBytes?(chunk: Uint8Array): void | Promise<void>;
}

/** Exchanges drawn per piece of a mermaid export, and the lines of its header (sequenceDiagram, 3 participants). */
const MERMAID_WINDOW = 1000;
const MERMAID_HEADER_LINES = 4;

/**
 * Writes the export to `sink` chunk by chunk, waiting on the sink (backpressure). `records` is an
 * array, or a source that reads them afresh on each call (a journal file: see journalSource), which
 * is read twice and never held whole: memory stays flat however long the session.
 */
export async function exportSession(records: readonly JournalRecord[] | RecordSource, opts: ExportOptions, sink: ExportSink): Promise<ExportResult> {
  const it = exportParts(records, opts, undefined, sink.writeBytes !== undefined);
  // Chunks are handed on about 1 MB at a time: a file sink then waits on the disk a few dozen
  // times per export, not at every small chunk (its backpressure is honoured at each write).
  let parts: string[] = [];
  let size = 0;
  // The next chunk is made (or read back from the spill) while the sink still takes the last one:
  // the work and the disk overlap, and no more than one write is ever waited on.
  let writing: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  const send = async (write: () => void | Promise<void>): Promise<void> => {
    await settled();
    const p = write();
    writing = p ? p.then(undefined, (error: unknown) => void (failure = { error })) : undefined;
  };
  const settled = async (): Promise<void> => {
    if (writing) await writing;
    writing = undefined;
    if (failure) throw failure.error;
  };
  const flush = async (): Promise<void> => {
    if (parts.length) {
      const text = parts.length === 1 ? (parts[0] as string) : parts.join('');
      await send(() => sink.write(text));
    }
    parts = [];
    size = 0;
  };
  for (;;) {
    const next = await it.next();
    if (next.done) {
      await flush();
      await settled();
      return next.value;
    }
    if (typeof next.value !== 'string') {
      await flush();
      const bytes = next.value;
      await send(() => sink.writeBytes?.(bytes));
      continue;
    }
    // No write larger than SINK_WRITE, or than the largest chunk made.
    if (size + next.value.length > SINK_WRITE) await flush();
    parts.push(next.value);
    size += next.value.length;
  }
}

/** Characters handed to the sink at once (see exportSession). */
const SINK_WRITE = 1 << 20;

/** The whole export as one string: for tests and small sessions only. */
export async function exportToString(records: readonly JournalRecord[] | RecordSource, opts: ExportOptions): Promise<{ text: string; result: ExportResult }> {
  const parts: string[] = [];
  const result = await exportSession(records, opts, { write: (c) => void parts.push(c) });
  return { text: parts.join(''), result };
}

/** A prepared export: the redacted session, the chosen part of it, and what was redacted. */
export interface PreparedSession {
  /** Redacted records in the range (what a json file holds). */
  records: JournalRecord[];
  /** All redacted records (the environment comes from the whole journal). */
  allRecords: JournalRecord[];
  /** The model of the whole redacted session; `selection` says which part is exported. */
  model: SessionModel;
  selection: { entries: LogEntry[]; exchangeIds: number[]; description: string; from?: number; to?: number; rows?: number; exchanges?: number };
  redactions: Record<string, number>;
}

/** Redacts, groups and selects. The one place an export gets its data. */
export function prepareSession(records: readonly JournalRecord[], opts: Omit<ExportOptions, 'format'>): PreparedSession {
  const safe = redacted(records, opts);
  const total = records.length;
  opts.onProgress?.({ phase: 'grouping', done: 0, total });
  // Already redacted above, over the whole session: grouping needs no second pass.
  const model = groupRecords(safe);
  opts.onProgress?.({ phase: 'grouping', done: total, total });
  const range = opts.range ?? { kind: 'all' };
  const selection = select(safe, model, range);
  const inRange = range.kind === 'all' ? safe : safe.filter((r) => selection.from === undefined || (r.mono >= selection.from && r.mono <= (selection.to ?? Infinity)));
  return { records: inRange, allRecords: safe, model, selection, redactions: countRedactions(model, selection.entries) };
}

/** The whole session through the one redaction function. */
function redacted(records: readonly JournalRecord[], opts: Omit<ExportOptions, 'format'>): JournalRecord[] {
  opts.onProgress?.({ phase: 'redacting', done: 0, total: records.length });
  const safe = redactRecords(records, policyOf(opts));
  opts.onProgress?.({ phase: 'redacting', done: records.length, total: records.length });
  return safe;
}

/**
 * A json file of the whole session or a time range needs no grouping (it holds records): the
 * redaction counts are read from the line events, as the rows would show them.
 */
function prepareRecords(records: readonly JournalRecord[], opts: Omit<ExportOptions, 'format'>, range: Exclude<ExportRange, { kind: 'exchanges' }>): PreparedSession {
  const safe = redacted(records, opts);
  const window = range.kind === 'time' ? timeWindow(safe, range) : undefined;
  const inRange = window ? safe.filter((r) => r.mono >= window.from && r.mono <= window.to) : safe;
  const commands = new Map<number, string>();
  const lines: CountedLine[] = [];
  let exchanges = 0;
  for (const r of inRange) {
    if (!('event' in r)) continue;
    const e = r.event;
    if (e.type === 'command-started') {
      commands.set(e.id, e.command);
      exchanges++;
    } else if (e.type === 'line') lines.push({ text: e.text, dir: e.dir, kind: e.kind, upload: e.commandId !== undefined && /^AT\+QFUPL=/i.test(commands.get(e.commandId) ?? '') });
  }
  return {
    records: inRange,
    allRecords: safe,
    model: { entries: [], exchanges: [] },
    selection: { entries: [], exchangeIds: [], description: window?.description ?? 'whole session', ...(window ? { from: window.from, to: window.to } : {}), rows: lines.length, exchanges },
    redactions: classifyRedactions(lines),
  };
}

/** The export as chunks of text; the generator's return value tells what was written. */
export async function* exportChunks(records: readonly JournalRecord[] | RecordSource, opts: ExportOptions, counters?: StreamCounters): AsyncGenerator<string, ExportResult> {
  const it = exportParts(records, opts, counters, false);
  for (;;) {
    const next = await it.next();
    if (next.done) return next.value;
    // (Text only: asked for no bytes.)
    yield typeof next.value === 'string' ? next.value : Buffer.from(next.value).toString('utf8');
  }
}

/** The export as chunks of text, or (`bytes`) partly as utf8 bytes (see ExportSink.writeBytes). */
async function* exportParts(records: readonly JournalRecord[] | RecordSource, opts: ExportOptions, counters: StreamCounters | undefined, bytes: boolean): AsyncGenerator<string | Uint8Array, ExportResult> {
  const range = opts.range ?? { kind: 'all' };
  if (range.kind !== 'exchanges') {
    const source: RecordSource = typeof records === 'function' ? records : () => records;
    const deps = {
      policy: policyOf(opts),
      timeWindow: (first: JournalRecord | undefined, r: Extract<ExportRange, { kind: 'time' }>) => timeWindow(first ? [first] : [], r),
      textRow,
      meta: (m: Parameters<typeof metaOf>[0]) => metaOf(m, opts),
      classify: classifyInto,
      bytes,
      ...(typeof records === 'function' ? {} : { sizeHint: records.length }),
    };
    return yield* streamExport(source, { ...opts, range }, deps, counters);
  }
  // A chosen set of exchanges: its records' span is only known once grouped (a small selection of
  // the session, exported from the whole model in memory).
  const all: JournalRecord[] = [];
  if (typeof records === 'function') for await (const r of records()) all.push(r);
  return yield* exportChunksWhole(typeof records === 'function' ? all : records, opts);
}

/**
 * The export built from the whole session in memory: the reference the streaming export is
 * tested against, and the way a chosen set of exchanges is exported.
 */
export async function* exportChunksWhole(records: readonly JournalRecord[], opts: ExportOptions): AsyncGenerator<string, ExportResult> {
  const range = opts.range ?? { kind: 'all' };
  const prepared = opts.format === 'json' && range.kind !== 'exchanges' ? prepareRecords(records, opts, range) : prepareSession(records, opts);
  const { model, selection } = prepared;
  const result: ExportResult = {
    format: opts.format,
    records: prepared.records.length,
    rows: selection.rows ?? selection.entries.length,
    exchanges: selection.exchanges ?? selection.exchangeIds.length,
    redactions: prepared.redactions,
  };
  const progress = (done: number, total: number) => opts.onProgress?.({ phase: 'writing', done, total });
  switch (opts.format) {
    case 'json': {
      yield sessionHeaderLine(sessionMeta(prepared, opts)) + '\n';
      yield* batched(prepared.records, (r) => JSON.stringify(r), progress);
      yield sessionEndLine(prepared.records.length) + '\n';
      break;
    }
    case 'text': {
      yield* batched(selection.entries, textRow, progress);
      // Drops and signal come from the rows alone (no state truth needed).
      const drops = dropSection(buildTimeline({ entries: selection.entries, exchanges: [], truth: [] }), opts.lang);
      if (drops) yield drops;
      break;
    }
    case 'mermaid': {
      // Drawn a window of exchanges at a time: each exchange is its own block after the header,
      // so the pieces joined are the whole diagram, and no piece holds the whole session.
      const ids = selection.exchangeIds;
      for (let at = 0; at === 0 || at < ids.length; at += MERMAID_WINDOW) {
        const text = exportDiagram(drawable(model, ids.slice(at, at + MERMAID_WINDOW)), 'mermaid', { redaction: policyOf(opts), ...(opts.lang ? { lang: opts.lang } : {}) }).text;
        yield at === 0 ? text : text.split('\n').slice(MERMAID_HEADER_LINES).join('\n');
        progress(Math.min(ids.length, at + MERMAID_WINDOW), ids.length);
      }
      break;
    }
    case 'html': {
      const max = opts.maxDiagramExchanges ?? 500;
      const chosen = new Set(selection.exchangeIds);
      const drawn = selection.exchangeIds.slice(0, max);
      const diagram = exportDiagram(drawable(model, drawn), 'svg', { redaction: policyOf(opts), ...(opts.lang ? { lang: opts.lang } : {}) }).text;
      yield* htmlReport({
        summary: summarise({ entries: selection.entries, exchanges: model.exchanges.filter((x) => chosen.has(x.id)) }),
        model,
        rows: selection.entries,
        diagramSvg: diagram,
        timeline: timelineSection(prepared.records, opts.lang),
        diagramNote: drawn.length < selection.exchangeIds.length ? diagramNoteText(drawn.length, selection.exchangeIds.length, opts.lang) : undefined,
        recorded: recordedEnvironment(prepared.allRecords),
        environment: opts.environment ?? {},
        range: selection.description,
        redactions: prepared.redactions,
        maskIds: opts.maskIds === true,
        exportedAt: opts.environment?.exportedAt ?? new Date().toISOString(),
        onRows: progress,
        ...(opts.lang ? { lang: opts.lang } : {}),
      });
      break;
    }
  }
  return result;
}

function timelineSection(records: readonly JournalRecord[], lang: Lang = 'en'): { svg: string; drops: string[] } {
  const tl = timelineOf(records, { conceal: false });
  return { svg: timelineSvg(tl, lang), drops: dropLines(tl, lang) };
}

/**
 * The chosen exchanges with only the rows they draw, renumbered: the same diagram as
 * selectExchanges() gives, without passing every row of a long session through the diagram's
 * redaction again. The first row stays, since the diagram's times count from it.
 */
export function drawable(model: SessionModel, ids: readonly number[]): SessionModel {
  if (ids.length === model.exchanges.length) return selectExchanges(model, ids);
  const keep = new Set(ids);
  const chosen = model.exchanges.filter((x) => keep.has(x.id));
  const used = new Set<number>(model.entries.length ? [0] : []);
  for (const x of chosen) {
    for (const i of x.entries) used.add(i);
    if (x.resultEntry !== undefined) used.add(x.resultEntry);
  }
  const order = [...used].filter((i) => model.entries[i] !== undefined).sort((a, b) => a - b);
  const at = new Map(order.map((old, k) => [old, k]));
  const moved = (i: number) => at.get(i) ?? -1;
  return {
    entries: order.map((old, k) => ({ ...(model.entries[old] as LogEntry), index: k })),
    exchanges: chosen.map((x) => ({ ...x, entries: x.entries.map(moved), ...(x.resultEntry !== undefined ? { resultEntry: moved(x.resultEntry) } : {}) })),
  };
}

function policyOf(opts: Omit<ExportOptions, 'format'>): RedactionPolicy {
  return { ...(opts.extraSecrets ? { extraSecrets: opts.extraSecrets } : {}), ...(opts.maskIds ? { maskIds: true } : {}) };
}

/** 'YYYY-MM-DD HH:MM:SS.mmm  tx  AT+CSQ' — one line per log row, in the journal's UTC clock. */
export function textRow(e: LogEntry): string {
  const t = new Date(e.wall).toISOString().replace('T', ' ').replace('Z', '');
  return `${t}  ${e.dir}  ${e.text}`;
}

/** Lines of `items` joined into chunks of about 64 KB, with progress every chunk. */
function* batched<T>(items: readonly T[], line: (item: T) => string, progress: (done: number, total: number) => void): Generator<string> {
  let buf: string[] = [];
  let size = 0;
  for (let i = 0; i < items.length; i++) {
    const l = line(items[i] as T);
    buf.push(l);
    size += l.length + 1;
    if (size >= 1 << 16) {
      yield buf.join('\n') + '\n';
      buf = [];
      size = 0;
      progress(i + 1, items.length);
    }
  }
  if (buf.length) yield buf.join('\n') + '\n';
  progress(items.length, items.length);
}

function sessionMeta(p: PreparedSession, opts: ExportOptions): SessionMeta {
  return metaOf(
    {
      description: p.selection.description,
      ...(p.selection.from !== undefined ? { from: p.selection.from } : {}),
      ...(p.selection.to !== undefined ? { to: p.selection.to } : {}),
      recorded: recordedEnvironment(p.allRecords),
      records: p.records.length,
      redactions: p.redactions,
    },
    opts,
  );
}

function metaOf(
  p: { description: string; from?: number; to?: number; recorded: RecordedEnvironment; records: number; redactions: Record<string, number> },
  opts: ExportOptions,
): SessionMeta {
  const env = opts.environment ?? {};
  const rec = p.recorded;
  return {
    app: env.app ?? 'modem-mqtt-workbench',
    appVersion: env.appVersion ?? 'unknown',
    ...(rec.app ? { recordedBy: { app: rec.app, version: rec.appVersion ?? 'unknown' } } : {}),
    exportedAt: env.exportedAt ?? new Date().toISOString(),
    ...(env.source ? { source: env.source } : {}),
    ...(env.os ? { os: env.os } : {}),
    ...(rec.port ? { port: rec.port } : {}),
    ...(env.firmwareProfile ? { firmwareProfile: env.firmwareProfile } : {}),
    range: {
      description: p.description,
      ...(p.from !== undefined && Number.isFinite(p.from) ? { from: p.from } : {}),
      ...(p.to !== undefined && Number.isFinite(p.to) ? { to: p.to } : {}),
      ...(opts.range?.kind === 'exchanges' ? { exchanges: [...opts.range.ids] } : {}),
    },
    redaction: { maskIds: opts.maskIds === true, counts: p.redactions },
    records: p.records,
  };
}

// ---------------------------------------------------------------------------------------------
// Range

/** Where a time point falls, in the records' mono clock. Undefined when it cannot be read. */
export function resolveTimePoint(point: TimePoint, records: readonly JournalRecord[]): number | undefined {
  const first = records[0];
  if (!first) return undefined;
  if (typeof point === 'number') return Number.isFinite(point) ? first.mono + point * 1000 : undefined;
  const trimmed = point.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return first.mono + Number(trimmed) * 1000;
  const wall = Date.parse(trimmed);
  return Number.isNaN(wall) ? undefined : first.mono + (wall - first.wall);
}

/** A time point the user typed, checked: an error message or undefined when fine. */
export function timePointProblem(point: string): string | undefined {
  const t = point.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return undefined;
  return Number.isNaN(Date.parse(t)) ? `"${point}" is neither seconds from the start (e.g. 12.5) nor an ISO time (e.g. 2026-11-25T09:00:01Z)` : undefined;
}

/** A time range in the records' mono clock, with its description. */
function timeWindow(records: readonly JournalRecord[], range: Extract<ExportRange, { kind: 'time' }>): { from: number; to: number; description: string } {
  const from = range.from !== undefined ? (resolveTimePoint(range.from, records) ?? -Infinity) : -Infinity;
  const to = range.to !== undefined ? (resolveTimePoint(range.to, records) ?? Infinity) : Infinity;
  const t0 = records[0]?.mono ?? 0;
  const secs = (v: number) => (Number.isFinite(v) ? `${((v - t0) / 1000).toFixed(3)} s` : undefined);
  return { from, to, description: `from ${secs(from) ?? 'the start'} to ${secs(to) ?? 'the end'} of the session` };
}

function select(records: readonly JournalRecord[], model: SessionModel, range: ExportRange): PreparedSession['selection'] {
  const allIds = () => model.exchanges.map((x) => x.id);
  if (range.kind === 'all') return { entries: model.entries, exchangeIds: allIds(), description: 'whole session' };
  if (range.kind === 'time') {
    const { from, to, description } = timeWindow(records, range);
    const entries = model.entries.filter((e) => e.mono >= from && e.mono <= to);
    const exchangeIds = model.exchanges.filter((x) => x.startedMono >= from && x.startedMono <= to).map((x) => x.id);
    return { entries, exchangeIds, description, from, to };
  }
  const keep = new Set(range.ids);
  const chosen = model.exchanges.filter((x) => keep.has(x.id));
  const rows = new Set(chosen.flatMap((x) => [...x.entries, ...(x.resultEntry !== undefined ? [x.resultEntry] : [])]));
  const entries = model.entries.filter((e) => rows.has(e.index));
  // A json file holds records, not rows: the span the chosen exchanges cover.
  const from = chosen.reduce((m, x) => Math.min(m, x.startedMono), Infinity);
  const to = chosen.reduce((m, x) => Math.max(m, x.endedMono ?? model.entries[x.entries[x.entries.length - 1] ?? -1]?.mono ?? x.startedMono), -Infinity);
  return { entries, exchangeIds: chosen.map((x) => x.id), description: `exchanges ${chosen.map((x) => `#${x.id}`).join(', ') || '(none found)'}`, from, to };
}

// ---------------------------------------------------------------------------------------------
// What was redacted

interface CountedLine {
  text: string;
  dir: string;
  kind: string;
  /** The line belongs to an AT+QFUPL upload. */
  upload: boolean;
}

/** Counts the redactions in `rows` by what they hid, read from the line that held them. */
export function countRedactions(model: SessionModel, rows: readonly LogEntry[]): Record<string, number> {
  const uploads = new Set<number>();
  for (const x of model.exchanges) if (/^AT\+QFUPL=/i.test(x.command)) x.entries.forEach((i) => uploads.add(i));
  return classifyRedactions(rows.map((e) => ({ text: e.text, dir: e.dir, kind: e.kind, upload: uploads.has(e.index) })));
}

function classifyRedactions(lines: Iterable<CountedLine>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of lines) classifyInto(counts, e);
  return counts;
}

/** Adds the redactions of one line to `counts`, by what they hid. */
function classifyInto(counts: Record<string, number>, e: CountedLine): void {
  if (!e.text.includes(REDACTED)) return;
  const add = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);
  const parts = e.text.split(REDACTED);
  for (let k = 1; k < parts.length; k++) {
    const after = parts[k] ?? '';
    if (/^[0-9A-F]{4}(?![0-9A-F])/i.test(after)) add('device identity (IMEI/IMSI/ICCID)');
    else if (/QMTCONN/i.test(e.text)) add('MQTT password or signed user name');
    else if (/aliauth/i.test(e.text)) add('aliauth DeviceSecret');
    else if (e.upload && e.dir === 'tx' && e.kind !== 'command') add('uploaded key file');
    else add('other copy of a secret');
  }
}
