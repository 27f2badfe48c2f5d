// Which journal is offered after a start: only the newest, only when it ended without its clean
// mark, only when the process that wrote it is gone, and not once dismissed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { qosSession, successSession } from './fixtures';
import { JOURNAL_EXTENSION, openJournal } from './journal';
import { encodeCompactJournal, writerLine } from './journal-compact';
import type { JournalRecord } from '../../shared/model';
import { dismissRecoverableSession, findRecoverableSession, journalInFolder, loadJournalFromFolder, streamJournalFromFolder } from './recovery';
import { buildJournal, toJsonl } from './transcript';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-recovery-'));
  dirs.push(d);
  return d;
};

/** The id of a process that has ended. */
const deadPid = (() => {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
})();

let clock = Date.now() / 1000 - 1000;
/** A journal file, each one newer than the previous (mtime). */
function put(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  clock += 10;
  fs.utimesSync(file, clock, clock);
  return file;
}
const crashed = (records = buildJournal(successSession)) => writerLine(deadPid) + '\n' + encodeCompactJournal(records, { cleanClose: false });
const clean = (records = buildJournal(successSession)) => writerLine(deadPid) + '\n' + encodeCompactJournal(records);

describe('recoverable session', () => {
  it('offers the newest journal when it crashed, with its start, last line and counts', async () => {
    const dir = tmp();
    put(dir, `session-a${JOURNAL_EXTENSION}`, crashed(buildJournal(qosSession)));
    const records = buildJournal(successSession);
    const file = put(dir, `session-b${JOURNAL_EXTENSION}`, crashed(records));
    const lines = records.filter((r) => 'event' in r && r.event.type === 'line');
    expect(await findRecoverableSession(dir)).toEqual({ path: file, startedAt: records[0]!.wall, lastLineAt: lines.at(-1)!.wall, records: records.length, lines: lines.length });
  });

  it('offers nothing when the newest session ended cleanly, even after an older crash', async () => {
    const dir = tmp();
    put(dir, `session-a${JOURNAL_EXTENSION}`, crashed());
    put(dir, `session-b${JOURNAL_EXTENSION}`, clean());
    expect(await findRecoverableSession(dir)).toBeUndefined();
  });

  it('offers nothing for a journal still being written: by this process, or by a live one elsewhere', async () => {
    const dir = tmp();
    put(dir, `session-a${JOURNAL_EXTENSION}`, crashed());
    const file = path.join(dir, `at-live${JOURNAL_EXTENSION}`);
    const live = openJournal(file);
    live.append({ mono: 1, wall: Date.now(), event: { type: 'note', text: 'running' } });
    live.flushNow();
    fs.utimesSync(file, clock + 100, clock + 100);
    expect(await findRecoverableSession(dir)).toBeUndefined();
    expect(await findRecoverableSession(dir, { inUse: [file] })).toBeUndefined();
    await live.close();
  });

  it('offers nothing for an empty crashed journal, nor for a plain JSONL journal of an older version', async () => {
    const dir = tmp();
    put(dir, `session-a${JOURNAL_EXTENSION}`, writerLine(deadPid) + '\n');
    expect(await findRecoverableSession(dir)).toBeUndefined();
    put(dir, 'session-b.jsonl', toJsonl(buildJournal(successSession)));
    expect(await findRecoverableSession(dir)).toBeUndefined();
    expect(await findRecoverableSession(path.join(dir, 'missing'))).toBeUndefined();
  });

  it('offers a dismissed journal no more, and a later crash again', async () => {
    const dir = tmp();
    const first = put(dir, `session-a${JOURNAL_EXTENSION}`, crashed());
    expect(dismissRecoverableSession(dir, first)).toEqual({ ok: true, value: null });
    expect(await findRecoverableSession(dir)).toBeUndefined();
    const second = put(dir, `session-b${JOURNAL_EXTENSION}`, crashed());
    expect((await findRecoverableSession(dir))?.path).toBe(second);
    expect(fs.statSync(path.join(dir, '.recovery-dismissed')).mode & 0o777).toBe(0o600);
  });

  it('accepts only journal files directly in the folder', () => {
    const dir = tmp();
    const journals = path.join(dir, 'journals');
    fs.mkdirSync(path.join(journals, 'sub'), { recursive: true });
    const inside = put(journals, `s${JOURNAL_EXTENSION}`, clean());
    put(journals, `sub/deeper${JOURNAL_EXTENSION}`, clean());
    put(dir, `outside${JOURNAL_EXTENSION}`, clean());
    expect(journalInFolder(journals, inside)).toEqual({ ok: true, value: fs.realpathSync(inside) });
    expect(journalInFolder(journals, `s${JOURNAL_EXTENSION}`)).toEqual({ ok: true, value: fs.realpathSync(inside) });
    for (const p of [`sub/deeper${JOURNAL_EXTENSION}`, `../outside${JOURNAL_EXTENSION}`, path.join(dir, `outside${JOURNAL_EXTENSION}`), 'sub', '/etc/hostname', `nope${JOURNAL_EXTENSION}`]) {
      const r = journalInFolder(journals, p);
      expect(r.ok, p).toBe(false);
    }
  });
});

describe('opening a journal of the folder, streamed', () => {
  it('hands over the records and the counts that reading it whole gives: compact, plain, torn, longer', async () => {
    const dir = tmp();
    const records = [...buildJournal(successSession), ...buildJournal(qosSession)].map((r, seq) => ({ ...r, seq }));
    const compact = crashed(records);
    const files = [
      put(dir, `compact${JOURNAL_EXTENSION}`, compact),
      put(dir, 'plain.jsonl', toJsonl(records)),
      // The writer stopped mid-line: the torn line is left out and said so.
      put(dir, `torn${JOURNAL_EXTENSION}`, compact.slice(0, compact.length - 7)),
      put(dir, `bigger${JOURNAL_EXTENSION}`, clean(Array.from({ length: 400 }, (_, k) => records.map((r) => ({ ...r, seq: r.seq + k * records.length, wall: r.wall + k * 10_000 }))).flat())),
    ];
    for (const file of files) {
      const whole = await loadJournalFromFolder(dir, path.basename(file));
      const seen: JournalRecord[] = [];
      const streamed = await streamJournalFromFolder(dir, path.basename(file), (r) => seen.push(r));
      if (!whole.ok || !streamed.ok) throw new Error(`${file} unreadable`);
      expect(streamed.value).toEqual(whole.value.opened);
      expect(seen).toEqual(whole.value.records);
    }
    expect((await streamJournalFromFolder(dir, '../elsewhere.jsonl', () => undefined)).ok).toBe(false);
  });
});
