// The time a component reads and the timers it sets, passed in so tests can run its timeouts and
// windows on a fake clock in milliseconds instead of waiting for them. No Node, no DOM.

/** A timer handle as the clock that made it returns it; only that clock can clear it. */
export type ClockTimer = unknown;

export interface Clock {
  /** Milliseconds on a clock that only moves forward with the timers (wall time for the real one). */
  now(): number;
  setTimeout(fn: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

/** The process's own clock and timers (looked up at each call, so test frameworks can swap them). */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (timer) => globalThis.clearTimeout(timer as Parameters<typeof globalThis.clearTimeout>[0]),
};

/** Resolves after `ms` on `clock`, or at once when `signal` aborts (never rejects). */
export function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = clock.setTimeout(done, ms);
    function done() {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
