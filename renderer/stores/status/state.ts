import type { Problem } from '../../../shared/outcome';
import type { ReconnectResult } from '../../../shared/reconnect';
import type { ModemStatus } from '../../../shared/status';

export interface StatusState {
  modemStatus: ModemStatus;
  /** A reconnect the user started is running. */
  reconnectBusy: boolean;
  /** What the last reconnect by hand did, step by step. */
  reconnectResult?: ReconnectResult;
  /** Why the last reconnect (or the Auto-reconnect switch) was refused. */
  reconnectProblem?: Problem;
  /** The Auto-reconnect switch as the user last set it (off by default, as on the main side). */
  autoReconnect: boolean;
}

export const initialStatusState: StatusState = { modemStatus: { mqtt: {} }, reconnectBusy: false, autoReconnect: false };
