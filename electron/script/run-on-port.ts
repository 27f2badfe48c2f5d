// A script run on one port, as the rack runs it and the app's Scripts panel: the port session
// opened, the script run, the verdict as a rack row.
import { openPortSession, type PortSessionOptions } from '../rack/port-session';
import type { PortVerdict } from '../rack/rack';
import type { Script } from './parse';
import { runScript, type ScriptProgress, type ScriptVerdict } from './run';

export interface ScriptPortRun {
  verdict: PortVerdict;
  script?: ScriptVerdict;
}

export async function runScriptOnPort(
  port: string,
  script: Script,
  opts: Omit<PortSessionOptions, 'label' | 'app'> & { values: Record<string, string>; onProgress?: (p: ScriptProgress) => void; onJournal?: (path: string) => void; signal?: AbortSignal },
): Promise<ScriptPortRun> {
  const t0 = performance.now();
  const opened = await openPortSession(port, { ...opts, label: 'run', app: 'workbench run' });
  if (!opened.ok) {
    const p = opened.problem;
    return { verdict: { port, ok: false, exitCode: 3, at: 'port', detail: `${p.title} ${p.nextStep}`, durationMs: performance.now() - t0, result: { ok: false, problem: p } } };
  }
  const s = opened.session;
  opts.onJournal?.(s.journalPath);
  // A virtual port's own broker, for scripts that dial it: ${VIRTUAL_BROKER_HOST}:${VIRTUAL_BROKER_PORT}.
  const values = s.embedded ? { VIRTUAL_BROKER_HOST: s.embedded.host, VIRTUAL_BROKER_PORT: String(s.embedded.port), ...opts.values } : opts.values;
  try {
    const v = await runScript(s.engine, script, { values, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    const f = v.failure;
    return {
      script: v,
      verdict: {
        port,
        ok: v.ok,
        exitCode: v.ok ? 0 : f?.portLost ? 3 : 1,
        ...(f ? { at: `line ${f.line}`, detail: `${f.message}${f.explanation ? ` — ${f.explanation.meaning}` : ''}` } : {}),
        journal: s.journalPath,
        durationMs: v.durationMs,
        result: { ...v },
      },
    };
  } finally {
    await s.close();
  }
}
