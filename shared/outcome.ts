/** A failure explained for a person: what went wrong and what to try next. */
export interface Problem {
  /** Stable machine code, e.g. 'port.not-found', 'at.timeout', 'qmtopen.-1'. */
  code: string;
  /** One short sentence: what happened. */
  title: string;
  /** The details a field engineer needs (the path, the line the modem sent, …). */
  detail: string;
  /** The next thing to try, in plain words. */
  nextStep: string;
  /**
   * The values the sentences were made from ({ path: '/dev/ttyUSB2' }), so the reader's language
   * can render them again (localizeProblem, shared/protocol/localize.ts). Absent: English only.
   */
  params?: Record<string, string | number>;
}

/** Every request and every operation ends in one of these; nothing is thrown across a boundary. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(problem: Problem): Outcome<T> => ({ ok: false, problem });

export function problem(code: string, title: string, detail: string, nextStep: string, params?: Record<string, string | number>): Problem {
  return params ? { code, title, detail, nextStep, params } : { code, title, detail, nextStep };
}
