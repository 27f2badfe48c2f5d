// `workbench explain TEXT [--host HOST] [--command TEXT] [--json]`: explains a result line, URC or
// error code from the code catalogue. Exit 0 when explained, 1 when unknown, 2 on bad usage.
import { explain, type Explanation } from '../quectel/codes';
import { localizeExplanation } from '../../shared/protocol/localize';
import { translator, type Lang } from '../../shared/i18n';
import { helpText, parseCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliLang, cliT } from './lang';

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

/** The explanation as lines a person reads in a terminal, in `lang` (English as it always was). */
export function formatExplanation(e: Explanation, lang: Lang = 'en'): string {
  if (lang !== 'en') return formatIn(localizeExplanation(e, lang), lang);
  const out = [`${e.input.trim()} — ${e.meaning}`, `  code: ${e.key}${e.success ? ' (success)' : ''}`];
  const causes = [...(e.aliyun?.likelyCauses ?? []), ...e.likelyCauses];
  if (causes.length) out.push('  likely causes:', ...causes.map((c) => `    - ${c}`));
  out.push(`  next step: ${e.aliyun ? `${e.aliyun.nextStep} ` : ''}${e.nextStep}`);
  return out.join('\n') + '\n';
}

function formatIn(e: Explanation, lang: Lang): string {
  const t = translator(lang);
  const out = [`${e.input.trim()} — ${e.meaning}`, `  ${t('catalogue.cliCode', { key: e.key })}${e.success ? ` ${t('catalogue.cliSuccess')}` : ''}`];
  const causes = [...(e.aliyun?.likelyCauses ?? []), ...e.likelyCauses];
  if (causes.length) out.push(`  ${t('catalogue.cliCauses')}`, ...causes.map((c) => `    - ${c}`));
  // Chinese sentences end in 。 and need no space between them.
  out.push(`  ${t('catalogue.cliNext', { next: `${e.aliyun ? e.aliyun.nextStep : ''}${e.nextStep}` })}`);
  return out.join('\n') + '\n';
}

/**
 * The --json object: the explanation's fields as they always were (codes, English words), plus
 * `text`, the human words in the CLI's language.
 */
export function explanationJson(e: Explanation, lang: Lang): Record<string, unknown> {
  const l = localizeExplanation(e, lang);
  return { ok: true, ...e, text: { lang, meaning: l.meaning, likelyCauses: l.likelyCauses, nextStep: l.nextStep, ...(l.aliyun ? { aliyun: l.aliyun } : {}) } };
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
    else process.stderr.write(`workbench explain: ${translator(cliLang())('catalogue.cliUnknown', { text: a.text })}\n`);
    return 1;
  }
  process.stdout.write(a.json ? JSON.stringify(explanationJson(e, cliLang())) + '\n' : formatExplanation(e, cliLang()));
  return 0;
}
