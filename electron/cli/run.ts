// `workbench run --port P SCRIPT`: runs a script of AT lines, expectations and awaited URCs on one
// modem or on several at once (--port A --port B, or a glob), and ends with a verdict naming the
// failing line and the catalogue's explanation. Exit 0 passed, 1 a check failed, 2 bad usage,
// 3 a port could not be opened or was lost.
import fs from 'node:fs';
import { setMaxListeners } from 'node:events';
import { parseScript, parseSets, resolveVariables, type Script } from '../script/parse';
import type { ScriptProgress } from '../script/run';
import { runScriptOnPort } from '../script/run-on-port';
import { RACK_FAULTS } from '../../shared/rack';
import type { Translate } from '../../shared/i18n';
import { faultsByPort, RACK_FAULT_INJECTIONS } from '../rack/faults';
import { atText, expandPorts, portLabels, rackExitCode, runRack, verdictTable, type PortVerdict } from '../rack/rack';
import { openReport, redactedReportMessage, shownTarget, type ReportSink } from '../rack/report';
import { readCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliT } from './lang';
import { REPORT_OPTIONS, reportArgs } from './report-options';

export const RUN_COMMAND_LINE = {
  command: 'run',
  synopsis: '--port PATH [--port PATH …] [options] SCRIPT',
  get description() { return cliT()('cliHelp.runDescription'); },
  positionals: { name: 'SCRIPT', get help() { return cliT()('cliHelp.runScript'); } },
  options: {
    port: { type: 'string', short: 'p', value: 'PATH', multiple: true, get help() { return cliT()('cliHelp.runPort'); } },
    set: { type: 'string', value: 'NAME=VALUE', multiple: true, get help() { return cliT()('cliHelp.runSet'); } },
    json: { type: 'boolean', get help() { return cliT()('cliHelp.runJson'); } },
    'journal-dir': { type: 'string', value: 'DIR', get help() { return cliT()('cliHelp.runJournalDir'); } },
    ...REPORT_OPTIONS,
    report: { type: 'string', value: 'TARGET', get help() { return cliT()('cliHelp.runReport'); } },
    fault: { type: 'string', value: 'F', multiple: true, get help() { return cliT()('cliHelp.runFault', { faults: RACK_FAULTS.join(', ') }); } },
    'timeout-scale': { type: 'number', value: 'X', above: 0, get help() { return cliT()('cliHelp.timeoutScale'); } },
  },
  get notes() { return cliT()('cliHelp.runNotes'); },
} as const satisfies CommandSpec;

const mark = { running: '…', passed: '✓', failed: '✗' } as const;

function progressLine(p: ScriptProgress): string | undefined {
  if (p.status === 'running') return undefined;
  const what = p.kind === 'command' ? p.text : `# ${p.kind} ${p.text}`;
  return `${mark[p.status]} ${String(p.line).padStart(3)}  ${what}${p.detail ? `  → ${p.detail}` : ''}`;
}

function verdictText(v: PortVerdict, script: Script, t: Translate): string {
  const seconds = (v.durationMs / 1000).toFixed(1);
  if (v.ok) {
    const r = v.result as { passed?: number } | undefined;
    return `${t('cliRack.runPassed', { passed: r?.passed ?? 0, seconds })}\n`;
  }
  const f = (v.result as { failure?: { line: number; message: string; explanation?: { code: string; meaning: string; nextStep: string } } } | undefined)?.failure;
  if (!f) return `${t('cliRack.runFailedAt', { at: v.at ? atText(v.at, t) : 'the port', detail: v.detail ?? '' })}\n`;
  const lines = [t('cliRack.runFailedAtLine', { line: String(f.line), text: (script.lines[f.line - 1] ?? '').trim() }), `  ${f.message}`];
  if (f.explanation) lines.push(`  ${f.explanation.meaning}`, `  ${t('cliRack.nextStep', { nextStep: f.explanation.nextStep })}`);
  return lines.join('\n') + '\n';
}

export async function run(args: string[]): Promise<number> {
  const parsed = readCommandLine(RUN_COMMAND_LINE, args);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (m: string) => reportUsageError(RUN_COMMAND_LINE, m);
  if (!values.port?.length) return usage('--port is required');
  if (positionals.length !== 1) return usage(positionals.length ? `one SCRIPT only, got ${positionals.length}` : 'the SCRIPT file is required');
  const file = positionals[0] as string;
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (err) {
    return usage(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const p = parseScript(text);
  if (!p.ok) {
    for (const e of p.problems) process.stderr.write(`${file}:${e.line}: ${e.message}\n`);
    return 2;
  }
  const script = p.script;
  const sets = parseSets(values.set ?? []);
  if (typeof sets === 'string') return usage(sets);
  const ports = await expandPorts(values.port);
  if (ports.length === 0) return usage(`no port matches ${values.port.join(', ')}`);
  const allVirtual = ports.every((x) => x === 'virtual');
  const needed = script.variables.filter((n) => !(allVirtual && n.startsWith('VIRTUAL_BROKER_')));
  const { values: vars, missing } = resolveVariables(needed, sets, process.env);
  if (missing.length) return usage(`the script needs ${missing.map((m) => `\${${m}}`).join(', ')}: give --set ${missing[0]}=VALUE or set it in the environment`);
  const ra = reportArgs(values);
  if (typeof ra === 'string') return usage(ra);
  const labels = portLabels(ports);
  const faults = faultsByPort(values.fault ?? [], ports, labels);
  if (typeof faults === 'string') return usage(faults);
  const t = cliT();
  let report: ReportSink | undefined;
  if (ra) {
    try {
      report = await openReport(ra.target, ra.connection);
    } catch (err) {
      const error = redactedReportMessage(err instanceof Error ? err.message : String(err), ra.target, ra.connection);
      process.stderr.write(`${t('cliRack.reportUnreachable', { command: 'workbench run', target: shownTarget(ra.target), error })}\n`);
      return 3;
    }
  }
  const json = values.json ?? false;
  const single = ports.length === 1;
  faults.forEach((f, i) => f.forEach((fault) => process.stderr.write(`${t('cliRack.faultNote', { port: labels[i] ?? '', fault })}\n`)));
  const interrupt = new AbortController();
  // Every port's engine listens to the one Ctrl+C signal.
  setMaxListeners(0, interrupt.signal);
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    const { verdicts, summary, reportError } = await runRack('run', ports, async (port, i) => {
      const label = labels[i] ?? port;
      const r = await runScriptOnPort(port, script, {
        values: vars,
        timeoutScale: values['timeout-scale'] ?? 1,
        ...(values['journal-dir'] ? { journalDir: values['journal-dir'] } : {}),
        ...(faults[i]?.length ? { faults: faults[i].map((f) => RACK_FAULT_INJECTIONS[f as keyof typeof RACK_FAULT_INJECTIONS]) } : {}),
        signal: interrupt.signal,
        onJournal: (j) => process.stderr.write(`${single ? '' : `[${label}] `}${t('cliRack.journal', { path: j })}\n`),
        onProgress: (e) => {
          const line = json ? undefined : progressLine(e);
          if (line) process.stdout.write(single ? `${line}\n` : `[${label}] ${line}\n`);
        },
      });
      const v = { ...r.verdict, port: label };
      if (json) process.stdout.write(JSON.stringify(v) + '\n');
      else if (!single) process.stdout.write(`[${label}] ${v.ok ? t('cliRack.passed') : t('cliRack.portFailedAt', { at: atText(v.at, t), detail: v.detail ?? '' })}\n`);
      return v;
    }, report);
    if (json) process.stdout.write(JSON.stringify(summary) + '\n');
    else if (single && verdicts[0]) process.stdout.write(verdictText(verdicts[0], script, t));
    else process.stdout.write(`\n${verdictTable(verdicts, t)}${t('cliRack.runSummary', { passed: summary.passed, ports: summary.ports, seconds: (summary.durationMs / 1000).toFixed(1) })}\n`);
    if (report && ra) {
      await report.close().catch(() => undefined);
      if (reportError) process.stderr.write(`${t('cliRack.reportIncomplete', { command: 'workbench run', target: report.target, error: redactedReportMessage(reportError.message, ra.target, ra.connection) })}\n`);
      else process.stderr.write(`${t('cliRack.reportSent', { target: report.target })}\n`);
    }
    const code = rackExitCode(verdicts);
    return code === 0 && reportError ? 1 : code;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
