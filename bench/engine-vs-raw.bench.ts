// Engine round trips per second over a PTY against a trivial OK responder, versus raw
// serialport write → read round trips ('AT\r' → '\r\nOK\r\n') on the same PTY, same run.
// Run: npx tsx bench/engine-vs-raw.bench.ts [ROUND_TRIPS]
import { SerialPort } from 'serialport';
import { createQuectelEngine } from '../electron/quectel/engine';
import { openSerial } from '../electron/serial/transport';
import { createPtyPair } from '../electron/simulator/pty-pair';
import { figure, loadNote, times } from './figures';

const N = Number(process.argv[2] ?? 500);
const OK = Buffer.from('\r\nOK\r\n');

const pair = await createPtyPair();
const modem = new SerialPort({ path: pair.devicePath, baudRate: 115200, autoOpen: false });
await new Promise<void>((res, rej) => modem.open((e) => (e ? rej(e) : res())));
// The responder: one OK per CR received.
modem.on('data', (chunk: Buffer) => {
  for (const b of chunk) if (b === 0x0d) modem.write(OK);
});

async function rawRoundTrips(n: number): Promise<number> {
  const port = new SerialPort({ path: pair.hostPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  let buf = '';
  let wake: (() => void) | undefined;
  port.on('data', (d: Buffer) => {
    buf += d.toString('latin1');
    if (buf.includes('OK\r\n')) {
      buf = '';
      wake?.();
    }
  });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await new Promise<void>((res) => {
      wake = res;
      port.write('AT\r');
    });
  }
  const ms = performance.now() - t0;
  await new Promise<void>((res) => port.close(() => res()));
  return n / (ms / 1000);
}

async function engineRoundTrips(n: number): Promise<number> {
  const opened = await openSerial(pair.hostPath);
  if (!opened.ok) throw new Error(opened.problem.title);
  const engine = createQuectelEngine(opened.value);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const out = await engine.send({ text: 'AT' });
    if (out.kind !== 'ok') throw new Error(`round trip ${i}: ${out.kind}`);
  }
  const ms = performance.now() - t0;
  engine.dispose();
  await opened.value.close();
  return n / (ms / 1000);
}

// Warm up, then alternate short rounds so outside load hits both alike; the best round of each
// is the least disturbed measurement, the median shows the spread.
await rawRoundTrips(200);
await engineRoundTrips(200);
const ROUNDS = 7;
const raw: number[] = [];
const eng: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  raw.push(await rawRoundTrips(N));
  eng.push(await engineRoundTrips(N));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const best = (xs: number[]) => Math.max(...xs);
console.log(`round trips per round: ${N}, rounds: ${ROUNDS}`);
console.log(`raw serialport:  best ${best(raw).toFixed(0)} /s, median ${median(raw).toFixed(0)} /s`);
console.log(`AT engine:       best ${best(eng).toFixed(0)} /s, median ${median(eng).toFixed(0)} /s`);
console.log(`engine / raw:    best ${(best(eng) / best(raw)).toFixed(2)}×, median ${(median(eng) / median(raw)).toFixed(2)}×  (target ≥ 0.9×)`);
const engineRatio = median(eng) / median(raw);
figure({ bench: 'engine-vs-raw', name: 'AT engine / raw serialport round trips (median)', value: times(engineRatio), goal: '≥ 0.90×', met: engineRatio >= 0.9, note: `raw ${median(raw).toFixed(0)}/s over a PTY, ${await loadNote()}` });

await new Promise<void>((res) => modem.close(() => res()));
await pair.close();
