// Rack bring-up: the total time to bring 1, 2, 4 and 8 Virtual EC20s up in parallel (the same
// runner as `workbench bringup --port A --port B …`), simulator delays at 0, against one
// mosquitto; each figure as a ratio to one modem's. Goal: 8 in under 2× the time of one (the
// ports run side by side, not one after another). Not a test: nothing is asserted.
//
// Run:  npx tsx bench/rack.bench.ts        RACK_ROUNDS=3 (rounds per size; the median is kept)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBringupOnPort } from '../electron/rack/bringup-port';
import { runRack } from '../electron/rack/rack';
import { startMosquitto } from '../test-support/fault-rig';

const ROUNDS = Number(process.env.RACK_ROUNDS ?? 3);
const SIZES = [1, 2, 4, 8];

const broker = await startMosquitto();
const journalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-rack-bench-'));

async function rackOnce(n: number): Promise<number> {
  const ports = Array.from({ length: n }, () => 'virtual');
  const t0 = performance.now();
  const { summary } = await runRack('bringup', ports, (port, i) =>
    runBringupOnPort(port, { journalDir, virtualSpeed: 0, virtual: { embeddedBroker: false }, options: { server: { host: '127.0.0.1', port: broker.port }, clientId: `bench-${n}-${i}` } }),
  );
  const ms = performance.now() - t0;
  if (summary.passed !== n) throw new Error(`${summary.failed} of ${n} did not come up`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

try {
  await rackOnce(1); // warm-up: module loading, the first PTY
  const figures: Array<{ n: number; ms: number }> = [];
  for (const n of SIZES) {
    const runs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(await rackOnce(n));
    figures.push({ n, ms: median(runs) });
  }
  const one = figures[0]?.ms ?? NaN;
  console.log(`rack bring-up, simulator delays 0, median of ${ROUNDS} (ratio to one modem):`);
  for (const f of figures) console.log(`  ${String(f.n).padStart(2)} modem${f.n > 1 ? 's' : ' '}  ${(f.ms / one).toFixed(2)}×   (${f.ms.toFixed(0)} ms)`);
  const eight = figures.find((f) => f.n === 8);
  if (eight) console.log(`goal: 8 in under 2× one — ${eight.ms / one < 2 ? 'met' : 'not met'} (${(eight.ms / one).toFixed(2)}×)`);
} finally {
  await broker.stop();
  fs.rmSync(journalDir, { recursive: true, force: true });
}
