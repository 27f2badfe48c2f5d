// A journal the app recorded opens from the index its writer kept (session/recording-index.ts,
// journal-index.ts openFromRecordingIndex): only its last part is read, and what the renderer is
// sent and can ask for after (the held rows with their indices, the exchanges, old-row pages) is
// exactly what reading it whole gives. The oracle is the whole pass: the same journal opened with
// its index moved away. Journals from the real-modem transcripts, whole, cut mid-line (a crash),
// with a torn index, and random ones (fast-check).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { GrouperWindow } from '../../shared/exchanges';
import type { JournalRecord } from '../../shared/model';
import { grouperRecords, realJournals } from '../../test-support/fuzz-properties';
import { memoryKeyStore } from '../session/key-store';
import { openIndexedJournal, readRecordingIndex, recordingIndexPath } from '../session/recording-index';
import { hasIndex, JournalIndex, loadOpenIndex, openFromRecordingIndex, openingCheckpoint } from './journal-index';
import { pageLog } from './log-pages';
import { createWorkbenchHost } from './services';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-recording-index-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const keys = memoryKeyStore();

/** Records sessions one after another, as the app's writer does (secrets sealed), `every` rows between checkpoints. */
async function record(file: string, sessions: readonly (readonly JournalRecord[])[], every: number, opts: { close?: boolean } = {}): Promise<void> {
  const j = openIndexedJournal(file, { keys, maxBatch: 97, indexEvery: every });
  sessions.forEach((rs, k) => {
    for (const r of rs) {
      const { seq: _seq, ...entry } = { ...r, mono: r.mono + k * 60_000, wall: r.wall + k * 60_000 } as JournalRecord;
      j.write(entry as Parameters<typeof j.write>[0]);
    }
  });
  if (opts.close ?? true) await j.close();
  else j.flushNow(); // the writer still "runs": no clean-close mark
}

/** Opens the journal in a fresh host: what the renderer is sent, and what it can ask for after. */
async function openInFreshHost(name: string, window: GrouperWindow, openIndexMinBytes = Infinity) {
  const host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir, keys, aliyunProfilesDir: path.join(dir, 'config'), window, openIndexMinBytes });
  const sent: [string, unknown][] = [];
  host.hub.on((event, payload) => {
    if (event === 'onLogBatch' || event === 'onExchanges' || event === 'onSessionOpened') sent.push([event, payload]);
  });
  try {
    const opened = await host.services.openJournalFile({ path: name });
    if (!opened.ok) throw new Error(opened.problem.title);
    const exchanges = await host.services.getExchanges(undefined);
    const lines = opened.value.lines;
    const pages = [];
    for (const from of [0, 7, Math.floor(lines / 3), Math.floor(lines / 2), lines - window.entries - 40, lines - 5]) pages.push(await host.services.getLog({ from: Math.max(0, from), limit: 30 }));
    return { opened: opened.value, sent, exchanges, pages };
  } finally {
    await host.shutdown();
  }
}

/** The whole pass: the journal opened with its writer's index moved away. */
async function openWhole(name: string, window: GrouperWindow) {
  const idx = recordingIndexPath(path.join(dir, name));
  const aside = `${idx}.aside`;
  fs.renameSync(idx, aside);
  try {
    return await openInFreshHost(name, window);
  } finally {
    fs.renameSync(aside, idx);
  }
}

const repeat = (n: number): JournalRecord[][] => Array.from({ length: n }, (_, k) => realJournals[k % realJournals.length]!);

describe('opening a journal from the index its writer kept', () => {
  const WINDOW = { entries: 300, exchanges: 120 };

  it('reads only the part after a checkpoint and opens it as reading it whole does', async () => {
    const file = path.join(dir, 'recorded.cjsonl');
    await record(file, repeat(150), 200);
    const fast = await openFromRecordingIndex(file, WINDOW);
    expect(fast).toBeDefined();
    expect(fast!.records).toBeGreaterThan(0);
    const cps = readRecordingIndex(file)!;
    expect(cps.length).toBeGreaterThan(5);
    // Most of the journal is before the checkpoint it opens from: only the rest is read.
    expect(openingCheckpoint(cps, WINDOW)!.offset).toBeGreaterThan(fs.statSync(file).size * 0.6);
    const viaIndex = await openInFreshHost('recorded.cjsonl', WINDOW);
    const whole = await openWhole('recorded.cjsonl', WINDOW);
    expect(viaIndex).toEqual(whole);
    expect(whole.opened.lines).toBeGreaterThan(2_000);
    expect(whole.pages.every((p) => p.ok && p.value.length > 0)).toBe(true);
  });

  it('holds no secret and is private like the journal', async () => {
    const file = path.join(dir, 'recorded.cjsonl');
    const idx = recordingIndexPath(file);
    expect(fs.statSync(idx).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(idx).toString('latin1')).not.toContain('Secr3t');
  });

  it('opens a journal whose writer crashed (cut mid-line, index torn) as reading it whole does', async () => {
    const file = path.join(dir, 'crashed.cjsonl');
    await record(file, repeat(120), 150, { close: false });
    const size = fs.statSync(file).size;
    // Cut mid-line near the end, and tear the index's last frame.
    fs.truncateSync(file, size - 37);
    const idx = recordingIndexPath(file);
    fs.truncateSync(idx, fs.statSync(idx).size - 5);
    expect(await openFromRecordingIndex(file, WINDOW)).toBeDefined();
    const viaIndex = await openInFreshHost('crashed.cjsonl', WINDOW);
    const whole = await openWhole('crashed.cjsonl', WINDOW);
    expect(viaIndex.opened.tornTail).toBe(true);
    expect(viaIndex).toEqual(whole);
  });

  it('opens a crashed journal that was continued after reopening (its index covering the first part) as reading it whole does', async () => {
    const file = path.join(dir, 'continued.cjsonl');
    await record(file, repeat(80), 120, { close: false });
    fs.truncateSync(file, fs.statSync(file).size - 11);
    const before = readRecordingIndex(file)!.length;
    await record(file, repeat(70).reverse(), 120);
    // The reopened writer keeps no index of its own: the first part's checkpoints still hold.
    expect(readRecordingIndex(file)!.length).toBe(before);
    expect(await openFromRecordingIndex(file, WINDOW)).toBeDefined();
    const viaIndex = await openInFreshHost('continued.cjsonl', WINDOW);
    expect(viaIndex).toEqual(await openWhole('continued.cjsonl', WINDOW));
  });

  it('pages a journal still being recorded from its writer\'s checkpoints, as from the start', async () => {
    const file = path.join(dir, 'live.cjsonl');
    const j = openIndexedJournal(file, { keys, maxBatch: 97, indexEvery: 100 });
    const index = new JournalIndex(file);
    for (let k = 0; k < 60; k++) {
      for (const r of realJournals[k % realJournals.length]!) {
        const { seq: _seq, ...entry } = { ...r, mono: r.mono + k * 60_000, wall: r.wall + k * 60_000 } as JournalRecord;
        j.write(entry as Parameters<typeof j.write>[0]);
      }
      if (k % 20 !== 19) continue;
      j.flushNow();
      index.adoptRecorded();
      const count = index.checkpoints.length;
      expect(count).toBeGreaterThan(k / 10);
      for (const from of [3, 150, 400, 777]) {
        const viaIndex = await pageLog(file, from, 40, {}, index);
        expect(viaIndex).toEqual(await pageLog(file, from, 40));
      }
    }
    await j.close();
  });

  it('does not take the index of another journal of the same name', async () => {
    const file = path.join(dir, 'replaced.cjsonl');
    await record(file, repeat(100), 150);
    const idx = recordingIndexPath(file);
    const kept = fs.readFileSync(idx);
    fs.rmSync(file);
    await record(file, repeat(90).reverse(), 150);
    fs.writeFileSync(idx, kept, { mode: 0o600 });
    expect(readRecordingIndex(file)).toBeUndefined();
    expect(await openFromRecordingIndex(file, WINDOW)).toBeUndefined();
  });

  it('tells the renderer how far a journal with no index is read, and nothing for one opened from its index', async () => {
    const progress = async (name: string) => {
      const host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir, keys, aliyunProfilesDir: path.join(dir, 'config'), window: WINDOW, openIndexMinBytes: Infinity });
      const seen: { path: string; done: number; total: number }[] = [];
      host.hub.on((event, payload) => {
        if (event === 'onJournalOpenProgress') seen.push(payload as (typeof seen)[number]);
      });
      expect((await host.services.openJournalFile({ path: name })).ok).toBe(true);
      await host.shutdown();
      return seen;
    };
    expect(await progress('recorded.cjsonl')).toEqual([]);
    const file = path.join(dir, 'recorded.cjsonl');
    fs.copyFileSync(file, path.join(dir, 'copied.cjsonl'));
    const seen = await progress('copied.cjsonl');
    const size = fs.statSync(file).size;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.path === 'copied.cjsonl' && p.total === size)).toBe(true);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    expect(seen.at(-1)!.done).toBe(size);
  });

  it('reads a listed journal with no index in the background: opening it is then a restore, the same as reading it whole', async () => {
    const foreign = path.join(dir, 'foreign.cjsonl');
    fs.copyFileSync(path.join(dir, 'recorded.cjsonl'), foreign);
    expect(hasIndex(foreign)).toBe(false);
    const host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir, keys, aliyunProfilesDir: path.join(dir, 'config'), window: WINDOW, openIndexMinBytes: 1 });
    try {
      expect((await host.services.listSessions(undefined)).ok).toBe(true);
      const until = Date.now() + 30_000;
      while (!hasIndex(foreign) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(hasIndex(foreign)).toBe(true);
    } finally {
      await host.shutdown();
    }
    expect(loadOpenIndex(foreign, WINDOW, { minBytes: 1 })).toBeDefined();
    const restored = await openInFreshHost('foreign.cjsonl', WINDOW, 1);
    const whole = await openInFreshHost('foreign.cjsonl', WINDOW);
    expect(restored).toEqual(whole);
  });

  it('a journal too short for the window is read whole', async () => {
    const file = path.join(dir, 'short.cjsonl');
    await record(file, repeat(10), 50);
    expect(await openFromRecordingIndex(file, { entries: 10_000, exchanges: 5_000 })).toBeUndefined();
  });

  it('random journals, windows and checkpoint spacings, some cut mid-line: the same as reading them whole', async () => {
    let n = 0;
    let fast = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(grouperRecords, { minLength: 15, maxLength: 50 }),
        fc.integer({ min: 10, max: 120 }),
        fc.record({ entries: fc.integer({ min: 5, max: 200 }), exchanges: fc.integer({ min: 2, max: 60 }) }),
        fc.option(fc.integer({ min: 1, max: 400 })),
        async (sessions, every, window, cut) => {
          const name = `random-${n++}.cjsonl`;
          const file = path.join(dir, name);
          await record(file, sessions, every, { close: cut === null });
          if (cut !== null) fs.truncateSync(file, Math.max(0, fs.statSync(file).size - cut));
          if (await openFromRecordingIndex(file, window)) fast++;
          const viaIndex = await openInFreshHost(name, window);
          const whole = await openWhole(name, window);
          expect(viaIndex).toEqual(whole);
        },
      ),
      { numRuns: 40 },
    );
    // Most cases were opened from the index (the others are too short for their window).
    expect(fast).toBeGreaterThan(20);
  }, 120_000);
});
