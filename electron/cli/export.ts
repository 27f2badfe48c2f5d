// `workbench export JOURNAL --format html|json|text|mermaid [--mask-ids] [--from T] [--to T] [--out FILE]`
// Exports a session journal (or a session file exported earlier) for a support ticket. Secrets are
// always redacted: --redact is accepted and changes nothing, and no option turns redaction off.
// A journal is streamed: read twice from its file (the secrets first, then the export), never held
// whole; the export streams to the file (or standard output), with progress on stderr for long sessions.
// Exit: 0 exported, 1 input unreadable or output not written, 2 bad usage.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { JournalRecord } from '../../shared/model';
import { describeDamage, isSessionFileHeader, SessionFileReader, type SessionFileRead } from '../../shared/session-file';
import { EXPORT_FORMATS, exportSession, journalSource, type RecordSource, timePointProblem, type ExportFormat, type ExportProgress, type ExportRange, type ExportSink } from '../session/export';
import { helpText, parseCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliLang, cliT } from './lang';

export const EXPORT_COMMAND_LINE = {
  command: 'export',
  synopsis: 'JOURNAL --format html|json|text|mermaid [--mask-ids] [--from T] [--to T] [--out FILE]',
  get description() { return cliT()('cliHelp.exportDescription'); },
  positionals: { name: 'JOURNAL', get help() { return cliT()('cliHelp.exportJournal'); } },
  options: {
    format: { type: 'string', short: 'f', value: 'html|json|text|mermaid', get help() { return cliT()('cliHelp.exportFormat'); } },
    redact: { type: 'boolean', get help() { return cliT()('cliHelp.exportRedact'); } },
    'mask-ids': { type: 'boolean', get help() { return cliT()('cliHelp.exportMaskIds'); } },
    from: { type: 'string', value: 'T', get help() { return cliT()('cliHelp.exportFrom'); } },
    to: { type: 'string', value: 'T', get help() { return cliT()('cliHelp.exportTo'); } },
    exchanges: { type: 'string', value: 'IDS', get help() { return cliT()('cliHelp.exportExchanges'); } },
    secret: { type: 'string', value: 'TEXT', multiple: true, get help() { return cliT()('cliHelp.exportSecret'); } },
    out: { type: 'string', short: 'o', value: 'FILE', get help() { return cliT()('cliHelp.outFile'); } },
  },
  get notes() { return cliT()('cliHelp.exportNotes'); },
} as const satisfies CommandSpec;

interface Args {
  input: string;
  format: ExportFormat;
  maskIds: boolean;
  range: ExportRange;
  secrets: string[];
  out?: string;
}

/** Parses the options; a string is an error message. */
export function parseExportArgs(args: string[]): Args | string | 'help' {
  const parsed = parseCommandLine(EXPORT_COMMAND_LINE, args);
  if (parsed.kind !== 'ok') return parsed.kind === 'help' ? 'help' : parsed.message;
  const v = parsed.values;
  const format = v.format ?? 'html';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return `unknown format "${format}" (use ${EXPORT_FORMATS.join(', ')})`;
  const [input, extra] = parsed.positionals;
  if (input === undefined) return 'missing JOURNAL';
  if (extra !== undefined) return `unexpected argument "${extra}"`;
  for (const [name, t] of [['from', v.from], ['to', v.to]] as const) {
    const problem = t === undefined ? undefined : timePointProblem(t);
    if (problem) return `--${name}: ${problem}`;
  }
  let range: ExportRange = { kind: 'all' };
  if (v.exchanges !== undefined) {
    if (v.from !== undefined || v.to !== undefined) return '--exchanges cannot be combined with --from/--to';
    const ids = v.exchanges.split(',').map((s) => s.trim().replace(/^#/, ''));
    if (ids.some((s) => !/^\d+$/.test(s))) return `--exchanges needs comma-separated exchange ids (e.g. 3,4,7), got "${v.exchanges}"`;
    range = { kind: 'exchanges', ids: ids.map(Number) };
  } else if (v.from !== undefined || v.to !== undefined) {
    range = { kind: 'time', ...(v.from !== undefined ? { from: v.from } : {}), ...(v.to !== undefined ? { to: v.to } : {}) };
  }
  return { input, format: format as ExportFormat, maskIds: v['mask-ids'] === true, range, secrets: v.secret ?? [], ...(v.out !== undefined ? { out: v.out } : {}) };
}

/** A journal is streamed from its file (read twice, never held whole); a session file is read into memory. */
type Input = { ok: true; records: JournalRecord[] | RecordSource; size: number; firmwareProfile?: string } | { ok: false; why: string };

/** The input turned out unreadable while the export read it (no records in a journal). */
class UnreadableInput extends Error {}

/** Reads a journal or a session file, warning on stderr about what was left out. */
async function readInput(file: string): Promise<Input> {
  let first: string;
  try {
    first = firstLine(file);
  } catch (err) {
    return { ok: false, why: readError(file, err as NodeJS.ErrnoException) };
  }
  if (isSessionFileHeader(first)) {
    const read = await readSessionFile(file);
    if (!read.ok) return { ok: false, why: `${read.problem.title} ${read.problem.detail} ${read.problem.nextStep}` };
    if (read.damage) process.stderr.write(`workbench export: ${file} is damaged: ${describeDamage(read.damage)}; exporting what came before\n`);
    const profile = read.header.meta.firmwareProfile;
    return { ok: true, records: read.records, size: read.records.length, ...(profile ? { firmwareProfile: profile } : {}) };
  }
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    return { ok: false, why: readError(file, err as NodeJS.ErrnoException) };
  }
  let told = false;
  // Told after each of the export's two reads: what was left out is said once, after the first.
  const source = journalSource(file, (read) => {
    if (told) return;
    told = true;
    if (read.records === 0 && size > 0) throw new UnreadableInput(`${file} holds no journal records (expected one JSON record per line, as written by the app or \`workbench at\`, or a session file)`);
    if (read.tornTail) process.stderr.write('workbench export: the last line of the journal was cut off (the writer stopped mid-line); it is left out\n');
    if (read.skipped > 0) process.stderr.write(`workbench export: ${read.skipped} lines of the journal are not records; they are left out\n`);
  });
  // About 150 bytes a record: progress is worth showing from some 50,000 records.
  return { ok: true, records: source, size: Math.round(size / 150) };
}

function firstLine(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    return nl < 0 ? text : text.slice(0, nl);
  } finally {
    fs.closeSync(fd);
  }
}

async function readSessionFile(file: string): Promise<SessionFileRead> {
  const reader = new SessionFileReader();
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) reader.push(line);
  return reader.finish();
}

function appVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A sink over a Node stream that waits when the stream's buffer is full. */
function streamSink(stream: NodeJS.WritableStream): ExportSink {
  const write = (chunk: string | Uint8Array) => (stream.write(chunk) ? undefined : new Promise<void>((resolve) => stream.once('drain', () => resolve())));
  return { write, writeBytes: write };
}

/** Progress lines on stderr, at most one a second, only for sessions big enough to take a while. */
function progressReporter(records: number): ((p: ExportProgress) => void) | undefined {
  if (records < 50_000) return undefined;
  let last = 0;
  let lastPhase = '';
  return (p) => {
    const now = Date.now();
    if (p.phase === lastPhase && now - last < 1000 && p.done < p.total) return;
    last = now;
    lastPhase = p.phase;
    const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
    process.stderr.write(`workbench export: ${p.phase} ${pct}% (${p.done}/${p.total})\n`);
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseExportArgs(args);
  if (parsed === 'help') {
    process.stdout.write(helpText(EXPORT_COMMAND_LINE));
    return 0;
  }
  if (typeof parsed === 'string') return reportUsageError(EXPORT_COMMAND_LINE, parsed);
  const input = await readInput(parsed.input);
  if (!input.ok) {
    process.stderr.write(`workbench export: cannot read the input: ${input.why}\n`);
    return 1;
  }
  const onProgress = progressReporter(input.size);
  const opts = {
    format: parsed.format,
    range: parsed.range,
    maskIds: parsed.maskIds,
    extraSecrets: parsed.secrets,
    // --lang (taken out of argv for every command) picks the html report's language (and the text capture's link drops', the Mermaid diagram's words).
    lang: cliLang(),
    environment: {
      app: 'workbench export',
      appVersion: appVersion(),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      source: path.basename(parsed.input),
      ...(input.firmwareProfile ? { firmwareProfile: input.firmwareProfile } : {}),
    },
    ...(onProgress ? { onProgress, expectedRecords: input.size } : {}),
  };
  if (parsed.out === undefined) {
    const closed = new Promise<never>((_, reject) => process.stdout.once('error', reject));
    try {
      await Promise.race([exportSession(input.records, opts, streamSink(process.stdout)), closed]);
      return 0;
    } catch (err) {
      if (err instanceof UnreadableInput) return unreadable(err);
      // A reader that stops early (`| head`) is not a failure of the export.
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
      process.stderr.write(`workbench export: cannot write to standard output: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const out = parsed.out;
  let opened = false;
  try {
    const stream = fs.createWriteStream(out);
    stream.once('open', () => (opened = true));
    const failed = new Promise<never>((_, reject) => stream.once('error', reject));
    const result = await Promise.race([exportSession(input.records, opts, streamSink(stream)), failed]);
    await Promise.race([new Promise<void>((resolve) => stream.end(() => resolve())), failed]);
    const redacted = Object.entries(result.redactions).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing secret found';
    process.stderr.write(`workbench export: ${result.format}, ${result.rows} log rows, ${result.exchanges} exchanges; redacted: ${redacted}\n`);
    process.stdout.write(`${out}\n`);
    return 0;
  } catch (err) {
    // Only a file this run created or truncated is removed: half an export is worse than none.
    if (opened) fs.rmSync(out, { force: true });
    if (err instanceof UnreadableInput) return unreadable(err);
    process.stderr.write(`workbench export: cannot write ${out}: ${(err as Error).message}\n`);
    return 1;
  }
}

function unreadable(err: UnreadableInput): number {
  process.stderr.write(`workbench export: cannot read the input: ${err.message}\n`);
  return 1;
}

function readError(file: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return `${file} does not exist`;
  if (err.code === 'EACCES') return `${file} is not readable (permission denied)`;
  if (err.code === 'EISDIR') return `${file} is a folder, not a journal file`;
  return `${file}: ${err.message}`;
}
