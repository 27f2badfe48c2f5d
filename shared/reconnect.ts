// Reconnecting an MQTT client after the modem reported its link dropped (+QMTSTAT, protocol.md §3.1): what
// the status bar and the topics panel show, and what one reconnect returns. Plain data.
import type { BringupStepId } from './bringup';
import type { Problem } from './outcome';
import type { Subscription } from './status';

/**
 * Where a client's reconnecting stands: `waiting` for the next automatic attempt, `reconnecting`
 * now, `connected` again, `gave-up` after the last automatic attempt, `stopped` by the user.
 */
export type ReconnectPhase = 'idle' | 'waiting' | 'reconnecting' | 'connected' | 'gave-up' | 'stopped';

export interface ReconnectState {
  /** The workbench reconnects this client by itself after a dropped link (off by default). */
  auto: boolean;
  /** A reconnect can run: the settings of this client's last connect are known. */
  available: boolean;
  phase: ReconnectPhase;
  /** The attempt running or due (1-based), and how many automatic attempts there are at most. */
  attempt?: number;
  maxAttempts?: number;
  /** While waiting: the delay before the next attempt and when it starts (wall-clock ms). */
  delayMs?: number;
  nextAt?: number;
  /** Why the last attempt failed. */
  lastProblem?: Problem;
  /** Why reconnecting stopped or gave up, for a person. */
  note?: string;
}

/** One step of a reconnect as it ended (the wizard's open/connect/ready, then each re-subscribe). */
export interface ReconnectStep {
  id: BringupStepId | 'subscribe';
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  detail?: string;
  problem?: Problem;
}

export interface ReconnectResult {
  connected: boolean;
  /** The wizard step that failed, when the link did not come back. */
  failedStep?: BringupStepId;
  problem?: Problem;
  /** The subscriptions held before the link dropped and subscribed again (same topic and QoS). */
  resubscribed: Subscription[];
  /** Those that could not be subscribed again, each with why. */
  notResubscribed: Array<{ topic: string; qos: number; problem: Problem }>;
  steps: ReconnectStep[];
}
