// Export benchmark: time and peak memory to export a journal of 1,000,000 records in each format
// (html, json, text, mermaid), against writing the journal's own bytes to disk, in the same run.
// Run: npx tsx bench/export.bench.ts          (EXPORT_RECORDS=200000 for a quicker run;
//      EXPORT_SIZES=200000,1000000 measures both sizes, to show memory flat in the records)
// Each measurement runs in its own child process, so its peak memory (maxRSS) is its own: the
// baseline child generates the records one cycle at a time and writes them as the journal (JSONL),
// timing only the writing (serialising and writing the bytes, as the journal writer does);
// each export child streams that journal file through exportSession(journalSource(file)) to a file
// stream, so neither ever holds the session. Figures are ratios to the baseline of the same size,
// in wall-clock time (the goal's measure) and in CPU time (steadier on a shared machine); the end
// says, per format, whether the goal is met.
// Records come from the recorded-style fixtures (electron/session/fixtures.ts), repeated with
// shifted times and command ids: connects with passwords (work for the redaction), publishes, a
// refused CONNECT.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JournalRecord } from '../shared/model';
import { buildJournal } from '../electron/session/transcript';
import { qosSession, refusedConnectSession, successSession } from '../electron/session/fixtures';
import { EXPORT_FORMATS, exportSession, journalSource, type ExportFormat } from '../electron/session/export';
import { figure, loadNote, times } from './figures';

const SIZES = (process.env.EXPORT_SIZES ?? process.env.EXPORT_RECORDS ?? '1000000').split(',').map(Number);
const here = fileURLToPath(import.meta.url);

/** The bench session, a fixture cycle at a time: `n` records, never all in memory. */
function* records(n: number): Generator<JournalRecord> {
  const cycle = [successSession, qosSession, refusedConnectSession];
  let seq = 0;
  let ids = 0;
  for (let t = 0; ; ) {
    for (const s of cycle) {
      let top = 0;
      for (const r of buildJournal(s.map((step) => ({ ...step, at: t + step.at })))) {
        if (seq >= n) return;
        let out: JournalRecord = { ...r, seq: seq++ };
        if ('event' in out) {
          const e = out.event as { id?: number; commandId?: number };
          const moved = { ...e, ...(e.id !== undefined ? { id: e.id + ids } : {}), ...(e.commandId !== undefined ? { commandId: e.commandId + ids } : {}) };
          top = Math.max(top, moved.id ?? 0, moved.commandId ?? 0);
          out = { ...out, event: moved } as JournalRecord;
        }
        yield out;
      }
      ids = Math.max(ids, top);
      t += 10_000;
    }
  }
}

/** CPU time of this process (user and system), in ms: on a shared machine, steadier than the clock. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Writes with backpressure, as the CLI does (text, and the bytes of a spilled body as they are). */
function fileSink(stream: fs.WriteStream) {
  const write = (c: string | Uint8Array) => (stream.write(c) ? undefined : new Promise<void>((r) => stream.once('drain', () => r())));
  return { write, writeBytes: write };
}

async function child(kind: 'baseline' | ExportFormat, n: number, journal: string, out: string): Promise<void> {
  let t0 = performance.now();
  let cpu0 = cpuMs();
  const stream = fs.createWriteStream(kind === 'baseline' ? journal : out);
  let count = n;
  if (kind === 'baseline') {
    // Only the writing is timed (as when the records were in memory): their generation is not.
    const sink = fileSink(stream);
    let buf: string[] = [];
    const gen = records(n);
    for (;;) {
      const g0 = performance.now();
      const c0 = cpuMs();
      const next = gen.next();
      t0 += performance.now() - g0;
      cpu0 += cpuMs() - c0;
      if (next.done) break;
      buf.push(JSON.stringify(next.value));
      if (buf.length === 1000) {
        await sink.write(buf.join('\n') + '\n');
        buf = [];
      }
    }
    if (buf.length) await sink.write(buf.join('\n') + '\n');
  } else {
    const result = await exportSession(journalSource(journal), { format: kind, environment: { exportedAt: new Date(0).toISOString() } }, fileSink(stream));
    count = result.records;
  }
  await new Promise<void>((r) => stream.end(() => r()));
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, cpuMs: cpuMs() - cpu0, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes: fs.statSync(kind === 'baseline' ? journal : out).size, records: count }));
}

function measure(kind: string, n: number, journal: string, out: string): { ms: number; cpuMs: number; maxRssMb: number; bytes: number; records: number } {
  const text = execFileSync(process.execPath, ['--import', 'tsx', here, '--child', kind, String(n), journal, out], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(text) as ReturnType<typeof measure>;
}

/** The goal: html and json within this many times the baseline's time. */
const GOAL_RATIO = 3;
const GOAL_FORMATS: readonly ExportFormat[] = ['html', 'json'];
/** Memory is flat when the largest size's peak is within this factor of the smallest size's. */
const FLAT = 1.25;

async function main(): Promise<void> {
  const [flag, kind, n, journal, out] = process.argv.slice(2);
  if (flag === '--child' && kind && n && journal && out) return child(kind as 'baseline' | ExportFormat, Number(n), journal, out);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-export-bench-'));
  const peaks = new Map<string, number[]>();
  const verdicts: string[] = [];
  try {
    const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
    for (const size of SIZES) {
      console.log(`export of ${size.toLocaleString('en')} journal records (each run in its own process, streamed from the journal file; ratios to writing the journal's JSONL)`);
      const journal = path.join(dir, 'journal.jsonl');
      const base = measure('baseline', size, journal, journal);
      console.log(`  baseline  ${base.ms.toFixed(0).padStart(7)} ms  cpu ${base.cpuMs.toFixed(0).padStart(7)} ms  peak RSS ${base.maxRssMb.toFixed(0).padStart(5)} MB  file ${mb(base.bytes)}`);
      for (const f of EXPORT_FORMATS) {
        const r = measure(f, size, journal, path.join(dir, `session.${f}`));
        const ratio = r.ms / base.ms;
        peaks.set(f, [...(peaks.get(f) ?? []), r.maxRssMb]);
        console.log(
          `  ${f.padEnd(8)}  ${r.ms.toFixed(0).padStart(7)} ms  cpu ${r.cpuMs.toFixed(0).padStart(7)} ms  peak RSS ${r.maxRssMb.toFixed(0).padStart(5)} MB  file ${mb(r.bytes)}   time ×${ratio.toFixed(2)}  cpu ×${(r.cpuMs / base.cpuMs).toFixed(2)}  memory ×${(r.maxRssMb / base.maxRssMb).toFixed(2)}`,
        );
        if (GOAL_FORMATS.includes(f)) verdicts.push(`${f} ×${ratio.toFixed(1)} at ${size.toLocaleString('en')} records (goal ≤${GOAL_RATIO}×: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'})`);
        const goal = GOAL_FORMATS.includes(f);
        figure({ bench: 'export', name: `export ${f}, ${size.toLocaleString('en')} records / writing the JSONL`, value: times(ratio), ...(goal ? { goal: `≤ ${GOAL_RATIO.toFixed(2)}×`, met: ratio <= GOAL_RATIO } : {}), note: `baseline ${base.ms.toFixed(0)} ms wall, cpu ×${(r.cpuMs / base.cpuMs).toFixed(2)}, ${await loadNote()}` });
      }
    }
    console.log('goal: html and json within 3× the baseline time, memory flat in the number of records');
    for (const v of verdicts) console.log(`  ${v}`);
    if (SIZES.length > 1) {
      for (const [f, p] of peaks) {
        const growth = (p[p.length - 1] as number) / (p[0] as number);
        console.log(`  ${f} peak RSS ${p.map((m) => m.toFixed(0)).join(' → ')} MB from ${SIZES[0]?.toLocaleString('en')} to ${SIZES[SIZES.length - 1]?.toLocaleString('en')} records: ×${growth.toFixed(2)} (flat, ≤${FLAT}×: ${growth <= FLAT ? 'met' : 'NOT met'})`);
        figure({ bench: 'export', name: `export ${f} peak RSS growth ${SIZES[0]?.toLocaleString('en')} → ${SIZES[SIZES.length - 1]?.toLocaleString('en')} records`, value: times(growth), goal: `≤ ${FLAT.toFixed(2)}× (flat)`, met: growth <= FLAT });
      }
    } else console.log('  (memory: run with EXPORT_SIZES=200000,1000000 to compare the peaks of two sizes)');
    console.log('  (times are wall clock; on a shared machine the cpu column is the steadier figure)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
