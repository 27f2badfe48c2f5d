// `workbench explain TEXT [--host HOST] [--command CMD] [--json]`: explains a result line, URC or
// error code from the code catalogue. Exit 0 when explained, 1 when unknown, 2 on bad usage.
import { explain, type Explanation } from '../quectel/codes';

const HELP = `usage: workbench explain [options] TEXT

Explains a result line, URC or error code, e.g.
  workbench explain "+QMTOPEN: 0,-1"
  workbench explain "+QMTCONN: 0,0,4" --host a1b2.iot-as-mqtt.cn-shanghai.aliyuncs.com
  workbench explain "+CME ERROR: SIM not inserted"
  workbench explain ERROR --command 'AT+QMTCONN=0,"id"'
  workbench explain "connack 5"

  --host HOST      the MQTT server, for cloud-specific hints (Alibaba Cloud)
  --command CMD    the command a plain ERROR answered
  --json           print the explanation as JSON
`;

interface ExplainArgs {
  text: string;
  host?: string;
  command?: string;
  json: boolean;
}

/** Parses the options; a string is an error message. */
export function parseExplainArgs(args: string[]): ExplainArgs | string | 'help' {
  const words: string[] = [];
  const o: Omit<ExplainArgs, 'text'> = { json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    switch (a) {
      case '--help':
      case '-h':
        return 'help';
      case '--json':
        o.json = true;
        break;
      case '--host':
      case '--command': {
        const v = args[++i];
        if (v === undefined || v === '') return `${a} needs a value`;
        if (a === '--host') o.host = v;
        else o.command = v;
        break;
      }
      default:
        if (a.startsWith('--')) return `unknown option "${a}"`;
        words.push(a);
    }
  }
  const text = words.join(' ').trim();
  if (text === '') return 'TEXT is missing';
  return { text, ...o };
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
    process.stdout.write(HELP);
    return 0;
  }
  if (typeof a === 'string') {
    process.stderr.write(`workbench explain: ${a}\n\n${HELP}`);
    return 2;
  }
  const e = explain(a.text, { ...(a.host ? { host: a.host } : {}), ...(a.command ? { command: a.command } : {}) });
  if (!e) {
    if (a.json) process.stdout.write(JSON.stringify({ ok: false, input: a.text }) + '\n');
    else process.stderr.write(`workbench explain: "${a.text}" is not a result line, URC or code the catalogue knows.\n`);
    return 1;
  }
  process.stdout.write(a.json ? JSON.stringify({ ok: true, ...e }) + '\n' : formatExplanation(e));
  return 0;
}
