// Dispatches `workbench <command> …` to one module per command. Each module exports
// `run(args): Promise<number>` returning the exit code. `--lang` is taken here, for every command.
import { cliT, takeLangOption } from './lang';

/** Summaries are read when printed, in the language --lang chose. */
const t = (key: string) => cliT()(key);

const commands: Record<string, { summary: () => string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  at: { summary: () => t('cli.summaryAt'), load: () => import('./at') },
  sim: { summary: () => t('cli.summarySim'), load: () => import('./sim') },
  bringup: { summary: () => t('cli.summaryBringup'), load: () => import('./bringup') },
  run: { summary: () => t('cli.summaryRun'), load: () => import('./run') },
  script: { summary: () => t('cli.summaryScript'), load: () => import('./script') },
  files: { summary: () => t('cli.summaryFiles'), load: () => import('./files') },
  diag: { summary: () => t('cli.summaryDiag'), load: () => import('./diag') },
  explain: { summary: () => t('cli.summaryExplain'), load: () => import('./explain') },
  diagram: { summary: () => t('cli.summaryDiagram'), load: () => import('./diagram') },
  export: { summary: () => t('cli.summaryExport'), load: () => import('./export') },
  ports: { summary: () => t('cli.summaryPorts'), load: () => import('./ports') },
  probe: { summary: () => t('cli.summaryProbe'), load: () => import('./probe') },
  aliyun: { summary: () => t('cli.summaryAliyun'), load: () => import('./aliyun') },
};

export function usage(): string {
  const t = cliT();
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary()}`);
  return [t('cli.usageLine'), '', t('cli.commands'), ...rows, '', t('cli.everyCommandLang'), t('cli.commandHelpHint')].join('\n');
}

export async function main(rawArgv: string[]): Promise<number> {
  const lang = takeLangOption(rawArgv);
  if (!lang.ok) {
    process.stderr.write(`workbench: ${lang.message}\n`);
    return 2;
  }
  const [name, ...rest] = lang.argv;
  if (!name || name === '--help' || name === '-h') {
    (name ? process.stdout : process.stderr).write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`${cliT()('cli.unknownCommand', { name })}\n\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load().catch((err: unknown) => {
    process.stderr.write(`${cliT()('cli.notAvailable', { name, error: String(err) })}\n`);
    return undefined;
  });
  return mod ? mod.run(rest) : 1;
}
