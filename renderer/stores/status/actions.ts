import type { StateCreator } from 'zustand';
import type { ModemStatus } from '../../../shared/status';
import type { Workbench } from '../index';
import { initialStatusState, type StatusState } from './state';

export interface StatusActions {
  modemStatusChanged(s: ModemStatus): void;
}

export type StatusSlice = StatusState & StatusActions;

export const createStatusSlice: StateCreator<Workbench, [], [], StatusSlice> = (set) => ({
  ...initialStatusState,
  modemStatusChanged(modemStatus) {
    set({ modemStatus });
  },
});
