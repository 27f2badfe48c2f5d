// The timeline SVG's clock labels: the Date's own 'HH:MM:SS' (UTC) for any time, without a Date per label.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hms } from './svg';

const dateWay = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

describe('hms', () => {
  it('is the Date’s HH:MM:SS for any valid time, fractions and days apart', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), fc.integer({ min: 0, max: 4e12 }).map((t) => t + 0.999)), (ms) => {
        expect(hms(ms)).toBe(dateWay(ms));
      }),
      { numRuns: 5_000 },
    );
    for (const ms of [0, 999, 1_000, 86_399_999, 86_400_000, Date.UTC(2026, 10, 25, 23, 59, 59, 999), 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001]) expect(hms(ms)).toBe(dateWay(ms));
  });
});
