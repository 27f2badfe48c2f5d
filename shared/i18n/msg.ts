// A sentence carried as its message key and values, so each reader renders it in their own
// language: the main side keeps the English text beside it for logs, journals and --json.
import type { Problem } from '../outcome';
import type { Translate } from './index';

/**
 * A value of a message: plain (a host, a count), another message (a step's name inside a verdict),
 * or a part of a Problem the sentence quotes (worded again in the reader's language by
 * shared/protocol/localize.ts msgIn; msgText quotes it as the Problem says it).
 */
export type MsgValue = string | number | Msg | QuotedProblem;

export interface QuotedProblem {
  problem: Problem;
  part: 'title' | 'nextStep';
  /** Without its final period (the sentence goes on after it). */
  trim?: boolean;
}

export interface Msg {
  key: string;
  values?: Record<string, MsgValue>;
}

export const msg = (key: string, values?: Msg['values']): Msg => (values ? { key, values } : { key });

export const quoteProblem = (problem: Problem, part: QuotedProblem['part'], trim = false): QuotedProblem => (trim ? { problem, part, trim } : { problem, part });

const isMsg = (v: MsgValue): v is Msg => typeof v === 'object' && 'key' in v;

/** A quoted Problem's words (`p` already in the reader's language). */
export const quotedText = (q: QuotedProblem, p: Problem = q.problem): string => (q.trim ? p[q.part].replace(/[.。]$/, '') : p[q.part]);

/** The values with nested messages and quoted Problems made text; `quote` words a Problem. */
export function resolveValues(t: Translate, values: Msg['values'], quote: (q: QuotedProblem) => string = (q) => quotedText(q)): Record<string, string | number> | undefined {
  if (!values) return undefined;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v !== 'object' ? v : isMsg(v) ? t(v.key, resolveValues(t, v.values, quote)) : quote(v);
  return out;
}

/** The text in a language, or `fallback` (the English the sender wrote) when there is no message. */
export function msgText(t: Translate, m: Msg | undefined, fallback = ''): string {
  return m ? t(m.key, resolveValues(t, m.values)) : fallback;
}
