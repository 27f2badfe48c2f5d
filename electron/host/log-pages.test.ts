// A long session through the path the services use (journal.write → grouper with a window): the
// grouper holds no more than its window, and every older row is read back from the journal as the
// live grouper made it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeGrouper, groupRecords } from '../../shared/exchanges';
import type { JournalRecord, LogEntry } from '../../shared/model';
import type { JournalEntry } from '../at/types';
import { openJournal, readJournal } from '../session/journal';
import { buildJournal, type Step } from '../session/transcript';
import { forEachJournalRecord, journalModel, journalWindow, pageLog } from './log-pages';

const WINDOW = { entries: 2_000, exchanges: 1_000 };
const DELIVERIES = 70_000; // 3 records each, plus the publishes: over 200k records

/** A day in the field, compressed: a publish at QoS 1 every 100 deliveries, a password once. */
function longSession(): Step[] {
  const steps: Step[] = [{ at: 0, send: 'AT+QMTCONN=0,"dev","user","s3cr3t-pw"', lines: [], final: 'OK' }, { at: 5, urc: '+QMTCONN: 0,0,0' }];
  let t = 10;
  for (let i = 0; i < DELIVERIES; i++) {
    steps.push({ at: t++, urc: `+QMTRECV: 0,${i % 65535},"fleet/${i % 7}/state",${String(i).length + 7},"{\\"n\\":${i}}"` });
    if (i % 100 === 99) {
      const msgId = (i % 65534) + 1;
      steps.push({ at: t++, send: `AT+QMTPUB=0,${msgId},1,0,"fleet/ack"`, payload: `ack ${i}`, final: 'OK' });
      steps.push({ at: t++, urc: `+QMTPUB: 0,${msgId},0` });
    }
  }
  return steps;
}

let dir: string;
let journalPath: string;
let live: ExchangeGrouper;
let recordCount = 0;
const sample = new Map<number, LogEntry>(); // every 997th entry, as the live grouper made it
let total = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-pages-'));
  journalPath = path.join(dir, 'session.jsonl');
  const journal = openJournal(journalPath, { maxBatch: 4096 });
  live = new ExchangeGrouper({
    window: WINDOW,
    onEntry: (e) => {
      if (e.index % 997 === 0) sample.set(e.index, e);
    },
  });
  for (const r of buildJournal(longSession())) {
    const { seq: _seq, ...entry } = r;
    live.push(journal.write(entry as JournalEntry)); // what the services' journal tee does
    recordCount++;
    if (recordCount % 5_000 === 0) live.takeChanges(); // what the services' batcher does
  }
  live.takeChanges();
  await journal.close();
  total = live.entryCount;
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a session far longer than the window', () => {
  it('holds no more than the window of entries and exchanges, and bounded bookkeeping', () => {
    expect(recordCount).toBeGreaterThan(200_000);
    expect(total).toBeGreaterThan(70_000);
    const held = live.held();
    expect(held.entries).toBeLessThanOrEqual(WINDOW.entries);
    expect(held.exchanges).toBeLessThanOrEqual(WINDOW.exchanges);
    expect(held.firstEntry).toBe(total - held.entries);
    expect(held.commands).toBeLessThanOrEqual(2 * 256);
    expect(held.pendingResults).toBeLessThanOrEqual(1);
    expect(held.changed).toBe(0);
    expect(live.snapshot().entries.length).toBe(held.entries);
    expect(live.entriesFrom(0, 10)).toEqual([]);
  });

  it('reads any early row back from the journal exactly as the live grouper made it', async () => {
    expect(sample.size).toBeGreaterThan(50);
    for (const index of [...sample.keys()].filter((_, i) => i % 10 === 0)) {
      expect(await pageLog(journalPath, index, 1)).toEqual([sample.get(index)]);
    }
    const first = await pageLog(journalPath, 0, 3);
    expect(first.map((e) => e.text)).toEqual(['AT+QMTCONN=0,"dev","user","s3cr3t-pw"', 'OK', '+QMTCONN: 0,0,0']);
    // The journal's secret marks travel with the row.
    expect(first[0]?.secret?.length).toBeGreaterThan(0);
  });

  it('pages a range that ends where the window starts, contiguously, and the window continues it', async () => {
    const firstHeld = live.held().firstEntry;
    const page = await pageLog(journalPath, firstHeld - 500, 500);
    expect(page.map((e) => e.index)).toEqual(Array.from({ length: 500 }, (_, i) => firstHeld - 500 + i));
    const held = live.entriesFrom(firstHeld, 5);
    expect(held[0]?.index).toBe(firstHeld);
    // Past the end of the session: only what exists.
    expect((await pageLog(journalPath, total - 2, 10)).map((e) => e.index)).toEqual([total - 2, total - 1]);
  });

  it('a journal window of a closed session is the live grouper’s window', async () => {
    const fromDisk = await journalWindow(journalPath, WINDOW);
    const mem = live.snapshot();
    expect(fromDisk.exchanges.map((x) => [x.id, x.command, x.outcome])).toEqual(mem.exchanges.map((x) => [x.id, x.command, x.outcome]));
    expect(fromDisk.entries).toEqual(mem.entries);
  });

  it('the whole model from the journal is the whole journal grouped (for exports)', async () => {
    const { records } = await readJournal(journalPath);
    const whole = groupRecords(records);
    const streamed = await journalModel(journalPath);
    expect(streamed.entries.length).toBe(total);
    expect(streamed.exchanges.length).toBe(whole.exchanges.length);
    expect(streamed.exchanges.at(-1)).toEqual(whole.exchanges.at(-1));
  }, 60_000);

  it('streams every record of the journal in order, and stops when told', async () => {
    let n = 0;
    let lastSeq = -1;
    let ordered = true;
    await forEachJournalRecord(journalPath, (r: JournalRecord) => {
      if (r.seq !== lastSeq + 1) ordered = false;
      lastSeq = r.seq;
      n++;
    });
    expect({ n, ordered }).toEqual({ n: recordCount, ordered: true });
    let seen = 0;
    await forEachJournalRecord(journalPath, () => ++seen < 10);
    expect(seen).toBe(10);
  });
});

describe('the grouper’s bookkeeping stays bounded without a consumer taking changes (as in `workbench at`)', () => {
  it('holds at most the window, even with thousands of commands that never end and a flood of payload lines', () => {
    const g = new ExchangeGrouper({ window: { entries: 500, exchanges: 200 } });
    const steps: Step[] = [];
    for (let i = 0; i < 3_000; i++) steps.push({ at: i * 10, send: `AT+CSQ`, lines: ['+CSQ: 20,99'], final: i % 2 ? 'OK' : null, tookMs: 1 });
    steps.push({ at: 40_000, urc: '+QMTRECV: 0,1,"t",5,"hello"' });
    for (let i = 0; i < 5_000; i++) steps.push({ at: 40_001 + i, urc: `payload line ${i}` });
    for (const r of buildJournal(steps)) g.push(r);
    const held = g.held();
    expect(held.entries).toBeLessThanOrEqual(500);
    expect(held.exchanges).toBeLessThanOrEqual(200);
    expect(held.commands).toBeLessThanOrEqual(2 * 256);
    expect(held.changed).toBeLessThanOrEqual(200);
    // One delivery gathers at most 1,000 continuation lines.
    expect(Math.max(...g.snapshot().exchanges.map((x) => x.entries.length))).toBeLessThanOrEqual(1_000);
  });
});
