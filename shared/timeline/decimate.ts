// The signal as a chart draws it at one zoom: at most one point per pixel column. Pure.
import type { SignalSeries } from './model';

const sec = (ms: number): number => ms / 1000;

/** The signal decimated for the span it was made for, and the time it covers (a span either side). */
export interface Level {
  span: number;
  from: number;
  to: number;
  /** x (seconds), RSSI, RSRP, SINR: uPlot's aligned columns. */
  data: [number[], (number | null | undefined)[], (number | null | undefined)[], (number | null | undefined)[]];
}

/**
 * The signal series for a view of `range` over `columns` pixel columns: where more than one
 * reading falls in a column, its lowest RSSI and RSRP and its mean SINR (the worst signal is what
 * explains a drop), so the chart strokes one point per column, not a zig-zag of thousands of readings
 * (the stroke is what made panning a day-long session slow). Covers one span before and after
 * the range, so panning needs no new data. Fewer readings than columns: the readings themselves.
 * A column with no reading has no point (undefined: the line joins over it); one whose readings all
 * said "no service" is a gap in RSSI (null), as the raw readings are.
 */
export function decimated(s: SignalSeries, range: [number, number], columns: number): Level {
  const span = Math.max(1e-3, range[1] - range[0]);
  const from = range[0] - span;
  const to = range[1] + span;
  const t = s.t;
  const lo = lowerBound(t, from * 1000);
  const hi = lowerBound(t, to * 1000 + 1);
  const n = hi - lo;
  const width = (to - from) / (columns * 3);
  if (n <= columns * 3) {
    const x: number[] = [];
    const rssi: (number | null | undefined)[] = [];
    const rsrp: (number | null | undefined)[] = [];
    const sinr: (number | null | undefined)[] = [];
    for (let i = lo; i < hi; i++) {
      x.push(sec(t[i]!));
      rssi.push(s.rssi[i] ?? (s.none[i] ? null : undefined));
      rsrp.push(s.rsrp[i] ?? undefined);
      sinr.push(s.sinr[i] ?? undefined);
    }
    return { span, from, to, data: [x, rssi, rsrp, sinr] };
  }
  const x: number[] = [];
  const rssi: (number | null | undefined)[] = [];
  const rsrp: (number | undefined)[] = [];
  const sinr: (number | undefined)[] = [];
  let i = lo;
  while (i < hi) {
    const col = Math.floor((sec(t[i]!) - from) / width);
    const end = from + (col + 1) * width;
    let minRssi = Infinity;
    let minRsrp = Infinity;
    let sumSinr = 0;
    let nSinr = 0;
    let noService = false;
    let tSum = 0;
    let k = 0;
    for (; i < hi && sec(t[i]!) < end; i++, k++) {
      tSum += t[i]!;
      const a = s.rssi[i];
      if (a !== null && a !== undefined) minRssi = Math.min(minRssi, a);
      else if (s.none[i]) noService = true;
      const b = s.rsrp[i];
      if (b !== null && b !== undefined) minRsrp = Math.min(minRsrp, b);
      const c = s.sinr[i];
      if (c !== null && c !== undefined) {
        sumSinr += c;
        nSinr++;
      }
    }
    x.push(sec(tSum / k));
    rssi.push(minRssi !== Infinity ? minRssi : noService ? null : undefined);
    rsrp.push(minRsrp !== Infinity ? minRsrp : undefined);
    sinr.push(nSinr ? sumSinr / nSinr : undefined);
  }
  return { span, from, to, data: [x, rssi, rsrp, sinr] };
}

function lowerBound(xs: readonly number[], v: number): number {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (xs[m]! < v) a = m + 1;
    else b = m;
  }
  return a;
}

