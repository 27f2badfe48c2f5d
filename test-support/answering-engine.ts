// An AtEngine (electron/at/types.ts) that answers each command from a script, after a delay on a
// clock: for testing the layers above the engine without a PTY, where the bytes are not the point.
import type { Clock } from '../shared/clock';
import type { AtOutcome, EngineEvent } from '../shared/model';
import type { AtEngine, AtRequest } from '../electron/at/types';

/** An outcome now, or after `afterMs` on the clock. */
export type Answer = AtOutcome | { afterMs: number; outcome: AtOutcome };
export type AnswerScript = (req: AtRequest, now: number) => Answer;

export const okLines = (...lines: string[]): AtOutcome => ({ kind: 'ok', lines, final: 'OK' });
export const modemError = (final = 'ERROR'): AtOutcome => ({ kind: 'modem-error', lines: [], final, problem: { code: 'error', title: 'The modem rejected the command', detail: final, nextStep: '' } });
/** No answer: the engine's timeout (the request's, else 300 ms) passes. */
export const silent = (req: AtRequest): Answer => ({
  afterMs: req.timeoutMs ?? 300,
  outcome: { kind: 'timeout', lines: [], afterMs: req.timeoutMs ?? 300, problem: { code: 'timeout', title: 'No answer', detail: req.text, nextStep: '' } },
});

export function answeringEngine(clock: Clock, script: AnswerScript) {
  const sent: Array<{ text: string; at: number }> = [];
  // Command started / ended events as the real engine emits (and journals) them: the session's state follows them.
  const eventFns = new Set<(e: EngineEvent) => void>();
  let nextId = 1;
  const emit = (e: EngineEvent) => eventFns.forEach((fn) => fn(e));
  const at = () => ({ mono: clock.mono(), wall: clock.wall() });
  const engine: AtEngine = {
    send: (req) => {
      sent.push({ text: req.text, at: clock.mono() });
      const id = nextId++;
      emit({ type: 'command-started', id, command: req.text, at: at() });
      const ended = (outcome: AtOutcome) => {
        emit({ type: 'command-ended', id, command: req.text, outcome, at: at() });
        return outcome;
      };
      const a = script(req, clock.mono());
      if (!('outcome' in a)) return Promise.resolve(ended(a));
      return new Promise((resolve) => clock.setTimeout(() => resolve(ended(a.outcome)), a.afterMs));
    },
    onUrc: () => ({ dispose: () => undefined }),
    onEvent: (fn) => {
      eventFns.add(fn);
      return { dispose: () => void eventFns.delete(fn) };
    },
    dispose: () => undefined,
  };
  return { engine, sent, count: (text: string) => sent.filter((s) => s.text === text).length };
}

/** A healthy EC25 up to an active PDP context; AT+QMTOPEN is refused so the run stops at "open". */
export function healthyEc25(req: AtRequest): Answer {
  switch (req.text) {
    case 'ATI':
      return okLines('Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G');
    case 'AT+CGSN':
      return okLines('866758040123456');
    case 'AT+CPIN?':
      return okLines('+CPIN: READY');
    case 'AT+CSQ':
      return okLines('+CSQ: 21,99');
    case 'AT+CEREG?':
      return okLines('+CEREG: 0,5');
    case 'AT+CGREG?':
    case 'AT+CREG?':
      return okLines(`+${req.text.slice(3, -1)}: 0,5`);
    case 'AT+COPS?':
      return okLines('+COPS: 0,0,"Example Telecom",7');
    case 'AT+QIACT?':
      return okLines('+QIACT: 1,1,1,"10.64.3.7"');
    case 'AT+QMTCONN?':
      return okLines();
  }
  if (req.text.startsWith('AT+QMTOPEN=')) return modemError();
  return okLines();
}
