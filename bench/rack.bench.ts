// Rack bring-up: the total time to bring 1, 2, 4 and 8 Virtual EC20s up in parallel (the same
// runner as `workbench bringup --port A --port B …`), simulator delays at 0, against one
// mosquitto; each figure as a ratio to one modem's in the same run (one modem is always
// measured), wall clock and CPU: `cpu` is this whole process (host thread, simulator threads,
// libuv and GC threads; the PTY relay is a process of its own), `host` the host's thread alone
// (Linux: /proc/self/task/<pid>/schedstat), the one every port's engine and journal share. Goal:
// 8 in under 2× the wall time of one (the ports run side by side, not one after another). Not a
// test: nothing is asserted.
// Untimed warm-up, as in a long-lived app or CLI session: module loading, the shared PTY relay,
// the simulator threads (worker-pool.ts starts them once and keeps them for the next rack; they
// are started here before timing) and one rack of the largest size.
//
// Run:  npx tsx bench/rack.bench.ts        RACK_ROUNDS=5 (rounds per size; the median is kept)
//       RACK_SIZES=1,8                     WORKBENCH_PTY_RELAY=socat (one relay per pair, as before)
//       WORKBENCH_SIM_THREADS=0            (the simulators on the host's thread, as before)
//       node --import tsx --cpu-prof bench/rack.bench.ts   (where the time goes)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBringupOnPort } from '../electron/rack/bringup-port';
import { runRack } from '../electron/rack/rack';
import { simulatorThreadLimit, warmSimulatorThreads } from '../electron/simulator/worker-pool';
import { startMosquitto } from '../test-support/fault-rig';
import { figure, loadNote, times } from './figures';

const ROUNDS = Number(process.env.RACK_ROUNDS ?? 5);
// One modem is the baseline of every ratio: always measured, first.
const SIZES = [...new Set([1, ...(process.env.RACK_SIZES ?? '1,2,4,8').split(',').map(Number)])].sort((a, b) => a - b);

const broker = await startMosquitto();
const journalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-rack-bench-'));

/** CPU time of the host's own thread so far (ms), where Linux tells it; NaN elsewhere. */
function hostThreadMs(): number {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

async function rackOnce(n: number): Promise<{ ms: number; cpuMs: number; hostMs: number }> {
  const ports = Array.from({ length: n }, () => 'virtual');
  const c0 = process.cpuUsage();
  const h0 = hostThreadMs();
  const t0 = performance.now();
  const { summary } = await runRack('bringup', ports, (port, i) =>
    runBringupOnPort(port, { journalDir, virtualSpeed: 0, virtual: { embeddedBroker: false }, options: { server: { host: '127.0.0.1', port: broker.port }, clientId: `bench-${n}-${i}` } }),
  );
  const ms = performance.now() - t0;
  const hostMs = hostThreadMs() - h0;
  const c = process.cpuUsage(c0);
  if (summary.passed !== n) throw new Error(`${summary.failed} of ${n} did not come up`);
  return { ms, cpuMs: (c.user + c.system) / 1000, hostMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

try {
  // Warm-up, untimed: module loading, the PTY relay, the simulator threads (started once and kept
  // by the rack runner, as in the app or a long CLI session), the first port.
  warmSimulatorThreads();
  await rackOnce(1);
  await rackOnce(Math.max(...SIZES));
  const figures: Array<{ n: number; ms: number; cpuMs: number; hostMs: number }> = [];
  for (const n of SIZES) {
    const runs: Array<{ ms: number; cpuMs: number; hostMs: number }> = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(await rackOnce(n));
    figures.push({ n, ms: median(runs.map((x) => x.ms)), cpuMs: median(runs.map((x) => x.cpuMs)), hostMs: median(runs.map((x) => x.hostMs)) });
  }
  const one = figures.find((f) => f.n === 1) ?? figures[0]!;
  const relay = `${process.env.WORKBENCH_PTY_RELAY === 'socat' ? 'socat relay per port' : 'one shared PTY relay'}, ${simulatorThreadLimit() === 0 ? 'simulators on the host thread' : `simulators on ${simulatorThreadLimit()} thread${simulatorThreadLimit() > 1 ? 's' : ''}`}`;
  const load = await loadNote();
  console.log(`rack bring-up, simulator delays 0, ${relay}, median of ${ROUNDS} (ratio to one modem), ${load}:`);
  for (const f of figures) console.log(`  ${String(f.n).padStart(2)} modem${f.n > 1 ? 's' : ' '}  wall ${times(f.ms / one.ms).padStart(6)} (${f.ms.toFixed(0)} ms)   cpu ${times(f.cpuMs / one.cpuMs).padStart(6)} (${f.cpuMs.toFixed(0)} ms)   host thread ${f.hostMs.toFixed(0)} ms`);
  for (const f of figures.filter((x) => x.n > 1)) {
    const r = f.ms / one.ms;
    figure({
      bench: 'rack',
      name: `rack / ${f.n} bring-ups in parallel vs 1 (wall)`,
      value: times(r),
      ...(f.n === 8 ? { goal: '< 2×', met: r < 2 } : {}),
      note: `one: ${one.ms.toFixed(0)} ms; ${f.n}: ${f.ms.toFixed(0)} ms wall, cpu ${times(f.cpuMs / one.cpuMs)}, host thread ${f.hostMs.toFixed(0)} ms; ${relay}; ${load}`,
    });
  }
  const eight = figures.find((f) => f.n === 8);
  if (eight) console.log(`goal: 8 in under 2× one — ${eight.ms / one.ms < 2 ? 'met' : 'not met'} (${times(eight.ms / one.ms)})`);
} finally {
  await broker.stop();
  fs.rmSync(journalDir, { recursive: true, force: true });
}
