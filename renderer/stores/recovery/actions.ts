// The offer of a session that ended in a crash: asked for once at start, opened read-only into the
// log and diagram (the rows arrive as for a new session), or dismissed for good.
import type { StateCreator } from 'zustand';
import type { OpenedSession, RecoverableSession } from '../../../shared/api';
import type { Problem } from '../../../shared/outcome';
import type { Workbench } from '../index';

export interface RecoveryState {
  /** The crashed session on offer, until opened or dismissed. */
  recoverable?: RecoverableSession;
  /** The recording shown read-only in the views (until a port is opened): a journal or a session file. */
  viewingJournal?: OpenedSession;
  recoveryBusy: boolean;
  recoveryProblem?: Problem;
}

export interface RecoveryActions {
  checkRecoverable(): Promise<void>;
  openRecoverable(): Promise<void>;
  dismissRecoverable(): Promise<void>;
  /** Hides the banner for this run only. */
  hideRecovery(): void;
}

export type RecoverySlice = RecoveryState & RecoveryActions;

export const createRecoverySlice: StateCreator<Workbench, [], [], RecoverySlice> = (set, get) => ({
  recoveryBusy: false,
  async checkRecoverable() {
    const r = await get().api.getRecoverableSession();
    if (r.ok) set({ recoverable: r.value ?? undefined });
  },
  async openRecoverable() {
    const offer = get().recoverable;
    if (!offer) return;
    set({ recoveryBusy: true, recoveryProblem: undefined });
    const r = await get().api.openJournalFile({ path: offer.path });
    if (r.ok) set({ recoveryBusy: false, recoverable: undefined, viewingJournal: r.value });
    else set({ recoveryBusy: false, recoveryProblem: r.problem });
  },
  async dismissRecoverable() {
    const offer = get().recoverable;
    if (!offer) return;
    set({ recoverable: undefined, recoveryProblem: undefined });
    const r = await get().api.dismissRecoverableSession({ path: offer.path });
    if (!r.ok) set({ recoveryProblem: r.problem });
  },
  hideRecovery() {
    set({ recoverable: undefined, recoveryProblem: undefined, viewingJournal: undefined });
  },
});
