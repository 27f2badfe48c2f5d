import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../shared/model';
import { parseSessionFile, SESSION_FILE_FORMAT, SessionFileReader } from '../../../shared/session-file';
import { sessionToMermaid } from '../../../shared/diagram';
import { buildJournal, type Step } from '../transcript';
import { linkDropSession, refusedConnectSession, successSession } from '../fixtures';
import { selectExchanges, sessionModel } from '../model';
import { drawable, exportChunks, exportSession, exportToString, resolveTimePoint, type ExportProgress } from '.';
import { REPORT_CSP } from './html';

const bringUp: Step[] = [
  { at: 0, send: 'ATI', lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'] },
  { at: 30, send: 'AT+CGSN', lines: ['866123456789012'] },
  { at: 60, send: 'AT+CPIN?', lines: ['+CPIN: READY'] },
  { at: 90, send: 'AT+CSQ', lines: ['+CSQ: 20,99'] },
  { at: 120, send: 'AT+CEREG?', lines: ['+CEREG: 0,1'] },
  { at: 150, send: 'AT+COPS?', lines: ['+COPS: 0,0,"Example Telecom",7'] },
  { at: 180, send: 'AT+QICSGP=1,1,"iot.example","","",0' },
  { at: 210, send: 'AT+QIACT?', lines: ['+QIACT: 1,1,1,"10.64.3.17"'] },
  { at: 240, send: 'AT+QMTCFG="keepalive",0,120' },
];
/** A bring-up, then the refused CONNECT (protocol.md §3.4) one second later; the journal opens as `workbench at` opens it. */
const opening: JournalRecord[] = [
  { seq: 0, mono: 0, wall: Date.UTC(2026, 10, 25, 9), event: { type: 'session-started', app: 'workbench at', version: '0.1.0' } },
  { seq: 0, mono: 0, wall: Date.UTC(2026, 10, 25, 9), event: { type: 'port-opened', path: '/dev/ttyUSB2', settings: { baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' } } },
];
const refused: JournalRecord[] = [...opening, ...buildJournal([...bringUp, ...refusedConnectSession.map((s) => ({ ...s, at: s.at + 1000 }))])].map((r, seq) => ({ ...r, seq }));

describe('html report', () => {
  it('opens with a summary read from the lines: modem, network, client and the first failure with its next step', async () => {
    const { text } = await exportToString(refused, { format: 'html', environment: { os: 'Linux 6.1 x64', source: 'refused.jsonl', exportedAt: '2026-11-25T10:00:00Z' } });
    const summary = text.slice(text.indexOf('id="summary"'), text.indexOf('id="diagram"'));
    expect(summary).toContain('Quectel EC25');
    expect(summary).toContain('EC25EFAR06A06M4G');
    expect(summary).toContain('866123456789012');
    expect(summary).toMatch(/data-testid="report-sim">READY/);
    expect(summary).toMatch(/data-testid="report-signal">-73 dBm/);
    expect(summary).toMatch(/data-testid="report-registration">home/);
    expect(summary).toContain('Example Telecom (LTE)');
    expect(summary).toContain('iot.example (IPv4)');
    expect(summary).toContain('cid 1 active 10.64.3.17');
    expect(summary).toContain('10.0.0.5:1883');
    expect(summary).toContain('keepalive=120');
    const failure = summary.slice(summary.indexOf('report-first-failure'));
    expect(failure).toContain('+QMTCONN: 0,0,4');
    expect(failure).toMatch(/data-testid="report-next-step">Next step: Check the credentials/);
    expect(summary).toContain('1 × MQTT password');
  });

  it('then the diagram, the full log and the environment, in that order', async () => {
    const { text } = await exportToString(refused, { format: 'html', environment: { os: 'Linux 6.1 x64' } });
    const at = (s: string) => text.indexOf(s);
    expect(at('id="summary"')).toBeLessThan(at('id="diagram"'));
    expect(at('id="diagram"')).toBeLessThan(at('id="log"'));
    expect(at('id="log"')).toBeLessThan(at('id="environment"'));
    expect(text.slice(at('id="diagram"'), at('id="log"'))).toContain('<svg');
    const model = sessionModel(refused);
    expect(text.match(/<tr class="(tx|rx)/g)).toHaveLength(model.entries.length);
    expect(text).toContain('data-kind="urc"');
    // Row meanings as in the Log view: the catalogue's reading of the refusal.
    expect(text).toMatch(/\+QMTCONN: 0,0,4<\/td><td>#\d+<\/td><td>Refused/);
    const env = text.slice(at('id="environment"'));
    expect(env).toContain('Linux 6.1 x64');
    expect(env).toMatch(/Recorded by<\/dt><dd>workbench at 0\.1\.0/);
    expect(env).toMatch(/Port<\/dt><dd>\/dev\/ttyUSB2/);
    expect(env).toContain('115200 baud, 8N1, flow control none');
  });

  it('is self-contained: a strict CSP, no external reference, the one inline script allowed by hash', async () => {
    const { text } = await exportToString(refused, { format: 'html' });
    expect(text).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toMatch(/default-src 'none'/);
    expect(text).not.toMatch(/\s(src|href)=/i);
    expect(text).not.toMatch(/url\(/i);
    expect(text.match(/<script>/g)).toHaveLength(1);
    expect(text).not.toMatch(/<script[^>]+src/);
  });

  it('escapes what the modem sent', async () => {
    const records = buildJournal([{ at: 0, urc: '<img src=x onerror=alert(1)>' }]);
    const { text } = await exportToString(records, { format: 'html' });
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws at most the chosen number of exchanges and says so; the log keeps every row', async () => {
    const { text } = await exportToString(refused, { format: 'html', maxDiagramExchanges: 2 });
    const total = sessionModel(refused).exchanges.length;
    expect(text).toContain(`The diagram shows the first 2 of ${total} exchanges`);
    expect(text.match(/<tr class="(tx|rx)/g)).toHaveLength(sessionModel(refused).entries.length);
  });

  it('says when nothing failed', async () => {
    const { text } = await exportToString(buildJournal(successSession), { format: 'html' });
    expect(text).toContain('No failure in this session.');
  });
});

describe('text and mermaid', () => {
  it('text is one "timestamp  dir  line" line per log row, then its link drops', async () => {
    const { text } = await exportToString(refused, { format: 'text' });
    const [rows = '', drops] = text.split('\nLink drops');
    const lines = rows.trimEnd().split('\n');
    expect(drops).toMatch(/^ \(1\), times in UTC/);
    expect(lines).toHaveLength(sessionModel(refused).entries.length);
    expect(lines[0]).toBe('2026-11-25 09:00:00.000  tx  ATI');
    expect(lines).toContain('2026-11-25 09:00:01.700  rx  +QMTCONN: 0,0,4');
    expect(text).toContain('"fielduser","«redacted»"');
  });

  it('mermaid is the shared diagram pipeline\'s text', async () => {
    const { text } = await exportToString(refused, { format: 'mermaid' });
    expect(text).toBe(sessionToMermaid(sessionModel(refused)));
  });
});

describe('json session file', () => {
  it('round trip: export → read → the same log and exchanges, the same diagram', async () => {
    const original = buildJournal([...successSession, ...linkDropSession.map((s) => ({ ...s, at: s.at + 10_000 }))]);
    const { text } = await exportToString(original, { format: 'json', environment: { exportedAt: '2026-11-25T10:00:00Z' } });
    const read = parseSessionFile(text);
    if (!read.ok) throw new Error(read.problem.title);
    expect(read.damage).toBeUndefined();
    expect(read.header.format).toBe(SESSION_FILE_FORMAT);
    expect(read.header.version).toBe(1);
    expect(read.header.meta.records).toBe(original.length);
    expect(read.records).toHaveLength(original.length);
    const before = sessionModel(original);
    const after = sessionModel(read.records);
    expect(after.entries).toEqual(before.entries);
    expect(after.exchanges).toEqual(before.exchanges);
    expect(sessionToMermaid(after)).toBe(sessionToMermaid(before));
  });

  it('a truncated file opens up to the damage and says where it stopped', async () => {
    const { text } = await exportToString(refused, { format: 'json' });
    const lines = text.split('\n');
    // Cut in the middle of record 20 (line 22: the header is line 1).
    const cut = lines.slice(0, 21).join('\n') + '\n' + (lines[21] ?? '').slice(0, 30);
    const read = parseSessionFile(cut);
    if (!read.ok) throw new Error(read.problem.title);
    expect(read.records).toHaveLength(20);
    expect(read.damage).toMatchObject({ line: 22, recordsRead: 20 });
    expect(read.damage?.reason).toMatch(/not complete JSON/);
    expect(read.records).toEqual(parseSessionFile(text).ok ? (parseSessionFile(text) as { records: JournalRecord[] }).records.slice(0, 20) : []);
    // Cut at a line end: the missing end marker tells.
    const clean = parseSessionFile(lines.slice(0, 21).join('\n') + '\n');
    expect(clean.ok && clean.damage?.reason).toMatch(/cut off/);
  });

  it('a damaged record stops the reading there, keeping what came before', async () => {
    const { text } = await exportToString(refused, { format: 'json' });
    const lines = text.split('\n');
    lines[5] = '{"seq":4,"mono":"soon","wall":0,"event":{"type":"note","text":"x"}}';
    const read = parseSessionFile(lines.join('\n'));
    expect(read.ok && read.records.length).toBe(4);
    expect(read.ok && read.damage?.line).toBe(6);
  });

  it('refuses a future version with a clear message; reads its own', () => {
    const future = JSON.stringify({ format: SESSION_FILE_FORMAT, version: 2, meta: {} }) + '\n';
    const read = parseSessionFile(future);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problem.title).toMatch(/newer version of the app \(format version 2\)/);
      expect(read.problem.nextStep).toMatch(/Update/);
    }
    const journal = parseSessionFile('{"seq":0,"mono":0,"wall":0,"dir":"tx","bytes":"QVQNCg=="}\n');
    expect(!journal.ok && journal.problem.title).toMatch(/not a session file/);
  });

  it('counts the same redactions and rows as the formats that group the session', async () => {
    const json = await exportToString(refused, { format: 'json', maskIds: true });
    const text = await exportToString(refused, { format: 'text', maskIds: true });
    expect(json.result.redactions).toEqual(text.result.redactions);
    expect(json.result.rows).toBe(text.result.rows);
    const part = await exportToString(refused, { format: 'json', range: { kind: 'time', from: 1.3, to: 1.75 } });
    expect(part.result.rows).toBe(4);
    const read = parseSessionFile(part.text);
    expect(read.ok && read.header.meta.range?.description).toBe('from 1.300 s to 1.750 s of the session');
  });

  it('a reader fed line by line gives the same result', async () => {
    const { text } = await exportToString(refused, { format: 'json' });
    const reader = new SessionFileReader();
    for (const line of text.split('\n')) reader.push(line);
    expect(reader.finish()).toEqual(parseSessionFile(text));
  });
});

describe('ranges, streaming and progress', () => {
  it('a time range in seconds from the start, or ISO times, keeps the rows inside it', async () => {
    const secs = await exportToString(refused, { format: 'text', range: { kind: 'time', from: 1.3, to: 1.75 } });
    const iso = await exportToString(refused, { format: 'text', range: { kind: 'time', from: '2026-11-25T09:00:01.300Z', to: '2026-11-25T09:00:01.750Z' } });
    expect(secs.text).toBe(iso.text);
    expect(secs.text.trimEnd().split('\n')).toEqual([
      '2026-11-25 09:00:01.300  rx  +QMTOPEN: 0,0',
      '2026-11-25 09:00:01.400  tx  AT+QMTCONN=0,"wb-demo-0001","fielduser","«redacted»"',
      '2026-11-25 09:00:01.420  rx  OK',
      '2026-11-25 09:00:01.700  rx  +QMTCONN: 0,0,4',
    ]);
    expect(resolveTimePoint('bogus', refused)).toBeUndefined();
  });

  it('a secret set before the range is still redacted inside it', async () => {
    const records = buildJournal([{ at: 0, send: 'AT+QMTCONN=0,"c","u","EarlySecret9"' }, { at: 5000, urc: '+QMTRECV: 0,1,"echo",12,"EarlySecret9"' }]);
    const { text } = await exportToString(records, { format: 'text', range: { kind: 'time', from: 4 } });
    expect(text).toContain('+QMTRECV');
    expect(text).not.toContain('EarlySecret9');
  });

  it('a set of exchanges keeps their rows and draws only them', async () => {
    const model = sessionModel(refused);
    const conn = model.exchanges.find((x) => x.command.startsWith('AT+QMTCONN'));
    if (!conn) throw new Error('no CONNECT exchange');
    const { text, result } = await exportToString(refused, { format: 'text', range: { kind: 'exchanges', ids: [conn.id] } });
    expect(result.exchanges).toBe(1);
    expect(text).toContain('+QMTCONN: 0,0,4');
    expect(text).not.toContain('ATI');
    const mermaid = await exportToString(refused, { format: 'mermaid', range: { kind: 'exchanges', ids: [conn.id] } });
    expect(mermaid.text).toContain('QMTCONN');
    expect(mermaid.text).not.toContain('QMTOPEN=');
    // The trimmed model draws exactly what the whole model draws for those exchanges.
    const open = model.exchanges.find((x) => x.command.startsWith('AT+QMTOPEN'));
    for (const ids of [[conn.id], [open?.id ?? -1, conn.id]]) expect(sessionToMermaid(drawable(model, ids))).toBe(sessionToMermaid(selectExchanges(model, ids)));
  });

  it('streams: many chunks for a long session, progress up to the total', async () => {
    const steps: Step[] = Array.from({ length: 3000 }, (_, i) => ({ at: i * 10, send: 'AT+CSQ', lines: [`+CSQ: ${i % 31},99`] }));
    const records = buildJournal(steps);
    const progress: ExportProgress[] = [];
    let chunks = 0;
    let largest = 0;
    const result = await exportSession(records, { format: 'html', onProgress: (p) => progress.push(p) }, {
      write: (c) => {
        chunks++;
        largest = Math.max(largest, c.length);
      },
    });
    // Handed on about 1 MB at a time (a file sink waits on the disk once per write), never whole.
    expect(chunks).toBeGreaterThan(1);
    expect(largest).toBeLessThanOrEqual(1 << 20);
    expect(result.rows).toBe(9000);
    const writing = progress.filter((p) => p.phase === 'writing');
    expect(writing.length).toBeGreaterThan(5);
    expect(writing[writing.length - 1]).toEqual({ phase: 'writing', done: 9000, total: 9000 });
    expect(progress[0]?.phase).toBe('redacting');
    // The mermaid text, drawn a window of exchanges at a time, is the whole diagram.
    const mermaid = await exportToString(records, { format: 'mermaid' });
    expect(mermaid.text).toBe(sessionToMermaid(sessionModel(records)));
  });

  it('the generator can be consumed directly', async () => {
    const it = exportChunks(refused, { format: 'text' });
    const first = await it.next();
    expect(first.done).toBe(false);
  });
});

describe('html rows', () => {
  it('the clock of a row reads as the Date of its wall time does (fractions of a ms, midnight, far and odd times)', async () => {
    const { timeOfDay } = await import('./html');
    const walls = [0, 1, 999.999, 1795597200000, 1795597200000.123, 1795683599999.9, 86_399_999, 86_400_000, 253_402_300_799_999.5, 253_402_300_800_000, 8.64e15 - 1, -1, -86_400_001.5];
    for (let k = 0; k < 2000; k++) walls.push(Math.random() * 4e12, Math.floor(Math.random() * 4e12));
    for (const w of walls) expect(timeOfDay(w), String(w)).toBe(new Date(w).toISOString().slice(11, 23));
  });
});
