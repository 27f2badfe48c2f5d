// Timeline benchmark: a 24-hour session (8,640 radio samples, 100,000 messages, a drop every twenty
// minutes) against a baseline one tenth its size (2.4 hours, 864 samples, 10,000 messages). Reports
// the model build time (Node, and in Chromium), the first render of the three uPlot charts, and
// the frame intervals while panning and zooming them once per animation frame, with the ratios.
// Not a test: figures vary with the machine and its load.
// Run: npx tsx bench/timeline.bench.ts
import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildTimeline } from '../shared/timeline/model';
import { timelineSvg } from '../shared/timeline/svg';
import { syntheticSession } from './timeline/session';

const FRAMES = 120;
const here = import.meta.dirname;
const dist = path.join(here, '..', 'out', 'bench-timeline');
const SIZES = [
  { label: '24 h session', hours: 24, samples: 8_640, messages: 100_000 },
  { label: 'baseline (1/10)', hours: 2.4, samples: 864, messages: 10_000 },
] as const;

interface Frames {
  median: number;
  p95: number;
  max: number;
}

function serve(dir: string): Promise<{ url: string; close(): void }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, rel === '/' ? 'index.html' : rel);
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() })));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function nodeFigures(s: (typeof SIZES)[number]): { rows: number; modelMs: number; svgMs: number; svgKb: number } {
  const src = syntheticSession(s.hours, s.samples, s.messages);
  const model: number[] = [];
  const svg: number[] = [];
  let size = 0;
  for (let i = 0; i < 5; i++) {
    const a = performance.now();
    const tl = buildTimeline(src);
    model.push(performance.now() - a);
    const b = performance.now();
    size = timelineSvg(tl).length;
    svg.push(performance.now() - b);
  }
  return { rows: src.entries.length, modelMs: median(model), svgMs: median(svg), svgKb: size / 1024 };
}

async function main(): Promise<void> {
  await build({ configFile: path.join(here, 'timeline', 'vite.config.ts'), logLevel: 'warn' });
  const server = await serve(dist);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
    const rows: Array<{ label: string; node: ReturnType<typeof nodeFigures>; page: { modelMs: number; renderMs: number; readings: number; markers: number }; pan: Frames; cost: Frames; zoom: Frames }> = [];
    for (const s of SIZES) {
      const node = nodeFigures(s);
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(server.url);
      await page.waitForFunction(() => 'bench' in window);
      type B = { bench: { load(h: number, s: number, m: number): { modelMs: number; renderMs: number; readings: number; markers: number }; move(n: number, zoom: boolean): Promise<Frames>; cost(n: number): Promise<Frames> } };
      const loaded = await page.evaluate(([h, sm, m]) => (window as unknown as B).bench.load(h!, sm!, m!), [s.hours, s.samples, s.messages]);
      const pan = await page.evaluate(([n]) => (window as unknown as B).bench.move(n!, false), [FRAMES]);
      const cost = await page.evaluate(([n]) => (window as unknown as B).bench.cost(n!), [FRAMES]);
      const zoom = await page.evaluate(([n]) => (window as unknown as B).bench.move(n!, true), [FRAMES]);
      if (s === SIZES[0]) await page.screenshot({ path: '/tmp/timeline-bench.png' });
      await page.close();
      rows.push({ label: s.label, node, page: loaded, pan, cost, zoom });
    }
    console.log(`\nTimeline benchmark — Chromium ${browser.version()}, Node ${process.version}, ${FRAMES} frames of pan and of zoom (all three charts re-scaled each frame)\n`);
    console.log('session            log rows  readings markers  model ms (node/chromium)  svg ms (KiB)   first render ms  pan frame ms med/p95/max  pan draw ms med/p95  zoom frame ms med/p95/max');
    for (const r of rows) {
      console.log(
        `${r.label.padEnd(17)} ${r.node.rows.toLocaleString('en').padStart(9)} ${String(r.page.readings).padStart(9)} ${String(r.page.markers).padStart(7)}  ${`${f(r.node.modelMs)} / ${f(r.page.modelMs)}`.padStart(22)}  ${`${f(r.node.svgMs)} (${f(r.node.svgKb, 0)})`.padStart(13)}  ${f(r.page.renderMs).padStart(15)}  ${`${f(r.pan.median)}/${f(r.pan.p95)}/${f(r.pan.max)}`.padEnd(24)}  ${`${f(r.cost.median)}/${f(r.cost.p95)}`.padEnd(19)}  ${f(r.zoom.median)}/${f(r.zoom.p95)}/${f(r.zoom.max)}`,
      );
    }
    const [big, small] = rows as [(typeof rows)[number], (typeof rows)[number]];
    console.log('\nratios (24 h ÷ baseline; the data is 10× larger):');
    console.log(`  model build  ${f(big.node.modelMs / small.node.modelMs, 2)}× (node)   first render ${f(big.page.renderMs / small.page.renderMs, 2)}×`);
    console.log(`  pan draw p95 ${f(big.cost.p95 / small.cost.p95, 2)}×   (the page's own work per pan step: re-scale, draw, canvas flushed)`);
    console.log(`  pan p95      ${f(big.pan.p95 / small.pan.p95, 2)}×   zoom p95 ${f(big.zoom.p95 / small.zoom.p95, 2)}×   (60 Hz = 16.7 ms per frame)`);
    console.log(`\n(frame times are intervals between animation frames; on a loaded machine they measure the load too — load average now ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
