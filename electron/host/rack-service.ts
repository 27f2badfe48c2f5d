// The app's rack: several ports at once, each with its own session (engine, journal, Virtual EC20
// for "virtual"), brought up or scripted in parallel by the runners of `workbench bringup` and
// `workbench run`; each step goes to the rack overview as it happens.
import type { BringupStepEvent } from '../../shared/bringup';
import { fail, ok, type Outcome } from '../../shared/outcome';
import type { RackFault, RackProgress } from '../../shared/rack';
import type { RackSummary, PortVerdict } from '../rack/rack';
import { runRack } from '../rack/rack';
import { runBringupOnPort } from '../rack/bringup-port';
import { parseScript, resolveVariables, type Script } from '../script/parse';
import { runScriptOnPort } from '../script/run-on-port';
import type { Fault } from '../simulator/faults';

const FAULTS: Record<RackFault, Fault> = {
  'sim-missing': { kind: 'sim-missing', on: true },
  'no-network': { kind: 'no-network', on: true },
  'pdp-fails': { kind: 'pdp-fails', on: true },
  'connack-refused': { kind: 'connack-refused', code: 4 },
};

export interface RackRunArgs {
  action: 'bringup' | 'script';
  ports: Array<{ path: string; fault?: RackFault | undefined }>;
  /** Bring-up: the MQTT server (default for virtual ports: each one's embedded broker). */
  server?: { host: string; port: number } | undefined;
  apn?: string | undefined;
  script?: string | undefined;
  values?: Record<string, string> | undefined;
}

export function createRackService(deps: { journalDir: string; onProgress(p: RackProgress): void }) {
  let running: AbortController | undefined;
  return {
    async run(args: RackRunArgs): Promise<Outcome<{ verdicts: PortVerdict[]; summary: RackSummary }>> {
      if (running) return fail({ code: 'rack.running', title: 'The rack is already running', detail: 'One rack run at a time.', nextStep: 'Wait for it to end, or stop it.' });
      const bad = args.ports.find((p) => p.fault !== undefined && p.path !== 'virtual');
      if (bad) return fail({ code: 'rack.fault-real-port', title: `${bad.path}: faults are for Virtual EC20s only`, detail: 'A real modem cannot be told to fail.', nextStep: 'Remove the fault, or use "virtual".', params: { path: bad.path } });
      let script: Script | undefined;
      let values: Record<string, string> = {};
      if (args.action === 'script') {
        const p = parseScript(args.script ?? '');
        if (!p.ok) return fail({ code: 'script.invalid', title: `Line ${p.problems[0]?.line ?? 0}: ${p.problems[0]?.message ?? 'not a script'}`, detail: p.problems.map((x) => `line ${x.line}: ${x.message}`).join('; '), nextStep: 'Correct the script and run it again.' });
        const r = resolveVariables(p.script.variables.filter((v) => !v.startsWith('VIRTUAL_BROKER_')), args.values ?? {}, {});
        if (r.missing.length) return fail({ code: 'script.variables', title: `The script needs ${r.missing.map((m) => `\${${m}}`).join(', ')}`, detail: 'Each ${NAME} of the script needs a value.', nextStep: `Fill in ${r.missing.join(', ')} and run it again.` });
        script = p.script;
        values = r.values;
      }
      const controller = new AbortController();
      running = controller;
      try {
        const stamp = Math.random().toString(36).slice(2, 8);
        const { verdicts, summary } = await runRack(args.action === 'script' ? 'run' : 'bringup', args.ports.map((p) => p.path), async (port, index) => {
          const fault = args.ports[index]?.fault;
          const common = { journalDir: deps.journalDir, signal: controller.signal, ...(fault ? { faults: [FAULTS[fault]] } : {}) };
          const v = script
            ? (await runScriptOnPort(port, script, { ...common, values, onProgress: (s) => deps.onProgress({ index, port, script: s }) })).verdict
            : await runBringupOnPort(port, {
                ...common,
                ...(args.server ? {} : { embeddedServer: true }),
                options: { server: args.server ?? { host: '127.0.0.1', port: 1883 }, clientId: `wb-rack-${stamp}-${index + 1}`, ...(args.apn ? { apn: args.apn } : {}) },
                onStep: (step: BringupStepEvent) => deps.onProgress({ index, port, step }),
              });
          const rounded = { ...v, durationMs: Math.round(v.durationMs) };
          deps.onProgress({ index, port, verdict: rounded });
          return rounded;
        });
        return ok({ verdicts, summary });
      } finally {
        running = undefined;
      }
    },
    cancel(): Outcome<null> {
      running?.abort();
      return ok(null);
    },
  };
}
