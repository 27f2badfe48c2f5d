// The open ports as the main side lists them (one row each, pushed with onPortSessions), and the
// actions on them: open another beside, show one, close one, bring every one up at once.
import { create } from 'zustand';
import type { Problem } from '../../../shared/outcome';
import type { PortSessionRow } from '../../../shared/ports';
import type { RackFault } from '../../../shared/rack';
import { api } from '../../api';

interface BringupAllRun {
  running: boolean;
  summary?: { ports: number; passed: number; failed: number; durationMs: number };
}

interface PortsState {
  rows: PortSessionRow[];
  /** An add, focus or close is on its way. */
  busy: boolean;
  problem?: Problem;
  bringupAll: BringupAllRun;
  load(): Promise<void>;
  rowsChanged(rows: PortSessionRow[]): void;
  addPort(path: string, fault?: RackFault): Promise<boolean>;
  focus(id: string): Promise<void>;
  close(id: string): Promise<void>;
  bringUpAll(): Promise<void>;
  clearProblem(): void;
}

export const usePorts = create<PortsState>()((set, get) => {
  /** Runs one request, keeping its refusal on screen. */
  const act = async <T>(call: () => Promise<{ ok: true; value: T } | { ok: false; problem: Problem }>): Promise<T | undefined> => {
    set({ busy: true, problem: undefined });
    const r = await call();
    set(r.ok ? { busy: false } : { busy: false, problem: r.problem });
    return r.ok ? r.value : undefined;
  };
  return {
    rows: [],
    busy: false,
    bringupAll: { running: false },
    async load() {
      const r = await api.listPortSessions();
      if (r.ok) set({ rows: r.value });
    },
    rowsChanged(rows) {
      set({ rows });
    },
    async addPort(path, fault) {
      const row = await act(() => api.addPort({ path, ...(fault ? { fault } : {}) }));
      return row !== undefined;
    },
    async focus(id) {
      if (get().rows.find((r) => r.id === id)?.focused) return;
      await act(() => api.focusPort({ id }));
    },
    async close(id) {
      await act(() => api.closePortSession({ id }));
    },
    async bringUpAll() {
      set({ bringupAll: { running: true }, problem: undefined });
      const r = await api.bringupAllPorts({});
      set(r.ok ? { bringupAll: { running: false, summary: r.value.summary } } : { bringupAll: { running: false }, problem: r.problem });
    },
    clearProblem() {
      set({ problem: undefined });
    },
  };
});
