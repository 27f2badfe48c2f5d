// Redaction completeness: a secret planted in every form a session can hold it is found in no
// export format, in no encoding. The exports share one redaction function (../redact.ts); a form
// it misses is fixed there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../shared/model';
import { parseSessionFile } from '../../../shared/session-file';
import { buildJournal, toJsonl, type Step } from '../transcript';
import { CompactEncoder } from '../journal-compact';
import { EXPORT_FORMATS, exportToString, journalSource } from '.';
import { REDACTED } from '../redact';

const ALIAUTH_SECRET = 'aLiS3cretDeviceKey01';
const MQTT_PASSWORD = 'mqtt\\Pa55-w0rd'; // a backslash: its JSON-escaped copy differs from it
const SPLIT_SECRET = 'SplitAcrossReads-77';
const KEY_LINES = ['MIIEowIBAAKCAQEAwm9Qx1z7vY2bK3yq0pLrTfV8', 'c2VjcmV0LWtleS1tYXRlcmlhbC1mb3ItdGVzdHM0'];
const KEY = `-----BEGIN RSA PRIVATE KEY-----\n${KEY_LINES.join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
const IMEI = '866123456789012';
const IMSI = '460001234567890';
const ICCID = '89860012345678901234';

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Every way the secret could still be read from an export. */
function forms(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), hex(secret), hex(secret).toUpperCase(), b64(secret), b64(secret).replace(/=+$/, '')];
}

const steps: Step[] = [
  { at: 0, send: 'ATI', lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'] },
  { at: 50, send: 'AT+CGSN', lines: [IMEI] },
  { at: 100, send: 'AT+CIMI', lines: [IMSI] },
  { at: 150, send: 'AT+QCCID', lines: [`+QCCID: ${ICCID}`] },
  // The aliauth line, and its query echo.
  { at: 200, send: `AT+QMTCFG="aliauth",0,"a1PK","dev1","${ALIAUTH_SECRET}"` },
  { at: 300, send: 'AT+QMTCFG="aliauth",1', lines: [`+QMTCFG: "aliauth","a1PK","dev2","${SPLIT_SECRET}"`] },
  // A key file uploaded with QFUPL (fixed-length payload after '>').
  { at: 400, send: `AT+QFUPL="UFS:client.key",${Buffer.byteLength(KEY)},100`, payload: KEY, fixedLength: true, lines: ['+QFUPL: 1675,3a2b'] },
  { at: 500, send: 'AT+QMTOPEN=0,"iot.example.net",1883' },
  { at: 600, urc: '+QMTOPEN: 0,0' },
  // The MQTT password.
  { at: 700, send: `AT+QMTCONN=0,"dev1","user1","${MQTT_PASSWORD}"` },
  { at: 800, urc: '+QMTCONN: 0,0,0' },
  // Copies in other encodings, published as payloads.
  { at: 900, send: 'AT+QMTPUB=0,0,0,0,"dbg/hex"', payload: hex(MQTT_PASSWORD) },
  { at: 1000, send: 'AT+QMTPUB=0,0,0,0,"dbg/b64"', payload: b64(ALIAUTH_SECRET) },
  { at: 1100, send: 'AT+QMTPUB=0,0,0,0,"dbg/hexkey"', payload: hex(SPLIT_SECRET).toUpperCase() },
  // Whole configs base64-encoded: the secret starts 2 bytes into a 3-byte group in the first, 1 in the second.
  { at: 1200, send: 'AT+QMTPUB=0,0,0,0,"dbg/cfg"', payload: b64(`{"cfg":{"pw":"${MQTT_PASSWORD}"}}`) },
  { at: 1300, send: 'AT+QMTPUB=0,0,0,0,"dbg/cfg2"', payload: b64(`{"id":7,"k":"${ALIAUTH_SECRET}","n":1}`) },
];

/** The journal, with the aliauth query answer cut in two serial reads in the middle of the secret. */
function plantedJournal(): JournalRecord[] {
  const records = buildJournal(steps);
  const i = records.findIndex((r) => 'bytes' in r && Buffer.from(r.bytes, 'base64').toString().includes(SPLIT_SECRET));
  const r = records[i] as Extract<JournalRecord, { bytes: string }>;
  const text = Buffer.from(r.bytes, 'base64').toString();
  const cut = text.indexOf(SPLIT_SECRET) + 7;
  records.splice(i, 1, { ...r, bytes: b64(text.slice(0, cut)) }, { ...r, mono: r.mono + 2, bytes: b64(text.slice(cut)) });
  const end = records[records.length - 1] as JournalRecord;
  // A note with a JSON-escaped copy of the password under a key no field rule knows, and a base64 one.
  records.push({ seq: 0, mono: end.mono + 10, wall: end.wall + 10, event: { type: 'note', text: `config: {"mqtt":{"pass":${JSON.stringify(MQTT_PASSWORD)}}} token ${b64(MQTT_PASSWORD)}` } });
  return records.map((rec, seq) => ({ ...rec, seq }));
}

/** Every run of base64 in `text`, decoded at each of the four character offsets. */
function base64Decodings(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9+/]{12,}/g)) {
    for (let k = 0; k < 4; k++) {
      const run = m[0].slice(k);
      out.push(Buffer.from(run.slice(0, run.length - (run.length % 4)), 'base64').toString('latin1'));
    }
  }
  return out.join('\n');
}

/** The export's text, and for a json file every byte record decoded too. */
function readable(format: string, text: string): string {
  if (format !== 'json') return text;
  const read = parseSessionFile(text);
  if (!read.ok) throw new Error(read.problem.title);
  const decoded = read.records.map((r) => ('bytes' in r ? Buffer.from(r.bytes, 'base64').toString('utf8') : ''));
  return `${text}\n${decoded.join('')}`;
}

describe('no secret survives any export, in any form', () => {
  const journal = plantedJournal();

  it('the planted journal holds every secret in every form (the test checks something)', () => {
    const all = journal.map((r) => ('bytes' in r ? Buffer.from(r.bytes, 'base64').toString() : JSON.stringify(r.event))).join('\n');
    for (const s of [ALIAUTH_SECRET, MQTT_PASSWORD, ...KEY_LINES, hex(MQTT_PASSWORD), b64(ALIAUTH_SECRET), hex(SPLIT_SECRET).toUpperCase(), IMEI, IMSI, ICCID]) expect(all).toContain(s);
    for (const s of [ALIAUTH_SECRET, MQTT_PASSWORD]) expect(base64Decodings(all)).toContain(s);
    // The split secret is in no single byte record.
    expect(journal.some((r) => 'bytes' in r && Buffer.from(r.bytes, 'base64').toString().includes(SPLIT_SECRET))).toBe(false);
  });

  it.each(EXPORT_FORMATS.map((f) => [f]))('%s', async (format) => {
    const { text, result } = await exportToString(journal, { format, maskIds: true });
    const out = readable(format, text);
    for (const secret of [ALIAUTH_SECRET, MQTT_PASSWORD, SPLIT_SECRET, ...KEY_LINES]) {
      for (const f of forms(secret)) expect(out, `${format} holds ${secret} as ${f}`).not.toContain(f);
    }
    // Base64 anywhere in the export (a blob with the secret inside it included), decoded.
    const decoded = base64Decodings(out);
    for (const secret of [ALIAUTH_SECRET, MQTT_PASSWORD, SPLIT_SECRET]) expect(decoded, `${format} holds ${secret} inside base64`).not.toContain(secret);
    for (const id of [IMEI, IMSI, ICCID]) expect(out).not.toContain(id.slice(0, -4));
    if (format !== 'mermaid') expect(out).toContain(`${REDACTED}${IMEI.slice(-4)}`);
    expect(result.redactions['MQTT password or signed user name']).toBeGreaterThan(0);
  });

  it('without --mask-ids the identities stay, the secrets still go', async () => {
    const { text } = await exportToString(journal, { format: 'text' });
    expect(text).toContain(IMEI);
    expect(text).toContain(ICCID);
    for (const f of forms(MQTT_PASSWORD)) expect(text).not.toContain(f);
  });
});

// A journal file is read with shortcuts (lines that cannot hold a secret are not parsed for the
// secret pass; a clean line is copied as it is into a json file): the same planted secrets, read
// from a file in both encodings, and lines written by hand to fool the shortcuts.
describe('no secret survives an export read from a journal file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-redaction-file-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const journal = plantedJournal();
  const end = journal[journal.length - 1] as JournalRecord;
  const at = (k: number) => `"seq":${end.seq + k},"mono":${end.mono + k},"wall":${end.wall + k}`;
  /** Lines another writer (or an edit) could leave: each spells a secret so that only a full read finds it. */
  const handWritten = [
    // A duplicate key: JSON.parse keeps the last value, the line still holds the first.
    `{${at(1)},"event":{"type":"note","text":${JSON.stringify(MQTT_PASSWORD)},"text":"nothing here"}}`,
    // The only copy of a password whose command is spelled with \u escapes (the detector's word is not in the line as written).
    `{${at(2)},"event":{"type":"line","dir":"tx","kind":"command","text":"AT+\\u0051MTCONN=1,\\"dev9\\",\\"user9\\",\\"Only-In-Escapes-42\\"","at":{"mono":${end.mono + 2},"wall":${end.wall + 2}}}}`,
    // A later copy of it in a line the secret pass has no reason to read.
    `{${at(4)},"event":{"type":"note","text":"retry with Only-In-Escapes-42"}}`,
    // A known secret written with an escaped slash and an escaped letter.
    `{${at(3)},"event":{"type":"note","text":"copy \\u0061${ALIAUTH_SECRET.slice(1)} and ${b64(ALIAUTH_SECRET).replace(/\//g, '\\/')}"}}`,
  ];
  const plain = path.join(dir, 'plain.jsonl');
  fs.writeFileSync(plain, `${toJsonl(journal)}\n${handWritten.join('\n')}\n`);
  const compact = path.join(dir, 'compact.cjsonl');
  const encoder = new CompactEncoder();
  fs.writeFileSync(compact, `${journal.flatMap((r) => encoder.encode(r)).join('\n')}\n`);

  it.each(EXPORT_FORMATS.flatMap((f) => [[f, 'plain'] as const, [f, 'compact'] as const]))('%s from a %s journal', async (format, encoding) => {
    const file = encoding === 'plain' ? plain : compact;
    const { text } = await exportToString(journalSource(file), { format, maskIds: true });
    const out = readable(format, text);
    const secrets = [ALIAUTH_SECRET, MQTT_PASSWORD, SPLIT_SECRET, ...KEY_LINES, ...(encoding === 'plain' ? ['Only-In-Escapes-42'] : [])];
    for (const secret of secrets) for (const f of forms(secret)) expect(out, `${format} holds ${secret} as ${f}`).not.toContain(f);
    expect(out).not.toContain(b64(ALIAUTH_SECRET).replace(/\//g, '\\/'));
    const decoded = base64Decodings(out);
    for (const secret of [ALIAUTH_SECRET, MQTT_PASSWORD, SPLIT_SECRET]) expect(decoded, `${format} holds ${secret} inside base64`).not.toContain(secret);
    for (const id of [IMEI, IMSI, ICCID]) expect(out).not.toContain(id.slice(0, -4));
  });

  it('the file gives the export the records in memory give (the shortcuts change nothing)', async () => {
    const file = path.join(dir, 'same.jsonl');
    fs.writeFileSync(file, `${toJsonl(journal)}\n`);
    for (const format of EXPORT_FORMATS) {
      const fromFile = await exportToString(journalSource(file), { format, maskIds: true, environment: { exportedAt: 'then' } });
      expect(fromFile.text).toBe((await exportToString(journal, { format, maskIds: true, environment: { exportedAt: 'then' } })).text);
    }
  });
});
