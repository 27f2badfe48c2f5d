// The fast journal reading paths give what the old ones gave: the compact decoder (every form
// checked in place, byte records optionally read for their times only) against the decoder it
// replaced (test-support/compact-decoder-reference.ts), line for line, on the recorded
// transcripts, on journals whose secrets are sealed, and on damaged journals; and the models the
// app opens a journal into (streamed open, paging, the whole-session model, redacted) against
// the same models grouped from the reference decoder's records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ReferenceCompactDecoder } from '../../test-support/compact-decoder-reference';
import { mutatedText, realJournals } from '../../test-support/fuzz-properties';
import { ExchangeGrouper, groupRecords, type SessionModel } from '../../shared/exchanges';
import type { JournalRecord } from '../../shared/model';
import { JournalIndex } from '../host/journal-index';
import { journalModel, journalWindow, pageLog } from '../host/log-pages';
import { JournalReader, openJournal, validRecord } from './journal';
import { CompactDecoder, encodeCompactJournal, type DecodedLine } from './journal-compact';
import { memoryKeyStore } from './key-store';
import { streamJournalFromFolder } from './recovery';
import { streamJournal } from './journal-stream';
import { redactModel } from './redact';
import { unsealRecord, type SealKey } from './seal';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-journal-fast-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const keys = memoryKeyStore();
let fileNo = 0;
/** Records as the app's writer journals them (secrets marked and sealed), repeated `times`. */
async function written(records: readonly JournalRecord[], times = 1): Promise<string> {
  const file = path.join(dir, `j${fileNo++}.cjsonl`);
  const j = openJournal(file, { keys, maxBatch: 4096 });
  for (let k = 0; k < times; k++)
    for (const r of records) {
      const { seq: _seq, ...entry } = { ...r, mono: r.mono + k * 6_000, wall: r.wall + k * 6_000 } as JournalRecord;
      j.write(entry as Parameters<typeof j.write>[0]);
    }
  await j.close();
  return file;
}

/** Every line decoded by both decoders: what each says of it, side by side. */
function bothDecoders(text: string, bytes: boolean): { fast: DecodedLine[]; ref: DecodedLine[] } {
  const fastDecoder = new CompactDecoder(validRecord, { bytes });
  const refDecoder = new ReferenceCompactDecoder(validRecord);
  const fast: DecodedLine[] = [];
  const ref: DecodedLine[] = [];
  for (const line of text.split('\n')) {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      continue;
    }
    if (!Array.isArray(row)) continue;
    fast.push(fastDecoder.decode(row));
    ref.push(refDecoder.decode(row));
  }
  return { fast, ref };
}

/** What a reader that skips bytes gives for a byte record: its seq, times and direction. */
const timesOnly = (d: DecodedLine): DecodedLine =>
  d.kind === 'record' && 'bytes' in d.record ? { kind: 'record', record: { seq: d.record.seq, mono: d.record.mono, wall: d.record.wall, dir: d.record.dir, bytes: '' } } : d;

function expectSameDecoding(text: string): void {
  const full = bothDecoders(text, true);
  expect(full.fast).toEqual(full.ref);
  const lean = bothDecoders(text, false);
  expect(lean.fast).toEqual(lean.ref.map(timesOnly));
}

/** The reference reading of a journal file: the old decoder, opened with `openWith`. */
function referenceRecords(file: string, openWith: readonly SealKey[] = []): JournalRecord[] {
  const decoder = new ReferenceCompactDecoder(validRecord);
  const out: JournalRecord[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('[')) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      continue;
    }
    const d = Array.isArray(row) ? decoder.decode(row) : undefined;
    if (d?.kind === 'record') out.push(unsealRecord(d.record, openWith));
  }
  return out;
}

const recorded = realJournals;
const compactTexts = recorded.map((rs) => encodeCompactJournal(rs));

describe('the fast compact decoder', () => {
  it('decodes the recorded transcripts as the reference decoder does, with and without bytes', () => {
    for (const text of compactTexts) expectSameDecoding(text);
  });

  it('decodes wire shapes of real modems (split lines, prompts, non-UTF-8 bytes) as the reference does', () => {
    // As in framer-equivalence.test.ts: real EC2x/EG9x/BG9x output, journalled as rx bytes and their lines.
    const wires = [
      'AT+CSQ\r\r\n+CSQ: 21,99\r\r\n\r\n\r\nOK\r\n',
      'AT+QMTPUB=0,0,0,0,"site7/telemetry"\r\r\n> {"t":21.5}\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n',
      '\r\n+QMTRECV: 0,3,"site7/cmd/led",27,"{"led":"on",\r\n"why":"a,b"}"\r\n',
      '\x00\xff\xfeRDY\r\n\r\n+CPIN: READY\r\n\r\n+QIND: SMS DONE\r\nAT+QMTPUB=0,0,0,0,"t"\r>\r\n> \r\n+CME ERROR: 3\r\n',
      'caf\xc3\xa9 \xe2\x82\xac\r\n+QMTRECV: 0,1,"t/\xc3\xa9",3,"\xe2\x82\xac"\r\n\xc3\r\n',
    ];
    const records: JournalRecord[] = [];
    let t = 1_000;
    for (const w of wires) {
      const bytes = Buffer.from(w, 'latin1');
      t += 7;
      records.push({ seq: records.length, mono: t, wall: 1.7e12 + t, dir: 'rx', bytes: bytes.toString('base64') });
      for (const text of bytes.toString('utf8').split(/\r\n|\r/).filter((l) => l.trim() !== '')) {
        const kind = text.startsWith('+') ? 'urc' : text === 'OK' ? 'final' : 'response';
        records.push({ seq: records.length, mono: t, wall: 1.7e12 + t, event: { type: 'line', dir: 'rx', kind, text, at: { mono: t, wall: 1.7e12 + t } } });
        if (kind === 'urc') records.push({ seq: records.length, mono: t, wall: 1.7e12 + t, event: { type: 'urc', name: /^\+([^:]+):/.exec(text)?.[1] ?? text, text, at: { mono: t, wall: 1.7e12 + t } } });
      }
    }
    const text = encodeCompactJournal(records);
    expect(text).toContain('"rb"');
    expectSameDecoding(text);
    expect(new JournalReader({ bytes: true }).push(text)).toEqual(records);
  });

  it('decodes the sealed journals the writer makes of them (secret marks, sealed spans) as the reference does', async () => {
    for (const rs of recorded) expectSameDecoding(fs.readFileSync(await written(rs, 3), 'utf8'));
  });

  it('agrees with the reference on damaged journals: the same lines decode, are lost or are skipped', () => {
    const damaged = mutatedText(compactTexts, { maxEdits: 8, maxCut: 200, maxInsert: 40, flips: ['"', '[', ']', ',', '$', '&', '\n', '0', '-', 'x', '\\'] });
    fc.assert(
      fc.property(damaged, (text) => expectSameDecoding(text)),
      { numRuns: 400 },
    );
  });

  it('agrees on rows of any shape after a keyframe (wrong types, counts and tags)', () => {
    const value = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 3 }), fc.double(), fc.constant(null), fc.constantFrom('r', 't', 'L', 'U', 'E', 'rb', 'tb', 'L$', 'r$&', 'U&', 'ru', 'tc', 'rf'), fc.array(fc.nat({ max: 3 }), { maxLength: 3 }), fc.constant([[1, 2]]), fc.constant({ type: 'note', text: 'x' }));
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 6 }), { maxLength: 12 }), (rows) => {
        const text = [JSON.stringify(['K', 0, 1000, 1000]), '["r","\\r\\n+QMTRECV: 0,1,\\"t\\",\\"hello world\\"\\r\\n"]', ...rows.map((r) => JSON.stringify(r))].join('\n');
        expectSameDecoding(text);
      }),
      { numRuns: 600 },
    );
  });
});

/** A model with the parts every path shares (entries and exchanges), for comparing paths. */
const plain = (m: SessionModel): SessionModel => JSON.parse(JSON.stringify(m)) as SessionModel;

describe('opening a journal through the fast paths gives the models of the reference decoding', () => {
  it('streamed open (window), paging, the whole model and its redaction, on every recorded session', async () => {
    for (const rs of recorded) {
      const file = await written(rs, 40);
      const ref = referenceRecords(file);
      const refAll = groupRecords(ref);
      const refWindow = new ExchangeGrouper({ window: { entries: 100, exchanges: 50 } });
      for (const r of ref) refWindow.push(r);

      // The app's open: streamed from the journal folder into a grouper with the held window.
      const opened = new ExchangeGrouper({ window: { entries: 100, exchanges: 50 } });
      const o = await streamJournalFromFolder(dir, path.basename(file), (r) => opened.push(r), { bytes: false });
      expect(o.ok && o.value.records).toBe(ref.length);
      expect(plain(opened.snapshot())).toEqual(plain(refWindow.snapshot()));
      expect(plain(await journalWindow(file, { entries: 100, exchanges: 50 }))).toEqual(plain(refWindow.snapshot()));

      const whole = await journalModel(file);
      expect(plain(whole)).toEqual(plain(snapshotOf(ref)));
      expect(plain(redactModel(whole))).toEqual(plain(redactModel(snapshotOf(ref))));
      expect(refAll.entries.length).toBe(whole.entries.length);

      // Pages anywhere, with the key (secrets opened) and without.
      const n = whole.entries.length;
      for (const from of [0, 7, Math.floor(n / 2), n - 30]) {
        expect(plain({ entries: await pageLog(file, from, 25), exchanges: [] })).toEqual(plain({ entries: snapshotOf(ref).entries.slice(from, from + 25), exchanges: [] }));
        const openedRef = snapshotOf(referenceRecords(file, keys.openingKeys()));
        expect(plain({ entries: await pageLog(file, from, 25, { keys }), exchanges: [] })).toEqual(plain({ entries: openedRef.entries.slice(from, from + 25), exchanges: [] }));
      }
    }
  });

  it('the redacted whole-session model of a journal with secrets shows none of them in clear', async () => {
    const file = await written(recorded[0]!, 20);
    const text = JSON.stringify(redactModel(await journalModel(file)));
    expect(text).not.toContain('Secr3t');
    // The reader given the key sees them again (the fast path opens sealed events as before).
    const opened = new JournalReader({ keys, bytes: false }).push(fs.readFileSync(file, 'utf8'));
    expect(JSON.stringify(opened)).toContain('Secr3t');
  });
});

describe('reading from the middle of a journal', () => {
  it('a reader started at any keyframe reads the same records as one reading from the start', async () => {
    const file = await written(recorded[1]!, 30);
    const all: JournalRecord[] = [];
    const offsets: number[] = [];
    await streamJournal(file, (r) => void all.push(r), { atKeyframe: (o) => offsets.push(o) });
    expect(all).toEqual(referenceRecords(file));
    expect(offsets.length).toBeGreaterThan(10);
    const text = fs.readFileSync(file);
    for (const o of offsets) expect(text.subarray(o, o + 5).toString()).toBe('["K",');
    for (const o of [offsets[0]!, offsets[3]!, offsets.at(-1)!]) {
      const tail: JournalRecord[] = [];
      await streamJournal(file, (r) => void tail.push(r), { start: o });
      expect(tail).toEqual(all.slice(all.length - tail.length));
      expect(tail[0]?.seq).toBe(JSON.parse(text.subarray(o, text.indexOf(10, o)).toString())[1]);
    }
  });

  it('pages from checkpoints (left by the open pass or by paging) are the pages regrouped from the start', async () => {
    for (const rs of recorded) {
      const file = await written(rs, 60);
      const model = snapshotOf(referenceRecords(file));
      const n = model.entries.length;
      // The open pass leaves the checkpoints (a small spacing, so that these sessions have many).
      const opened = new ExchangeGrouper({ window: { entries: 100, exchanges: 50 } });
      const fromOpen = new JournalIndex(file, 64);
      await streamJournalFromFolder(dir, path.basename(file), (r) => opened.push(r), { bytes: false, atKeyframe: fromOpen.recorder(() => opened) });
      expect(fromOpen.checkpoints.length).toBeGreaterThan(3);
      // Paging alone builds its own as it goes (pages asked for in any order).
      const fromPaging = new JournalIndex(file, 64);
      for (const index of [fromOpen, fromPaging]) {
        for (const from of [n - 20, 0, Math.floor(n / 3), n - 1, 65, Math.floor(n / 2) + 3]) {
          expect(await pageLog(file, from, 20, {}, index)).toEqual(model.entries.slice(from, from + 20));
        }
      }
      expect(fromPaging.checkpoints.length).toBeGreaterThan(3);
      // With the key, pages are regrouped from the start (checkpoints hold placeholders).
      const clear = snapshotOf(referenceRecords(file, keys.openingKeys()));
      expect(await pageLog(file, n - 5, 5, { keys }, fromOpen)).toEqual(clear.entries.slice(n - 5));
    }
  });

  it('checkpoints of a journal that grows stay true; a journal replaced by another drops them', async () => {
    const file = path.join(dir, 'growing.cjsonl');
    const j = openJournal(file, { keys, maxBatch: 64 });
    const write = (k: number) => {
      for (const r of recorded[0]!) {
        const { seq: _seq, ...entry } = { ...r, mono: r.mono + k * 6_000, wall: r.wall + k * 6_000 } as JournalRecord;
        j.write(entry as Parameters<typeof j.write>[0]);
      }
      j.flushNow();
    };
    for (let k = 0; k < 20; k++) write(k);
    const index = new JournalIndex(file, 32);
    const n1 = snapshotOf(referenceRecords(file)).entries.length;
    await pageLog(file, n1 - 3, 3, {}, index);
    const kept = index.checkpoints.length;
    expect(kept).toBeGreaterThan(2);
    for (let k = 20; k < 40; k++) write(k);
    await j.close();
    const model = snapshotOf(referenceRecords(file));
    expect(await pageLog(file, model.entries.length - 10, 10, {}, index)).toEqual(model.entries.slice(-10));
    expect(index.checkpoints.length).toBeGreaterThan(kept);
    // Another journal under the same name: the checkpoints are not used.
    const other = await written(recorded[2]!, 3);
    fs.renameSync(other, file);
    const otherModel = snapshotOf(referenceRecords(file));
    expect(await pageLog(file, 2, 5, {}, index)).toEqual(otherModel.entries.slice(2, 7));
  });
});

/** The whole-session model of records, as journalModel groups it. */
function snapshotOf(records: readonly JournalRecord[]): SessionModel {
  const g = new ExchangeGrouper({ window: { entries: Infinity, exchanges: Infinity } });
  for (const r of records) g.push(r);
  return g.snapshot();
}

describe('a second read that leaves byte records unchecked (checkedPlainBytes)', () => {
  /** Every record of a plain journal text, read whole, as stamps (bytes left out). */
  const stamps = (rs: readonly JournalRecord[]) => rs.map((r) => ('bytes' in r ? { seq: r.seq, mono: r.mono, wall: r.wall, dir: r.dir, bytes: '' } : r));
  function read(text: string, opts: ConstructorParameters<typeof JournalReader>[0]): { records: JournalRecord[]; lines: (string | undefined)[]; reader: JournalReader } {
    const reader = new JournalReader(opts);
    const records = reader.push(text);
    const lines = [...reader.lines];
    reader.end();
    return { records: [...records, ...reader.takeTail()], lines, reader };
  }
  const plain = [
    '{"seq":0,"mono":1.5,"wall":1700000000000,"dir":"tx","bytes":"QVQNCg=="}',
    '{"seq":1,"mono":2,"wall":1700000000001,"event":{"type":"line","dir":"rx","kind":"final","text":"OK","at":{"mono":2,"wall":1700000000001}}}',
    '{"seq":2,"mono":3.25,"wall":1700000000002,"dir":"rx","bytes":"T0sNCg=="}',
    '{"seq":3,"mono":4,"wall":1700000000003,"dir":"rx","bytes":""}',
  ];
  it('reads the stamps of the byte records the first read checked, as that read found them', () => {
    // (The last line, without its line end, is not vouched for: it is read in full.)
    const text = plain.join('\n') + '\n' + plain[0]!.replace('"seq":0', '"seq":4');
    const first = read(text, {});
    expect(first.records).toHaveLength(5);
    expect(first.reader.checkedPlainBytes).toBe(4);
    const second = read(text, { bytes: false, checkedPlainBytes: 4, keepLines: true });
    expect(stamps(second.records)).toEqual(stamps(first.records));
    expect(second.records.slice(0, 4)).toEqual(stamps(first.records.slice(0, 4)));
    // A stamp is not its line: a copy of the line would bring its bytes back.
    expect(second.lines).toEqual([undefined, plain[1], undefined, undefined]);
  });
  it('learns nothing from a read that found a byte-shaped line not to be one (its bytes are not base64, a number out of range)', () => {
    for (const bad of ['{"seq":9,"mono":5,"wall":6,"dir":"tx","bytes":"QV=Q"}', '{"seq":9,"mono":1e999,"wall":6,"dir":"tx","bytes":"QVQ="}']) {
      const text = [...plain, bad, plain[0]].join('\n') + '\n';
      const first = read(text, {});
      expect(first.reader.checkedPlainBytes).toBeUndefined();
      expect(first.records).toHaveLength(5);
    }
  });
  it('agrees with a full read on mutated journals when the first read vouches for them', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...plain, '{"seq":7,"mono":8,"wall":9,"dir":"tx","bytes":"AB"}', '{"seq":7,"mono":8,"wall":9,"dir":"tx","bytes":"ABC="}', 'garbage"}'), { maxLength: 30 }), (lines) => {
        const text = lines.join('\n') + '\n';
        const first = read(text, {});
        const checked = first.reader.checkedPlainBytes;
        if (checked === undefined) return;
        expect(stamps(read(text, { bytes: false, checkedPlainBytes: checked }).records)).toEqual(stamps(first.records));
      }),
    );
  });
});
