// The streaming export against the export built from the whole session in memory: the same bytes
// for the fixture sessions, and memory bounded by windows (counted in records, rows and exchanges
// held, not in heap bytes), whatever the session's length.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../shared/model';
import { buildJournal, toJsonl, type Step } from '../transcript';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from '../fixtures';
import { RecordRedactor, SecretCollector, redactRecords } from '../redact';
import { EXPORT_FORMATS, exportChunks, exportChunksWhole, exportToString, journalSource, type ExportOptions, type ExportResult, type StreamCounters } from '.';

const SECRET = 'SplitAcrossReads-77';
const PASSWORD = 'mqtt\\Pa55-w0rd';
const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAwm9Qx1z7vY2bK3yq0pLrTfV8\nc2VjcmV0LWtleS1tYXRlcmlhbC1mb3ItdGVzdHM0\n-----END RSA PRIVATE KEY-----\n';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Secrets in every form, one split across two serial reads, a key upload, copies sent late. */
function planted(): JournalRecord[] {
  const steps: Step[] = [
    { at: 0, send: 'AT+CGSN', lines: ['866123456789012'] },
    { at: 100, send: 'AT+QMTCFG="aliauth",1', lines: [`+QMTCFG: "aliauth","a1PK","dev2","${SECRET}"`] },
    { at: 200, send: `AT+QFUPL="UFS:client.key",${Buffer.byteLength(KEY)},100`, payload: KEY, fixedLength: true, lines: ['+QFUPL: 1675,3a2b'] },
    { at: 300, send: 'AT+QMTPUB=0,0,0,0,"dbg/b64"', payload: b64(`{"id":7,"k":"${PASSWORD}","n":1}`) },
    { at: 400, send: 'AT+QMTOPEN=0,"iot.example.net",1883' },
    { at: 500, urc: '+QMTOPEN: 0,0' },
    // The password itself only comes last: its copies above must go too.
    { at: 600, send: `AT+QMTCONN=0,"dev1","user1","${PASSWORD}"` },
    { at: 700, urc: '+QMTCONN: 0,0,0' },
  ];
  const records = buildJournal(steps);
  const i = records.findIndex((r) => 'bytes' in r && Buffer.from(r.bytes, 'base64').toString().includes(SECRET));
  const r = records[i] as Extract<JournalRecord, { bytes: string }>;
  const text = Buffer.from(r.bytes, 'base64').toString();
  const cut = text.indexOf(SECRET) + 7;
  records.splice(i, 1, { ...r, bytes: b64(text.slice(0, cut)) }, { ...r, mono: r.mono + 2, bytes: b64(text.slice(cut)) });
  return records.map((rec, seq) => ({ ...rec, seq }));
}

/** `cycles` repetitions of the bench's fixture cycle, times and command ids shifted. */
function long(cycles: number): JournalRecord[] {
  const out: JournalRecord[] = [];
  let ids = 0;
  for (let c = 0; c < cycles; c++) {
    for (const [k, s] of [successSession, qosSession, refusedConnectSession].entries()) {
      let top = ids;
      for (const r of buildJournal(s.map((step) => ({ ...step, at: (c * 3 + k) * 10_000 + step.at })))) {
        if (!('event' in r)) {
          out.push({ ...r, seq: out.length });
          continue;
        }
        const e = r.event as { id?: number; commandId?: number };
        const event = { ...e, ...(e.id !== undefined ? { id: e.id + ids } : {}), ...(e.commandId !== undefined ? { commandId: e.commandId + ids } : {}) };
        top = Math.max(top, event.id ?? 0, event.commandId ?? 0);
        out.push({ ...r, seq: out.length, event } as JournalRecord);
      }
      ids = top;
    }
  }
  return out;
}

async function whole(records: readonly JournalRecord[], opts: ExportOptions): Promise<{ text: string; result: ExportResult }> {
  const it = exportChunksWhole(records, opts);
  const parts: string[] = [];
  for (;;) {
    const n = await it.next();
    if (n.done) return { text: parts.join(''), result: n.value };
    parts.push(n.value);
  }
}

const sessions: [string, JournalRecord[]][] = [
  ['success', buildJournal(successSession)],
  ['qos', buildJournal(qosSession)],
  ['refused connect', buildJournal(refusedConnectSession)],
  ['link drop', buildJournal(linkDropSession)],
  ['timeout', buildJournal(timeoutSession)],
  ['planted secrets', planted()],
];
const environment = { exportedAt: '2026-11-25T10:00:00Z', os: 'Linux' };

describe('streaming export', () => {
  for (const [name, records] of sessions) {
    it.each(EXPORT_FORMATS)(`${name}: %s is byte-identical to the export built in memory`, async (format) => {
      for (const maskIds of [false, true]) {
        const streamed = await exportToString(records, { format, environment, maskIds });
        const reference = await whole(records, { format, environment, maskIds });
        expect(streamed.text).toBe(reference.text);
        expect(streamed.result).toEqual(reference.result);
      }
    });
  }

  it.each(['json', 'text', 'mermaid'] as const)('a time range in %s is the same as in memory', async (format) => {
    const records = long(3);
    const range = { kind: 'time' as const, from: 12.5, to: 31 };
    const streamed = await exportToString(records, { format, environment, range });
    const reference = await whole(records, { format, environment, range });
    expect(streamed.text).toBe(reference.text);
    expect(streamed.result).toEqual(reference.result);
  });

  it('reads a journal file twice, a chunk at a time, with the same result as the records in memory', async () => {
    const records = planted();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-stream-test-'));
    try {
      const file = path.join(dir, 'session.jsonl');
      fs.writeFileSync(file, toJsonl(records));
      for (const format of EXPORT_FORMATS) {
        const fromFile = await exportToString(journalSource(file), { format, environment });
        expect(fromFile.text).toBe((await exportToString(records, { format, environment })).text);
        expect(fromFile.text).not.toContain(SECRET);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('streaming redaction', () => {
  it('settling the byte streams in small windows gives the same records as one window over the whole session', () => {
    for (const records of [planted(), long(2)]) {
      for (const windowBytes of [1, 7, 64, 300]) {
        const collector = new SecretCollector({ maskIds: true }, windowBytes);
        for (const r of records) collector.add(r);
        const redactor = new RecordRedactor(collector.finish());
        const out = [...records.flatMap((r) => redactor.push(r)), ...redactor.end()];
        const once = new SecretCollector({ maskIds: true }, Infinity);
        for (const r of records) once.add(r);
        const oneWindow = new RecordRedactor(once.finish());
        const reference = [...records.flatMap((r) => oneWindow.push(r)), ...oneWindow.end()];
        expect(out).toEqual(reference);
      }
    }
  });

  it('a secret split across two serial reads, and its copies sent before it, are gone from the raw bytes', () => {
    const bytes = redactRecords(planted())
      .filter((r) => 'bytes' in r)
      .map((r) => Buffer.from((r as { bytes: string }).bytes, 'base64').toString('latin1'))
      .join('');
    expect(bytes).not.toContain(SECRET);
    expect(bytes).not.toContain('MIIEowIBAAKCAQEAwm9Qx1z7vY2bK3yq0pLrTfV8');
    expect(bytes).not.toContain(PASSWORD);
  });
});

describe('memory bounded by windows, not by the session', () => {
  async function held(records: readonly JournalRecord[], format: (typeof EXPORT_FORMATS)[number]): Promise<StreamCounters> {
    const counters: StreamCounters = { recordsHeld: 0, exchangesHeld: 0, entriesHeld: 0, rowsHeld: 0, lateChanges: 0 };
    const it = exportChunks(() => records, { format, environment }, counters);
    while (!(await it.next()).done);
    return counters;
  }

  it.each(EXPORT_FORMATS)('%s holds as many records, rows and exchanges for a session 4 times longer', async (format) => {
    const short = await held(long(60), format);
    const longer = await held(long(240), format);
    expect(longer.lateChanges).toBe(0);
    for (const k of ['recordsHeld', 'exchangesHeld', 'entriesHeld', 'rowsHeld'] as const) {
      expect(longer[k], k).toBeLessThanOrEqual(Math.max(2_000, short[k] * 1.2));
    }
    // The windows, not the session (tens of thousands of records): the redactor settles its queue by
    // 2,048 records, exchanges settle as soon as no later record can change them.
    expect(longer.recordsHeld).toBeLessThanOrEqual(4_096);
    expect(longer.exchangesHeld).toBeLessThan(500);
    expect(longer.entriesHeld).toBeLessThan(2_000);
    expect(longer.rowsHeld).toBeLessThan(2_000);
  }, 60_000);
});
