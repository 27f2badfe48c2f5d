// The script language of `workbench run` and the Scripts panel, parsed into steps. Pure.
//
//   AT+QMTOPEN=0,"${HOST}",1883        a command (any line that is not a comment or payload)
//   > {"t":${TEMP}}                    the payload sent at the '>' prompt of the command above;
//                                      several '>' lines are joined with <CR><LF>; <CR>, <LF>,
//                                      <CTRL-Z>, \xNN are read as those bytes (the log's notation)
//   # expect REGEX                     one of the command's answer lines (or its final result)
//                                      must match REGEX; a command that ends in ERROR passes only
//                                      when an expect line matches its final result
//   # await +QMTOPEN: 0,0 10s          wait for a line (URC) equal to the text, or matching /REGEX/,
//                                      seen since the command above was sent; timeout default 10s
//   # anything else, or a blank line   a comment
//   ${NAME}                            a variable: --set NAME=VALUE, else the environment
export type ScriptStep =
  | { kind: 'command'; line: number; text: string; payload?: string }
  | { kind: 'expect'; line: number; pattern: string }
  | { kind: 'await'; line: number; pattern: string; regex: boolean; timeoutMs: number };

export interface Script {
  steps: ScriptStep[];
  /** Every ${NAME} the script uses, in order of first use. */
  variables: string[];
  /** The script's lines as written (the panel shows them; verdicts quote them). */
  lines: string[];
}

export interface ScriptProblem {
  line: number;
  message: string;
}

export const DEFAULT_AWAIT_MS = 10_000;

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const DIRECTIVE = /^#\s*(expect|await)\b\s*(.*)$/i;
const TIMEOUT = /\s+(\d+(?:\.\d+)?)(ms|s|m)$/;

function timeoutOf(n: string, unit: string): number {
  const v = Number(n);
  return unit === 'ms' ? v : unit === 'm' ? v * 60_000 : v * 1000;
}

/** Parses a script; problems name the line (1-based) and what is wrong with it. */
export function parseScript(text: string): { ok: true; script: Script } | { ok: false; problems: ScriptProblem[] } {
  const lines = text.split(/\r\n|\r|\n/);
  const steps: ScriptStep[] = [];
  const problems: ScriptProblem[] = [];
  const variables: string[] = [];
  let last: Extract<ScriptStep, { kind: 'command' }> | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    for (const m of raw.matchAll(VAR)) if (m[1] && !variables.includes(m[1])) variables.push(m[1]);
    const t = raw.trim();
    if (t === '') return;
    if (t.startsWith('>')) {
      // '> ' is the prompt's own form: the one space after it is not payload.
      const body = raw.replace(/^\s*>\s?/, '');
      if (!last) problems.push({ line, message: 'a payload line (">") needs a command above it' });
      else last.payload = last.payload === undefined ? body : `${last.payload}<CR><LF>${body}`;
      return;
    }
    if (t.startsWith('#')) {
      const d = DIRECTIVE.exec(t);
      if (!d) return;
      const word = (d[1] ?? '').toLowerCase();
      let rest = (d[2] ?? '').trim();
      if (rest === '') {
        problems.push({ line, message: `"# ${word}" needs a ${word === 'expect' ? 'regular expression' : 'line to wait for'}` });
        return;
      }
      if (word === 'expect') {
        if (!last) problems.push({ line, message: '"# expect" needs a command above it' });
        try {
          new RegExp(rest);
        } catch (err) {
          problems.push({ line, message: `not a regular expression: ${(err as Error).message}` });
          return;
        }
        steps.push({ kind: 'expect', line, pattern: rest });
        return;
      }
      let timeoutMs = DEFAULT_AWAIT_MS;
      const tm = TIMEOUT.exec(rest);
      if (tm) {
        timeoutMs = timeoutOf(tm[1] ?? '0', tm[2] ?? 's');
        rest = rest.slice(0, tm.index).trim();
      }
      const regex = rest.length > 1 && rest.startsWith('/') && rest.endsWith('/');
      const pattern = regex ? rest.slice(1, -1) : rest;
      if (regex) {
        try {
          new RegExp(pattern);
        } catch (err) {
          problems.push({ line, message: `not a regular expression: ${(err as Error).message}` });
          return;
        }
      }
      steps.push({ kind: 'await', line, pattern, regex, timeoutMs });
      return;
    }
    last = { kind: 'command', line, text: t };
    steps.push(last);
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, script: { steps, variables, lines } };
}

/** The values of the script's variables: `set` first, then `env`; the names missing, if any. */
export function resolveVariables(names: readonly string[], set: Record<string, string>, env: Record<string, string | undefined>): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const n of names) {
    const v = set[n] ?? env[n];
    if (v === undefined) missing.push(n);
    else values[n] = v;
  }
  return { values, missing };
}

/** `text` with each ${NAME} replaced by its value (names without a value are left as written). */
export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(VAR, (all, name: string) => values[name] ?? all);
}

/** A payload line in the log's notation → its bytes (<CR>, <LF>, <CTRL-Z>, <ESC>, \xNN). */
export function payloadBytes(text: string): Uint8Array {
  const named: Record<string, number> = { CR: 0x0d, LF: 0x0a, 'CTRL-Z': 0x1a, ESC: 0x1b };
  const out: number[] = [];
  const enc = new TextEncoder();
  const re = /<(CR|LF|CTRL-Z|ESC)>|\\x([0-9A-Fa-f]{2})/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(...enc.encode(text.slice(at, m.index)));
    out.push(m[1] !== undefined ? (named[m[1]] ?? 0) : parseInt(m[2] ?? '0', 16));
    at = m.index + m[0].length;
  }
  out.push(...enc.encode(text.slice(at)));
  return Uint8Array.from(out);
}

/** `--set K=V` words → a map; a word without '=' is returned as the error. */
export function parseSets(words: readonly string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq <= 0) return `--set needs NAME=VALUE, got "${w}"`;
    out[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return out;
}
