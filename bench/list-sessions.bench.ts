// Listing a journal folder that holds a day-long journal with no index of any kind (about
// 1,000,000 line events: copied from another laptop, or written by an older version): what the
// Sessions list spends to make its row, before (the journal read whole into memory, grouped and
// redacted whole: sessions.ts summariseWhole) and after (streamed: journal-summary.ts), each in a
// process of its own so that its peak memory (max RSS above the process's RSS just before the
// step) is its own; and what the host spends from the listing to a journal that opens as a restore:
// before, the row's read then the background open pass (two reads of the file); after, one pass
// makes both (services.ts listingSummariser). Times as CPU (user + system: the steadier figure on a
// shared machine) and wall, each also as a ratio to the baseline of the same run: streaming the
// same file and JSON.parse of each line, nothing else.
// Run: npx tsx bench/list-sessions.bench.ts   (LINES=200000 for a quicker run)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkbenchHost } from '../electron/host/services';
import { hasIndex } from '../electron/host/journal-index';
import { JOURNAL_EXTENSION, openJournal } from '../electron/session/journal';
import { memoryKeyStore } from '../electron/session/key-store';
import { summariseStreaming, summariseWhole } from '../electron/session/sessions';
import { daySession, parseEachLine, uptime, writeRepeats } from './day-journal';
import { figure, loadNote, times } from './figures';

type Step = 'baseline' | 'whole' | 'streamed' | 'host-before' | 'host-after';
interface Measured {
  ms: number;
  cpuMs: number;
  /** Peak RSS above the RSS just before the step (MB). */
  peakMb: number;
  result?: unknown;
}


async function timed(fn: () => Promise<unknown>): Promise<Measured> {
  const rss0 = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const c = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  // maxRSS is in KB, and covers the whole process: the RSS before the step is taken off.
  const peakMb = Math.max(0, process.resourceUsage().maxRSS * 1024 - rss0) / 1e6;
  return { ms, cpuMs: (c.user + c.system) / 1000, peakMb, result };
}


/**
 * The host's work from the first listing to the journal opened, in a host of its own. Before: the
 * row read whole (as the list did), then the open pass (the one the background read runs, here
 * through the open itself); after: the listing (one pass for the row and the open index), then the
 * open, a restore.
 */
async function hostListing(dir: string, file: string, before: boolean): Promise<unknown> {
  const host = createWorkbenchHost({ mode: 'browser', version: 'bench', journalDir: dir, keys: memoryKeyStore(), aliyunProfilesDir: path.join(dir, 'config') });
  try {
    const row = before ? (await summariseWhole(file)).summary.lines : await host.services.listSessions(undefined).then((l) => (l.ok ? l.value[0]?.lines : -1));
    if (!before && !hasIndex(file)) throw new Error('the listing left no open index');
    const opened = await host.services.openJournalFile({ path: path.basename(file) });
    if (!opened.ok) throw new Error(opened.problem.title);
    return { row, opened: opened.value.lines };
  } finally {
    await host.shutdown();
  }
}

/** One step in this process (a child), printed as JSON. */
async function child(step: Step, dir: string, file: string): Promise<void> {
  let m: Measured;
  if (step === 'baseline') m = await timed(() => parseEachLine(file));
  else if (step === 'whole') m = await timed(async () => (await summariseWhole(file)).summary);
  else if (step === 'streamed') m = await timed(async () => (await summariseStreaming(file)).summary);
  else m = await timed(() => hostListing(dir, file, step === 'host-before'));
  process.stdout.write(JSON.stringify(m));
}

/** Runs a step in a fresh process (nothing of another step in its memory). */
function inChild(step: Step, dir: string, file: string): Measured {
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--step', step, dir, file], { encoding: 'utf8', maxBuffer: 1 << 26, env: process.env });
  if (r.status !== 0) throw new Error(`${step} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measured;
}

async function main(): Promise<void> {
  const LINES = Number(process.env.LINES ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-list-bench-'));
  const file = path.join(dir, `session-copied${JOURNAL_EXTENSION}`);
  try {
    console.log(`uptime at start: ${uptime()}`);
    // The §5.1 session repeated, as the app's writer journals it (compact lines, secrets sealed),
    // with no index beside it.
    const { one, linesPer } = daySession();
    const repeats = Math.ceil(LINES / linesPer);
    const journal = openJournal(file, { keys: memoryKeyStore(), maxBatch: 4096 });
    writeRepeats(journal, one, repeats);
    await journal.close();
    const bytes = fs.statSync(file).size;
    console.log(`journal: ${(repeats * one.length).toLocaleString('en')} records, ${(repeats * linesPer).toLocaleString('en')} line events, ${(bytes / 1e6).toFixed(0)} MB, no index`);

    const base = inChild('baseline', dir, file);
    const whole = inChild('whole', dir, file);
    const streamed = inChild('streamed', dir, file);
    if (JSON.stringify(whole.result) !== JSON.stringify(streamed.result)) throw new Error(`the streamed row differs: ${JSON.stringify(streamed.result)} vs ${JSON.stringify(whole.result)}`);
    // The host: each run starts with no summary cached and no open index.
    const clean = () => {
      for (const n of fs.readdirSync(dir)) if (n.startsWith('.')) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
    };
    clean();
    const hostBefore = inChild('host-before', dir, file);
    clean();
    const hostAfter = inChild('host-after', dir, file);
    if (JSON.stringify(hostBefore.result) !== JSON.stringify(hostAfter.result)) throw new Error(`listed or opened differently: ${JSON.stringify(hostAfter.result)} vs ${JSON.stringify(hostBefore.result)}`);
    clean();

    const row = (name: string, t: Measured) =>
      console.log(`${name.padEnd(58)} ${t.ms.toFixed(0).padStart(7)} ms   cpu ${t.cpuMs.toFixed(0).padStart(7)} ms (×${(t.cpuMs / base.cpuMs).toFixed(2)} of parsing)   peak +${t.peakMb.toFixed(0).padStart(5)} MB`);
    row('baseline: stream + JSON.parse each line', base);
    row('list row, before: read whole, grouped and redacted whole', whole);
    row('list row, after: streamed', streamed);
    row('listing + open, before: row read whole, then the open pass', hostBefore);
    row('listing + open, after: one pass for both, then a restore', hostAfter);
    console.log(`uptime at end: ${uptime()}`);
    const load = await loadNote();
    const k = `${((repeats * linesPer) / 1e6).toFixed(1)} M lines`;
    const parse = `parse-only ${base.cpuMs.toFixed(0)} ms cpu / ${base.ms.toFixed(0)} ms wall`;
    figure({ bench: 'list-sessions', name: `list row of a ${k} journal, streamed / read whole (cpu)`, value: times(streamed.cpuMs / whole.cpuMs), goal: '≤ 1×', met: streamed.cpuMs <= whole.cpuMs, note: `streamed ×${(streamed.cpuMs / base.cpuMs).toFixed(2)}, read whole ×${(whole.cpuMs / base.cpuMs).toFixed(2)} of ${parse}; ${load}` });
    figure({ bench: 'list-sessions', name: `list row of a ${k} journal, peak memory (RSS)`, value: `${streamed.peakMb.toFixed(0)} MB`, goal: '≤ parse-only + 100 MB', met: streamed.peakMb <= base.peakMb + 100, note: `read whole: ${whole.peakMb.toFixed(0)} MB; parse-only ${base.peakMb.toFixed(0)} MB; the journal is ${(bytes / 1e6).toFixed(0)} MB` });
    figure({ bench: 'list-sessions', name: `list row of a ${k} journal, streamed (wall)`, value: `${streamed.ms.toFixed(0)} ms`, note: `read whole ${whole.ms.toFixed(0)} ms; cpu ${streamed.cpuMs.toFixed(0)} ms vs ${whole.cpuMs.toFixed(0)} ms; ${load}` });
    figure({ bench: 'list-sessions', name: `listing then opening it, one pass / two (cpu)`, value: times(hostAfter.cpuMs / hostBefore.cpuMs), goal: '< 1×', met: hostAfter.cpuMs < hostBefore.cpuMs, note: `one pass ×${(hostAfter.cpuMs / base.cpuMs).toFixed(2)}, two ×${(hostBefore.cpuMs / base.cpuMs).toFixed(2)} of parsing; peak +${hostAfter.peakMb.toFixed(0)} MB vs +${hostBefore.peakMb.toFixed(0)} MB` });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--step');
if (at >= 0) await child(process.argv[at + 1] as Step, process.argv[at + 2]!, process.argv[at + 3]!);
else await main();
