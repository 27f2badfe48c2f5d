// Reopening a large journal restores what the first open made of it (journal-index.ts): the same
// session, log rows, exchanges and old-row pages as reading it again, and a journal that changed
// since is read again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/model';
import { realJournals } from '../../test-support/fuzz-properties';
import { openJournal } from '../session/journal';
import { memoryKeyStore } from '../session/key-store';
import { loadOpenIndex, OPEN_INDEX_DIR } from './journal-index';
import { createWorkbenchHost } from './services';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-open-index-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const keys = memoryKeyStore();
const WINDOW = { entries: 300, exchanges: 120 };

function append(file: string, from: number, to: number): void {
  const j = openJournal(file, { keys, maxBatch: 4096 });
  for (let k = from; k < to; k++)
    for (const r of realJournals[k % realJournals.length]!) {
      const { seq: _seq, ...entry } = { ...r, mono: r.mono + k * 60_000, wall: r.wall + k * 60_000 } as JournalRecord;
      j.write(entry as Parameters<typeof j.write>[0]);
    }
  void j.close();
}

/** Opens the journal in a fresh host: what the renderer is sent, and what it can ask for after. */
async function openInFreshHost(name: string) {
  const host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir, keys, aliyunProfilesDir: path.join(dir, 'config'), window: WINDOW, openIndexMinBytes: 1 });
  const sent: [string, unknown][] = [];
  host.hub.on((event, payload) => {
    if (event === 'onLogBatch' || event === 'onExchanges' || event === 'onSessionOpened') sent.push([event, payload]);
  });
  const opened = await host.services.openJournalFile({ path: name });
  if (!opened.ok) throw new Error(opened.problem.title);
  const exchanges = await host.services.getExchanges(undefined);
  const lines = opened.value.lines;
  const pages = [];
  for (const from of [0, 123, Math.floor(lines / 2), lines - WINDOW.entries - 40]) pages.push(await host.services.getLog({ from, limit: 30 }));
  await host.shutdown();
  return { opened: opened.value, sent, exchanges, pages };
}

describe('reopening a large journal', () => {
  it('restores the first open: the same session, rows, exchanges and pages, with no secret in its index', async () => {
    const file = path.join(dir, 'long.cjsonl');
    append(file, 0, 150);
    const first = await openInFreshHost('long.cjsonl');
    const indexFile = path.join(dir, OPEN_INDEX_DIR, 'long.cjsonl.v8');
    expect(fs.statSync(indexFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(indexFile).toString('latin1')).not.toContain('Secr3t');
    expect(loadOpenIndex(file, WINDOW, { minBytes: 1 })).toBeDefined();
    const again = await openInFreshHost('long.cjsonl');
    expect(again).toEqual(first);
    expect(first.opened.lines).toBeGreaterThan(1_000);
    expect(first.pages.every((p) => p.ok && p.value.length === 30)).toBe(true);
  });

  it('reads a journal that grew since again, as a reading with no index does', async () => {
    const file = path.join(dir, 'growing.cjsonl');
    append(file, 0, 60);
    const before = await openInFreshHost('growing.cjsonl');
    append(file, 60, 90);
    expect(loadOpenIndex(file, WINDOW, { minBytes: 1 })).toBeUndefined();
    const after = await openInFreshHost('growing.cjsonl');
    expect(after.opened.lines).toBeGreaterThan(before.opened.lines);
    // Against a reading with no index at all.
    fs.rmSync(path.join(dir, OPEN_INDEX_DIR, 'growing.cjsonl.v8'));
    expect(await openInFreshHost('growing.cjsonl')).toEqual(after);
  });

  it('a window of another size does not take the index', async () => {
    const file = path.join(dir, 'long.cjsonl');
    expect(loadOpenIndex(file, { entries: 301 }, { minBytes: 1 })).toBeUndefined();
  });
});
