// Automatic reconnecting after a dropped MQTT link (+QMTSTAT, protocol.md §3.1), as a scheduler with no I/O:
// it decides when the next attempt runs (a bounded, doubling back-off on the injected clock) and
// when to stop (success, the last attempt, the user closing the link); the attempt itself is
// given (ModemSession re-runs open and connect and re-subscribes).
import type { Clock, TimerHandle } from '../../shared/clock';
import type { Problem } from '../../shared/outcome';
import type { ReconnectState } from '../../shared/reconnect';

export interface ReconnectPolicy {
  /** Wait before the first automatic attempt; each later wait doubles. */
  firstDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
  /** Automatic attempts after one drop before giving up. */
  maxAttempts: number;
}

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = { firstDelayMs: 2_000, maxDelayMs: 60_000, maxAttempts: 8 };

/** The wait before attempt `attempt` (1-based): 2 s, 4 s, 8 s … capped at maxDelayMs. */
export function reconnectDelayMs(attempt: number, policy: ReconnectPolicy = DEFAULT_RECONNECT_POLICY): number {
  const doubled = policy.firstDelayMs * 2 ** Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(policy.maxDelayMs, doubled);
}

/** One attempt's outcome, as the scheduler needs it. */
export type AttemptResult = { connected: true } | { connected: false; problem?: Problem };

export interface ReconnectorOptions {
  clock: Clock;
  policy?: Partial<ReconnectPolicy>;
  /** Runs one reconnect of `client` (attempt n of the bound); `signal` aborts when stopped. */
  attempt(client: number, n: number, signal: AbortSignal): Promise<AttemptResult>;
  /** Every change of a client's state (for the status bar). */
  report(client: number, state: ReconnectState): void;
  /** Whether a reconnect of `client` can run at all (its last connect settings are known). */
  available(client: number): boolean;
  /** Whether the user asked for automatic reconnecting of `client`. */
  isAuto(client: number): boolean;
}

/** The user's choice, which outlives an open port: off by default, for every client or for one. */
export class AutoReconnectSetting {
  private all = false;
  private readonly byClient = new Map<number, boolean>();

  set(enabled: boolean, client?: number): void {
    if (client === undefined) {
      this.all = enabled;
      this.byClient.clear();
    } else this.byClient.set(client, enabled);
  }

  get(client: number): boolean {
    return this.byClient.get(client) ?? this.all;
  }
}

interface Loop {
  attempt: number;
  timer?: TimerHandle;
  running?: AbortController;
}

export class Reconnector {
  readonly policy: ReconnectPolicy;
  private readonly loops = new Map<number, Loop>();
  private readonly states = new Map<number, ReconnectState>();
  private disposed = false;

  constructor(private readonly o: ReconnectorOptions) {
    this.policy = { ...DEFAULT_RECONNECT_POLICY, ...o.policy };
  }

  private isAuto(client: number): boolean {
    return this.o.isAuto(client);
  }

  /** The user switched automatic reconnecting: a loop no longer wanted stops, states show it. */
  autoChanged(): void {
    for (const c of new Set([...this.states.keys(), ...this.loops.keys()])) {
      if (!this.isAuto(c) && this.loops.has(c)) this.stop(c, 'Automatic reconnecting was switched off.');
      else this.update(c, {});
    }
  }

  /**
   * A connect succeeded (the wizard's or an attempt's): a reconnect is available from now on, and
   * outside a loop what an earlier loop left (stopped, gave up) no longer applies.
   */
  refresh(client: number): void {
    if (this.loops.has(client)) this.update(client, {});
    else this.update(client, { phase: 'idle', attempt: undefined, maxAttempts: undefined, nextAt: undefined, delayMs: undefined, note: undefined, lastProblem: undefined });
  }

  state(client: number): ReconnectState {
    return this.states.get(client) ?? { auto: this.isAuto(client), available: this.o.available(client), phase: 'idle' };
  }

  /** Whether an automatic loop (waiting or running) holds this client. */
  active(client: number): boolean {
    return this.loops.has(client);
  }

  /**
   * The modem reported the client's link dropped. Starts the back-off when automatic reconnecting
   * is on; a drop seen while a loop already runs (an attempt failing) changes nothing.
   */
  linkDropped(client: number): void {
    if (this.disposed || this.loops.has(client)) return;
    if (!this.isAuto(client) || !this.o.available(client)) {
      this.update(client, { phase: 'idle' });
      return;
    }
    const loop: Loop = { attempt: 0 };
    this.loops.set(client, loop);
    this.schedule(client, loop);
  }

  /** Ends the loop of `client` (the user closed or disconnected it, or reconnects by hand). */
  stop(client: number, note: string): void {
    const loop = this.loops.get(client);
    if (!loop) return;
    this.loops.delete(client);
    if (loop.timer !== undefined) this.o.clock.clearTimeout(loop.timer);
    loop.running?.abort();
    this.update(client, { phase: 'stopped', note, attempt: undefined, nextAt: undefined, delayMs: undefined });
  }

  /** A reconnect outside the loop ended (the user's own): the state shows its result. */
  noteResult(client: number, result: AttemptResult): void {
    this.update(client, result.connected ? { phase: 'connected', lastProblem: undefined, note: undefined } : { phase: 'idle', lastProblem: result.problem });
  }

  dispose(): void {
    this.disposed = true;
    for (const client of [...this.loops.keys()]) this.stop(client, 'The port was closed.');
  }

  private schedule(client: number, loop: Loop): void {
    loop.attempt += 1;
    const delayMs = reconnectDelayMs(loop.attempt, this.policy);
    this.update(client, { phase: 'waiting', attempt: loop.attempt, maxAttempts: this.policy.maxAttempts, delayMs, nextAt: this.o.clock.wall() + delayMs, note: undefined });
    loop.timer = this.o.clock.setTimeout(() => void this.run(client, loop), delayMs);
  }

  private async run(client: number, loop: Loop): Promise<void> {
    loop.timer = undefined;
    if (this.loops.get(client) !== loop) return;
    const controller = new AbortController();
    loop.running = controller;
    this.update(client, { phase: 'reconnecting', nextAt: undefined, delayMs: undefined });
    let result: AttemptResult;
    try {
      result = await this.o.attempt(client, loop.attempt, controller.signal);
    } catch (err) {
      result = { connected: false, problem: { code: 'reconnect.failed', title: 'The reconnect attempt failed', detail: err instanceof Error ? err.message : String(err), nextStep: 'Reconnect by hand, or run the connection wizard.' } };
    }
    loop.running = undefined;
    // Stopped meanwhile (the user closed the link, the port went away): nothing more to do.
    if (this.loops.get(client) !== loop) return;
    if (result.connected) {
      this.loops.delete(client);
      this.update(client, { phase: 'connected', lastProblem: undefined, note: `Reconnected on attempt ${loop.attempt}.` });
      return;
    }
    const failure = result.problem ? { lastProblem: result.problem } : {};
    if (loop.attempt >= this.policy.maxAttempts) {
      this.loops.delete(client);
      this.update(client, { ...failure, phase: 'gave-up', nextAt: undefined, delayMs: undefined, note: `Gave up after ${loop.attempt} automatic attempts.` });
      return;
    }
    this.update(client, failure);
    this.schedule(client, loop);
  }

  private update(client: number, patch: Partial<ReconnectState>): void {
    const next: ReconnectState = { ...this.state(client), ...patch, auto: this.isAuto(client), available: this.o.available(client) };
    for (const k of Object.keys(next) as Array<keyof ReconnectState>) if (next[k] === undefined) delete next[k];
    this.states.set(client, next);
    this.o.report(client, next);
  }
}
