// The timeline's charts (the product's uPlot options, renderer/views/Timeline/charts.ts) on a
// synthetic session, driven from the benchmark: build, render, then pan and zoom frame by frame.
import uPlot from 'uplot';
import { buildTimeline } from '../../shared/timeline/model';
import { laneChart, rateChart, showRange, signalChart, type Chart } from '../../renderer/views/Timeline/charts';
import { syntheticSession } from './session';

interface Frames {
  median: number;
  p95: number;
  max: number;
}
const stats = (xs: number[]): Frames => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? 0, p95: s[Math.floor(s.length * 0.95)] ?? 0, max: s[s.length - 1] ?? 0 };
};

let charts: Array<{ u: uPlot; prepare?: Chart['prepare'] }> = [];
let plots: uPlot[] = [];

const bench = {
  load(hours: number, samples: number, messages: number) {
    const src = syntheticSession(hours, samples, messages);
    const a = performance.now();
    const tl = buildTimeline(src);
    const modelMs = performance.now() - a;
    const root = document.getElementById('root')!;
    root.innerHTML = '';
    plots.forEach((p) => p.destroy());
    const range: [number, number] = [tl.start / 1000, tl.end / 1000];
    const b = performance.now();
    charts = [signalChart(tl, 1200, range), laneChart(tl, 1200, range), rateChart(tl, 1200, range)].map((c) => {
      const el = document.createElement('div');
      root.appendChild(el);
      return { u: new uPlot(c.opts, c.data, el), ...(c.prepare ? { prepare: c.prepare } : {}) };
    });
    plots = charts.map((c) => c.u);
    const renderMs = performance.now() - b;
    return { modelMs, renderMs, rows: src.entries.length, readings: tl.signal.t.length, markers: tl.markers.length, range };
  },
  /**
   * What one pan step costs the page, apart from the machine's other load: the three charts
   * re-scaled and drawn, timed until their canvases are flushed (a one-pixel read forces it).
   */
  async cost(frames: number): Promise<Frames> {
    const x = plots[0]!.scales.x!;
    const [a, b] = [x.min!, x.max!];
    const width = b - a;
    const times: number[] = [];
    for (let i = 1; i <= frames; i++) {
      const lo = a + width * 0.3 * Math.sin((i / frames) * Math.PI * 2) * 0.5;
      const t0 = performance.now();
      showRange(charts, [lo, lo + width]);
      // uPlot draws in a microtask after setScale.
      await Promise.resolve();
      for (const p of plots) p.ctx.getImageData(0, 0, 1, 1);
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(r));
    }
    return stats(times);
  },
  /** Pans (or zooms) the three charts once per animation frame; the frame intervals. */
  move(frames: number, zoom: boolean): Promise<Frames> {
    const x = plots[0]!.scales.x!;
    const [a, b] = [x.min!, x.max!];
    const width = b - a;
    return new Promise((resolve) => {
      const times: number[] = [];
      let last = performance.now();
      let i = 0;
      const step = () => {
        const now = performance.now();
        if (i > 0) times.push(now - last);
        last = now;
        if (i++ >= frames) return resolve(stats(times));
        const k = i / frames;
        const lo = zoom ? a + (width / 2) * 0.9 * k : a + width * 0.3 * Math.sin(k * Math.PI * 2) * 0.5;
        const hi = zoom ? b - (width / 2) * 0.9 * k : lo + width;
        showRange(charts, [lo, hi]);
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  },
};
(window as unknown as { bench: typeof bench }).bench = bench;
