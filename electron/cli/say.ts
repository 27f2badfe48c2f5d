// How the commands print a problem and its next step, in the CLI's language. One place, so the
// catalogue's translations of problems reach every command at once.
import type { Problem } from '../../shared/outcome';
import { localizeProblem } from '../../shared/protocol/localize';
import { cliLang, cliT } from './lang';

/** A problem in the CLI's language (the catalogue's and the problems' translations). */
export function localProblem(p: Problem): Problem {
  return localizeProblem(p, cliLang());
}

/** "next step: …" (or the shorter "next: …", "fix: …" some commands print). */
export function nextLine(step: string, label: 'nextStep' | 'next' | 'fix' = 'nextStep'): string {
  return cliT()(`cliOut.${label}`, { step });
}

/** Title, detail and next step on their own lines, each after `indent`. */
export function problemLines(problem: Problem, indent: string, label: 'nextStep' | 'next' | 'fix' = 'nextStep'): string {
  const p = localProblem(problem);
  return `${indent}${p.title}\n${indent}${p.detail}\n${indent}${nextLine(p.nextStep, label)}\n`;
}
