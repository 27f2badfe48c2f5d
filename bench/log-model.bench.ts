// Log model benchmark, over the code the app runs: ingest 1,000,000 log entries into the
// renderer's columnar LogBuffer (renderer/stores/log/buffer.ts) and filter them with its
// FilterIndex (filter.ts), against a plain array of LogEntry objects filtered with Array.filter,
// in the same run; then group (shared/exchanges.ts), redact (electron/session/redact.ts) and draw
// a journal of a million line events, against JSON.parse of the same records' lines; and the main
// side's log paging (electron/host/log-pages.ts pageLog) over that journal as a file.
// Run: npx tsx bench/log-model.bench.ts   (NODE_OPTIONS=--expose-gc for exact memory figures)
// Both sides build their rows from the same generator inside the timed ingest. Rows carry the
// client index and topic the grouper gives them (shared/exchanges.ts), as in the app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JournalRecord, LogEntry } from '../shared/model';
import { figure, loadNote, times } from './figures';
import { LogBuffer } from '../renderer/stores/log/buffer';
import { emptyQuery, FilterIndex, type LogQuery } from '../renderer/stores/log/filter';

const N = Number(process.env.ROWS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

/** A session-like mix: commands, OK, result URCs, prompts, payloads and incoming messages. */
function row(i: number): LogEntry {
  const c = i % 3;
  const t = 1_000 + i * 3;
  const x = Math.floor(i / 5);
  const base = { index: i, mono: t, wall: 1.7e12 + t };
  const pub = { clientIdx: c, topic: `site${i % 50}/telemetry` };
  switch (i % 10) {
    case 0: return { ...base, dir: 'tx', kind: 'command', text: `AT+QMTPUBEX=${c},${x % 65535 + 1},1,0,"site${i % 50}/telemetry",12`, exchangeId: x, ...pub };
    case 1: return { ...base, dir: 'rx', kind: 'prompt', text: '> ', exchangeId: x, ...pub };
    case 2: return { ...base, dir: 'tx', kind: 'raw', text: `{"kwh":${i}}`, exchangeId: x, ...pub };
    case 3: return { ...base, dir: 'rx', kind: 'final', text: 'OK', exchangeId: x, ...pub };
    case 4: return { ...base, dir: 'rx', kind: 'urc', text: `+QMTPUBEX: ${c},${x % 65535 + 1},0`, exchangeId: x, ...pub };
    case 5: return { ...base, dir: 'rx', kind: 'urc', text: `+QMTRECV: ${c},${i % 100},"site${i % 50}/cmd/led",${String(i).length},"${i}"`, clientIdx: c, topic: `site${i % 50}/cmd/led` };
    case 6: return { ...base, dir: 'tx', kind: 'command', text: 'AT+CSQ', exchangeId: x };
    case 7: return { ...base, dir: 'rx', kind: 'response', text: `+CSQ: ${10 + (i % 20)},99`, exchangeId: x };
    case 8: return { ...base, dir: 'rx', kind: 'final', text: 'OK', exchangeId: x };
    default: return { ...base, dir: 'rx', kind: 'urc', text: '+CEREG: 1' };
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

/** CPU time (steadier than wall time on a shared machine). */
function cpu<T>(fn: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const v = fn();
  const c = process.cpuUsage(c0);
  return [v, (c.user + c.system) / 1000];
}
async function cpuAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const c0 = process.cpuUsage();
  const v = await fn();
  const c = process.cpuUsage(c0);
  return [v, (c.user + c.system) / 1000];
}

/** Median of a few runs: the machine is shared, single runs are noisy. */
function median(fn: () => unknown, runs = 5): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) ts.push(time(fn)[1]);
  ts.sort((a, b) => a - b);
  return ts[Math.floor(runs / 2)] as number;
}

/** The baseline's predicate: the same conditions as FilterIndex, over objects. */
function baselineFilter(rows: LogEntry[], q: LogQuery): LogEntry[] {
  const text = q.text.toLowerCase();
  const topic = q.topic.toLowerCase();
  return rows.filter(
    (r) =>
      (q.kinds.length === 0 || q.kinds.includes(r.kind)) &&
      (q.dirs.length === 0 || q.dirs.includes(r.dir)) &&
      (q.clients.length === 0 || (r.clientIdx !== undefined && q.clients.includes(r.clientIdx))) &&
      (!topic || (r.topic !== undefined && r.topic.toLowerCase().includes(topic))) &&
      (!text || r.text.toLowerCase().includes(text)),
  );
}

/** A fresh index over the whole buffer: the cost of changing the query. */
function filterAll(buf: LogBuffer, q: LogQuery): number {
  const f = new FilterIndex(buf);
  f.update(q);
  return f.length;
}

const query = (over: Partial<LogQuery>): LogQuery => ({ ...emptyQuery, ...over });
const filters: [string, LogQuery][] = [
  ['kind = urc', query({ kinds: ['urc'] })],
  ['dir = tx', query({ dirs: ['tx'] })],
  ['text "qmtrecv"', query({ text: 'qmtrecv' })],
  ['text "kwh":4242', query({ text: '"kwh":4242' })],
  ['client = 2', query({ clients: [2] })],
  ['topic = site5/cmd/led', query({ topic: 'site5/cmd/led' })],
  ['urc + client 1 + text "site15/"', query({ kinds: ['urc'], clients: [1], text: 'site15/' })],
];

console.log(`log model: ${N.toLocaleString('en')} rows${gc ? '' : ' (memory figures approximate: run with NODE_OPTIONS=--expose-gc)'}`);

let before = heap();
const [store, storeIngest] = time(() => {
  const b = new LogBuffer();
  const batch: LogEntry[] = [];
  for (let i = 0; i < N; i++) {
    batch.push(row(i));
    // The renderer appends in batches of a few hundred rows.
    if (batch.length === 500) b.append(batch.splice(0));
  }
  b.append(batch);
  return b;
});
const storeBytes = heap() - before;

before = heap();
const [baseline, baseIngest] = time(() => Array.from({ length: N }, (_, i) => row(i)));
const baseBytes = heap() - before;

const ratio = (a: number, b: number) => `${(b / a).toFixed(2)}×`;
console.log(`ingest   buffer ${storeIngest.toFixed(0)} ms   array ${baseIngest.toFixed(0)} ms   (array/buffer ${ratio(storeIngest, baseIngest)})`);
console.log(`memory   buffer ${(storeBytes / N).toFixed(0)} B/row   array ${(baseBytes / N).toFixed(0)} B/row   (array/buffer ${ratio(storeBytes, baseBytes)})`);
let worstFilter = 0;
let worstName = '';
console.log('filter (median of 5)                     buffer      array  array/buffer  rows');
for (const [name, q] of filters) {
  const n = filterAll(store, q);
  const m = baselineFilter(baseline, q).length;
  if (n !== m) throw new Error(`${name}: buffer found ${n} rows, baseline ${m}`);
  const s = median(() => filterAll(store, q));
  const b = median(() => baselineFilter(baseline, q));
  console.log(`${name.padEnd(40)} ${s.toFixed(1).padStart(7)} ms ${b.toFixed(1).padStart(7)} ms ${ratio(s, b).padStart(10)}   ${n.toLocaleString('en')}${s > 100 ? '   OVER 100 ms' : ''}`);
  worstFilter = Math.max(worstFilter, s);
  worstName = s === worstFilter ? name : worstName;
}
figure({ bench: 'log-model', name: `renderer store: ingest ${N.toLocaleString('en')} rows`, value: `${storeIngest.toFixed(0)} ms`, note: `array of objects ${baseIngest.toFixed(0)} ms (${ratio(storeIngest, baseIngest)}), ${(storeBytes / N).toFixed(0)} B/row, ${await loadNote()}` });
figure({ bench: 'log-model', name: `renderer store: slowest filter of ${N.toLocaleString('en')} rows`, value: `${worstFilter.toFixed(0)} ms`, goal: '< 100 ms', met: worstFilter < 100, note: worstName });

// The journal side: group, redact and draw a journal of about a million line events, built by
// repeating the protocol.md §5.1 session (power-up aside).
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
  // The baseline: JSON.parse of the records' journal lines (what reading the journal must cost).
  const lines = records.map((r) => JSON.stringify(r));
  const tParse = cpu(() => lines.reduce((n, l) => n + (JSON.parse(l) ? 1 : 0), 0))[1];
  console.log(`parse    ${tParse.toFixed(0)} ms cpu (JSON.parse of each record's line: the baseline)`);
  const [model, tGroup] = cpu(() => groupRecords(records));
  console.log(`group    ${tGroup.toFixed(0)} ms   ${model.exchanges.length.toLocaleString('en')} exchanges`);
  const [, tRedact] = cpu(() => redactRecords(records));
  console.log(`redact   ${tRedact.toFixed(0)} ms`);
  const [text, tMermaid] = cpu(() => toMermaid(model));
  console.log(`mermaid  ${tMermaid.toFixed(0)} ms   ${(text.length / 1e6).toFixed(1)} MB`);
  const k = `${((repeats * linesPerSession) / 1e6).toFixed(1)} M lines`;
  figure({ bench: 'log-model', name: `group ${k} / JSON.parse`, value: times(tGroup / tParse), goal: '≤ 3.00×', met: tGroup / tParse <= 3, note: `group ${tGroup.toFixed(0)} ms, parse ${tParse.toFixed(0)} ms` });
  figure({ bench: 'log-model', name: `redact ${k} / JSON.parse`, value: times(tRedact / tParse), goal: '≤ 3.00×', met: tRedact / tParse <= 3, note: `redact ${tRedact.toFixed(0)} ms` });
  figure({ bench: 'log-model', name: `mermaid ${k} / JSON.parse`, value: times(tMermaid / tParse), note: `mermaid ${tMermaid.toFixed(0)} ms` });

  // The main side's log paging: rows beyond the held window are regrouped from the journal file.
  const { pageLog } = await import('../electron/host/log-pages');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-log-model-'));
  try {
    const file = path.join(dir, 'session.jsonl');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const stream = async () => {
      let n = 0;
      for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) n += chunk.length;
      return n;
    };
    const tRead = (await cpuAsync(stream))[1];
    const rowsTotal = repeats * linesPerSession;
    for (const [where, from] of [['first', 0], ['middle', Math.floor(rowsTotal / 2)], ['last', rowsTotal - 500]] as const) {
      const [page, tPage] = await cpuAsync(() => pageLog(file, from, 500));
      if (page.length !== 500 || page[0]!.index !== from) throw new Error(`pageLog at ${from}: ${page.length} rows from ${page[0]?.index}`);
      console.log(`page     500 rows at the ${where} (${from.toLocaleString('en')}): ${tPage.toFixed(0)} ms cpu (reading the file alone: ${tRead.toFixed(0)} ms)`);
      figure({ bench: 'log-model', name: `log page of 500 rows, ${where} of ${k}`, value: `${tPage.toFixed(0)} ms`, note: `cpu; ×${(tPage / tParse).toFixed(2)} of JSON.parse of the whole journal` });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
