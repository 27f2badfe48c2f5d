// What a script run reports, as the CLI prints it and the app's Scripts panel shows it.

export type ScriptStepKind = 'command' | 'expect' | 'await';
export type ScriptStepStatus = 'running' | 'passed' | 'failed';

export interface ScriptProgress {
  /** 1-based line of the script. */
  line: number;
  kind: ScriptStepKind;
  status: ScriptStepStatus;
  /** The command sent, or the pattern checked or awaited, as written (${VARS} not filled in: secrets stay out). */
  text: string;
  /** What was seen, when it says something (the final result, the line awaited). */
  detail?: string;
}

export interface ScriptExplanation {
  code: string;
  meaning: string;
  nextStep: string;
}

export interface ScriptFailure {
  line: number;
  /** The script's line as written. */
  source: string;
  message: string;
  /** The catalogue's reading of the modem's answer there, when it knows it. */
  explanation?: ScriptExplanation;
  /** The port closed or was lost: no later step could run. */
  portLost?: boolean;
}

export interface ScriptVerdict {
  ok: boolean;
  /** Steps that passed. */
  passed: number;
  steps: number;
  durationMs: number;
  failure?: ScriptFailure;
}

/** Every ${NAME} a script uses, in order of first use. */
export function scriptVariables(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) if (m[1] && !out.includes(m[1])) out.push(m[1]);
  return out;
}
