// The streaming export: a session of any length exported in memory bounded by windows, never by
// the number of records. The records are read twice from their source (a journal file, a session
// file, an array): pass 1 only collects the secrets (redaction must know them all before writing
// anything: a password sent late may have been echoed earlier in another encoding); pass 2 redacts
// record by record, groups with a windowed ExchangeGrouper, settles each exchange once it can no
// longer change, and writes. What must come first in a file but is only known at the end (the json
// header's counts, the html summary) is written after the body was spilled to a private temporary
// file, which is then copied behind it.
// A journal file is read with two shortcuts that leave the result unchanged: pass 1 does not parse
// the lines that cannot give it a secret (SecretCollector.mayHold), and in pass 2 an event whose
// line shows nothing to redact (RecordRedactor.lineIsClean) is not looked into, and goes into a
// json file as that line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Exchange, JournalRecord, LogEntry } from '../../../shared/model';
import { ExchangeGrouper, type SessionModel } from '../../../shared/exchanges';
import { sessionEndLine, sessionHeaderLine, type SessionMeta } from '../../../shared/session-file';
import { REDACTED, RecordRedactor, SecretCollector, type RedactionPolicy } from '../redact';
import { exportDiagram } from '../model';
import { diagramNoteText, htmlFoot, htmlHead, HtmlRows } from './html';
import { SummaryBuilder, type RecordedEnvironment } from './summary';
import { TimelineCollector } from '../timeline';
import { dropLines, dropSection, timelineSvg } from '../../../shared/timeline/svg';
import type { ExportOptions, ExportProgress, ExportRange, ExportResult } from '.';

/** What a read in batches may skip or keep (a journal's reader: see ReaderOptions in ../journal). */
export interface BatchOptions {
  /** Lines of the file that need not be read (false): the source may leave them out unread. */
  screen?: (line: string) => boolean;
  /** Give each batch the line each record was read from, when it is that record as written. */
  keepLines?: boolean;
  /** false: byte records may come with empty bytes (and no marks): the pass does not read them. */
  bytes?: boolean;
}

/** Records, with the lines they were read from when asked for (BatchOptions.keepLines). */
export type RecordBatch = readonly JournalRecord[] & { lines?: readonly (string | undefined)[] };

/**
 * Records read afresh on each call (an export reads them twice). A source may also offer them in
 * batches (`batches`), which spares a promise per record, and may then honour BatchOptions.
 */
export type RecordSource = (() => AsyncIterable<JournalRecord> | Iterable<JournalRecord>) & { batches?: (opts?: BatchOptions) => AsyncIterable<RecordBatch> };

/** The source's records in batches. */
async function* batchesOf(source: RecordSource, opts?: BatchOptions): AsyncGenerator<RecordBatch> {
  if (source.batches) return yield* source.batches(opts);
  const records = source();
  if (Array.isArray(records)) return yield records as readonly JournalRecord[];
  let batch: JournalRecord[] = [];
  for await (const r of records) {
    batch.push(r);
    if (batch.length === 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** What a streaming export held at most at once: counts, for the memory-bound tests. */
export interface StreamCounters {
  /** Records waiting in the redactor (raw bytes wait for their stream's window to settle). */
  recordsHeld: number;
  /** Exchanges not yet settled, and the log rows kept for them. */
  exchangesHeld: number;
  entriesHeld: number;
  /** Log rows waiting for their exchange to settle before they are written. */
  rowsHeld: number;
  /** Changes to an exchange after it was settled (a line naming a command long ended): 0 in journals the engine writes. */
  lateChanges: number;
}

/** Records between two takes of the grouper's changes (well under its window). */
const TAKE_EVERY = 2000;
/** Characters of the pieces the body is built and read back in (exportSession hands the sink larger ones). */
const CHUNK = 1 << 16;
const MERMAID_WINDOW = 1000;
const MERMAID_HEADER_LINES = 4;

interface Deps {
  policy: RedactionPolicy;
  timeWindow: (first: JournalRecord | undefined, range: Extract<ExportRange, { kind: 'time' }>) => { from: number; to: number; description: string };
  textRow: (e: LogEntry) => string;
  meta: (m: { description: string; from?: number; to?: number; recorded: RecordedEnvironment; records: number; redactions: Record<string, number> }) => SessionMeta;
  /** Counts the redactions a line shows (a line without REDACTED in it shows none, and is not given). */
  classify: (counts: Record<string, number>, line: { text: string; dir: string; kind: string; upload: boolean }) => void;
  /** Records in the source, when known beforehand (progress of pass 1). */
  sizeHint?: number;
  /**
   * Hand the spilled body on as the utf8 bytes it was spilled as (the sink takes bytes): reading
   * it back then neither decodes it nor has it encoded again on its way out.
   */
  bytes?: boolean;
}

/** The export of a whole session or a time range, streamed. */
export async function* streamExport(
  source: RecordSource,
  opts: ExportOptions & { range?: Exclude<ExportRange, { kind: 'exchanges' }> },
  deps: Deps,
  counters?: StreamCounters,
): AsyncGenerator<string | Uint8Array, ExportResult> {
  const held: StreamCounters = counters ?? { recordsHeld: 0, exchangesHeld: 0, entriesHeld: 0, rowsHeld: 0, lateChanges: 0 };
  const progress = (phase: ExportProgress['phase'], done: number, total: number) => opts.onProgress?.({ phase, done, total });
  // Pass 1: the secrets.
  const collector = new SecretCollector(deps.policy);
  let first: JournalRecord | undefined;
  let total = 0;
  const hint = opts.expectedRecords ?? deps.sizeHint ?? 0;
  progress('redacting', 0, hint);
  // Lines that cannot hold a secret are not even parsed (counted, for the progress).
  let screened = 0;
  const screen = (line: string): boolean => collector.mayHold(line) || (screened++, false);
  let next = 50_000;
  for await (const batch of batchesOf(source, { screen })) {
    first ??= batch[0];
    for (const r of batch) collector.add(r);
    total += batch.length;
    if (total + screened >= next) {
      next += 50_000;
      progress('redacting', total + screened, Math.max(total + screened + 1, hint));
    }
  }
  total += screened;
  progress('redacting', total, total);
  const range = opts.range ?? { kind: 'all' };
  const window = range.kind === 'time' ? deps.timeWindow(first, range) : undefined;
  const inRange = window ? (mono: number) => mono >= window.from && mono <= window.to : () => true;
  // Only a json file holds the raw bytes: the other formats show the line events.
  const dropBytes = opts.format !== 'json';
  const redactor = new RecordRedactor(collector.finish(), { bytes: dropBytes ? 'drop' : 'redact' });
  const recorded: RecordedEnvironment = {};
  const sink = opts.format === 'json' ? new JsonBody(inRange, deps) : new GroupedBody(opts, inRange, deps, held);
  // A json file copies the journal's own line of a record the redaction left as it was.
  const lines = opts.format === 'json' ? new LineQueue() : undefined;
  // Pass 2: redact, group, write (or spill).
  progress('grouping', 0, total);
  const spill = sink.spills ? new Spill() : undefined;
  try {
    let read = 0;
    const consumeOne = (r: JournalRecord): void => {
      if ('event' in r) {
        const e = r.event;
        if (e.type === 'session-started') Object.assign(recorded, { app: e.app, appVersion: e.version });
        else if (e.type === 'port-opened') recorded.port = { path: e.path, ...(e.settings ? { settings: e.settings } : {}) };
      }
      sink.record(r, lines?.take(r));
    };
    const consume = (records: readonly JournalRecord[]): void => {
      for (const r of records) consumeOne(r);
    };
    /** The chunks the body made, written to the spill or handed on. */
    const ready = (): string[] => {
      if (sink.out.length === 0) return sink.out;
      const chunks = sink.out.splice(0);
      if (!spill) return chunks;
      for (const c of chunks) spill.write(c);
      return [];
    };
    // Only a json file reads the bytes (the other formats drop them, see the redactor above).
    for await (const batch of batchesOf(source, { keepLines: true, ...(dropBytes ? { bytes: false } : {}) })) {
      for (let i = 0; i < batch.length; i++) {
        const r = batch[i] as JournalRecord;
        // An event whose line shows nothing to redact is not looked into (see lineIsClean).
        const line = batch.lines?.[i];
        // (A byte record's line matters only to a json file: its bytes are redacted all the same.)
        const clean = line !== undefined && (lines !== undefined || 'event' in r) && redactor.lineIsClean(line);
        lines?.push(r, clean ? line : undefined);
        if (clean && 'event' in r && !redactor.holding) consumeOne(r);
        // A byte record read without its bytes (and marks) is what the redactor of these formats makes of it.
        else if (dropBytes && 'bytes' in r && r.bytes === '' && r.secret === undefined) consumeOne(r);
        else consume(redactor.push(r, clean));
        if (sink.out.length) yield* ready();
        if (++read % 50_000 === 0) progress('grouping', read, total);
      }
      if (redactor.maxHeld > held.recordsHeld) held.recordsHeld = redactor.maxHeld;
    }
    consume(redactor.end());
    sink.end();
    yield* ready();
    progress('grouping', total, total);
    const body = { description: window?.description ?? 'whole session', ...(window ? { from: window.from, to: window.to } : {}), recorded };
    if (spill) {
      yield sink.head(body);
      spill.close();
      // One line per unit (a record of a json file, a row of the html log).
      let lines = 0;
      for await (const chunk of spill.read(deps.bytes === true)) {
        if (typeof chunk === 'string') for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
        else for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines++;
        yield chunk;
        progress('writing', Math.min(lines, sink.units), sink.units);
      }
    }
    sink.tail(body);
    yield* sink.out.splice(0);
    progress('writing', sink.units, sink.units);
    return sink.result(opts.format);
  } finally {
    spill?.remove();
  }
}

interface BodyInfo {
  description: string;
  from?: number;
  to?: number;
  recorded: RecordedEnvironment;
}

interface Body {
  /** The body is written to a temporary file first: its head needs what only the end knows. */
  readonly spills: boolean;
  /** What the writing progress counts: records of a json file, log rows otherwise. */
  readonly units: number;
  /** Chunks ready to write, taken by the caller after each call. */
  readonly out: string[];
  /** The next record, redacted; `line`: the journal's line of it, when it may be copied as is. */
  record(r: JournalRecord, line?: string): void;
  end(): void;
  head(info: BodyInfo): string;
  tail(info: BodyInfo): void;
  result(format: ExportResult['format']): ExportResult;
}

/** Lines joined into chunks of about CHUNK characters. */
class Chunker {
  private buf: string[] = [];
  private size = 0;
  add(line: string): string | undefined {
    this.buf.push(line);
    this.size += line.length + 1;
    return this.size >= CHUNK ? this.take() : undefined;
  }
  take(): string | undefined {
    if (this.buf.length === 0) return undefined;
    // The closing line end joined in (not appended: that would copy the whole chunk once more when it is written).
    this.buf.push('');
    const out = this.buf.join('\n');
    this.buf = [];
    this.size = 0;
    return out;
  }
}

/** A json session file: the records in range, with the header written after them were counted. */
class JsonBody implements Body {
  readonly spills = true;
  readonly out: string[] = [];
  private rows = 0;
  private records = 0;
  get units(): number {
    return this.records;
  }
  private exchanges = 0;
  private readonly uploads = new Set<number>();
  private readonly counts: Record<string, number> = {};
  private readonly chunks = new Chunker();

  constructor(
    private readonly inRange: (mono: number) => boolean,
    private readonly deps: Deps,
  ) {}

  record(r: JournalRecord, line?: string): void {
    if (!this.inRange(r.mono)) return;
    this.records++;
    if ('event' in r) {
      const e = r.event;
      if (e.type === 'command-started') {
        this.exchanges++;
        if (/^AT\+QFUPL=/i.test(e.command)) this.uploads.add(e.id);
      } else if (e.type === 'line') {
        this.rows++;
        if (e.text.includes(REDACTED)) this.deps.classify(this.counts, { text: e.text, dir: e.dir, kind: e.kind, upload: e.commandId !== undefined && this.uploads.has(e.commandId) });
      }
    }
    const chunk = this.chunks.add(line ?? JSON.stringify(r));
    if (chunk) this.out.push(chunk);
  }

  end(): void {
    const chunk = this.chunks.take();
    if (chunk) this.out.push(chunk);
  }

  head(info: BodyInfo): string {
    return sessionHeaderLine(this.deps.meta({ ...info, records: this.records, redactions: this.counts })) + '\n';
  }

  tail(): void {
    this.out.push(sessionEndLine(this.records) + '\n');
  }

  result(format: ExportResult['format']): ExportResult {
    return { format, records: this.records, rows: this.rows, exchanges: this.exchanges, redactions: this.counts };
  }
}

/** text, mermaid and html: the records grouped into log rows and exchanges, settled as they go. */
class GroupedBody implements Body {
  readonly spills: boolean;
  readonly out: string[] = [];
  private rows = 0;
  get units(): number {
    return this.rows;
  }
  private records = 0;
  private readonly grouper = new ExchangeGrouper();
  private sinceTake = 0;
  private lastMono = -Infinity;
  /** Exchanges not settled yet (their latest copies). */
  private readonly live = new Map<number, Exchange>();
  /** Log rows of exchanges not settled yet, by index. */
  private readonly entries = new Map<number, LogEntry>();
  private nextSettle = 0;
  private firstEntry: LogEntry | undefined;
  private firstRow: LogEntry | undefined;
  private lastRow: LogEntry | undefined;
  private readonly chunks = new Chunker();
  // text
  // html
  private readonly summary = new SummaryBuilder();
  private readonly kinds = new Set<string>();
  private readonly drawn: Exchange[] = [];
  private readonly drawnEntries = new Map<number, LogEntry>();
  private selected = 0;
  /** Html rows waiting for their exchange to settle, with its command (for the row's meaning). */
  private readonly pendingRows: LogEntry[] = [];
  /** The command of each pending row's exchange (side by side with pendingRows: no pair object per row). */
  private readonly pendingCommands: (string | undefined)[] = [];
  private pendingHead = 0;
  private readonly failedRows = new Set<number>();
  private htmlRows: HtmlRows | undefined;
  private readonly timeline = new TimelineCollector();
  private readonly redactions: Record<string, number> = {};
  // mermaid
  private mermaidDrawn = 0;
  private readonly exportedAt: string;

  constructor(
    private readonly opts: ExportOptions,
    private readonly inRange: (mono: number) => boolean,
    private readonly deps: Deps,
    private readonly held: StreamCounters,
  ) {
    this.spills = opts.format === 'html';
    this.exportedAt = opts.environment?.exportedAt ?? new Date().toISOString();
  }

  record(r: JournalRecord): void {
    if (this.inRange(r.mono)) this.records++;
    if (this.opts.format === 'html') this.timeline.record(r);
    this.lastMono = Math.max(this.lastMono, r.mono);
    this.grouper.push(r);
    if (++this.sinceTake >= TAKE_EVERY) this.take();
  }

  end(): void {
    this.grouper.finish();
    this.take(true);
    if (this.opts.format === 'mermaid' && (this.mermaidDrawn === 0 || this.drawn.length > 0)) this.out.push(this.mermaidPiece());
    if (this.opts.format === 'html') this.writeRows(true);
    const chunk = this.chunks.take();
    if (chunk) this.out.push(chunk);
  }

  /** Takes the grouper's new rows and changed exchanges; settles what can no longer change. */
  private take(final = false): void {
    this.sinceTake = 0;
    const changes = this.grouper.takeChanges();
    for (const x of changes.exchanges) {
      if (x.id < this.nextSettle) {
        this.held.lateChanges++;
        continue;
      }
      this.live.set(x.id, x);
    }
    for (const e of changes.entries) this.onEntry(e);
    this.held.exchangesHeld = Math.max(this.held.exchangesHeld, this.live.size);
    this.held.entriesHeld = Math.max(this.held.entriesHeld, this.entries.size);
    const open = final ? Infinity : this.grouper.oldestOpenExchange();
    while (this.nextSettle < open) {
      const head = this.live.get(this.nextSettle);
      if (!head) break;
      this.live.delete(this.nextSettle);
      this.nextSettle++;
      this.settle(head);
    }
    if (this.opts.format === 'html') this.writeRows(final);
  }

  private onEntry(e: LogEntry): void {
    this.firstEntry ??= e;
    if (e.exchangeId !== undefined) this.entries.set(e.index, e);
    if (!this.inRange(e.mono)) return;
    this.rows++;
    this.firstRow ??= e;
    this.lastRow = e;
    // The row's exchange changed with it: its copy is live (rows never join a settled exchange).
    const command = e.exchangeId !== undefined ? this.live.get(e.exchangeId)?.command : undefined;
    // (Only a row that shows a redaction counts one: most rows need no look.)
    if (e.text.includes(REDACTED)) this.deps.classify(this.redactions, { text: e.text, dir: e.dir, kind: e.kind, upload: command !== undefined && /^AT\+QFUPL=/i.test(command) });
    if (this.opts.format === 'text') {
      this.timeline.entry(e);
      const chunk = this.chunks.add(this.deps.textRow(e));
      if (chunk) {
        this.out.push(chunk);
        this.opts.onProgress?.({ phase: 'writing', done: this.rows, total: this.rows });
      }
    } else if (this.opts.format === 'html') {
      this.kinds.add(e.kind);
      this.timeline.entry(e);
      this.pendingRows.push(e);
      this.pendingCommands.push(command);
      this.held.rowsHeld = Math.max(this.held.rowsHeld, this.pendingRows.length - this.pendingHead);
    }
  }

  private entryAt = (i: number): LogEntry | undefined => this.entries.get(i) ?? this.drawnEntries.get(i);

  /** An exchange in its final state: into the summary, the diagram, the failed rows. */
  private settle(x: Exchange): void {
    const chosen = this.inRange(x.startedMono);
    if (chosen && this.opts.format === 'text') this.selected++;
    if (this.opts.format === 'html') {
      if (x.problem && x.resultEntry !== undefined) this.failedRows.add(x.resultEntry);
      if (chosen) {
        this.selected++;
        this.summary.add(x, this.entryAt);
        this.timeline.exchange(x, this.entryAt);
        if (this.drawn.length < (this.opts.maxDiagramExchanges ?? 500)) this.draw(x);
      }
    } else if (this.opts.format === 'mermaid' && chosen) {
      this.selected++;
      this.draw(x);
      if (this.drawn.length === MERMAID_WINDOW) {
        this.out.push(this.mermaidPiece());
        this.opts.onProgress?.({ phase: 'writing', done: this.selected, total: this.selected });
      }
    }
    for (const i of x.entries) this.entries.delete(i);
  }

  private draw(x: Exchange): void {
    this.drawn.push(x);
    for (const i of [...x.entries, ...(x.resultEntry !== undefined ? [x.resultEntry] : [])]) {
      const e = this.entries.get(i);
      if (e) this.drawnEntries.set(i, e);
    }
  }

  /** The mermaid text of the exchanges drawn since the last piece (the first piece keeps the header). */
  private mermaidPiece(): string {
    const text = exportDiagram(this.drawnModel(), 'mermaid', { redaction: this.deps.policy, ...(this.opts.lang ? { lang: this.opts.lang } : {}) }).text;
    const piece = this.mermaidDrawn === 0 ? text : text.split('\n').slice(MERMAID_HEADER_LINES).join('\n');
    this.mermaidDrawn += Math.max(1, this.drawn.length);
    this.drawn.length = 0;
    this.drawnEntries.clear();
    return piece;
  }

  /** The drawn exchanges with only their rows, renumbered (as drawable() does); the session's first row kept, the diagram's times count from it. */
  private drawnModel(): SessionModel {
    const rows = new Map(this.drawnEntries);
    if (this.firstEntry) rows.set(this.firstEntry.index, this.firstEntry);
    return drawableFrom(this.drawn, (i) => rows.get(i), this.firstEntry ? [this.firstEntry.index] : []);
  }

  /** Html rows whose exchange has settled, in order, with their final failed mark. */
  private writeRows(final: boolean): void {
    this.htmlRows ??= new HtmlRows(this.firstRow?.mono ?? 0, this.opts.lang);
    while (this.pendingHead < this.pendingRows.length) {
      const e = this.pendingRows[this.pendingHead] as LogEntry;
      if (!final && e.exchangeId !== undefined && e.exchangeId >= this.nextSettle) break;
      const command = this.pendingCommands[this.pendingHead];
      this.pendingHead++;
      const chunk = this.chunks.add(this.htmlRows.row(e, this.failedRows.delete(e.index), command));
      if (chunk) this.out.push(chunk);
    }
    if (this.pendingHead > 4096 && this.pendingHead * 2 > this.pendingRows.length) {
      this.pendingRows.splice(0, this.pendingHead);
      this.pendingCommands.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
  }

  head(info: BodyInfo): string {
    const diagram = exportDiagram(this.drawnModel(), 'svg', { redaction: this.deps.policy, ...(this.opts.lang ? { lang: this.opts.lang } : {}) }).text;
    const tl = this.timeline.finish();
    return htmlHead(
      {
        timeline: { svg: timelineSvg(tl, this.opts.lang), drops: dropLines(tl, this.opts.lang) },
        summary: this.summary.finish(this.rows, this.firstRow, this.lastRow),
        diagramSvg: diagram,
        diagramNote: this.drawn.length < this.selected ? diagramNoteText(this.drawn.length, this.selected, this.opts.lang) : undefined,
        recorded: info.recorded,
        environment: this.opts.environment ?? {},
        range: info.description,
        redactions: this.redactions,
        maskIds: this.opts.maskIds === true,
        exportedAt: this.exportedAt,
        ...(this.opts.lang ? { lang: this.opts.lang } : {}),
      },
      [...this.kinds],
    );
  }

  tail(info: BodyInfo): void {
    if (this.opts.format === 'text') {
      const drops = dropSection(this.timeline.finish(), this.opts.lang);
      if (drops) this.out.push(drops);
    }
    if (this.opts.format === 'html') this.out.push(htmlFoot({ environment: this.opts.environment ?? {}, recorded: info.recorded, exportedAt: this.exportedAt, range: info.description, ...(this.opts.lang ? { lang: this.opts.lang } : {}) }));
  }

  result(format: ExportResult['format']): ExportResult {
    return { format, records: this.records, rows: this.rows, exchanges: this.selected, redactions: this.redactions };
  }
}

/**
 * A model of the chosen exchanges with only the rows they draw (and `keep`), renumbered from 0: the
 * diagram of those exchanges without the rest of the session.
 */
export function drawableFrom(chosen: readonly Exchange[], entryAt: (index: number) => LogEntry | undefined, keep: readonly number[] = []): SessionModel {
  const used = new Set<number>(keep);
  for (const x of chosen) {
    for (const i of x.entries) used.add(i);
    if (x.resultEntry !== undefined) used.add(x.resultEntry);
  }
  const order = [...used].filter((i) => entryAt(i) !== undefined).sort((a, b) => a - b);
  const at = new Map(order.map((old, k) => [old, k]));
  const moved = (i: number) => at.get(i) ?? -1;
  return {
    entries: order.map((old, k) => ({ ...(entryAt(old) as LogEntry), index: k })),
    exchanges: chosen.map((x) => ({ ...x, entries: x.entries.map(moved), ...(x.resultEntry !== undefined ? { resultEntry: moved(x.resultEntry) } : {}) })),
  };
}

/**
 * The clean journal lines (RecordRedactor.lineIsClean) of the records given to the redactor, in
 * order, to pair each with the record it hands back (one for one, in order): a record it returned
 * as it was is written as its line (no second serialisation).
 */
class LineQueue {
  private records: JournalRecord[] = [];
  private lines: (string | undefined)[] = [];
  private head = 0;

  push(r: JournalRecord, line: string | undefined): void {
    this.records.push(r);
    this.lines.push(line);
  }

  /** The line of the next record out (`safe`), when it may stand for it. */
  take(safe: JournalRecord): string | undefined {
    const i = this.head++;
    const line = this.records[i] === safe ? this.lines[i] : undefined;
    if (this.head === this.records.length) {
      this.records = [];
      this.lines = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.records.length) {
      this.records.splice(0, this.head);
      this.lines.splice(0, this.head);
      this.head = 0;
    }
    return line;
  }
}

/** A private temporary file the body goes to while its head is not known yet. */
class Spill {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-export-'));
  private readonly file = path.join(this.dir, 'body');
  private fd: number | undefined = fs.openSync(this.file, 'w', 0o600);

  write(chunk: string): void {
    if (this.fd !== undefined) fs.writeSync(this.fd, chunk);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  /** The body as written: text, or (`bytes`) its utf8 bytes a megabyte at a time. */
  read(bytes: boolean): AsyncIterable<string | Buffer> {
    return (bytes ? fs.createReadStream(this.file, { highWaterMark: 1 << 20 }) : fs.createReadStream(this.file, { encoding: 'utf8', highWaterMark: CHUNK })) as AsyncIterable<string | Buffer>;
  }

  remove(): void {
    this.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
