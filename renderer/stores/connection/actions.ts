import type { StateCreator } from 'zustand';
import type { PortState } from '../../../shared/api';
import type { Workbench } from '../index';
import { initialConnectionState, type ConnectionState } from './state';

export interface ConnectionActions {
  loadAppInfo(): Promise<void>;
  refreshPorts(): Promise<void>;
  selectPath(path: string): void;
  /** Sends AT to every listed port (or the typed path) to find the one that answers. */
  probePorts(): Promise<void>;
  openPort(): Promise<void>;
  closePort(): Promise<void>;
  portStateChanged(state: PortState): void;
}

export type ConnectionSlice = ConnectionState & ConnectionActions;

export const createConnectionSlice: StateCreator<Workbench, [], [], ConnectionSlice> = (set, get) => ({
  ...initialConnectionState,
  async loadAppInfo() {
    const r = await get().api.getAppInfo();
    if (r.ok) set({ appInfo: r.value });
  },
  async refreshPorts() {
    set({ portsLoading: true, portsProblem: undefined });
    const r = await get().api.listPorts();
    if (r.ok) set({ ports: r.value.ports, portsLoading: false, portsProblem: r.value.problem });
    else set({ portsLoading: false, portsProblem: r.problem });
  },
  selectPath(path) {
    set({ selectedPath: path });
  },
  async probePorts() {
    set({ probing: true, portsProblem: undefined });
    const listed = get().ports.filter((p) => !p.virtual).map((p) => p.path);
    const typed = get().selectedPath.trim();
    const paths = typed && !listed.includes(typed) && !typed.startsWith('virtual:') ? [...listed, typed] : listed;
    const r = await get().api.probePorts({ paths });
    if (!r.ok) return set({ probing: false, portsProblem: r.problem });
    const probe: ConnectionState['probe'] = {};
    for (const p of r.value) probe[p.path] = p.problem ? { answers: p.answers, problem: p.problem } : { answers: p.answers };
    const answering = r.value.find((p) => p.answers);
    set({ probing: false, probe, ...(answering ? { selectedPath: answering.path } : {}) });
  },
  async openPort() {
    const path = get().selectedPath.trim();
    set({ portProblem: undefined });
    const r = await get().api.openPort({ path });
    if (r.ok) set({ port: r.value });
    else set({ portProblem: r.problem, port: { state: 'closed' } });
  },
  async closePort() {
    const r = await get().api.closePort();
    if (r.ok) set({ port: r.value });
    else set({ portProblem: r.problem });
  },
  portStateChanged(state) {
    // The open port is the chosen one, also on a page opened (or reloaded) after it was opened.
    const chosen = state.state !== 'closed' && state.path ? { selectedPath: state.path } : {};
    set({ port: state, portKnown: true, ...chosen, ...(state.problem ? { portProblem: state.problem } : {}) });
  },
});
