// A Clock (shared/clock.ts) for tests: time moves only when everything else waits for a timer, so
// seconds of timeouts and windows run in milliseconds and every assertion on time is exact.
import type { Clock } from '../shared/clock';

export interface ManualClock extends Clock {
  /** Settles `p`, firing timers in time order whenever nothing else is left to run. */
  run<T>(p: Promise<T>): Promise<T>;
  /** Timers set and not yet fired or cleared. */
  pending(): number;
}

export function manualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    pending: () => timers.size,
    async run(p) {
      let settled = false;
      p.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (;;) {
        // One macrotask turn lets every promise chain that does not wait for a timer settle.
        await new Promise((r) => setImmediate(r));
        if (settled) return p;
        const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next) throw new Error('waiting for something no timer will bring');
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
    },
  };
}
