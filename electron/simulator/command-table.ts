// The shape of a command table row: one handler per AT form (protocol.md §1.1). A missing form answers ERROR.
import type { ModemState } from './state';
import type { Step } from './step';
import type { Arg } from './wire';

export interface CommandForms {
  /** AT+X=? */
  test?: (s: ModemState) => Step;
  /** AT+X? — `now`: the laptop's clock, ms since the epoch (the module clock is relative to it). */
  read?: (s: ModemState, now: number) => Step;
  /** AT+X=<args> */
  write?: (s: ModemState, args: Arg[], now: number) => Step;
  /** AT+X */
  exec?: (s: ModemState, now: number) => Step;
}

export type CommandTable = Record<string, CommandForms>;
