// Dispatches `workbench <command> …` to one module per command. Each module exports
// `run(args): Promise<number>` returning the exit code. `--lang` is taken here, for every command.
import { takeLangOption } from './lang';

const commands: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  at: { summary: 'send AT commands to a modem and print every line exchanged', load: () => import('./at') },
  sim: { summary: 'start the virtual EC20 on a pseudo-terminal and print its device path', load: () => import('./sim') },
  bringup: { summary: 'run the connection wizard step by step', load: () => import('./bringup') },
  run: { summary: 'run a script of AT lines, expectations and awaited URCs on one modem or a rack', load: () => import('./run') },
  script: { summary: 'save a session journal as a replayable script (secrets as ${VARIABLES})', load: () => import('./script') },
  files: { summary: 'list, upload (checksum compared) or delete the modem\'s certificate files; read an SSL context', load: () => import('./files') },
  diag: { summary: 'run one check of the diagnosis table: URC port, attach, DNS, ping, clock, SIM identity', load: () => import('./diag') },
  explain: { summary: 'explain a result line, URC or error code', load: () => import('./explain') },
  diagram: { summary: 'draw the sequence diagram of a journal (mermaid or svg)', load: () => import('./diagram') },
  export: { summary: 'export a session as an html report, json session file, text or mermaid (secrets redacted)', load: () => import('./export') },
  ports: { summary: 'list serial ports', load: () => import('./ports') },
  probe: { summary: 'try the modem\'s MQTT server from the laptop: DNS, TCP, TLS, CONNECT, each stage explained', load: () => import('./probe') },
  aliyun: { summary: 'sign Aliyun IoT MQTT credentials, or check a pasted console JSON or triple', load: () => import('./aliyun') },
};

export function usage(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return ['usage: workbench <command> [options]', '', 'commands:', ...rows, '', 'Every command takes --lang en|zh-CN for the language of its human output (default: from LANG).', 'Run `workbench <command> --help` for the options of one command.'].join('\n');
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
    process.stderr.write(`workbench: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load().catch((err: unknown) => {
    process.stderr.write(`workbench ${name}: this command is not available in this build (${String(err)})\n`);
    return undefined;
  });
  return mod ? mod.run(rest) : 1;
}
