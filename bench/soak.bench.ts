// A bounded soak of the app's main process: the workbench services (createWorkbenchHost) drive a
// virtual EC20 (its own process, like a real modem) whose MQTT side is a real mosquitto on
// loopback. The modem subscribes to three filters (QoS 0, 1, 2), publishes at each QoS itself, and
// an outside client publishes at each QoS too; every delivery goes through the services as
// +QMTRECV. Reports messages sent, received and lost per QoS, the main process's memory over time
// (a line per minute, as ratios against the same run's warm-up), what the services hold (counts),
// and journal bytes per byte on the wire. Not a test: nothing is asserted, CI never runs it.
//
// Run:  SOAK_MINUTES=2 npx tsx bench/soak.bench.ts      (default 30 minutes)
//       SOAK_RATE=150     outside publishes per second (spread over QoS 0/1/2)
//       SOAK_PUB_RATE=15  publishes per second by the modem through the services
//       SOAK_SAMPLE_S=60  seconds between memory lines
// bench/run-all.sh skips it unless SOAK=1 (SOAK_MINUTES applies there too).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import mqtt from 'mqtt';
import type { ReceivedMessage } from '../shared/status';
import { forEachJournalRecord } from '../electron/host/log-pages';
import { createWorkbenchHost } from '../electron/host/services';
import { recordBytes } from '../electron/session/journal';
import { hasCommand } from '../electron/simulator/pty-pair';
import { startMosquitto } from '../test-support/fault-rig';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const RATE = Number(process.env.SOAK_RATE ?? 150);
const PUB_RATE = Number(process.env.SOAK_PUB_RATE ?? 15);
const DURATION_MS = MINUTES * 60_000;
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_S ?? 60) * 1000;
/** Memory is compared with the first sample from here on (marked *): the session window has had time to fill. */
const WARMUP_MS = Math.min(60_000, DURATION_MS / 2);
const root = path.resolve(import.meta.dirname, '..');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const mb = (n: number) => (n / 2 ** 20).toFixed(1);
function memory(): { rss: number; heap: number } {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

if (!hasCommand('mosquitto')) {
  console.log('soak: mosquitto is not installed (apt-get install mosquitto); skipped');
  process.exit(0);
}

/** Which sequence numbers arrived, one bit each (the soak must not grow with what it counts). */
class SeenSet {
  private bits = new Uint8Array(1024);
  unique = 0;
  duplicates = 0;
  add(n: number): void {
    while (n >> 3 >= this.bits.length) {
      const grown = new Uint8Array(this.bits.length * 2);
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (n & 7);
    if (this.bits[n >> 3]! & mask) this.duplicates++;
    else {
      this.bits[n >> 3]! |= mask;
      this.unique++;
    }
  }
}

type Source = 'modem' | 'ext';
const QOS = [0, 1, 2] as const;
const counts = Object.fromEntries(
  (['modem', 'ext'] as const).flatMap((src) => QOS.map((q) => [`${src}/q${q}`, { sent: 0, failed: 0, seen: new SeenSet() }])),
) as Record<string, { sent: number; failed: number; seen: SeenSet }>;
const key = (src: Source, qos: number) => `${src}/q${qos}`;

// --- the broker, the modem, the services
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-soak-'));
const broker = await startMosquitto({ extraConfig: 'max_queued_messages 100000' });
const brokerPort = broker.port;
const brokerUrl = broker.url;

const sim = spawn(process.execPath, [path.join(root, 'bin/workbench.js'), 'sim', '--speed', '0', '--broker', brokerUrl], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const devicePath = await new Promise<string>((resolve, reject) => {
  let out = '';
  const t = setTimeout(() => reject(new Error('the virtual EC20 printed no device path in 30 s')), 30_000);
  sim.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('\n')) {
      clearTimeout(t);
      resolve(out.slice(0, out.indexOf('\n')).trim());
    }
  });
});

const host = createWorkbenchHost({ mode: 'browser', version: 'soak', journalDir: path.join(dir, 'journals') });
const s = host.services;
host.hub.on((name, payload) => {
  if (name !== 'onMqttMessage') return;
  const m = payload as ReceivedMessage;
  const t = /^soak\/(modem|ext)\/q([012])$/.exec(m.topic);
  const seq = Number(m.payloadText);
  if (t && Number.isInteger(seq)) counts[key(t[1] as Source, Number(t[2]))]!.seen.add(seq);
});

const opened = await s.openPort({ path: devicePath });
if (!opened.ok) throw new Error(`open: ${opened.problem.title}`);
const journalPath = opened.value.journalPath!;
const wizard = await s.runBringup({ clientId: 'soak', host: '127.0.0.1', port: brokerPort, tls: false, clientIdx: 0, keepalive: 60, apn: 'internet' });
if (!wizard.ok || !wizard.value.ready) throw new Error(`wizard: ${JSON.stringify(wizard)}`);
for (const qos of QOS) {
  const sub = await s.mqttSubscribe({ clientIdx: 0, topic: `soak/+/q${qos}`, qos });
  if (!sub.ok) throw new Error(`subscribe: ${sub.problem.title}`);
}

// --- the load
const outside = mqtt.connect(brokerUrl, { clientId: 'soak-outside', clean: true });
await new Promise<void>((r) => outside.once('connect', () => r()));
let running = true;
const seqs = { modem: [0, 0, 0], ext: [0, 0, 0] };

async function outsideLoad(): Promise<void> {
  const tick = 50;
  const perTick = Math.max(1, Math.round((RATE * tick) / 1000));
  while (running) {
    const t0 = Date.now();
    for (let i = 0; i < perTick; i++) {
      const qos = QOS[(seqs.ext[0]! + seqs.ext[1]! + seqs.ext[2]!) % 3]!;
      const seq = seqs.ext[qos]!++;
      outside.publish(`soak/ext/q${qos}`, String(seq), { qos }, (err) => {
        const c = counts[key('ext', qos)]!;
        if (err) c.failed++;
        else c.sent++;
      });
    }
    await new Promise((r) => setTimeout(r, Math.max(0, tick - (Date.now() - t0))));
  }
}

async function modemLoad(): Promise<void> {
  const gap = 1000 / PUB_RATE;
  let n = 0;
  while (running) {
    const t0 = Date.now();
    const qos = QOS[n++ % 3]!;
    const seq = seqs.modem[qos]!++;
    const r = await s.mqttPublish({ clientIdx: 0, topic: `soak/modem/q${qos}`, qos, retain: false, payload: String(seq), encoding: 'text' });
    const c = counts[key('modem', qos)]!;
    if (r.ok) c.sent++;
    else c.failed++;
    await new Promise((res) => setTimeout(res, Math.max(0, gap - (Date.now() - t0))));
  }
}

function received(): number {
  return Object.values(counts).reduce((a, c) => a + c.seen.unique, 0);
}

console.log(`soak: ${MINUTES} min; outside ${RATE}/s and modem ${PUB_RATE}/s publishes at QoS 0/1/2 through mosquitto ${brokerUrl}; journal ${journalPath}`);
const start = memory();
console.log(`start      rss ${mb(start.rss)} MB, heap ${mb(start.heap)} MB`);
const t0 = Date.now();
const loads = Promise.all([outsideLoad(), modemLoad()]);

/** Memory at warm-up, once measured: the baseline of every ratio. */
const baseline: { warm?: { rss: number; heap: number } } = {};
const samples: Array<{ rss: number; heap: number }> = [];
function line(label: string, m: { rss: number; heap: number }): string {
  const h = host.held();
  const warm = baseline.warm;
  const vs = warm && warm !== m ? `  (×${(m.rss / warm.rss).toFixed(2)} rss, ×${(m.heap / warm.heap).toFixed(2)} heap of warm-up)` : '';
  return `${label.padEnd(10)} rss ${mb(m.rss)} MB, heap ${mb(m.heap)} MB${vs}; received ${received()}; held ${h.entries} entries, ${h.exchanges} exchanges, ${h.messages} messages (log ${h.entryCount} rows)`;
}
// A line per SAMPLE_MS; the first at or after WARMUP_MS is the baseline of the ratios.
for (let k = 1; k * SAMPLE_MS <= DURATION_MS; k++) {
  await new Promise((r) => setTimeout(r, Math.max(0, t0 + k * SAMPLE_MS - Date.now())));
  const m = memory();
  const atWarmup = !baseline.warm && k * SAMPLE_MS >= WARMUP_MS;
  if (atWarmup) baseline.warm = m;
  else if (baseline.warm) samples.push(m);
  console.log(line(`${((Date.now() - t0) / 60_000).toFixed(1)} min${atWarmup ? '*' : ''}`, m));
}
running = false;
await loads;
// Let in-flight QoS 1/2 handshakes and deliveries finish.
for (let last = -1; last !== received(); ) {
  last = received();
  await new Promise((r) => setTimeout(r, 3_000));
}

// --- the figures
console.log('\nper QoS        sent   received   lost  duplicates  failed-to-send');
for (const src of ['modem', 'ext'] as const) {
  for (const qos of QOS) {
    const c = counts[key(src, qos)]!;
    console.log(`${`${src} q${qos}`.padEnd(10)} ${String(c.sent).padStart(8)} ${String(c.seen.unique).padStart(10)} ${String(c.sent - c.seen.unique).padStart(6)} ${String(c.seen.duplicates).padStart(11)} ${String(c.failed).padStart(15)}`);
  }
}
const warm = baseline.warm ?? memory();
const last = samples.at(-1) ?? warm;
console.log(`\nmemory at the end against warm-up (*): rss ×${(last.rss / warm.rss).toFixed(2)}, heap ×${(last.heap / warm.heap).toFixed(2)} (peak heap ×${(Math.max(...samples.map((m) => m.heap), warm.heap) / warm.heap).toFixed(2)})`);

await s.closePort(undefined);
const closed = memory();
console.log(`after closePort: rss ${mb(closed.rss)} MB, heap ${mb(closed.heap)} MB (×${(closed.heap / start.heap).toFixed(2)} heap of start); held ${JSON.stringify(host.held())}`);

let rx = 0;
let tx = 0;
await forEachJournalRecord(journalPath, (r) => {
  const b = recordBytes(r);
  if (!b) return;
  if ('dir' in r && r.dir === 'rx') rx += b.length;
  else tx += b.length;
});
const journalBytes = fs.statSync(journalPath).size;
console.log(`journal: ${mb(journalBytes)} MB for ${mb(rx)} MB received and ${mb(tx)} MB sent: ${(journalBytes / rx).toFixed(2)} bytes per received byte, ${(journalBytes / (rx + tx)).toFixed(2)} per byte on the wire`);

outside.end(true);
await host.shutdown();
sim.kill('SIGTERM');
await new Promise((r) => sim.once('exit', r));
await broker.stop();
fs.rmSync(dir, { recursive: true, force: true });
