// A clock that moves only when a test says so: timers fire in due order, synchronously, inside
// advance(). With it, seconds of timeouts and windows are tested in microseconds and always in
// the same order. Implements the Clock the engine (and the bring-up) take.
import type { Clock, TimerHandle } from '../electron/at/clock';

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer due by then (also ones those timers start). */
  advance(ms: number): void;
  /** Timers started and neither fired nor cleared. */
  pendingTimers(): number;
}

export function createManualClock(startWall = Date.UTC(2026, 0, 1)): ManualClock {
  let mono = 0;
  let nextId = 1;
  const timers = new Map<number, { due: number; fn: () => void }>();
  const nextDue = (limit: number): number | undefined => {
    let best: number | undefined;
    for (const [id, t] of timers) if (t.due <= limit && (best === undefined || t.due < timers.get(best)!.due)) best = id;
    return best;
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
      for (let id = nextDue(target); id !== undefined; id = nextDue(target)) {
        const t = timers.get(id)!;
        timers.delete(id);
        mono = t.due;
        t.fn();
      }
      mono = target;
    },
    pendingTimers: () => timers.size,
  };
}
