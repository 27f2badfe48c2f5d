// The journal writer's host-thread cost per record: the real-modem transcripts (fixtures.ts)
// appended as the engine appends them (byte records as bytes where the writer takes them), sealed
// with a key as every entry point seals, through the writer before its per-record work was cut
// (test-support/journal-oracle/) and the current one, rounds interleaved; the median µs per
// record of each. Not a test: nothing is asserted (journal-bytes.prop.test.ts checks the two
// write the same bytes).
//
// Run:  npx tsx bench/journal-append.bench.ts        JOURNAL_ROUNDS=9 JOURNAL_REPEAT=400
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JournalEntry } from '../electron/at/types';
import { successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession } from '../electron/session/fixtures';
import { openJournal } from '../electron/session/journal';
import { memoryKeyStore } from '../electron/session/key-store';
import { buildJournal } from '../electron/session/transcript';
import { openJournal as openBefore } from '../test-support/journal-oracle/journal';

const ROUNDS = Number(process.env.JOURNAL_ROUNDS ?? 9);
const REPEAT = Number(process.env.JOURNAL_REPEAT ?? 400);
const entries = [successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession].flatMap((s) => buildJournal(s)).map(({ seq: _seq, ...r }) => r as JournalEntry);
const raw = entries.map((e) => ('bytes' in e ? new Uint8Array(Buffer.from(e.bytes, 'base64')) : undefined));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-journal-bench-'));
const keys = memoryKeyStore();

/** µs per record of one run of `open`'s writer. */
function run(open: typeof openJournal, name: string): number {
  const j = open(path.join(dir, name), { keys });
  const t0 = performance.now();
  for (let i = 0; i < REPEAT; i++) {
    // Times move on as a session's do, with the sub-microsecond digits of a real clock.
    const dm = i * 37.0013;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k]!;
      const b = raw[k];
      if (b && 'bytes' in e && j.appendBytes) j.appendBytes(e.mono + dm, e.wall + dm, e.dir, b);
      else j.append({ ...e, mono: e.mono + dm, wall: e.wall + dm } as JournalEntry);
    }
  }
  j.flushNow();
  const us = ((performance.now() - t0) * 1000) / (REPEAT * entries.length);
  void j.close();
  return us;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
try {
  run(openBefore as typeof openJournal, 'warm-before.cjsonl');
  run(openJournal, 'warm-after.cjsonl');
  const before: number[] = [];
  const after: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    before.push(run(openBefore as typeof openJournal, `before-${r}.cjsonl`));
    after.push(run(openJournal, `after-${r}.cjsonl`));
  }
  const b = median(before);
  const a = median(after);
  console.log(`journal append, ${entries.length * REPEAT} records a round, median of ${ROUNDS}, load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores:`);
  console.log(`  before  ${b.toFixed(2)} µs/record`);
  console.log(`  after   ${a.toFixed(2)} µs/record   (${(a / b).toFixed(2)}×)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
