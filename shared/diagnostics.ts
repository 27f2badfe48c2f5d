// The checks the code catalogue recommends (protocol.md §8), run on request or after a failed open:
// which port gets the URCs, packet attach, DNS servers, reachability, the module's clock and the
// SIM's identity. Each result carries its fields and a verdict a person can act on. No Node, no DOM.
import type { Msg } from './i18n/msg';
import type { Problem } from './outcome';

export const DIAGNOSTIC_CHECKS = ['urcport', 'attach', 'dns', 'ping', 'clock', 'sim-identity'] as const;
export type DiagnosticCheck = (typeof DIAGNOSTIC_CHECKS)[number];

/** One reply of AT+QPING (protocol.md §4.3): result 0 with the address and timing, or a 5xx code. */
export interface PingReply {
  result: number;
  ip?: string;
  bytes?: number;
  timeMs?: number;
  ttl?: number;
}

/** The closing line of AT+QPING: '+QPING: <finresult>[,<sent>,<rcvd>,<lost>,<min>,<max>,<avg>]'. */
export interface PingSummary {
  result: number;
  sent?: number;
  received?: number;
  lost?: number;
  minMs?: number;
  maxMs?: number;
  avgMs?: number;
}

export type DiagnosticFinding =
  | { check: 'urcport'; port: string; /** true when URCs reach the port the workbench reads. */ reachesThisPort: boolean }
  | { check: 'attach'; attached: boolean }
  | { check: 'dns'; cid: number; primary?: string; secondary?: string }
  | { check: 'ping'; cid: number; host: string; replies: PingReply[]; summary?: PingSummary }
  | { check: 'clock'; /** As the modem printed it ('26/11/29,23:41:33+00'). */ raw: string; /** ISO time, UTC. */ iso?: string; /** The clock still at its power-up value (before 2020), so certificate dates cannot be checked. */ unset: boolean }
  | { check: 'sim-identity'; iccid?: string; imsi?: string };

/** A check's result: what it found, and whether that is fine ('pass'), doubtful ('warn') or a cause ('fail'). */
export interface DiagnosticResult {
  check: DiagnosticCheck;
  verdict: 'pass' | 'warn' | 'fail';
  /** One line for a person ('URCs go to uart1: OK but never a URC on this port'). */
  summary: string;
  /** The summary as a message, for a reader in another language (absent from older senders: show `summary`). */
  summaryMsg?: Msg;
  finding?: DiagnosticFinding;
  /** The explanation when the verdict is not pass. */
  problem?: Problem;
}
