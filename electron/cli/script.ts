// `workbench script JOURNAL`: saves a session (or some of its commands) as a script that
// `workbench run` replays, secrets left out as ${VARIABLES}. Exit 0 written, 1 the journal holds
// no command, 2 bad usage or an unreadable journal.
import fs from 'node:fs';
import path from 'node:path';
import { readJournal } from '../session/journal';
import { scriptFromSession } from '../script/from-session';
import { cliT } from './lang';
import { readCommandLine, reportUsageError, type CommandSpec } from './args';

export const SCRIPT_COMMAND_LINE = {
  command: 'script',
  synopsis: 'JOURNAL [--out FILE] [--from N] [--to N]',
  get description() { return cliT()('cliHelp.scriptDescription'); },
  positionals: { name: 'JOURNAL', get help() { return cliT()('cliHelp.scriptJournal'); } },
  options: {
    out: { type: 'string', short: 'o', value: 'FILE', get help() { return cliT()('cliHelp.scriptOut'); } },
    from: { type: 'number', value: 'N', integer: true, min: 1, get help() { return cliT()('cliHelp.scriptFrom'); } },
    to: { type: 'number', value: 'N', integer: true, min: 1, get help() { return cliT()('cliHelp.scriptTo'); } },
  },
  get notes() { return cliT()('cliHelp.scriptNotes'); },
} as const satisfies CommandSpec;

export async function run(args: string[]): Promise<number> {
  const parsed = readCommandLine(SCRIPT_COMMAND_LINE, args);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return reportUsageError(SCRIPT_COMMAND_LINE, positionals.length ? 'one JOURNAL only' : 'the JOURNAL file is required');
  if (values.from !== undefined && values.to !== undefined && values.to < values.from) return reportUsageError(SCRIPT_COMMAND_LINE, '--to comes before --from');
  const file = positionals[0] as string;
  let records;
  try {
    // Read without the sealing key: the secrets are not needed, only where they were.
    records = (await readJournal(file)).records;
  } catch (err) {
    return reportUsageError(SCRIPT_COMMAND_LINE, `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const s = scriptFromSession(records, { title: `session ${path.basename(file)}`, ...(values.from !== undefined ? { from: values.from } : {}), ...(values.to !== undefined ? { to: values.to } : {}) });
  if (s.commands === 0) {
    process.stderr.write(`${values.from !== undefined || values.to !== undefined ? cliT()('cliRack.scriptNoCommandInRange', { file }) : cliT()('cliRack.scriptNoCommand', { file })}\n`);
    return 1;
  }
  if (values.out) {
    fs.writeFileSync(values.out, s.text);
    const t = cliT();
    const variables = s.variables.map((v) => `\${${v}}`).join(', ');
    process.stderr.write(`${variables ? t('cliRack.scriptSavedNeeds', { file: values.out, count: s.commands, variables }) : t('cliRack.scriptSaved', { file: values.out, count: s.commands })}\n`);
  } else process.stdout.write(s.text);
  return 0;
}
