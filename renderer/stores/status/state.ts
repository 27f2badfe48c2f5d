import type { Problem } from '../../../shared/outcome';
import type { ReconnectResult } from '../../../shared/reconnect';
import { closedTruth, type ModemTruth } from '../../../shared/modem-state';
import type { ModemStatus } from '../../../shared/status';

export interface StatusState {
  modemStatus: ModemStatus;
  /** The modem as the main side's journal says it is (pushed on every change; never guessed here). */
  modemTruth: ModemTruth;
  /** A reconnect the user started is running. */
  reconnectBusy: boolean;
  /** What the last reconnect by hand did, step by step. */
  reconnectResult?: ReconnectResult;
  /** Why the last reconnect (or the Auto-reconnect switch) was refused. */
  reconnectProblem?: Problem;
  /** The Auto-reconnect switch as the user last set it (off by default, as on the main side). */
  autoReconnect: boolean;
}

export const initialStatusState: StatusState = { modemStatus: { mqtt: {} }, modemTruth: closedTruth(), reconnectBusy: false, autoReconnect: false };
