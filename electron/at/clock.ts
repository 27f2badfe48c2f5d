// Time as the engine (and anything else with timeouts or windows) sees it. Injected so timeout,
// grace and receive-window behaviour can be tested with a fake clock in milliseconds instead of
// waiting in real time. Stamps of received bytes still come from the transport edge.

/** An opaque timer handle: whatever the clock's setTimeout returned. */
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
 * The process clock. Looks the globals up at call time, so vitest's fake timers (vi.useFakeTimers)
 * also drive it.
 */
export const realClock: Clock = {
  mono: () => performance.now(),
  wall: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
