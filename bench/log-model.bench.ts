// Log model benchmark: ingest 1,000,000 log entries into the columnar LogStore and filter them,
// against a plain array of LogEntry objects filtered with Array.filter, in the same run.
// Run: npx tsx bench/log-model.bench.ts   (NODE_OPTIONS=--expose-gc for exact memory figures)
// Both sides build their rows from the same generator inside the timed ingest.
import { LogStore, type LogFilter } from '../shared/log-store';
import type { JournalRecord, LogEntry } from '../shared/model';

const N = Number(process.env.ROWS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

/** A session-like mix: commands, OK, result URCs, prompts, payloads and incoming messages. */
function row(i: number): LogEntry {
  const c = i % 3;
  const t = 1_000 + i * 3;
  const x = Math.floor(i / 5);
  switch (i % 10) {
    case 0: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'tx', kind: 'command', text: `AT+QMTPUBEX=${c},${x % 65535 + 1},1,0,"site${i % 50}/telemetry",12`, exchangeId: x };
    case 1: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'rx', kind: 'prompt', text: '> ', exchangeId: x };
    case 2: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'tx', kind: 'raw', text: `{"kwh":${i}}`, exchangeId: x };
    case 3: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'rx', kind: 'final', text: 'OK', exchangeId: x };
    case 4: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'rx', kind: 'urc', text: `+QMTPUBEX: ${c},${x % 65535 + 1},0`, exchangeId: x };
    case 5: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'rx', kind: 'urc', text: `+QMTRECV: ${c},${i % 100},"site${i % 50}/cmd/led",${String(i).length},"${i}"` };
    case 6: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'tx', kind: 'command', text: 'AT+CSQ', exchangeId: x };
    case 7: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'rx', kind: 'response', text: `+CSQ: ${10 + (i % 20)},99`, exchangeId: x };
    case 8: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'rx', kind: 'final', text: 'OK', exchangeId: x };
    default: return { index: i, mono: t, wall: 1.7e12 + t, dir: 'rx', kind: 'urc', text: '+CEREG: 1' };
  }
}

function heap(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

/** Median of a few runs: the machine is shared, single runs are noisy. */
function median(fn: () => unknown, runs = 5): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) ts.push(time(fn)[1]);
  ts.sort((a, b) => a - b);
  return ts[Math.floor(runs / 2)] as number;
}

const CLIENT_RE = /^(?:AT\+QMT[A-Z]+=|\+QMT[A-Z]+:\s*)(\d)\b/;
const TOPIC_RE = /^(?:AT\+QMT(?:PUB|PUBEX)=\d+,\d+,\d+,\d+,|AT\+QMT(?:SUB|UNS)=\d+,\d+,|\+QMTRECV:\s*\d+,\d+,)"([^"]*)"/;

/** The baseline's predicate: the same conditions over objects (client/topic parsed at ingest too). */
type Row = LogEntry & { client?: number; topic?: string };
function baselineFilter(rows: Row[], f: LogFilter): Row[] {
  const q = f.text?.toLowerCase();
  return rows.filter(
    (r) =>
      (!f.kinds || f.kinds.includes(r.kind)) &&
      (f.dir === undefined || r.dir === f.dir) &&
      (f.client === undefined || r.client === f.client) &&
      (f.topic === undefined || r.topic === f.topic) &&
      (q === undefined || r.text.toLowerCase().includes(q)),
  );
}

const filters: [string, LogFilter][] = [
  ['kind = urc', { kinds: ['urc'] }],
  ['dir = tx', { dir: 'tx' }],
  ['text "qmtrecv"', { text: 'qmtrecv' }],
  ['text "kwh":4242', { text: '"kwh":4242' }],
  ['client = 2', { client: 2 }],
  ['topic = site5/cmd/led', { topic: 'site5/cmd/led' }],
  ['urc + client 1 + text "site15/"', { kinds: ['urc'], client: 1, text: 'site15/' }],
];

console.log(`log model: ${N.toLocaleString('en')} rows${gc ? '' : ' (memory figures approximate: run with NODE_OPTIONS=--expose-gc)'}`);

let before = heap();
const [store, storeIngest] = time(() => {
  const s = new LogStore();
  for (let i = 0; i < N; i++) s.append(row(i));
  return s;
});
const storeBytes = heap() - before;

before = heap();
const [baseline, baseIngest] = time(() =>
  Array.from({ length: N }, (_, i): Row => {
    const e = row(i);
    const client = CLIENT_RE.exec(e.text)?.[1];
    const topic = TOPIC_RE.exec(e.text)?.[1];
    return { ...e, ...(client ? { client: Number(client) } : {}), ...(topic ? { topic } : {}) };
  }),
);
const baseBytes = heap() - before;

const ratio = (a: number, b: number) => `${(b / a).toFixed(2)}×`;
console.log(`ingest   store ${storeIngest.toFixed(0)} ms   array ${baseIngest.toFixed(0)} ms   (array/store ${ratio(storeIngest, baseIngest)})`);
console.log(`memory   store ${(storeBytes / N).toFixed(0)} B/row   array ${(baseBytes / N).toFixed(0)} B/row   (array/store ${ratio(storeBytes, baseBytes)})`);
console.log('filter (median of 5)                      store      array   array/store   rows');
for (const [name, f] of filters) {
  const n = store.filter(f).length;
  const m = baselineFilter(baseline, f).length;
  if (n !== m) throw new Error(`${name}: store found ${n} rows, baseline ${m}`);
  const s = median(() => store.filter(f));
  const b = median(() => baselineFilter(baseline, f));
  console.log(`${name.padEnd(40)} ${s.toFixed(1).padStart(7)} ms ${b.toFixed(1).padStart(7)} ms ${ratio(s, b).padStart(10)}   ${n.toLocaleString('en')}${s > 100 ? '   OVER 100 ms' : ''}`);
}

// The journal side: group, redact and draw a journal of about a million line events, built by
// repeating the §5.1 session (power-up aside).
{
  const { buildJournal } = await import('../electron/session/transcript');
  const { successSession } = await import('../electron/session/fixtures');
  const { groupRecords } = await import('../shared/exchanges');
  const { redactRecords } = await import('../electron/session/redact');
  const { toMermaid } = await import('../shared/diagram').then((m) => ({ toMermaid: m.sessionToMermaid }));
  const body = successSession.filter((s) => !('urc' in s && (s.urc === 'RDY' || s.urc.startsWith('+CPIN'))));
  const span = 6_000;
  const one = buildJournal(body);
  const linesPerSession = one.filter((r) => 'event' in r && r.event.type === 'line').length;
  const repeats = Math.ceil(N / linesPerSession);
  const records: JournalRecord[] = [];
  for (let k = 0; k < repeats; k++) for (const r of one) records.push({ ...r, seq: records.length, mono: r.mono + k * span, wall: r.wall + k * span });
  console.log(`\njournal: ${records.length.toLocaleString('en')} records, ${(repeats * linesPerSession).toLocaleString('en')} line events`);
  const [model, tGroup] = time(() => groupRecords(records));
  console.log(`group    ${tGroup.toFixed(0)} ms   ${model.exchanges.length.toLocaleString('en')} exchanges`);
  const [, tRedact] = time(() => redactRecords(records));
  console.log(`redact   ${tRedact.toFixed(0)} ms`);
  const [text, tMermaid] = time(() => toMermaid(model));
  console.log(`mermaid  ${tMermaid.toFixed(0)} ms   ${(text.length / 1e6).toFixed(1)} MB`);
}
