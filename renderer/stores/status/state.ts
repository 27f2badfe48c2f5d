import type { ModemStatus } from '../../../shared/status';

export interface StatusState {
  modemStatus: ModemStatus;
}

export const initialStatusState: StatusState = { modemStatus: { mqtt: {} } };
