// `workbench at`: send AT commands to a modem (or the virtual EC20's PTY) and print every line
// exchanged, then each command's outcome. Exit codes: 0 all OK, 1 a command did not succeed,
// 2 bad usage, 3 the port could not be opened or was lost.
import path from 'node:path';
import readline from 'node:readline';
import type { CliCommandJson, CliErrorJson, CliLineJson, CliOutcomeKind } from '../../shared/cli-json';
import type { AtOutcome } from '../../shared/model';
import { announcedLength, payloadEndFor, resultUrcNames } from '../quectel/at-dialect';
import { createQuectelEngine } from '../quectel/engine';
import { classifyFinal } from '../at/final-results';
import type { AtEngine, AtRequest, JournalSink } from '../at/types';
import { pingSeriesEnded } from '../quectel/basic';
import { problemFromLine } from '../quectel/codes';
import { ExchangeGrouper } from '../../shared/exchanges';
import type { ExplainContext } from '../../shared/codes-types';
import { parseQmtConnUrc, parseQmtPubUrc, parseQmtSubUrc, parseQmtUnsUrc } from '../quectel/commands';
import { openSerial } from '../serial/transport';
import { defaultJournalDir, exitOnTerminationSignals, JOURNAL_EXTENSION, openJournal, type Journal } from '../session/journal';
import { openIndexedJournal } from '../session/recording-index';
import { fileKeyStore } from '../session/key-store';
import { readCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliT } from './lang';
import { localProblem, nextLine, problemLines } from './say';

/** Every option of `workbench at`, its help and its checks. */
export const AT_COMMAND_LINE = {
  command: 'at',
  synopsis: '--port PATH [options] [COMMAND…]',
  get description() { return cliT()('cliHelp.atDescription'); },
  positionals: { name: 'COMMAND…', get help() { return cliT()('cliHelp.atCommands'); } },
  options: {
    port: { type: 'string', short: 'p', value: 'PATH', get help() { return cliT()('cliHelp.atPort'); } },
    baud: { type: 'number', value: 'N', integer: true, min: 1, get help() { return cliT()('cliHelp.atBaud'); } },
    json: { type: 'boolean', get help() { return cliT()('cliHelp.atJson'); } },
    'timeout-scale': { type: 'number', value: 'X', above: 0, get help() { return cliT()('cliHelp.timeoutScale'); } },
    journal: { type: 'string', value: 'PATH', get help() { return cliT()('cliHelp.atJournal'); } },
    linger: { type: 'number', value: 'MS', min: 0, get help() { return cliT()('cliHelp.atLinger'); } },
    'await-urc': { type: 'number', value: 'MS', above: 0, get help() { return cliT()('cliHelp.atAwaitUrc'); } },
  },
  get notes() { return cliT()('cliHelp.atNotes'); },
} as const satisfies CommandSpec;

const PAYLOAD_SEP = /\s*<<<\s?/;

/** Typographic quotes pasted from documents: the modem rejects them (protocol.md quirk 16). */
const CURLY_QUOTES = /[\u201c\u201d\u201e\u2033]/;

/** The command text with typographic double quotes made straight, and a warning when that changed it. */
function straightQuotes(text: string): { text: string; warning?: string } {
  if (!CURLY_QUOTES.test(text)) return { text };
  const fixed = text.replace(new RegExp(CURLY_QUOTES.source, 'g'), '"');
  return { text: fixed, warning: `typographic quotes in the command were sent as straight quotes ("), which the modem requires: ${fixed}` };
}

/**
 * 'AT+QMTPUB=… <<< TEXT' → the request; the payload end follows the command form. Typographic
 * quotes in the command (not in the payload, which is data) are straightened, with a warning.
 */
export function requestFromInput(input: string): { request: AtRequest; warning?: string } {
  const sep = input.match(PAYLOAD_SEP);
  if (!sep || sep.index === undefined) {
    const cmd = straightQuotes(input.trim());
    return { request: { text: cmd.text }, ...(cmd.warning ? { warning: cmd.warning } : {}) };
  }
  const cmd = straightQuotes(input.slice(0, sep.index).trim());
  const text = cmd.text;
  const body = new TextEncoder().encode(input.slice(sep.index + sep[0].length));
  const end = payloadEndFor(text);
  const want = announcedLength(text);
  const lengthWarning = end === 'fixed-length' && want !== undefined && want !== body.length
    ? `${text} announces ${want} bytes but the text has ${body.length}: the modem will ${want > body.length ? 'keep waiting for more' : 'take the rest as command input'}.`
    : undefined;
  const warning = [cmd.warning, lengthWarning].filter((w) => w !== undefined).join('\n') || undefined;
  return { request: { text, payload: { bytes: body, end } }, ...(warning ? { warning } : {}) };
}

/** AtOutcome → the CLI's outcome words and error code. */
export function cliOutcome(command: string, o: AtOutcome, context: ExplainContext = {}): CliCommandJson {
  const base = { command, lines: o.lines };
  switch (o.kind) {
    case 'ok':
      return { ...base, outcome: 'ok', code: null, final: o.final };
    case 'modem-error': {
      const f = classifyFinal(o.final);
      const cme = f?.kind === 'error' && (f.family === 'cme' || f.family === 'cms');
      const outcome: CliOutcomeKind = cme ? 'cme_error' : 'error';
      // The catalogue's cause for this command (quoted ciphersuite, …) rather than the engine's "rejected".
      return { ...base, outcome, code: cme && f.code !== undefined ? f.code : null, final: o.final, problem: problemFromLine(o.final, { ...context, command }) };
    }
    case 'timeout':
      return { ...base, outcome: 'timeout', code: null, problem: o.problem };
    case 'port-lost':
      return { ...base, outcome: 'port_lost', code: null, problem: o.problem };
    case 'modem-restarted':
      return { ...base, outcome: 'reboot', code: null, problem: o.problem };
    case 'cancelled':
      return { ...base, outcome: 'error', code: null, problem: o.problem };
  }
}

/**
 * Watches for a URC with one of `names` from now on (it may come before the command's OK);
 * wait() resolves when the result has come (`ended` says when a series such as AT+QPING's is
 * complete), after `ms`, or on abort.
 */
function watchUrc(engine: AtEngine, names: string[], ended: (seen: string[]) => boolean = (seen) => seen.length > 0): { wait(ms: number, signal: AbortSignal): Promise<void>; dispose(): void } {
  const seen: string[] = [];
  let done = false;
  let wake: (() => void) | undefined;
  const sub = engine.onEvent((e) => {
    if (e.type === 'urc' && names.includes(e.name)) {
      seen.push(e.text);
      if (!done && ended(seen)) {
        done = true;
        wake?.();
      }
    }
  });
  return {
    wait: (ms, signal) =>
      done || signal.aborted
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const finish = () => {
              clearTimeout(timer);
              signal.removeEventListener('abort', finish);
              resolve();
            };
            wake = finish;
            const timer = setTimeout(finish, ms);
            signal.addEventListener('abort', finish, { once: true });
          }),
    dispose: () => sub.dispose(),
  };
}

/** '+QMTCONN: i,1' or '+QMTSUB/UNS/PUB[EX]: i,m,1,<count>': a resend notice, not the result (protocol.md §3.3). */
function isRetransmissionNotice(line: string): boolean {
  const conn = parseQmtConnUrc(line);
  if (conn.ok) return conn.value.result === 1;
  for (const parse of [parseQmtSubUrc, parseQmtUnsUrc, parseQmtPubUrc]) {
    const r = parse(line);
    if (r.ok) return r.value.result === 1;
  }
  return false;
}

function clock(wall: number): string {
  return new Date(wall).toISOString().slice(11, 23);
}

async function* stdinLines(): AsyncGenerator<string> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) yield line;
  }
}

async function* listed(items: string[]): AsyncGenerator<string> {
  yield* items;
}

export async function run(args: string[]): Promise<number> {
  const parsed = readCommandLine(AT_COMMAND_LINE, args);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!values.port) return reportUsageError(AT_COMMAND_LINE, '--port is required');
  const baud = values.baud ?? 115200;
  const scale = values['timeout-scale'] ?? 1;
  const linger = values.linger ?? 400;
  const awaitUrc = values['await-urc'] ?? 0;
  const json = values.json ?? false;
  let portPath = values.port;
  let stopVirtual: (() => Promise<void>) | undefined;
  if (portPath === 'virtual') {
    try {
      const { startVirtualModem } = await import('../simulator/index');
      const vm = await startVirtualModem({ speed: 0.2, skipPowerUp: true });
      portPath = vm.hostPath;
      stopVirtual = () => vm.stop();
      process.stderr.write(`${vm.embedded ? cliT()('cliOut.virtualOnWithBroker', { path: portPath, host: vm.embedded.host, port: vm.embedded.port }) : cliT()('cliOut.virtualOn', { path: portPath })}\n`);
    } catch (err) {
      process.stderr.write(`${cliT()('cliOut.virtualDidNotStart', { command: 'at', error: err instanceof Error ? err.message : String(err) })}\n  ${nextLine(cliT()('cliOut.installSocat'), 'next')}\n`);
      return 3;
    }
  }
  try {
    return await session(portPath, { baud, scale, linger, awaitUrc, json, journalPath: values.journal, positionals });
  } finally {
    await stopVirtual?.();
  }
}

interface SessionArgs {
  baud: number;
  scale: number;
  linger: number;
  awaitUrc: number;
  json: boolean;
  journalPath: string | undefined;
  positionals: string[];
}

async function session(portPath: string, { baud, scale, linger, awaitUrc, json, journalPath: journalArg, positionals }: SessionArgs): Promise<number> {
  // Every line printed is already in the journal: a kill -9 right after loses nothing shown.
  const shown: { journal?: Journal } = {};
  const out = (s: string) => {
    shown.journal?.flushNow();
    process.stdout.write(s + '\n');
  };
  const opened = await openSerial(portPath, { baudRate: baud });
  if (!opened.ok) {
    const p = opened.problem;
    const row: CliErrorJson = { error: p };
    if (json) out(JSON.stringify(row));
    process.stderr.write(`workbench at: ${problemLines(p, '  ', 'next').trimStart()}`);
    return 3;
  }
  const transport = opened.value;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const journalPath = journalArg ?? path.join(defaultJournalDir(), `at-${stamp}${JOURNAL_EXTENSION}`);
  // In the journal folder it is indexed as it records, as the app's are (it opens fast in the app);
  // a journal written where the user said gets no index folder beside it.
  const journal = (journalArg ? openJournal : openIndexedJournal)(journalPath, { keys: fileKeyStore({ journalDir: defaultJournalDir() }), onError: (err) => process.stderr.write(`${cliT()('cliOut.journalNotWritten', { error: err.message })}\n`) });
  process.stderr.write(`${cliT()('cliOut.journal', { path: journal.path })}\n`);
  shown.journal = journal;
  exitOnTerminationSignals();
  const t0 = { mono: performance.now(), wall: Date.now() };
  journal.append({ ...t0, event: { type: 'session-started', app: 'workbench at', version: '0.1.0' } });
  journal.append({ ...t0, event: { type: 'port-opened', path: portPath, settings: { baudRate: baud, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' } } });

  // The session model beside the journal: it knows, e.g., that a client was connected when a
  // command was refused, so the outcome names the specific cause as the app does.
  const grouper = new ExchangeGrouper();
  const sink: JournalSink = {
    append(record) {
      const written = journal.write(record);
      grouper.push(written);
      return written.seq;
    },
    appendBytes(mono, wall, dir, bytes) {
      const written = journal.writeBytes(mono, wall, dir, bytes);
      grouper.push(written);
      return written.seq;
    },
  };
  const engine = createQuectelEngine(transport, { journal: sink, timeoutScale: scale });
  engine.onEvent((e) => {
    if (e.type === 'line') {
      const row: CliLineJson = { t: e.at.wall, dir: e.dir, kind: e.kind, text: e.text };
      out(json ? JSON.stringify(row) : `${clock(e.at.wall)}  ${e.dir}  ${e.kind.padEnd(8)} ${e.text}`);
    } else if (e.type === 'port-closed' && !json && e.reason.kind !== 'requested') {
      out(`${clock(e.at.wall)}  ${cliT()('cliOut.portClosed', { reason: e.reason.detail })}`);
    }
  });

  let failed = false;
  let lost = false;
  transport.onClose((reason) => {
    if (reason.kind !== 'requested') lost = true;
  });
  // Ctrl+C cancels the command in flight (ESC if it is at the prompt) and ends the run.
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  const inputs = positionals.length > 0 ? listed(positionals) : stdinLines();
  for await (const input of inputs) {
    if (lost || interrupt.signal.aborted) break;
    const { request, warning } = requestFromInput(input);
    if (request.text === '') continue;
    if (warning) process.stderr.write(`workbench at: ${warning}\n`);
    const resultNames = awaitUrc > 0 ? resultUrcNames(request.text) : undefined;
    // AT+QPING answers with a series: wait for its summary, not the first reply (protocol.md quirk 20).
    // Retransmission notices (result 1, protocol.md §3.3) come before the real result: keep waiting.
    const isPing = /^AT\+QPING=/i.test(request.text);
    const watch = resultNames && watchUrc(engine, resultNames, isPing ? (seen) => pingSeriesEnded(request.text, seen) : (seen) => seen.some((l) => !isRetransmissionNotice(l)));
    let outcome: AtOutcome;
    try {
      outcome = await engine.send(request, interrupt.signal);
      if (watch && outcome.kind === 'ok') await watch.wait(awaitUrc, interrupt.signal);
    } catch (err) {
      process.stderr.write(`workbench at: ${err instanceof Error ? err.message : String(err)}\n`);
      failed = true;
      continue;
    } finally {
      watch?.dispose();
    }
    const summary = cliOutcome(request.text, outcome, outcome.kind === 'modem-error' ? grouper.contextOfLine(outcome.final) : {});
    if (summary.outcome !== 'ok') failed = true;
    if (summary.outcome === 'port_lost') lost = true;
    if (json) out(JSON.stringify(summary));
    else if (summary.outcome === 'ok') out(cliT()(summary.lines.length ? 'cliOut.atOkLines' : 'cliOut.atOk', { command: request.text, final: summary.final ?? 'OK', count: summary.lines.length }));
    else {
      const p = summary.problem && localProblem(summary.problem);
      out(`=> ${request.text}: ${summary.outcome}${summary.code !== null ? ` ${summary.code}` : ''} — ${p?.title ?? ''}${p ? `\n   ${nextLine(p.nextStep, 'next')}` : ''}`);
    }
  }
  process.off('SIGINT', onSigint);
  if (!lost && !interrupt.signal.aborted && linger > 0) await new Promise((r) => setTimeout(r, linger));
  engine.dispose();
  await transport.close();
  await journal.close();
  return lost ? 3 : failed ? 1 : 0;
}
