// Export benchmark: time and peak memory to export a journal of 1,000,000 records in each format
// (html, json, text, mermaid), against writing the journal's own bytes to disk, in the same run.
// Run: npx tsx bench/export.bench.ts          (EXPORT_RECORDS=20000 for a quick run)
// Each measurement runs in its own child process, so its peak memory (maxRSS) is its own: the
// baseline child builds the same records and writes them as JSONL; an export child builds them
// and exports through exportSession() to a file stream. Figures are ratios to the baseline.
// Records come from the recorded-style fixtures (electron/session/fixtures.ts), repeated with
// shifted times: connects with passwords (work for the redaction), publishes, a refused CONNECT.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JournalRecord } from '../shared/model';
import { buildJournal, type Step } from '../electron/session/transcript';
import { qosSession, refusedConnectSession, successSession } from '../electron/session/fixtures';
import { EXPORT_FORMATS, exportSession, type ExportFormat } from '../electron/session/export';

const N = Number(process.env.EXPORT_RECORDS ?? 1_000_000);
const here = fileURLToPath(import.meta.url);

function records(n: number): JournalRecord[] {
  const cycle = [successSession, qosSession, refusedConnectSession];
  const perCycle = cycle.reduce((k, s) => k + buildJournal(s).length, 0);
  const steps: Step[] = [];
  let t = 0;
  for (let c = 0; c * perCycle < n; c++) {
    for (const s of cycle) {
      for (const step of s) steps.push({ ...step, at: t + step.at });
      t += 10_000;
    }
  }
  return buildJournal(steps).slice(0, n);
}

/** Writes with backpressure, as the CLI does. */
function fileSink(stream: fs.WriteStream) {
  return { write: (c: string) => (stream.write(c) ? undefined : new Promise<void>((r) => stream.once('drain', () => r()))) };
}

async function child(kind: 'baseline' | ExportFormat, out: string): Promise<void> {
  const recs = records(N);
  const t0 = performance.now();
  const stream = fs.createWriteStream(out);
  if (kind === 'baseline') {
    const sink = fileSink(stream);
    let buf: string[] = [];
    for (const r of recs) {
      buf.push(JSON.stringify(r));
      if (buf.length === 1000) {
        await sink.write(buf.join('\n') + '\n');
        buf = [];
      }
    }
    if (buf.length) await sink.write(buf.join('\n') + '\n');
  } else {
    await exportSession(recs, { format: kind, environment: { exportedAt: new Date(0).toISOString() } }, fileSink(stream));
  }
  await new Promise<void>((r) => stream.end(() => r()));
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes: fs.statSync(out).size, records: recs.length }));
}

function measure(kind: string, out: string): { ms: number; maxRssMb: number; bytes: number; records: number } {
  const text = execFileSync(process.execPath, ['--import', 'tsx', here, '--child', kind, out], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(text) as ReturnType<typeof measure>;
}

async function main(): Promise<void> {
  const [flag, kind, out] = process.argv.slice(2);
  if (flag === '--child' && kind && out) return child(kind as 'baseline' | ExportFormat, out);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-export-bench-'));
  try {
    console.log(`export of ${N.toLocaleString('en')} journal records (each run in its own process; ratios to writing the journal's JSONL)`);
    const base = measure('baseline', path.join(dir, 'journal.jsonl'));
    const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
    console.log(`  baseline  ${base.ms.toFixed(0).padStart(7)} ms  peak RSS ${base.maxRssMb.toFixed(0).padStart(5)} MB  file ${mb(base.bytes)}`);
    for (const f of EXPORT_FORMATS) {
      const r = measure(f, path.join(dir, `session.${f}`));
      console.log(
        `  ${f.padEnd(8)}  ${r.ms.toFixed(0).padStart(7)} ms  peak RSS ${r.maxRssMb.toFixed(0).padStart(5)} MB  file ${mb(r.bytes)}   time ×${(r.ms / base.ms).toFixed(2)}  memory ×${(r.maxRssMb / base.maxRssMb).toFixed(2)}`,
      );
    }
    console.log('  (goal: html and json within 3× the baseline time; memory: see the ratios at two record counts)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
