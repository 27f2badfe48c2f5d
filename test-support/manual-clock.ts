// A clock that moves only when a test says so (shared/clock.ts's Clock): timers fire in due order,
// so seconds of timeouts and windows run in microseconds and every assertion on time is exact.
// Two ways to drive it: advance(ms) fires what is due synchronously; run(p) settles a promise,
// firing the next timer whenever nothing else is left to run.
import type { Clock, TimerHandle } from '../shared/clock';

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer due by then (also ones those timers start). */
  advance(ms: number): void;
  /** Settles `p`, firing timers in time order whenever nothing else is left to run. */
  run<T>(p: Promise<T>): Promise<T>;
  /** Timers started and neither fired nor cleared. */
  pendingTimers(): number;
}

export function createManualClock(startWall = Date.UTC(2026, 0, 1), startMono = 0): ManualClock {
  let mono = startMono;
  let nextId = 1;
  const timers = new Map<number, { due: number; fn: () => void }>();
  /** The earliest timer due by `limit` (ties in the order they were set). */
  const nextDue = (limit: number): number | undefined => {
    let best: number | undefined;
    for (const [id, t] of timers) if (t.due <= limit && (best === undefined || t.due < timers.get(best)!.due)) best = id;
    return best;
  };
  const fire = (id: number) => {
    const t = timers.get(id)!;
    timers.delete(id);
    mono = t.due;
    t.fn();
  };
  return {
    mono: () => mono,
    wall: () => startWall + mono,
    setTimeout(fn, ms): TimerHandle {
      const id = nextId++;
      timers.set(id, { due: mono + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      if (!(ms >= 0)) throw new TypeError('"ms" must be ≥ 0');
      const target = mono + ms;
      for (let id = nextDue(target); id !== undefined; id = nextDue(target)) fire(id);
      mono = target;
    },
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
        const id = nextDue(Infinity);
        if (id === undefined) throw new Error('waiting for something no timer will bring');
        fire(id);
      }
    },
    pendingTimers: () => timers.size,
  };
}

/** A manual clock whose monotonic time starts at `start`. */
export const manualClock = (start = 0): ManualClock => createManualClock(Date.UTC(2026, 0, 1), start);
