// Opening a day-long session: a journal of about 1,000,000 line events (the app's own compact
// journal, written by its journal writer, which keeps the journal's index as it records:
// session/recording-index.ts) opened as the Sessions list does it, through
// createWorkbenchHost().openJournalFile (read, parse, group into the log and exchange models of the
// held window, published to the renderer), then the diagram's getExchanges. Each open runs in a
// host of its own, created just before it (nothing of an earlier open is in memory), and is timed
// from the request to the exchanges in hand:
//   - first open, recorded by the app: restored from the writer's index near the end, the lines
//     after that checkpoint read (host/journal-index.ts openFromRecordingIndex);
//   - first open, no index (the same bytes copied under another name without their index, as a
//     journal from another laptop or an older version arrives), opened at once: the whole journal is
//     read, grouped and checkpointed in one pass; the first view and the completed index (open index
//     + paging checkpoints) arrive together, at the end of that pass. The app runs the same pass in
//     the background once the Sessions list shows such a journal, so a user who opens it later than
//     that pass takes gets the next figure instead (the list's own reading is not timed here);
//   - open again (and a no-index journal opened after its background pass): the copied journal in a
//     new host, restored from the open index that pass kept (.open-index/*.v8); and the recorded one
//     again (from its writer's index: it keeps no other);
//   - a page of 100 old rows just before the window, in the host of the recorded journal's first
//     open (served from the writer's nearest checkpoint), against the same page regrouped from the
//     start.
// Then the whole-session model a diagram or export draws (journalModel) and its redaction
// (redactModel), each against the baseline: streaming the same file and JSON.parse of each line,
// nothing else, in the same run. CPU figures are this process's (user + system), wall figures are
// elapsed time; the machine is shared, so both are printed with the load average (and `uptime`).
// Not cold in one respect: the journal was just written, so the OS holds its pages in memory for
// every figure here, the baseline included (a first open after a reboot also waits for the disk).
// Run: npx tsx bench/open-journal.bench.ts   (LINES=200000 for a quicker run)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkbenchHost } from '../electron/host/services';
import { OPEN_INDEX_DIR } from '../electron/host/journal-index';
import { journalModel, pageLog } from '../electron/host/log-pages';
import { JOURNAL_EXTENSION, openJournal } from '../electron/session/journal';
import { openIndexedJournal, recordingIndexPath } from '../electron/session/recording-index';
import { memoryKeyStore } from '../electron/session/key-store';
import { redactModel } from '../electron/session/redact';
import { daySession, parseEachLine, uptime, writeRepeats } from './day-journal';
import { figure, loadNote, times } from './figures';

const LINES = Number(process.env.LINES ?? 1_000_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-open-bench-'));
const file = path.join(dir, `session-bench${JOURNAL_EXTENSION}`);
/** The same bytes under another name, without their index (a journal from elsewhere). */
const copied = path.join(dir, `session-copied${JOURNAL_EXTENSION}`);

/** CPU and wall time of one step (CPU is the steadier figure on a shared machine). */
async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

try {
  console.log(`uptime at start: ${uptime()}`);
  // The §5.1 session repeated, as the app's writer journals it (compact lines, secrets sealed, its
  // index kept as it records).
  const { one, linesPer } = daySession();
  const repeats = Math.ceil(LINES / linesPer);
  const recording = await timed(async () => {
    const journal = openIndexedJournal(file, { keys: memoryKeyStore(), maxBatch: 4096 });
    writeRepeats(journal, one, repeats);
    await journal.close();
  });
  fs.copyFileSync(file, copied);
  // What keeping the index costs the writer: a sample recorded with and without it.
  const sampleRepeats = Math.min(repeats, Math.ceil(100_000 / linesPer));
  const recordSample = (indexed: boolean) =>
    timed(async () => {
      const sample = path.join(dir, `sample-${indexed ? 'indexed' : 'plain'}${JOURNAL_EXTENSION}`);
      const journal = (indexed ? openIndexedJournal : openJournal)(sample, { keys: memoryKeyStore(), maxBatch: 4096 });
      writeRepeats(journal, one, sampleRepeats);
      await journal.close();
      fs.rmSync(sample);
    });
  const samplePlain = await recordSample(false);
  const sampleIndexed = await recordSample(true);
  const perK = (t: { cpuMs: number }) => (t.cpuMs / (sampleRepeats * linesPer)) * 1000;
  const bytes = fs.statSync(file).size;
  const idxBytes = fs.statSync(recordingIndexPath(file)).size;
  console.log(`journal: ${(repeats * one.length).toLocaleString('en')} records, ${(repeats * linesPer).toLocaleString('en')} line events, ${(bytes / 1e6).toFixed(0)} MB; its writer's index ${(idxBytes / 1e6).toFixed(2)} MB`);

  const newHost = () => createWorkbenchHost({ mode: 'browser', version: 'bench', journalDir: dir, keys: memoryKeyStore(), aliyunProfilesDir: path.join(dir, 'config') });
  const base = await timed(() => parseEachLine(file));
  /** What the app does on open, in a new host: the window's rows reach the renderer as one log batch (counted from the event), and the diagram asks for the exchanges. */
  const openIn = async (host: ReturnType<typeof newHost>, journal: string) => {
    let rows = 0;
    host.hub.on((name, payload) => {
      if (name === 'onLogBatch') rows += (payload as unknown[]).length;
    });
    return timed(async () => {
      const opened = await host.services.openJournalFile({ path: journal });
      if (!opened.ok) throw new Error(opened.problem.title);
      const ex = await host.services.getExchanges(undefined);
      return { lines: opened.value.lines, records: opened.value.records, rows, exchanges: ex.ok ? JSON.stringify(ex.value).length : 0, count: ex.ok ? ex.value.length : 0 };
    });
  };
  // 1. First open of the journal the app recorded.
  const hostA = newHost();
  const open = await openIn(hostA, file);
  // A page of 100 old rows just before the held window (the rows a user scrolls up to first).
  const firstHeld = open.value.lines - open.value.rows;
  const pageFrom = Math.max(0, firstHeld - 100);
  const page = await timed(async () => {
    const r = await hostA.services.getLog({ from: pageFrom, limit: 100 });
    if (!r.ok || r.value.length !== 100 || r.value[0]!.index !== pageFrom) throw new Error('page not served');
    return r.value;
  });
  const heapAfterOpen = process.memoryUsage().heapUsed;
  await hostA.shutdown();
  const pageFromStart = await timed(() => pageLog(file, pageFrom, 100));
  if (JSON.stringify(pageFromStart.value) !== JSON.stringify(page.value)) throw new Error('the page differs from the same page regrouped from the start');
  // 2. First open of the same journal with no index.
  const hostB = newHost();
  const noIndex = await openIn(hostB, copied);
  await hostB.shutdown();
  if (JSON.stringify(noIndex.value) !== JSON.stringify(open.value)) throw new Error(`opened differently: ${JSON.stringify(noIndex.value)} vs ${JSON.stringify(open.value)}`);
  // 3. Open again: the copied journal from its open index, the recorded one from its writer's index.
  const hostC = newHost();
  const reopen = await openIn(hostC, copied);
  await hostC.shutdown();
  const hostD = newHost();
  const reopenRecorded = await openIn(hostD, file);
  await hostD.shutdown();
  for (const again of [reopen, reopenRecorded]) if (JSON.stringify(again.value) !== JSON.stringify(open.value)) throw new Error(`reopened differently: ${JSON.stringify(again.value)} vs ${JSON.stringify(open.value)}`);
  const model = await timed(() => journalModel(file));
  const redacted = await timed(() => redactModel(model.value));
  const whole = { value: redacted.value, ms: model.ms + redacted.ms, cpuMs: model.cpuMs + redacted.cpuMs };
  const row = (name: string, t: { ms: number; cpuMs: number }) =>
    console.log(`${name.padEnd(50)} ${t.ms.toFixed(0).padStart(7)} ms   cpu ${t.cpuMs.toFixed(0).padStart(7)} ms   ×${(t.cpuMs / base.cpuMs).toFixed(2)} of parsing (cpu)`);
  row('baseline: stream + JSON.parse each line', base);
  row('recording it with its index (writer, cpu)', recording);
  console.log(`   per 1,000 lines: ${perK(sampleIndexed).toFixed(1)} ms cpu with the index, ${perK(samplePlain).toFixed(1)} ms without (a sample of ${(sampleRepeats * linesPer).toLocaleString('en')} lines)`);
  row('first open, recorded by the app (writer index)', open);
  console.log(`   ${open.value.lines.toLocaleString('en')} lines; the window holds ${open.value.rows.toLocaleString('en')} rows, ${open.value.count.toLocaleString('en')} exchanges`);
  row('first open, no index (first view = index done)', noIndex);
  row('open again / after its background pass (open index)', reopen);
  const indexBytes = fs.statSync(path.join(dir, OPEN_INDEX_DIR, `${path.basename(copied)}.v8`)).size;
  console.log(`   open index ${(indexBytes / 1e6).toFixed(1)} MB beside the ${(bytes / 1e6).toFixed(0)} MB journal (the held window and the paging checkpoints)`);
  row('open again, recorded journal (writer index)', reopenRecorded);
  row('a page of 100 rows before the window', page);
  row('   the same page regrouped from the start', pageFromStart);
  row('decode + group the whole journal', model);
  row('redact the whole model', redacted);
  row('whole-session model, redacted (diagram)', whole);
  console.log(`   ${whole.value.entries.length.toLocaleString('en')} rows, ${whole.value.exchanges.length.toLocaleString('en')} exchanges; heap after the first open ${(heapAfterOpen / 1e6).toFixed(0)} MB`);
  console.log(`uptime at end: ${uptime()}`);
  const load = await loadNote();
  const k = `${(repeats * linesPer / 1e6).toFixed(1)} M lines`;
  const parse = `parse-only ${base.cpuMs.toFixed(0)} ms cpu / ${base.ms.toFixed(0)} ms wall`;
  figure({ bench: 'open-journal', name: `first open, recorded by the app, ${k} (wall)`, value: `${open.ms.toFixed(0)} ms`, goal: '< 1000 ms', met: open.ms < 1000, note: `cpu ${open.cpuMs.toFixed(0)} ms (×${(open.cpuMs / base.cpuMs).toFixed(2)} of ${parse}), ${load}` });
  figure({ bench: 'open-journal', name: `first open, no index, at once: first view, ${k} (wall)`, value: `${noIndex.ms.toFixed(0)} ms`, goal: '< 1000 ms', met: noIndex.ms < 1000, note: `cpu ${noIndex.cpuMs.toFixed(0)} ms; the whole journal read (index complete at the same time), ${load}` });
  figure({ bench: 'open-journal', name: `first open, no index / stream + JSON.parse (cpu)`, value: times(noIndex.cpuMs / base.cpuMs), goal: '≤ 3×', met: noIndex.cpuMs / base.cpuMs <= 3, note: parse });
  figure({ bench: 'open-journal', name: `open again / no index after its background pass, ${k} (wall)`, value: `${reopen.ms.toFixed(0)} ms`, goal: '< 1000 ms', met: reopen.ms < 1000, note: `cpu ${reopen.cpuMs.toFixed(0)} ms from the open index; recorded journal again: ${reopenRecorded.ms.toFixed(0)} ms wall, cpu ${reopenRecorded.cpuMs.toFixed(0)} ms` });
  figure({ bench: 'open-journal', name: `page of 100 old rows near the end, ${k} (cpu)`, value: `${page.cpuMs.toFixed(0)} ms`, goal: '< 100 ms', met: page.cpuMs < 100, note: `wall ${page.ms.toFixed(0)} ms; regrouped from the start: cpu ${pageFromStart.cpuMs.toFixed(0)} ms` });
  figure({ bench: 'open-journal', name: `decode + group / stream + JSON.parse (cpu)`, value: times(model.cpuMs / base.cpuMs), goal: '≤ 3×', met: model.cpuMs / base.cpuMs <= 3, note: parse });
  figure({ bench: 'open-journal', name: `redact the model / stream + JSON.parse (cpu)`, value: times(redacted.cpuMs / base.cpuMs), goal: '≤ 3×', met: redacted.cpuMs / base.cpuMs <= 3, note: parse });
  figure({ bench: 'open-journal', name: `whole-session model, redacted, ${k} (wall)`, value: `${whole.ms.toFixed(0)} ms`, note: `cpu ×${(whole.cpuMs / base.cpuMs).toFixed(2)} of parsing` });
  figure({ bench: 'open-journal', name: `recording with its index (cpu per 1,000 lines)`, value: `${perK(sampleIndexed).toFixed(1)} ms`, note: `without the index ${perK(samplePlain).toFixed(1)} ms (a sample of ${(sampleRepeats * linesPer).toLocaleString('en')} lines)` });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
