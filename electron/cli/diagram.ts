// `workbench diagram JOURNAL [--format mermaid|svg] [--out FILE] [--secret S]…`
// Draws the sequence diagram of a journal written by the app or by `workbench at`.
// Secrets are redacted before drawing. Exit: 0 drawn, 1 journal unreadable, 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import { readJournal } from '../session/journal';
import { exportDiagram, sessionModel, type DiagramFormat } from '../session/model';

const USAGE = `usage: workbench diagram JOURNAL [--format mermaid|svg] [--out FILE] [--secret TEXT]...

Draws the sequence diagram (Host, Modem, Server) of a session journal (.jsonl):
observed AT lines solid, implied MQTT/TCP packets dashed, failures in red.

  --format mermaid|svg   output format (default: mermaid)
  --out FILE             write to FILE instead of standard output
  --secret TEXT          also redact TEXT (repeatable); passwords, aliauth secrets and
                         uploaded keys are always redacted`;

interface Args {
  journal: string;
  format: DiagramFormat;
  out?: string;
  secrets: string[];
}

function parseArgs(args: string[]): Args | string | 'help' {
  let journal: string | undefined;
  let format: DiagramFormat = 'mermaid';
  let out: string | undefined;
  const secrets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--help' || a === '-h') return 'help';
      if (a === '--format' || a.startsWith('--format=')) {
        const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : value();
        if (v !== 'mermaid' && v !== 'svg') return `unknown format "${v}" (use mermaid or svg)`;
        format = v;
      } else if (a === '--out' || a === '-o') out = value();
      else if (a.startsWith('--out=')) out = a.slice(6);
      else if (a === '--secret') secrets.push(value());
      else if (a.startsWith('-')) return `unknown option ${a}`;
      else if (journal === undefined) journal = a;
      else return `unexpected argument "${a}"`;
    } catch (err) {
      return (err as Error).message;
    }
  }
  if (journal === undefined) return 'missing JOURNAL';
  return { journal, format, secrets, ...(out !== undefined ? { out } : {}) };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (typeof parsed === 'string') {
    process.stderr.write(`workbench diagram: ${parsed}\n\n${USAGE}\n`);
    return 2;
  }
  const read = await readJournal(parsed.journal).then(
    (r) => ({ ok: true as const, ...r }),
    (err: NodeJS.ErrnoException) => ({ ok: false as const, why: readError(parsed.journal, err) }),
  );
  if (!read.ok) {
    process.stderr.write(`workbench diagram: cannot read the journal: ${read.why}\n`);
    return 1;
  }
  const size = fs.statSync(parsed.journal).size;
  const records = read.records.filter(isRecord);
  if (records.length === 0 && size > 0) {
    process.stderr.write(`workbench diagram: cannot read the journal: ${parsed.journal} holds no journal records (expected one JSON record per line, as written by the app or \`workbench at\`)\n`);
    return 1;
  }
  if (read.tornTail) process.stderr.write('workbench diagram: the last line of the journal was cut off (the writer stopped mid-line); it is left out\n');
  const model = sessionModel(records, { redaction: { extraSecrets: parsed.secrets } });
  const { text } = exportDiagram(model, parsed.format, { baseName: path.basename(parsed.journal).replace(/\.jsonl?$/, ''), redaction: { extraSecrets: parsed.secrets } });
  if (parsed.out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    fs.writeFileSync(parsed.out, text);
  } catch (err) {
    process.stderr.write(`workbench diagram: cannot write ${parsed.out}: ${(err as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`workbench diagram: ${model.exchanges.length} exchanges drawn to ${parsed.out}\n`);
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
