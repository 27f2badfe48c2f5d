import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultJournalDir, openJournal, readJournal, recordBytes } from './journal';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-jt-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('session journal', () => {
  it('appends JSONL records with increasing seq and base64 bytes', async () => {
    const file = path.join(tmp(), 'nested', 's.jsonl');
    const j = openJournal(file, { flushIntervalMs: 10_000, maxBatch: 1000 });
    const bytes = Buffer.from('\r\nOK\r\n').toString('base64');
    expect(j.append({ mono: 1, wall: 2, dir: 'rx', bytes })).toBe(0);
    expect(j.append({ mono: 3, wall: 4, event: { type: 'session-started', app: 'wb', version: '0' } })).toBe(1);
    await j.flush();
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    await j.close();
    const { records, tornTail } = await readJournal(file);
    expect(tornTail).toBe(false);
    expect(records.map((r) => r.seq)).toEqual([0, 1]);
    expect(new TextDecoder().decode(recordBytes(records[0]!))).toBe('\r\nOK\r\n');
  });

  it('a full batch is written without waiting for the interval', async () => {
    const file = path.join(tmp(), 's.jsonl');
    const j = openJournal(file, { flushIntervalMs: 60_000, maxBatch: 2 });
    j.append({ mono: 1, wall: 1, dir: 'tx', bytes: 'QVQN' });
    j.append({ mono: 2, wall: 2, dir: 'tx', bytes: 'QVQN' });
    for (let i = 0; i < 200 && fs.readFileSync(file, 'utf8') === ''; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    await j.close();
  });

  it('tolerates a torn last line, and reopening continues seq on a fresh line', async () => {
    const file = path.join(tmp(), 's.jsonl');
    fs.writeFileSync(file, '{"seq":0,"mono":1,"wall":1,"dir":"rx","bytes":"T0s="}\n{"seq":1,"mono":2,"wa');
    const before = await readJournal(file);
    expect(before.tornTail).toBe(true);
    expect(before.records).toHaveLength(1);
    const j = openJournal(file);
    expect(j.append({ mono: 5, wall: 5, dir: 'rx', bytes: 'T0s=' })).toBe(1);
    await j.close();
    const after = await readJournal(file);
    expect(after.records.map((r) => r.seq)).toEqual([0, 1]);
    expect(after.tornTail).toBe(false);
  });

  it('puts journals in the user data folder of each platform, or WORKBENCH_DATA_DIR', () => {
    expect(defaultJournalDir({ WORKBENCH_DATA_DIR: '/data' }, 'linux', '/home/u')).toBe('/data/journals');
    expect(defaultJournalDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/modem-mqtt-workbench/journals');
    expect(defaultJournalDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/modem-mqtt-workbench/journals');
    expect(defaultJournalDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/modem-mqtt-workbench/journals');
    expect(defaultJournalDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('modem-mqtt-workbench');
  });
});
