// The connection wizard on one port of a rack: its own session (engine, journal, Virtual EC20
// for "virtual"), the steps reported as they pass, the verdict as a rack row whose `result` is
// the single-port `workbench bringup --json` verdict.
import type { BringupStepEvent } from '../../shared/bringup';
import { bringupStepTitle, mergeStepData } from '../../shared/bringup';
import type { Problem } from '../../shared/outcome';
import { runBringup, type BringupOptions } from '../quectel/bringup';
import { openPortSession, type PortSessionOptions } from './port-session';
import type { PortVerdict } from './rack';

/** The verdict object of `workbench bringup --json` (its fields are a public interface). */
export function bringupVerdictJson(ok: boolean, step: string, p: Problem | undefined, data: object = {}): Record<string, unknown> {
  return { ok, step, code: p?.code ?? null, explanation: p ? p.title : null, ...(p ? { nextStep: p.nextStep } : {}), data };
}

export interface BringupPortOptions extends Omit<PortSessionOptions, 'label' | 'app'> {
  options: Omit<BringupOptions, 'signal' | 'portPath'>;
  /** "virtual" without --server: dial the Virtual EC20's own broker. */
  embeddedServer?: boolean;
  signal?: AbortSignal;
  onStep?: (e: BringupStepEvent) => void;
  onJournal?: (path: string) => void;
}

export async function runBringupOnPort(port: string, o: BringupPortOptions): Promise<PortVerdict> {
  const t0 = performance.now();
  const opened = await openPortSession(port, { ...o, label: 'bringup', app: 'workbench bringup' });
  if (!opened.ok) {
    const p = opened.problem;
    o.onStep?.({ id: 'port', title: bringupStepTitle('port'), status: 'failed', problem: p });
    return { port, ok: false, exitCode: 3, at: 'port', detail: p.title, durationMs: performance.now() - t0, result: bringupVerdictJson(false, 'port', p) };
  }
  const s = opened.session;
  o.onJournal?.(s.journalPath);
  const server = o.embeddedServer && s.embedded ? { host: s.embedded.host, port: (o.options.tls ? s.embedded.tlsPort : undefined) ?? s.embedded.port } : o.options.server;
  try {
    const r = await runBringup(s.engine, { ...o.options, server, portPath: s.device, ...(o.signal ? { signal: o.signal } : {}) }, (e) => o.onStep?.(e));
    const exitCode = r.ok ? 0 : r.problem?.code.startsWith('port.') ? 3 : 1;
    return {
      port,
      ok: r.ok,
      exitCode,
      ...(r.ok ? {} : { at: r.step, detail: `${r.problem?.title ?? 'unknown problem'}${r.problem ? ` Next: ${r.problem.nextStep}` : ''}` }),
      journal: s.journalPath,
      durationMs: performance.now() - t0,
      result: bringupVerdictJson(r.ok, r.step, r.problem, mergeStepData(r.steps)),
    };
  } finally {
    await s.close();
  }
}
