// The Sessions list's summary read as the journal streams by says what the whole-read summary
// (the journal's records all in memory, grouped and redacted whole: what listing did before)
// says, for long journals and short ones, compact and plain, closed and crashed, keyed and not.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/model';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from './fixtures';
import { encodeCompactJournal, writerLine } from './journal-compact';
import { openJournal } from './journal';
import { memoryKeyStore } from './key-store';
import { StreamingSummary } from './journal-summary';
import { summariseStreaming, summariseWhole } from './sessions';
import { buildJournal, type Step } from './transcript';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-summary-'));
  dirs.push(d);
  return d;
};
const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;

/** The modem's identity, asked once (the list names the modem). */
const identity: Step[] = [{ at: 0, send: 'ATI', lines: ['Quectel', 'EC20F', 'Revision: EC20CEFAGR06A05M4G'] }];

/** `parts` one after another, each shifted past the previous, numbered as one journal. */
function concat(parts: readonly Step[][]): JournalRecord[] {
  const out: JournalRecord[] = [];
  let t = 0;
  for (const steps of parts) {
    const records = buildJournal(steps);
    for (const r of records) out.push({ ...r, seq: out.length, mono: r.mono + t, wall: r.wall + t } as JournalRecord);
    t += (records.at(-1)?.mono ?? 0) + 1_000;
  }
  return out;
}

const lineEvents = (records: readonly JournalRecord[]) => records.filter((r) => 'event' in r && r.event.type === 'line').length;

async function expectSame(file: string) {
  const whole = await summariseWhole(file);
  const streamed = await summariseStreaming(file);
  expect(streamed).toEqual(whole);
  return streamed;
}

describe('the streamed listing summary', () => {
  it('equals the whole-read summary of a long crashed journal whose first failure carries the password, well past the grouping window', async () => {
    const dir = tmp();
    // A refused connect first (its command holds the password), then a long run of sessions: far
    // more rows than the grouper's window holds (10,000), so exchanges settle as it streams.
    const parts = [identity, refusedConnectSession, ...Array.from({ length: 1_500 }, (_, k) => [successSession, qosSession, linkDropSession][k % 3]!)];
    const records = concat(parts);
    expect(lineEvents(records)).toBeGreaterThan(25_000);
    const compact = path.join(dir, 'session-long.cjsonl');
    fs.writeFileSync(compact, writerLine(deadPid) + '\n' + encodeCompactJournal(records, { cleanClose: false }));
    const plain = path.join(dir, 'session-long.jsonl');
    fs.writeFileSync(plain, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const c = await expectSame(compact);
    expect(c.summary).toMatchObject({ outcome: 'crashed', modem: 'Quectel EC20F', lines: lineEvents(records), records: records.length, startedAt: records[0]!.wall });
    expect(c.summary.outcomeText).toMatch(/^connected; first failure at AT\+QMTCONN=0,.*«redacted».*; ended by crash$/);
    expect(JSON.stringify(c)).not.toContain('wrong;pass#1');
    const p = await expectSame(plain);
    expect(p.summary.outcome).toBe('connected');
  });

  it('equals the whole-read summary of every short session, closed cleanly or not', async () => {
    const dir = tmp();
    let n = 0;
    for (const steps of [successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession, [...identity, ...successSession], []]) {
      for (const cleanClose of [true, false]) {
        const file = path.join(dir, `session-${n++}.cjsonl`);
        fs.writeFileSync(file, writerLine(deadPid) + '\n' + encodeCompactJournal(buildJournal(steps), { cleanClose }));
        await expectSame(file);
      }
    }
    // A torn last line, and a journal being written by a running process (this one).
    const torn = path.join(dir, 'session-torn.cjsonl');
    fs.writeFileSync(torn, writerLine(deadPid) + '\n' + encodeCompactJournal(buildJournal(successSession), { cleanClose: false }) + '["x",1');
    await expectSame(torn);
    const live = path.join(dir, 'session-live.cjsonl');
    fs.writeFileSync(live, writerLine(process.pid) + '\n' + encodeCompactJournal(buildJournal(refusedConnectSession), { cleanClose: false }));
    expect((await expectSame(live)).writerAlive).toBe(process.pid);
  });

  it('equals the whole-read summary of a journal the app wrote with sealed, marked secrets', async () => {
    const dir = tmp();
    const file = path.join(dir, 'session-sealed.cjsonl');
    const journal = openJournal(file, { keys: memoryKeyStore() });
    for (const r of concat([identity, ...Array.from({ length: 400 }, () => refusedConnectSession)])) {
      const { seq: _seq, ...entry } = r;
      journal.write(entry as Parameters<typeof journal.write>[0]);
    }
    journal.flushNow(); // not closed: its writer (this process) still runs
    const s = await expectSame(file);
    expect(s.summary.outcome).toBe('live');
    expect(JSON.stringify(s)).not.toContain('wrong;pass#1');
    await journal.close();
    expect((await expectSame(file)).summary).toMatchObject({ outcome: 'failed', modem: 'Quectel EC20F' });
  });

  it('holds only the exchanges still open, not the session', () => {
    const pass = new StreamingSummary();
    const records = concat(Array.from({ length: 600 }, () => successSession));
    for (const r of records) pass.push(r);
    expect(pass.held().exchanges).toBeLessThan(50);
    expect(pass.held().entries).toBeLessThan(200);
    expect(pass.finish().connectResults).toEqual(['+QMTCONN: 0,0,0']);
  });
});
