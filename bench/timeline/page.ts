// The timeline's charts (the product's uPlot options, renderer/views/Timeline/charts.ts) on a
// synthetic session, driven from the benchmark: build, render, then pan and zoom frame by frame.
import uPlot from 'uplot';
import { buildTimeline } from '../../shared/timeline/model';
import { laneChart, rateChart, signalChart } from '../../renderer/views/Timeline/charts';
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
    plots = [signalChart(tl, 1200, range), laneChart(tl, 1200, range), rateChart(tl, 1200, range)].map((c) => {
      const el = document.createElement('div');
      root.appendChild(el);
      return new uPlot(c.opts, c.data, el);
    });
    const renderMs = performance.now() - b;
    return { modelMs, renderMs, rows: src.entries.length, readings: tl.signal.t.length, markers: tl.markers.length, range };
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
        for (const p of plots) p.setScale('x', { min: lo, max: hi });
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  },
};
(window as unknown as { bench: typeof bench }).bench = bench;
