// Several ports open at once in the app: one row per open (or just closed) port with its live
// status at a glance, folded from that port's own state truth. Pure: the main side keeps the rows,
// the port strip and the Rack overview draw them.
import type { BringupStepEvent } from './bringup';
import type { ModemTruth } from './modem-state';
import { CLIENT_INDEXES } from './modem-state';
import type { Problem } from './outcome';
import type { RackFault } from './rack';
import type { MqttClientState } from './status';

/** Where a port's session stands: a row never shows facts of a port that is gone. */
export type PortSessionState = 'opening' | 'open' | 'closed' | 'lost';

export interface PortSessionRow {
  /** Stable for the life of the app ("p1", "p2" …): the same device path may be open twice (Virtual EC20s). */
  id: string;
  /** The port as asked for: '/dev/ttyUSB2', 'COM5' or 'virtual:ec20'. */
  path: string;
  /** For a person: the path, or 'Virtual EC20 #2'. */
  label: string;
  virtual: boolean;
  /** The session the other views (Log, Topics, Diagram, Timeline, Wizard …) show. */
  focused: boolean;
  state: PortSessionState;
  /** The fault a Virtual EC20 was started with. */
  fault?: RackFault;
  /** 'EC20F' (from ATI / AT+CGMM); cleared when the port closes. */
  module?: string;
  /** The last +CSQ. */
  signal?: { rssi: number; dbm?: number };
  /** 'home', 'roaming', 'searching' … */
  registration?: string;
  /** Every MQTT client 0–5: its state, 'closed' for one never touched. */
  mqtt: Array<{ client: number; state: MqttClientState }>;
  /** The last thing that went wrong on this port (a failed wizard step, the port going away). */
  lastError?: { title: string; code: string };
  /** The newest bring-up on this port ("Bring up all" or the wizard). */
  bringup?: { state: 'running' | 'passed' | 'failed'; step?: string; clientIdx?: number };
  journalPath?: string;
}

/** Every client 0–5 with its state, as the truth knows it. */
export function clientStates(truth: ModemTruth): PortSessionRow['mqtt'] {
  return CLIENT_INDEXES.map((client) => ({ client, state: truth.clients[client]?.state ?? 'closed' }));
}

/** The row's live facts, folded from the port's truth (replaced whole: nothing stale is kept). */
export function rowFromTruth(row: PortSessionRow, truth: ModemTruth): PortSessionRow {
  const { module: _m, signal: _s, registration: _r, ...rest } = row;
  const sig = truth.network.signal;
  return {
    ...rest,
    ...(truth.modem.name ? { module: truth.modem.name } : {}),
    ...(sig ? { signal: { rssi: sig.rssi, ...(sig.dbm !== undefined ? { dbm: sig.dbm } : {}) } } : {}),
    ...(truth.network.registration ? { registration: truth.network.registration } : {}),
    mqtt: clientStates(truth),
  };
}

/** A wizard step moved the row's bring-up on; a failed step is the port's last error. */
export function rowAfterStep(row: PortSessionRow, step: BringupStepEvent): PortSessionRow {
  const idx = step.clientIdx !== undefined ? { clientIdx: step.clientIdx } : {};
  if (step.status === 'failed') return { ...row, bringup: { state: 'failed', step: step.id, ...idx }, lastError: { title: step.problem?.title ?? step.title, code: step.problem?.code ?? `step.${step.id}` } };
  if (step.id === 'ready' && step.status === 'passed') return { ...row, bringup: { state: 'passed', step: step.id, ...idx } };
  return { ...row, bringup: { state: 'running', step: step.id, ...idx } };
}

/** The port closed (asked) or went away: its live facts are no longer true and are dropped. */
export function rowClosed(row: PortSessionRow, problem?: Problem): PortSessionRow {
  // A bring-up's "ready" is no longer true either; the last error stays (it says what happened).
  const { module: _m, signal: _s, registration: _r, bringup: _b, ...rest } = row;
  return {
    ...rest,
    state: problem ? 'lost' : 'closed',
    mqtt: CLIENT_INDEXES.map((client) => ({ client, state: 'closed' as const })),
    ...(problem ? { lastError: { title: problem.title, code: problem.code } } : {}),
  };
}
