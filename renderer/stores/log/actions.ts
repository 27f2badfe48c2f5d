import type { StateCreator } from 'zustand';
import type { LogEntry } from '../../../shared/model';
import type { Workbench } from '../index';
import { logBuffer } from './buffer';
import { initialLogViewState, type LogViewState } from './state';

export interface LogActions {
  appendLog(batch: readonly LogEntry[]): void;
  setLogView(patch: Partial<Omit<LogViewState, 'logVersion'>>): void;
}

export type LogSlice = LogViewState & LogActions;

export const createLogSlice: StateCreator<Workbench, [], [], LogSlice> = (set) => ({
  ...initialLogViewState,
  appendLog(batch) {
    logBuffer.append(batch);
    set((s) => ({ logVersion: s.logVersion + 1 }));
  },
  setLogView(patch) {
    set(patch);
  },
});
