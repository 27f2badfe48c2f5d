// Time as a component with timeouts or windows sees it (the AT engine, the +QMTRECV stage, the
// bring-up). Injected so their timeout, grace and window behaviour is tested on a fake clock in
// milliseconds instead of waiting in real time. Stamps of received bytes still come from the
// transport edge. No Node, no DOM.

/** An opaque timer handle: whatever the clock's setTimeout returned; only that clock can clear it. */
export type TimerHandle = unknown;

export interface Clock {
  /** Monotonic milliseconds (performance.now() in the real clock): for durations and windows. */
  mono(): number;
  /** Wall-clock milliseconds since the epoch (Date.now()): for display and the journal. */
  wall(): number;
  /** Runs `fn` once after `ms`. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The process clock. Looks the globals up at call time, so test frameworks' fake timers
 * (vi.useFakeTimers) also drive it.
 */
export const realClock: Clock = {
  mono: () => performance.now(),
  wall: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
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
