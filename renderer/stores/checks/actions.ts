// The checks the code catalogue recommends, run on request: each keeps its last result.
import type { StateCreator } from 'zustand';
import type { DiagnosticCheck, DiagnosticResult } from '../../../shared/diagnostics';
import type { Problem } from '../../../shared/outcome';
import type { Workbench } from '../index';

export interface CheckRun {
  running: boolean;
  result?: DiagnosticResult;
  /** The request itself failed (no port, a timeout). */
  problem?: Problem;
}

export interface ChecksState {
  checks: Partial<Record<DiagnosticCheck, CheckRun>>;
  pingHost: string;
}

export interface ChecksActions {
  runCheck(check: DiagnosticCheck): Promise<void>;
  setPingHost(host: string): void;
}

export type ChecksSlice = ChecksState & ChecksActions;

export const createChecksSlice: StateCreator<Workbench, [], [], ChecksSlice> = (set, get) => ({
  checks: {},
  pingHost: '',
  async runCheck(check) {
    const put = (run: CheckRun) => set((s) => ({ checks: { ...s.checks, [check]: run } }));
    put({ running: true, ...(get().checks[check]?.result ? { result: get().checks[check]!.result! } : {}) });
    // Ping and DNS use the wizard's PDP context; ping goes to the wizard's server unless another host is typed.
    const cid = Number(get().mqttOptions.cid) || 1;
    const host = (get().pingHost.trim() || get().form.host.trim()) || undefined;
    const r = await get().api.runDiagnostic({ check, cid, ...(check === 'ping' && host ? { host } : {}) });
    put(r.ok ? { running: false, result: r.value } : { running: false, problem: r.problem });
  },
  setPingHost(host) {
    set({ pingHost: host });
  },
});
