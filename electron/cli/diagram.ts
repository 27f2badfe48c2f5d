// `workbench diagram JOURNAL [--format mermaid|svg] [--out FILE] [--secret S]…`
// Draws the sequence diagram of a journal written by the app or by `workbench at`.
// Secrets are redacted before drawing. Exit: 0 drawn, 1 journal unreadable, 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import { readJournal } from '../session/journal';
import { exportDiagram, sessionModel, type DiagramFormat } from '../session/model';
import { helpText, parseCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliLang, cliT } from './lang';

/** Every option of `workbench diagram`, its help and its checks. */
export const DIAGRAM_COMMAND_LINE = {
  command: 'diagram',
  synopsis: 'JOURNAL [--format mermaid|svg] [--out FILE] [--secret TEXT]...',
  get description() { return cliT()('cliHelp.diagramDescription'); },
  positionals: { name: 'JOURNAL', get help() { return cliT()('cliHelp.diagramJournal'); } },
  options: {
    format: { type: 'string', value: 'mermaid|svg', get help() { return cliT()('cliHelp.diagramFormat'); } },
    out: { type: 'string', short: 'o', value: 'FILE', get help() { return cliT()('cliHelp.outFile'); } },
    secret: { type: 'string', value: 'TEXT', multiple: true, get help() { return cliT()('cliHelp.diagramSecret'); } },
  },
  get notes() { return cliT()('cliHelp.diagramNotes'); },
} as const satisfies CommandSpec;

interface Args {
  journal: string;
  format: DiagramFormat;
  out?: string;
  secrets: string[];
}

/** Parses the options; a string is an error message. */
export function parseDiagramArgs(args: string[]): Args | string | 'help' {
  const parsed = parseCommandLine(DIAGRAM_COMMAND_LINE, args);
  if (parsed.kind !== 'ok') return parsed.kind === 'help' ? 'help' : parsed.message;
  const { format = 'mermaid', out, secret = [] } = parsed.values;
  if (format !== 'mermaid' && format !== 'svg') return `unknown format "${format}" (use mermaid or svg)`;
  const [journal, extra] = parsed.positionals;
  if (journal === undefined) return 'missing JOURNAL';
  if (extra !== undefined) return `unexpected argument "${extra}"`;
  return { journal, format, secrets: secret, ...(out !== undefined ? { out } : {}) };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseDiagramArgs(args);
  if (parsed === 'help') {
    process.stdout.write(helpText(DIAGRAM_COMMAND_LINE));
    return 0;
  }
  if (typeof parsed === 'string') return reportUsageError(DIAGRAM_COMMAND_LINE, parsed);
  const read = await readJournal(parsed.journal).then(
    (r) => ({ ok: true as const, ...r }),
    (err: NodeJS.ErrnoException) => ({ ok: false as const, why: readError(parsed.journal, err) }),
  );
  if (!read.ok) {
    process.stderr.write(`${cliT()('cliOut.diagramCannotRead', { why: read.why })}\n`);
    return 1;
  }
  const size = fs.statSync(parsed.journal).size;
  const records = read.records.filter(isRecord);
  if (records.length === 0 && size > 0) {
    process.stderr.write(`${cliT()('cliOut.diagramNoRecords', { path: parsed.journal })}\n`);
    return 1;
  }
  if (read.tornTail) process.stderr.write(`${cliT()('cliOut.diagramTornTail')}\n`);
  const model = sessionModel(records, { redaction: { extraSecrets: parsed.secrets } });
  const { text } = exportDiagram(model, parsed.format, { baseName: path.basename(parsed.journal).replace(/\.c?jsonl?$/, ''), redaction: { extraSecrets: parsed.secrets }, lang: cliLang() });
  if (parsed.out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    fs.writeFileSync(parsed.out, text);
  } catch (err) {
    process.stderr.write(`${cliT()('cliOut.diagramCannotWrite', { path: parsed.out, error: (err as Error).message })}\n`);
    return 1;
  }
  process.stderr.write(`${cliT()('cliOut.diagramWritten', { count: model.exchanges.length, path: parsed.out })}\n`);
  return 0;
}

function readError(file: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return `${file} does not exist`;
  if (err.code === 'EACCES') return `${file} is not readable (permission denied)`;
  if (err.code === 'EISDIR') return `${file} is a folder, not a journal file`;
  return `${file}: ${err.message}`;
}

function isRecord(r: unknown): r is import('../../shared/model').JournalRecord {
  if (!r || typeof r !== 'object') return false;
  const o = r as Record<string, unknown>;
  return typeof o.mono === 'number' && typeof o.wall === 'number' && (typeof o.bytes === 'string' || (typeof o.event === 'object' && o.event !== null));
}
