// `workbench files` and `workbench diag`: the modem's certificate files and the checks the catalogue
// recommends, from the command line — the same operations as the app's Files panel and diagnostic
// actions (quectel/tls-ops.ts, quectel/diagnostics.ts). Exit 0 done, 1 the modem said no or a
// check failed, 2 bad usage, 3 the port could not be opened. `--json` prints one object.
import fs from 'node:fs';
import path from 'node:path';
import { DIAGNOSTIC_CHECKS, type DiagnosticCheck } from '../../shared/diagnostics';
import type { Outcome, Problem } from '../../shared/outcome';
import type { AtEngine } from '../at/types';
import { runDiagnostic } from '../quectel/diagnostics';
import { createQuectelEngine } from '../quectel/engine';
import { deleteFile, listFiles, readSslContext, uploadFile } from '../quectel/tls-ops';
import { openSerial } from '../serial/transport';
import { readCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliT } from './lang';
import { problemLines } from './say';
import { msgText } from '../../shared/i18n';

const PORT = { type: 'string', short: 'p', value: 'PATH', get help() { return cliT()('cliHelp.toolsPort'); } } as const;
const JSON_OPT = { type: 'boolean', get help() { return cliT()('cliHelp.toolsJson'); } } as const;

export const FILES_COMMAND_LINE = {
  command: 'files',
  synopsis: '--port PATH [list | upload NAME FILE | delete NAME | ssl CTX] [options]',
  get description() { return cliT()('cliHelp.filesDescription'); },
  options: { port: PORT, replace: { type: 'boolean', get help() { return cliT()('cliHelp.filesReplace'); } }, json: JSON_OPT },
  positionals: { name: 'ACTION …', get help() { return cliT()('cliHelp.filesActions'); } },
  get notes() { return cliT()('cliHelp.filesNotes'); },
} as const satisfies CommandSpec;

export const DIAG_COMMAND_LINE = {
  command: 'diag',
  synopsis: `--port PATH CHECK [options]`,
  get description() { return cliT()('cliHelp.diagDescription', { checks: DIAGNOSTIC_CHECKS.join(', ') }); },
  options: {
    port: PORT,
    host: { type: 'string', value: 'HOST', get help() { return cliT()('cliHelp.diagHost'); } },
    cid: { type: 'number', value: 'N', integer: true, min: 1, max: 16, get help() { return cliT()('cliHelp.diagCid'); } },
    count: { type: 'number', value: 'N', integer: true, min: 1, max: 10, get help() { return cliT()('cliHelp.diagCount'); } },
    timeout: { type: 'number', value: 'S', integer: true, min: 1, max: 255, get help() { return cliT()('cliHelp.diagTimeout'); } },
    json: JSON_OPT,
  },
  positionals: { name: 'CHECK', get help() { return cliT()('cliHelp.diagCheck', { checks: DIAGNOSTIC_CHECKS.join(' | ') }); } },
  get notes() { return cliT()('cliHelp.diagNotes'); },
} as const satisfies CommandSpec;

function printProblem(p: Problem, json: boolean): void {
  if (json) process.stdout.write(JSON.stringify({ ok: false, code: p.code, explanation: p.title, detail: p.detail, nextStep: p.nextStep }) + '\n');
  else process.stdout.write(`✗ ${problemLines(p, '    ').trimStart()}`);
}

/** Opens the port, runs `fn` on an engine, closes; a port that does not open is exit 3. */
async function withEngine(portPath: string, json: boolean, fn: (engine: AtEngine) => Promise<number>): Promise<number> {
  const opened = await openSerial(portPath);
  if (!opened.ok) {
    printProblem(opened.problem, json);
    return 3;
  }
  const engine = createQuectelEngine(opened.value);
  try {
    return await fn(engine);
  } finally {
    engine.dispose();
    await opened.value.close().catch(() => undefined);
  }
}

function finish<T>(r: Outcome<T>, json: boolean, text: (v: T) => string): number {
  if (!r.ok) {
    printProblem(r.problem, json);
    return 1;
  }
  process.stdout.write(json ? JSON.stringify({ ok: true, value: r.value }) + '\n' : text(r.value));
  return 0;
}

export async function runFiles(args: string[]): Promise<number> {
  const line = readCommandLine(FILES_COMMAND_LINE, args);
  if (typeof line === 'number') return line;
  const { port, json = false, replace = false } = line.values;
  if (!port) return reportUsageError(FILES_COMMAND_LINE, '--port is required');
  const [action = 'list', ...rest] = line.positionals;
  if (action === 'upload') {
    const [name, file] = rest;
    if (!name || !file) return reportUsageError(FILES_COMMAND_LINE, 'upload needs NAME FILE, e.g. upload ca.pem ./ca.pem');
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(fs.readFileSync(file));
    } catch (err) {
      return reportUsageError(FILES_COMMAND_LINE, `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    return withEngine(port, json, async (e) =>
      finish(await uploadFile(e, name, bytes, { replace }), json, (u) => `✓ ${u.name}: ${u.size} bytes from ${path.basename(file)}, checksum ${u.checksum} = the modem's ${u.modemChecksum}${u.replaced ? ' (replaced)' : ''}\n`),
    );
  }
  if (action === 'delete') {
    const [name] = rest;
    if (!name) return reportUsageError(FILES_COMMAND_LINE, 'delete needs NAME');
    return withEngine(port, json, async (e) => finish(await deleteFile(e, name), json, () => `✓ ${name} deleted\n`));
  }
  if (action === 'ssl') {
    const ctx = Number(rest[0] ?? '0');
    if (!Number.isInteger(ctx) || ctx < 0 || ctx > 5) return reportUsageError(FILES_COMMAND_LINE, 'ssl needs a context 0–5');
    return withEngine(port, json, async (e) =>
      finish(await readSslContext(e, ctx), json, (r) => `SSL context ${r.ctx}\n${Object.entries(r.settings).map(([k, v]) => `  ${k.padEnd(16)} ${String(v)}`).join('\n')}\n${r.unsupported.length ? `  not on this firmware: ${r.unsupported.join(', ')}\n` : ''}`),
    );
  }
  if (action !== 'list') return reportUsageError(FILES_COMMAND_LINE, `unknown action "${action}" (list, upload, delete, ssl)`);
  return withEngine(port, json, async (e) =>
    finish(await listFiles(e), json, (l) => `${l.files.length ? l.files.map((f) => `  ${f.name.padEnd(24)} ${f.size} bytes`).join('\n') : '  (no files)'}\n${l.free !== undefined ? `  free ${l.free} of ${l.total} bytes\n` : ''}`),
  );
}

export async function runDiag(args: string[]): Promise<number> {
  const line = readCommandLine(DIAG_COMMAND_LINE, args);
  if (typeof line === 'number') return line;
  const v = line.values;
  const check = line.positionals[0] as DiagnosticCheck | undefined;
  if (!v.port) return reportUsageError(DIAG_COMMAND_LINE, '--port is required');
  if (!check || !(DIAGNOSTIC_CHECKS as readonly string[]).includes(check)) return reportUsageError(DIAG_COMMAND_LINE, `name a check: ${DIAGNOSTIC_CHECKS.join(', ')}`);
  if (check === 'ping' && !v.host) return reportUsageError(DIAG_COMMAND_LINE, 'ping needs --host');
  const json = v.json ?? false;
  return withEngine(v.port, json, async (e) => {
    const r = await runDiagnostic(e, check, {
      portPath: v.port,
      ...(v.cid !== undefined ? { cid: v.cid } : {}),
      ...(v.host !== undefined ? { host: v.host } : {}),
      ...(v.timeout !== undefined || v.count !== undefined ? { timeoutS: v.timeout ?? 4 } : {}),
      ...(v.count !== undefined ? { count: v.count } : {}),
      ...(json ? {} : { onPingLine: (l: string) => process.stdout.write(`  ${l}\n`) }),
    });
    if (json) process.stdout.write(JSON.stringify({ ok: r.verdict === 'pass', ...r }) + '\n');
    else {
      process.stdout.write(`${r.verdict === 'pass' ? '✓' : r.verdict === 'warn' ? '!' : '✗'} ${msgText(cliT(), r.summaryMsg, r.summary)}\n`);
      if (r.problem) process.stdout.write(problemLines(r.problem, '    '));
    }
    return r.verdict === 'pass' ? 0 : 1;
  });
}
