import type { StateCreator } from 'zustand';
import type { ModemTruth } from '../../../shared/modem-state';
import type { ModemStatus } from '../../../shared/status';
import type { Workbench } from '../index';
import { initialStatusState, type StatusState } from './state';

export interface StatusActions {
  modemStatusChanged(s: ModemStatus): void;
  modemTruthChanged(t: ModemTruth): void;
  /** After a dropped link: open, connect and re-subscribe the client with its last settings. */
  reconnect(clientIdx: number): Promise<void>;
  /** Reconnect by itself after a dropped link (every client). */
  setAutoReconnect(enabled: boolean): Promise<void>;
}

export type StatusSlice = StatusState & StatusActions;

export const createStatusSlice: StateCreator<Workbench, [], [], StatusSlice> = (set, get) => ({
  ...initialStatusState,
  modemStatusChanged(modemStatus) {
    // The main side's switch is the truth once a client reports it.
    const reported = Object.values(modemStatus.mqtt).find((c) => c.reconnect)?.reconnect;
    set(reported ? { modemStatus, autoReconnect: reported.auto } : { modemStatus });
  },
  modemTruthChanged(modemTruth) {
    set({ modemTruth });
  },
  async reconnect(clientIdx) {
    // The result is the reconnected client's, shown with it.
    const { updateClient } = get();
    updateClient(clientIdx, () => ({ reconnectBusy: true, reconnectProblem: undefined, reconnectResult: undefined }));
    const r = await get().api.mqttReconnect({ clientIdx });
    updateClient(clientIdx, () => (r.ok ? { reconnectBusy: false, reconnectResult: r.value } : { reconnectBusy: false, reconnectProblem: r.problem }));
  },
  async setAutoReconnect(enabled) {
    // The box follows the click at once (a checkbox that waits for the main side looks broken);
    // the main side's answer confirms it, or puts it back with the reason.
    const before = get().autoReconnect;
    set({ reconnectProblem: undefined, autoReconnect: enabled });
    const r = await get().api.setAutoReconnect({ enabled });
    set(r.ok ? { autoReconnect: r.value.enabled } : { autoReconnect: before, reconnectProblem: r.problem });
  },
});
