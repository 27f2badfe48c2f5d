// The JSON lines `workbench at --json` prints: one object per line on the wire, then one per
// command with its outcome. Stable for scripts; add fields, never rename.
import type { Direction, LineKind } from './model';
import type { Problem } from './outcome';

/** One line exchanged with the modem. `t` is wall-clock epoch ms; `text` shows control bytes (<CR>, \xNN). */
export interface CliLineJson {
  t: number;
  dir: Direction;
  kind: LineKind;
  text: string;
}

export type CliOutcomeKind = 'ok' | 'error' | 'cme_error' | 'timeout' | 'port_lost' | 'reboot';

/** How one command ended. `code` is the +CME/+CMS error number (or text), else null. */
export interface CliCommandJson {
  command: string;
  outcome: CliOutcomeKind;
  /** The command's information lines (not echo, URCs or the final code). */
  lines: string[];
  code: number | string | null;
  /** The final result line when there was one ('OK', 'ERROR', '+CME ERROR: 10'). */
  final?: string;
  /** What went wrong and what to try next, for every outcome but ok. */
  problem?: Problem;
}

/** Printed instead of any line when the port cannot be opened (exit code 3). */
export interface CliErrorJson {
  error: Problem;
}

export type CliJson = CliLineJson | CliCommandJson | CliErrorJson;
