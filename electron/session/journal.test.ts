import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { JournalRecord } from '../../shared/model';
import { buildJournal, toJsonl } from './transcript';
import { qosSession, successSession } from './fixtures';
import { encodeCompactJournal, KEYFRAME_EVERY } from './journal-compact';
import { defaultJournalDir, JOURNAL_EXTENSION, JournalReader, openJournal, openJournalAsync, parseJournalLine, parseJournalText, readJournal, recordBytes } from './journal';

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
  it('appends records with increasing seq and reads the bytes back as written', async () => {
    const file = path.join(tmp(), 'nested', `s${JOURNAL_EXTENSION}`);
    const j = openJournal(file, { flushIntervalMs: 10_000, maxBatch: 1000 });
    const bytes = Buffer.from('\r\nOK\r\n').toString('base64');
    expect(j.append({ mono: 1, wall: 2, dir: 'rx', bytes })).toBe(0);
    expect(j.append({ mono: 3, wall: 4, event: { type: 'session-started', app: 'wb', version: '0' } })).toBe(1);
    await j.flush();
    // The writer's process id, a keyframe, then one line per record.
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
    expect(parseJournalText(fs.readFileSync(file, 'utf8')).writerPid).toBe(process.pid);
    await j.close();
    const { records, tornTail } = await readJournal(file);
    expect(tornTail).toBe(false);
    expect(records.map((r) => r.seq)).toEqual([0, 1]);
    expect(new TextDecoder().decode(recordBytes(records[0]!))).toBe('\r\nOK\r\n');
  });

  it('opened off the thread (openJournalAsync) it writes the same file as openJournal, private, and goes on after a reopen', async () => {
    const dir = tmp();
    const write = async (file: string, open: typeof openJournalAsync) => {
      const j = await open(file, { flushIntervalMs: 10_000 });
      j.append({ mono: 1, wall: 2, dir: 'tx', bytes: Buffer.from('AT\r').toString('base64') });
      j.append({ mono: 3, wall: 4, event: { type: 'note', text: 'hello' } });
      await j.close();
    };
    const sync = path.join(dir, 'sync', `a${JOURNAL_EXTENSION}`);
    const async_ = path.join(dir, 'async', `a${JOURNAL_EXTENSION}`);
    await write(sync, async (f, o) => openJournal(f, o));
    await write(async_, openJournalAsync);
    expect(fs.readFileSync(async_, 'utf8')).toBe(fs.readFileSync(sync, 'utf8'));
    expect(fs.statSync(async_).mode & 0o777).toBe(0o600);
    await write(async_, openJournalAsync);
    expect((await readJournal(async_)).records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    await expect(openJournalAsync(async_, { maxBatch: 0 })).rejects.toThrow(/maxBatch/);
  });

  it('a full batch is written without waiting for the interval', async () => {
    const file = path.join(tmp(), 's.jsonl');
    const j = openJournal(file, { flushIntervalMs: 60_000, maxBatch: 2 });
    j.append({ mono: 1, wall: 1, dir: 'tx', bytes: 'QVQN' });
    j.append({ mono: 2, wall: 2, dir: 'tx', bytes: 'QVQN' });
    for (let i = 0; i < 200 && fs.readFileSync(file, 'utf8') === ''; i++) await new Promise((r) => setTimeout(r, 10));
    expect(parseJournalText(fs.readFileSync(file, 'utf8')).records).toHaveLength(2);
    await j.close();
  });

  it('tolerates a torn last line of a plain journal, and reopening continues it, plain, on a fresh line', async () => {
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
    // Continued in its own encoding: a version that reads only plain JSONL still reads it whole.
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).every((l) => l.startsWith('{'))).toBe(true);
  });

  it('reads a plain JSONL journal written before the compact encoding', () => {
    const records = buildJournal(qosSession);
    const { records: read, skipped, tornTail, endedCleanly } = parseJournalText(toJsonl(records));
    expect(read).toEqual(records);
    expect({ skipped, tornTail, endedCleanly }).toEqual({ skipped: 0, tornTail: false, endedCleanly: false });
  });

  it('a compact journal reads back as the records written, and ends with the clean-close marker', async () => {
    const file = path.join(tmp(), `s${JOURNAL_EXTENSION}`);
    const j = openJournal(file, { flushIntervalMs: 10_000, maxBatch: 7 });
    const written = buildJournal(successSession).map(({ seq: _seq, ...r }) => j.write(r as Parameters<typeof j.write>[0]));
    await j.close();
    const { records, skipped, tornTail, endedCleanly } = await readJournal(file);
    expect(records).toEqual(written);
    expect({ skipped, tornTail, endedCleanly }).toEqual({ skipped: 0, tornTail: false, endedCleanly: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('tolerates a torn compact tail (crash mid-write); reopening continues seq after the last whole record', async () => {
    const file = path.join(tmp(), `s${JOURNAL_EXTENSION}`);
    const full = encodeCompactJournal(buildJournal(successSession), { cleanClose: false });
    const lines = full.split('\n').filter(Boolean);
    const cut = lines.slice(0, -1).join('\n') + '\n' + lines.at(-1)!.slice(0, -2);
    fs.writeFileSync(file, cut);
    const before = await readJournal(file);
    expect(before.tornTail).toBe(true);
    expect(before.endedCleanly).toBe(false);
    const whole = parseJournalText(full).records;
    expect(before.records).toEqual(whole.slice(0, -1));
    const j = openJournal(file);
    expect(j.append({ mono: 5, wall: 5, dir: 'rx', bytes: 'T0s=' })).toBe(whole.length - 1);
    await j.close();
    const after = await readJournal(file);
    expect(after.records.map((r) => r.seq)).toEqual([...whole.slice(0, -1).map((r) => r.seq), whole.length - 1]);
    expect(after.tornTail).toBe(false);
    expect(after.skipped).toBe(1); // the old torn line, now mid-file
    expect(after.endedCleanly).toBe(true);
  });

  it('reopening a cleanly closed compact journal continues its seq, and it is no longer closed until closed again', async () => {
    const file = path.join(tmp(), `s${JOURNAL_EXTENSION}`);
    const a = openJournal(file);
    for (let i = 0; i < 100; i++) a.append({ mono: i, wall: 1000 + i, dir: 'rx', bytes: 'T0s=' });
    await a.close();
    const b = openJournal(file);
    expect(b.append({ mono: 200, wall: 2000, event: { type: 'note', text: 'again' } })).toBe(100);
    b.flushNow();
    expect((await readJournal(file)).endedCleanly).toBe(false);
    await b.close();
    const { records, endedCleanly } = await readJournal(file);
    expect(records.map((r) => r.seq)).toEqual([...Array(101).keys()]);
    expect(endedCleanly).toBe(true);
  });

  it('reopening continues seq when the last megabyte holds no keyframe (large records)', async () => {
    const file = path.join(tmp(), `s${JOURNAL_EXTENSION}`);
    const a = openJournal(file);
    const big = Buffer.from('x'.repeat(20_000)).toString('base64');
    for (let i = 0; i < 60; i++) a.append({ mono: i, wall: i, dir: 'rx', bytes: big });
    await a.close();
    expect(fs.statSync(file).size).toBeGreaterThan(1 << 20);
    const b = openJournal(file);
    expect(b.append({ mono: 99, wall: 99, dir: 'rx', bytes: 'T0s=' })).toBe(60);
    await b.close();
  });

  it('a damaged line in a compact journal loses the records up to the next keyframe, never yields a wrong one', () => {
    const records: JournalRecord[] = [];
    for (let i = 0; i < KEYFRAME_EVERY * 3; i++) {
      const text = `+QMTRECV: 0,${i},"t",3,"abc"`;
      const t = { mono: 10 + i, wall: 5000 + i };
      records.push({ seq: records.length, ...t, dir: 'rx', bytes: Buffer.from(`\r\n${text}\r\n`).toString('base64') });
      records.push({ seq: records.length, ...t, event: { type: 'line', dir: 'rx', kind: 'urc', text, at: t } });
    }
    const lines = encodeCompactJournal(records).split('\n');
    lines[5] = lines[5]!.slice(0, -3); // a record line cut short, in the first keyframe span
    const { records: read, skipped } = parseJournalText(lines.join('\n'));
    const kept = new Map(records.map((r) => [r.seq, r]));
    for (const r of read) expect(r).toEqual(kept.get(r.seq));
    expect(read.length).toBe(records.length - KEYFRAME_EVERY + 4);
    expect(skipped).toBe(KEYFRAME_EVERY - 4);
  });

  it('any record survives the compact encoding unchanged (bytes, UTF-8 or not; events; secrets; odd times)', () => {
    const stamp = fc.record({ mono: fc.integer({ min: 0, max: 10 ** 9 }).map((u) => u / 1000), wall: fc.integer({ min: 0, max: 2 * 10 ** 15 }).map((u) => u / 1000) });
    const secret = fc.option(fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { minLength: 1, maxLength: 2 }), { nil: undefined });
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('+QMTRECV: 0,1,"a/b",3,"xyz"', 'OK', 'RDY', '+QMTSTAT: 0,1'));
    const body = fc.oneof(
      fc.record({ dir: fc.constantFrom('rx' as const, 'tx' as const), bytes: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')) }),
      fc.record({ dir: fc.constantFrom('rx' as const, 'tx' as const), text }).map(({ dir, text }) => ({ dir, bytes: Buffer.from(`\r\n${text}\r\n`).toString('base64') })),
      fc.record({ type: fc.constant('line' as const), dir: fc.constantFrom('rx' as const, 'tx' as const), kind: fc.constantFrom('command' as const, 'echo' as const, 'response' as const, 'final' as const, 'urc' as const, 'prompt' as const, 'raw' as const), text, own: fc.boolean(), cmd: fc.option(fc.nat(9), { nil: undefined }) }),
      fc.record({ type: fc.constant('urc' as const), name: fc.constantFrom('QMTRECV', 'QMTSTAT', 'RDY', 'X'), text, own: fc.boolean() }),
      fc.record({ type: fc.constant('note' as const), text }),
      // Events of a newer version: an unknown type with its own time, a line event with an extra field.
      fc.record({ type: fc.constant('future-event' as const), own: fc.boolean() }),
      fc.record({ type: fc.constant('line-plus' as const), text }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(stamp, body, secret, stamp), { maxLength: 150 }), (rows) => {
        const records: JournalRecord[] = rows.map(([t, b, s, other], seq) => {
          let r: Record<string, unknown>;
          if ('bytes' in b) r = { seq, ...t, ...b };
          else if (b.type === 'line') {
            const e: Record<string, unknown> = { type: 'line', dir: b.dir, kind: b.kind, text: b.text };
            if (b.cmd !== undefined) e.commandId = b.cmd;
            e.at = b.own ? t : other;
            r = { seq, ...t, event: e };
          } else if (b.type === 'urc') r = { seq, ...t, event: { type: 'urc', name: b.name, text: b.text, at: b.own ? t : other } };
          else if (b.type === 'future-event') r = { seq, ...t, event: { type: 'future-event', at: b.own ? t : other } };
          else if (b.type === 'line-plus') r = { seq, ...t, event: { type: 'line', dir: 'rx', kind: 'urc', text: b.text, channel: 2, at: t } };
          else r = { seq, ...t, event: b };
          if (s) r.secret = s;
          return r as JournalRecord;
        });
        const { records: read, skipped, tornTail, endedCleanly } = parseJournalText(encodeCompactJournal(records));
        expect(read).toEqual(records);
        expect({ skipped, tornTail, endedCleanly }).toEqual({ skipped: 0, tornTail: false, endedCleanly: true });
      }),
      { numRuns: 300 },
    );
  });

  it('puts journals in the user data folder of each platform, or WORKBENCH_DATA_DIR', () => {
    expect(defaultJournalDir({ WORKBENCH_DATA_DIR: '/data' }, 'linux', '/home/u')).toBe('/data/journals');
    expect(defaultJournalDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/modem-mqtt-workbench/journals');
    expect(defaultJournalDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/modem-mqtt-workbench/journals');
    expect(defaultJournalDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/modem-mqtt-workbench/journals');
    expect(defaultJournalDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('modem-mqtt-workbench');
  });
});

describe('reading a journal for an export', () => {
  const records = buildJournal(successSession);

  it('a byte record as the writer writes it is read without JSON.parse, to the same record; any other shape is checked in full', () => {
    for (const r of records) {
      const line = JSON.stringify(r);
      expect(parseJournalLine(line)).toEqual(JSON.parse(line));
    }
    const ok = '{"seq":1,"mono":2.5,"wall":-3e2,"dir":"tx","bytes":"QVQNCg=="}';
    expect(parseJournalLine(ok)).toEqual(JSON.parse(ok));
    expect(parseJournalLine('{"seq":1,"mono":1e999,"wall":0,"dir":"tx","bytes":"QVQ="}')).toBeUndefined();
    expect(parseJournalLine('{"seq":1,"mono":0,"wall":0,"dir":"tx","bytes":"QVQ"}')).toBeUndefined();
    expect(parseJournalLine('{"seq":1,"mono":0,"wall":0,"dir":"up","bytes":"QVQ="}')).toBeUndefined();
    // Another key order, or marks: the general path, same result.
    expect(parseJournalLine('{"dir":"rx","bytes":"QVQ=","seq":1,"mono":0,"wall":0,"secret":[[0,1]]}')).toEqual({ dir: 'rx', bytes: 'QVQ=', seq: 1, mono: 0, wall: 0, secret: [[0, 1]] });
  });

  it('a screen leaves lines unread (but never the first record, a byte record or a compact line), and keepLines pairs each record with its line', () => {
    const text = `${toJsonl(records)}\n`;
    const all = parseJournalText(text).records;
    const seen: string[] = [];
    const reader = new JournalReader({ screen: (line) => (seen.push(line), line.includes('QMTCONN')), keepLines: true });
    const kept = [...reader.push(text), ...reader.takeTail()];
    const events = all.filter((r) => 'event' in r);
    expect(kept[0]).toEqual(all[0]);
    expect(kept.filter((r) => 'bytes' in r)).toEqual(all.filter((r) => 'bytes' in r));
    expect(kept.filter((r, i) => i > 0 && 'event' in r).every((r) => JSON.stringify(r).includes('QMTCONN'))).toBe(true);
    expect(reader.screened).toBe(events.length - kept.filter((r) => 'event' in r).length);
    expect(seen.every((l) => !l.includes('"bytes"'))).toBe(true);
    // lines is for the last push(): read it before takeTail().
    const again = new JournalReader({ keepLines: true });
    const read = again.push(text);
    expect(again.lines.length).toBe(read.length);
    read.forEach((r, i) => expect(again.lines[i]).toBe(JSON.stringify(r)));
    // A compact journal keeps no lines (its lines are not the records).
    const compact = new JournalReader({ keepLines: true, screen: () => false });
    const fromCompact = compact.push(encodeCompactJournal(records));
    expect(fromCompact).toEqual(all);
    expect(compact.lines.every((l) => l === undefined)).toBe(true);
  });
});
