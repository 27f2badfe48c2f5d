// Runs a parsed script on an AT engine: the one runner of `workbench run` and the Scripts panel.
// Each step reports its progress; the verdict names the failing line and the catalogue's reading
// of what the modem said there.
import type { AtEngine, AtRequest } from '../at/types';
import type { AtOutcome } from '../../shared/model';
import { explain } from '../../shared/protocol/codes';
import { payloadEndFor } from '../quectel/at-dialect';
import { parseQmtConnUrc, parseQmtPubUrc, parseQmtSubUrc, parseQmtUnsUrc } from '../quectel/commands';
import { payloadBytes, substitute, type Script, type ScriptStep } from './parse';
import type { ScriptExplanation, ScriptProgress, ScriptStepStatus, ScriptVerdict } from '../../shared/script';

export type { ScriptExplanation, ScriptFailure, ScriptProgress, ScriptVerdict } from '../../shared/script';
export type StepStatus = ScriptStepStatus;

export interface RunScriptOptions {
  values?: Record<string, string>;
  onProgress?: (p: ScriptProgress) => void;
  signal?: AbortSignal;
}

function explanationOf(line: string | undefined, command?: string): ScriptExplanation | undefined {
  if (!line) return undefined;
  const e = explain(line, command !== undefined ? { command } : undefined);
  return e && !e.success ? { code: `${e.family}:${e.code}`, meaning: e.meaning, nextStep: e.nextStep } : undefined;
}

function finalOf(o: AtOutcome): string | undefined {
  return 'final' in o ? o.final : undefined;
}

function answerLines(o: AtOutcome): string[] {
  const f = finalOf(o);
  return f !== undefined ? [...o.lines, f] : o.lines;
}

function safeRegex(pattern: string): RegExp {
  return new RegExp(pattern);
}

/** The first failing explanation among lines: the modem's own words for what went wrong. */
function firstProblem(lines: readonly string[], command?: string): ScriptExplanation | undefined {
  for (const l of lines) {
    const e = explanationOf(l, command);
    if (e) return e;
  }
  return undefined;
}

/** '+QMTCONN: i,1' or '+QMTSUB/UNS/PUB: i,m,1,<n>': a resend notice, not the result (protocol.md §3.3). */
function isRetransmissionNotice(line: string): boolean {
  for (const parse of [parseQmtConnUrc, parseQmtSubUrc, parseQmtUnsUrc, parseQmtPubUrc]) {
    const r = parse(line);
    if (r.ok) return r.value.result === 1;
  }
  return false;
}

/**
 * The URC name an await waits for ('+QMTCONN: 0,0,0' and '/^\\+QMTCONN: …/' → 'QMTCONN'): another
 * line of that name (or +QMTSTAT for an MQTT result) is the modem's different answer, and the
 * script diverged there without waiting out the timeout.
 */
function awaitedName(pattern: string): string | undefined {
  return /^\^?(?:\\)?\+([A-Z]+):/i.exec(pattern)?.[1]?.toUpperCase();
}

function divergesFrom(name: string | undefined, line: string): boolean {
  // Messages and notices come whatever else happens: they are not an answer.
  if (!name || ['QMTRECV', 'QMTSTAT', 'QIND', 'QIURC'].includes(name)) return false;
  const u = line.toUpperCase();
  if (!u.startsWith(`+${name}:`) && !(name.startsWith('QMT') && u.startsWith('+QMTSTAT:'))) return false;
  return !isRetransmissionNotice(line);
}

/** Runs `script` on `engine`; resolves with the verdict (never rejects on a modem's answer). */
export async function runScript(engine: AtEngine, script: Script, opts: RunScriptOptions = {}): Promise<ScriptVerdict> {
  const t0 = performance.now();
  const values = opts.values ?? {};
  const signal = opts.signal ?? new AbortController().signal;
  const report = opts.onProgress ?? (() => undefined);
  // Every line the modem sent, in order; awaits look from the last command's start.
  const seen: string[] = [];
  let wake: (() => void) | undefined;
  const sub = engine.onEvent((e) => {
    if (e.type === 'line' && e.dir === 'rx') {
      seen.push(e.text.trim());
      wake?.();
    }
  });
  let mark = 0;
  // `command` is what was sent (for the catalogue); `shown` is the line as written, ${VARS} unfilled,
  // so that a password given as a variable never reaches a message.
  let current: { command: string; shown: string; outcome: AtOutcome } | undefined;
  let passed = 0;
  const source = (line: number) => script.lines[line - 1] ?? '';
  const fail = (line: number, message: string, explanation?: ScriptExplanation, portLost?: boolean): ScriptVerdict => ({
    ok: false,
    passed,
    steps: script.steps.length,
    durationMs: performance.now() - t0,
    failure: { line, source: source(line), message, ...(explanation ? { explanation } : {}), ...(portLost ? { portLost } : {}) },
  });
  try {
    for (let i = 0; i < script.steps.length; i++) {
      const step = script.steps[i] as ScriptStep;
      if (signal.aborted) return fail(step.line, 'stopped before this line');
      if (step.kind === 'command') {
        const text = substitute(step.text, values);
        report({ line: step.line, kind: 'command', status: 'running', text: step.text });
        const request: AtRequest = step.payload !== undefined
          ? { text, payload: { bytes: payloadBytes(substitute(step.payload, values)), end: payloadEndFor(text) } }
          : { text };
        mark = seen.length;
        const outcome = await engine.send(request, signal);
        current = { command: text, shown: step.text, outcome };
        const final = finalOf(outcome);
        if (outcome.kind === 'port-lost') {
          report({ line: step.line, kind: 'command', status: 'failed', text: step.text, detail: outcome.problem.title });
          return fail(step.line, `the port was lost: ${outcome.problem.title}`, undefined, true);
        }
        if (outcome.kind !== 'ok' && outcome.kind !== 'modem-error') {
          report({ line: step.line, kind: 'command', status: 'failed', text: step.text, detail: outcome.problem.title });
          return fail(step.line, `${outcome.kind === 'timeout' ? 'no answer' : outcome.kind}: ${outcome.problem.title}`, { code: outcome.problem.code, meaning: outcome.problem.detail, nextStep: outcome.problem.nextStep });
        }
        // An error is what the script wants only when an expect line below says so.
        if (outcome.kind === 'modem-error') {
          const expects: string[] = [];
          for (let j = i + 1; j < script.steps.length && script.steps[j]?.kind !== 'command'; j++) {
            const s = script.steps[j];
            if (s?.kind === 'expect') expects.push(s.pattern);
          }
          if (!expects.some((p) => final !== undefined && safeRegex(p).test(final))) {
            report({ line: step.line, kind: 'command', status: 'failed', text: step.text, detail: final ?? '' });
            return fail(step.line, `the modem answered ${final ?? 'an error'}`, explanationOf(final, text) ?? { code: outcome.problem.code, meaning: outcome.problem.title, nextStep: outcome.problem.nextStep });
          }
        }
        report({ line: step.line, kind: 'command', status: 'passed', text: step.text, ...(final !== undefined ? { detail: final } : {}) });
        passed++;
        continue;
      }
      if (step.kind === 'expect') {
        const pattern = substitute(step.pattern, values);
        report({ line: step.line, kind: 'expect', status: 'running', text: step.pattern });
        const answer = current ? answerLines(current.outcome) : [];
        const re = safeRegex(pattern);
        const hit = answer.find((l) => re.test(l));
        if (hit === undefined) {
          report({ line: step.line, kind: 'expect', status: 'failed', text: step.pattern, detail: answer.join(' | ') });
          return fail(step.line, `expected /${step.pattern}/ in the answer to ${current?.shown ?? '(no command)'}; got ${answer.length ? answer.map((l) => `"${l}"`).join(', ') : 'nothing'}`, firstProblem(answer, current?.command));
        }
        report({ line: step.line, kind: 'expect', status: 'passed', text: step.pattern, detail: hit });
        passed++;
        continue;
      }
      const pattern = substitute(step.pattern, values);
      const re = step.regex ? safeRegex(pattern) : undefined;
      const matches = (l: string) => (re ? re.test(l) : l === pattern.trim());
      report({ line: step.line, kind: 'await', status: 'running', text: step.pattern });
      const name = awaitedName(pattern);
      const found = await new Promise<{ line?: string; instead?: string }>((resolve) => {
        let from = mark;
        const look = (): { line?: string; instead?: string } | undefined => {
          for (; from < seen.length; from++) {
            const l = seen[from] as string;
            if (matches(l)) return { line: l };
            if (divergesFrom(name, l)) return { instead: l };
          }
          return undefined;
        };
        const now = look();
        if (now !== undefined) return resolve(now);
        const finish = (v: { line?: string; instead?: string }) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          wake = undefined;
          resolve(v);
        };
        const onAbort = () => finish({});
        const timer = setTimeout(() => finish({}), step.timeoutMs);
        signal.addEventListener('abort', onAbort, { once: true });
        wake = () => {
          const v = look();
          if (v !== undefined) finish(v);
        };
      });
      if (found.line === undefined) {
        const instead = found.instead;
        report({ line: step.line, kind: 'await', status: 'failed', text: step.pattern, ...(instead ? { detail: instead } : {}) });
        const wanted = re ? `matching /${step.pattern}/` : `"${step.pattern}"`;
        const msg = signal.aborted ? 'stopped while waiting' : instead ? `expected a line ${wanted}; the modem sent "${instead}"` : `no line ${wanted} within ${step.timeoutMs / 1000}s`;
        return fail(step.line, msg, firstProblem(instead ? [instead] : []));
      }
      const hit = found.line;
      report({ line: step.line, kind: 'await', status: 'passed', text: step.pattern, detail: hit });
      passed++;
    }
    return { ok: true, passed, steps: script.steps.length, durationMs: performance.now() - t0 };
  } finally {
    sub.dispose();
  }
}
