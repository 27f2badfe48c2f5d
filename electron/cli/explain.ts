// `workbench explain TEXT [--host HOST] [--command TEXT] [--json]`: explains a result line, URC or
// error code from the code catalogue. Exit 0 when explained, 1 when unknown, 2 on bad usage.
import { explain, type Explanation } from '../quectel/codes';
import { helpText, parseCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliT } from './lang';

/** Every option of `workbench explain`, its help and its checks. */
export const EXPLAIN_COMMAND_LINE = {
  command: 'explain',
  synopsis: '[options] TEXT',
  get description() { return cliT()('cliHelp.explainDescription'); },
  positionals: { name: 'TEXT', get help() { return cliT()('cliHelp.explainText'); } },
  options: {
    host: { type: 'string', value: 'HOST', get help() { return cliT()('cliHelp.explainHost'); } },
    server: { type: 'string', value: 'HOST[:PORT]', get help() { return cliT()('cliHelp.explainServer'); } },
    command: { type: 'string', value: 'TEXT', get help() { return cliT()('cliHelp.explainCommand'); } },
    json: { type: 'boolean', get help() { return cliT()('cliHelp.explainJson'); } },
  },
  get notes() { return cliT()('cliHelp.explainNotes'); },
} as const satisfies CommandSpec;

interface ExplainArgs {
  text: string;
  host?: string;
  command?: string;
  json: boolean;
}

/** Parses the options; a string is an error message. */
export function parseExplainArgs(args: string[]): ExplainArgs | string | 'help' {
  const parsed = parseCommandLine(EXPLAIN_COMMAND_LINE, args);
  if (parsed.kind !== 'ok') return parsed.kind === 'help' ? 'help' : parsed.message;
  const { command, json = false } = parsed.values;
  if (parsed.values.host !== undefined && parsed.values.server !== undefined) return '--host and --server name the same thing: give one';
  const host = parsed.values.host ?? parsed.values.server?.replace(/:\d{1,5}$/, '');
  const text = parsed.positionals.join(' ').trim();
  if (text === '') return 'TEXT is missing';
  return { text, json, ...(host !== undefined ? { host } : {}), ...(command !== undefined ? { command } : {}) };
}

/** The explanation as lines a person reads in a terminal. */
export function formatExplanation(e: Explanation): string {
  const out = [`${e.input.trim()} — ${e.meaning}`, `  code: ${e.key}${e.success ? ' (success)' : ''}`];
  const causes = [...(e.aliyun?.likelyCauses ?? []), ...e.likelyCauses];
  if (causes.length) out.push('  likely causes:', ...causes.map((c) => `    - ${c}`));
  out.push(`  next step: ${e.aliyun ? `${e.aliyun.nextStep} ` : ''}${e.nextStep}`);
  return out.join('\n') + '\n';
}

export async function run(args: string[]): Promise<number> {
  const a = parseExplainArgs(args);
  if (a === 'help') {
    process.stdout.write(helpText(EXPLAIN_COMMAND_LINE));
    return 0;
  }
  if (typeof a === 'string') return reportUsageError(EXPLAIN_COMMAND_LINE, a);
  const e = explain(a.text, { ...(a.host ? { host: a.host } : {}), ...(a.command ? { command: a.command } : {}) });
  if (!e) {
    if (a.json) process.stdout.write(JSON.stringify({ ok: false, input: a.text }) + '\n');
    else process.stderr.write(`workbench explain: "${a.text}" is not a result line, URC or code the catalogue knows.\n`);
    return 1;
  }
  process.stdout.write(a.json ? JSON.stringify({ ok: true, ...e }) + '\n' : formatExplanation(e));
  return 0;
}
