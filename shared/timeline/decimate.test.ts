import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimated } from './decimate';
import type { SignalSeries } from './model';

/** Readings every `stepMs` from 0, RSSI from `rssi(i)`; every other one a QCSQ with RSRP (as the sampler reads them). */
function series(n: number, stepMs: number, rssi: (i: number) => number | null): SignalSeries {
  const s: SignalSeries = { t: [], rssi: [], rsrp: [], sinr: [], none: [], entry: [] };
  for (let i = 0; i < n; i++) {
    const r = rssi(i);
    s.t.push(i * stepMs);
    s.rssi.push(r);
    s.rsrp.push(i % 2 ? -100 - (i % 5) : null);
    s.sinr.push(i % 2 ? 10 : null);
    s.none.push(r === null);
    s.entry.push(i);
  }
  return s;
}

describe('signal decimated per pixel column', () => {
  it('keeps the readings themselves when there are fewer than the columns', () => {
    const s = series(10, 1000, (i) => -70 - i);
    const l = decimated(s, [0, 10], 100);
    expect(l.data[0]).toEqual(s.t.map((t) => t / 1000));
    expect(l.data[1]).toEqual(s.rssi);
    // A QCSQ-less reading has no RSRP point (joined over), not a gap.
    expect(l.data[2][0]).toBeUndefined();
  });

  it('gives a day of readings one point per column, keeping the worst RSSI of each', () => {
    const s = series(8640 * 2, 5000, (i) => (i === 5000 ? -120 : -70 - (i % 3)));
    const span = (s.t.at(-1)! - s.t[0]!) / 1000;
    const l = decimated(s, [0, span], 1000);
    // The view and a span either side: about three times the columns.
    expect(l.data[0].length).toBeLessThanOrEqual(3 * 1000 + 1);
    expect(l.data[0].length).toBeGreaterThan(1000);
    expect(Math.min(...(l.data[1] as number[]))).toBe(-120);
    expect(l.data[0]).toEqual([...l.data[0]].sort((a, b) => a - b));
  });

  it('keeps "no service" as a gap in RSSI where a whole column said so', () => {
    const s = series(20_000, 1000, (i) => (i >= 10_000 && i < 12_000 ? null : -80));
    const l = decimated(s, [0, 20_000], 500);
    expect(l.data[1].filter((v) => v === null).length).toBeGreaterThan(0);
    expect(l.data[1].every((v) => v === null || v === -80)).toBe(true);
  });

  it('never invents a reading: every point lies within its readings, and the lowest RSSI in view is kept', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -120, max: -40 }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 20, max: 400 }), (vals, columns) => {
        const s = series(vals.length, 1000, (i) => vals[i]!);
        const l = decimated(s, [0, vals.length], columns);
        const got = l.data[1].filter((v): v is number => typeof v === 'number');
        expect(Math.min(...got)).toBe(Math.min(...vals));
        for (const v of got) expect(vals).toContain(v);
      }),
    );
  });
});
