// The app's scripts: the same parser and runner as `workbench run`, on the open port's engine,
// with each step's progress sent to the Scripts panel; and the session shown saved as a script
// (the same conversion as `workbench script`).
import type { JournalRecord } from '../../shared/model';
import { fail, ok, type Outcome } from '../../shared/outcome';
import type { ScriptProgress, ScriptVerdict } from '../../shared/script';
import type { AtEngine } from '../at/types';
import { scriptFromSession } from '../script/from-session';
import { parseScript, resolveVariables } from '../script/parse';
import { runScript } from '../script/run';

export interface ScriptServiceDeps {
  /** The open port's engine, or undefined when no port is open. */
  engine(): AtEngine | undefined;
  /** The records of the session shown (live or opened), or a failure when there is none. */
  records(): Promise<Outcome<JournalRecord[]>>;
  onProgress(p: ScriptProgress): void;
}

export function createScriptService(deps: ScriptServiceDeps) {
  let running: AbortController | undefined;
  return {
    async run({ text, values }: { text: string; values?: Record<string, string> | undefined }): Promise<Outcome<ScriptVerdict>> {
      const engine = deps.engine();
      if (!engine) return fail({ code: 'port.not-open', title: 'No port is open', detail: 'Cannot run a script without a modem.', nextStep: 'Open the modem port (or the Virtual EC20) first.' });
      if (running) return fail({ code: 'script.running', title: 'A script is already running', detail: 'One script runs at a time on a port.', nextStep: 'Wait for it to end, or stop it.' });
      const p = parseScript(text);
      if (!p.ok) {
        const first = p.problems[0];
        return fail({ code: 'script.invalid', title: `Line ${first?.line ?? 0}: ${first?.message ?? 'not a script'}`, detail: p.problems.map((x) => `line ${x.line}: ${x.message}`).join('; '), nextStep: 'Correct the script and run it again.' });
      }
      const { values: filled, missing } = resolveVariables(p.script.variables, values ?? {}, {});
      if (missing.length) return fail({ code: 'script.variables', title: `The script needs ${missing.map((m) => `\${${m}}`).join(', ')}`, detail: 'Each ${NAME} of the script needs a value.', nextStep: `Fill in ${missing.join(', ')} and run it again.` });
      const controller = new AbortController();
      running = controller;
      try {
        return ok(await runScript(engine, p.script, { values: filled, signal: controller.signal, onProgress: deps.onProgress }));
      } finally {
        running = undefined;
      }
    },
    cancel(): Outcome<null> {
      running?.abort();
      return ok(null);
    },
    async fromSession({ from, to }: { from?: number | undefined; to?: number | undefined }): Promise<Outcome<{ text: string; variables: string[]; commands: number }>> {
      const records = await deps.records();
      if (!records.ok) return records;
      const s = scriptFromSession(records.value, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
      if (s.commands === 0) return fail({ code: 'script.empty', title: 'The session has no command to replay', detail: 'No AT command was sent in this session (or in the range chosen).', nextStep: 'Send commands (Console or wizard), then save the session as a script.' });
      return ok(s);
    },
  };
}
