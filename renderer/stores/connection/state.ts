import type { AppInfo, PortState } from '../../../shared/api';
import type { PortInfo } from '../../../shared/model';
import type { Problem } from '../../../shared/outcome';

export interface ConnectionState {
  appInfo?: AppInfo;
  ports: PortInfo[];
  portsLoading: boolean;
  /** Why the last port listing failed, if it did. */
  portsProblem?: Problem;
  /** The path in the manual field (or chosen from the list). */
  selectedPath: string;
  port: PortState;
  /**
   * The main side has told this page the port's state. Until then `port` is only the start value:
   * a page opened (or reloaded) while a port is open must not offer to open it.
   */
  portKnown: boolean;
  /** Results of the last AT probe, by path. */
  probe: Record<string, { answers: boolean; problem?: Problem }>;
  probing: boolean;
  /** The last open/close failure, shown until the next attempt. */
  portProblem?: Problem;
  /** Browser mode: the connection to the workbench process was lost; nothing on screen updates any more. */
  bridgeLost?: boolean;
}

export const initialConnectionState: ConnectionState = {
  ports: [],
  portsLoading: false,
  selectedPath: '',
  port: { state: 'closed' },
  portKnown: false,
  probe: {},
  probing: false,
};
