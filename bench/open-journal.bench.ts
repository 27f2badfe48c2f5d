// Opening a day-long session: a journal of about 1,000,000 line events (the app's own compact
// journal, written by its journal writer) opened as the Sessions list does it, through
// createWorkbenchHost().openJournalFile (streamed: read, parse, group into the log and exchange
// models of the held window, published to the renderer), then the diagram's getExchanges; and the
// whole-session model a diagram or export draws (journalModel, redacted as exportDiagram does).
// Then what a long journal costs once open: a page of old rows near the end (served from the
// checkpoint the open pass left, journal-index.ts) against the same page regrouped from the start,
// and each stage of the whole-session pass on its own: decoding + grouping (journalModel), and the
// redaction of its model (redactModel).
// Baseline in the same run: streaming the same file and JSON.parse of each line, nothing else.
// Run: npx tsx bench/open-journal.bench.ts   (LINES=200000 for a quicker run)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JournalRecord } from '../shared/model';
import { createWorkbenchHost } from '../electron/host/services';
import { OPEN_INDEX_DIR } from '../electron/host/journal-index';
import { journalModel, pageLog } from '../electron/host/log-pages';
import { successSession } from '../electron/session/fixtures';
import { JOURNAL_EXTENSION, openJournal } from '../electron/session/journal';
import { memoryKeyStore } from '../electron/session/key-store';
import { redactModel } from '../electron/session/redact';
import { buildJournal } from '../electron/session/transcript';
import { figure, loadNote, times } from './figures';

const LINES = Number(process.env.LINES ?? 1_000_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-open-bench-'));
const file = path.join(dir, `session-bench${JOURNAL_EXTENSION}`);

/** CPU and wall time of one step (CPU is the steadier figure on a shared machine). */
async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

/** The baseline: the file streamed and every line parsed as JSON (what any reader must at least do). */
async function parseOnly(): Promise<number> {
  let n = 0;
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) if (l && JSON.parse(l)) n++;
  }
  if (rest && JSON.parse(rest)) n++;
  return n;
}

try {
  // The §5.1 session repeated, as the app's writer journals it (compact lines, secrets sealed).
  const one = buildJournal(successSession.filter((s) => !('urc' in s && (s.urc === 'RDY' || s.urc.startsWith('+CPIN')))));
  const linesPer = one.filter((r) => 'event' in r && r.event.type === 'line').length;
  const repeats = Math.ceil(LINES / linesPer);
  const span = 6_000;
  const journal = openJournal(file, { keys: memoryKeyStore(), maxBatch: 4096 });
  for (let k = 0; k < repeats; k++) {
    for (const r of one) {
      const { seq: _seq, ...entry } = { ...r, mono: r.mono + k * span, wall: r.wall + k * span } as JournalRecord;
      journal.write(entry as Parameters<typeof journal.write>[0]);
    }
  }
  await journal.close();
  const bytes = fs.statSync(file).size;
  console.log(`journal: ${(repeats * one.length).toLocaleString('en')} records, ${(repeats * linesPer).toLocaleString('en')} line events, ${(bytes / 1e6).toFixed(0)} MB`);

  const host = createWorkbenchHost({ mode: 'browser', version: 'bench', journalDir: dir, keys: memoryKeyStore(), aliyunProfilesDir: path.join(dir, 'config') });
  const s = host.services;
  const base = await timed(parseOnly);
  // What the app does on open: the window's rows reach the renderer as one log batch (counted
  // here from the event), and the diagram asks for the exchanges.
  let rows = 0;
  host.hub.on((name, payload) => {
    if (name === 'onLogBatch') rows += (payload as unknown[]).length;
  });
  const open = await timed(async () => {
    const opened = await s.openJournalFile({ path: file });
    if (!opened.ok) throw new Error(opened.problem.title);
    const ex = await s.getExchanges(undefined);
    return { lines: opened.value.lines, rows, exchanges: ex.ok ? ex.value.length : 0 };
  });
  // A page of 100 old rows just before the held window (the rows a user scrolls up to first).
  const firstHeld = open.value.lines - open.value.rows;
  const pageFrom = Math.max(0, firstHeld - 100);
  const page = await timed(async () => {
    const r = await s.getLog({ from: pageFrom, limit: 100 });
    if (!r.ok || r.value.length !== 100 || r.value[0]!.index !== pageFrom) throw new Error('page not served');
    return r.value.length;
  });
  const pageFromStart = await timed(() => pageLog(file, pageFrom, 100));
  const heapAfterOpen = process.memoryUsage().heapUsed;
  await host.shutdown();
  // Opening it again, in a new host (the app restarted): restored from what the first open kept.
  const host2 = createWorkbenchHost({ mode: 'browser', version: 'bench', journalDir: dir, keys: memoryKeyStore(), aliyunProfilesDir: path.join(dir, 'config') });
  let rows2 = 0;
  host2.hub.on((name, payload) => {
    if (name === 'onLogBatch') rows2 += (payload as unknown[]).length;
  });
  const reopen = await timed(async () => {
    const opened = await host2.services.openJournalFile({ path: file });
    if (!opened.ok) throw new Error(opened.problem.title);
    const ex = await host2.services.getExchanges(undefined);
    return { lines: opened.value.lines, rows: rows2, exchanges: ex.ok ? ex.value.length : 0 };
  });
  await host2.shutdown();
  if (JSON.stringify(reopen.value) !== JSON.stringify(open.value)) throw new Error(`reopened differently: ${JSON.stringify(reopen.value)} vs ${JSON.stringify(open.value)}`);
  const model = await timed(() => journalModel(file));
  const redacted = await timed(() => redactModel(model.value));
  const whole = { value: redacted.value, ms: model.ms + redacted.ms, cpuMs: model.cpuMs + redacted.cpuMs };
  const row = (name: string, t: { ms: number; cpuMs: number }) =>
    console.log(`${name.padEnd(44)} ${t.ms.toFixed(0).padStart(7)} ms   cpu ${t.cpuMs.toFixed(0).padStart(7)} ms   ×${(t.cpuMs / base.cpuMs).toFixed(2)} of parsing (cpu)`);
  row('baseline: stream + JSON.parse each line', base);
  row('open (openJournalFile + getExchanges)', open);
  console.log(`   ${open.value.lines.toLocaleString('en')} lines; the window holds ${open.value.rows.toLocaleString('en')} rows, ${open.value.exchanges.toLocaleString('en')} exchanges`);
  row('open again (restored from its open index)', reopen);
  const indexBytes = fs.statSync(path.join(dir, OPEN_INDEX_DIR, `${path.basename(file)}.v8`)).size;
  console.log(`   open index ${(indexBytes / 1e6).toFixed(1)} MB beside the ${(bytes / 1e6).toFixed(0)} MB journal (the held window and the paging checkpoints)`);
  row('a page of 100 rows before the window', page);
  row('   the same page regrouped from the start', pageFromStart);
  row('decode + group the whole journal', model);
  row('redact the whole model', redacted);
  row('whole-session model, redacted (diagram)', whole);
  console.log(`   ${whole.value.entries.length.toLocaleString('en')} rows, ${whole.value.exchanges.length.toLocaleString('en')} exchanges; heap after open ${(heapAfterOpen / 1e6).toFixed(0)} MB`);
  const load = await loadNote();
  const k = `${(repeats * linesPer / 1e6).toFixed(1)} M lines`;
  figure({ bench: 'open-journal', name: `open a journal of ${k} (wall)`, value: `${open.ms.toFixed(0)} ms`, goal: '< 1000 ms', met: open.ms < 1000, note: `cpu ${open.cpuMs.toFixed(0)} ms, ${load}` });
  figure({ bench: 'open-journal', name: `open it again, ${k} (wall)`, value: `${reopen.ms.toFixed(0)} ms`, goal: '< 1000 ms', met: reopen.ms < 1000, note: `cpu ${reopen.cpuMs.toFixed(0)} ms; restored from the first open's index` });
  figure({ bench: 'open-journal', name: `open / stream + JSON.parse (cpu)`, value: times(open.cpuMs / base.cpuMs), note: `parse-only ${base.cpuMs.toFixed(0)} ms cpu` });
  figure({ bench: 'open-journal', name: `page of 100 old rows near the end, ${k} (cpu)`, value: `${page.cpuMs.toFixed(0)} ms`, goal: '< 100 ms', met: page.cpuMs < 100, note: `wall ${page.ms.toFixed(0)} ms; regrouped from the start: cpu ${pageFromStart.cpuMs.toFixed(0)} ms` });
  figure({ bench: 'open-journal', name: `decode + group / stream + JSON.parse (cpu)`, value: times(model.cpuMs / base.cpuMs), goal: '≤ 3×', met: model.cpuMs / base.cpuMs <= 3, note: `parse-only ${base.cpuMs.toFixed(0)} ms cpu` });
  figure({ bench: 'open-journal', name: `redact the model / stream + JSON.parse (cpu)`, value: times(redacted.cpuMs / base.cpuMs), goal: '≤ 3×', met: redacted.cpuMs / base.cpuMs <= 3, note: `parse-only ${base.cpuMs.toFixed(0)} ms cpu` });
  figure({ bench: 'open-journal', name: `whole-session model, redacted, ${k} (wall)`, value: `${whole.ms.toFixed(0)} ms`, note: `cpu ×${(whole.cpuMs / base.cpuMs).toFixed(2)} of parsing` });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
