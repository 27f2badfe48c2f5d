// A rack in the app: several ports brought up (or scripted) at once, each with its own session,
// and each port's live status at a glance.
import type { BringupStepEvent } from './bringup';
import type { ScriptProgress } from './script';

/** Virtual EC20 faults a rack row can be started with (to see a faulted modem beside good ones). */
export const RACK_FAULTS = ['sim-missing', 'no-network', 'pdp-fails', 'connack-refused'] as const;
export type RackFault = (typeof RACK_FAULTS)[number];

/** One port's result, as the CLI's table prints it and the report sends it. */
export interface RackPortVerdict {
  port: string;
  ok: boolean;
  /** The exit code this port alone would give (0 passed, 1 a check failed, 3 the port). */
  exitCode: number;
  /** Where it stopped: a script line ("line 7") or a bring-up step ("connect"). */
  at?: string;
  /** The failure in one line. */
  detail?: string;
  journal?: string;
  durationMs: number;
  /** The command's own verdict object (the same as its single-port --json). */
  result?: Record<string, unknown>;
}

/** A rack run moved on: a step of one port (by its row index), or its verdict. */
export interface RackProgress {
  index: number;
  port: string;
  step?: BringupStepEvent;
  script?: ScriptProgress;
  verdict?: RackPortVerdict;
}
