// Journals safe at rest: secrets planted in every form a session holds them (a QMTCONN password
// with a quote and a backslash, an aliauth DeviceSecret set and echoed back, the answer cut between
// two serial reads, a private key uploaded with QFUPL, a JSON copy published at the prompt) go
// through the real write path (engine over the in-memory modem, openJournal with a key store) and
// are in no encoding in the journal file; the key opens them again exactly; without it (or with
// another machine's key) the journal opens with placeholders and every export still works.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/model';
import { openMemoryRig } from '../../test-support/engine-rig';
import type { Step } from '../../test-support/scripted-peer';
import { EXPORT_FORMATS, exportToString } from './export';
import { defaultJournalDir, openJournal, parseJournalText, readJournal } from './journal';
import { encodeCompactJournal } from './journal-compact';
import { defaultKeyDir, fileKeyStore, KeyStoreError, memoryKeyStore } from './key-store';
import { SEALED_PLACEHOLDER } from './seal';

const PASSWORD = 'Pw"Quote\\Back-5521x';
const DEVICE_SECRET = 'AliDeviceSecret0x9F3A7c';
const SPLIT_SECRET = 'SplitReadSecret-77aa';
const JSON_PASSWORD = 'Json-Copy-Pw-31xyz';
const KEY_FILE = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPlantedKeyMaterialAbCdEf0123456789\n-----END EC PRIVATE KEY-----\n';
const KEY_BODY = 'MHcCAQEEIPlantedKeyMaterialAbCdEf0123456789';
/** A QMTCONN that gets no answer: its timeout problem names the command. */
const TIMEOUT_PASSWORD = 'Timed-Out-Pw-6620z';
const SECRETS = [PASSWORD, DEVICE_SECRET, SPLIT_SECRET, JSON_PASSWORD, KEY_BODY, TIMEOUT_PASSWORD];
const JSON_PAYLOAD = `{"password":"${JSON_PASSWORD}"}`;

/** Every way a secret could sit in the file: clear, JSON-escaped, hex, base64 at each alignment; and the halves of the split one. */
function encodings(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  const out = [secret, JSON.stringify(secret).slice(1, -1), b.toString('hex'), b.toString('hex').toUpperCase()];
  for (let pad = 0; pad < 3; pad++) out.push(Buffer.concat([Buffer.alloc(pad, 0x41), b]).toString('base64').slice(4, -4));
  return out;
}
const FORBIDDEN = [...SECRETS.flatMap(encodings), SPLIT_SECRET.slice(0, 9), SPLIT_SECRET.slice(9)];

function expectNoSecret(what: string, text: string): void {
  for (const s of FORBIDDEN) expect(text.includes(s), `${what} holds ${JSON.stringify(s)}`).toBe(false);
}

const script = (line: string): Step[] | undefined => {
  if (line.startsWith('AT+QMTCONN=1,')) return [];
  if (line.startsWith('AT+QMTCONN=')) return ['\r\nOK\r\n', '\r\n+QMTCONN: 0,0,0\r\n'];
  if (line === 'AT+QMTCFG="aliauth",0') return [`\r\n+QMTCFG: "aliauth","a1PK","dev-01","${SPLIT_SECRET.slice(0, 9)}`, `${SPLIT_SECRET.slice(9)}"\r\n\r\nOK\r\n`];
  if (line.startsWith('AT+QMTCFG=')) return ['\r\nOK\r\n'];
  if (line.startsWith('AT+QFUPL=')) return ['\r\nCONNECT\r\n', { awaitPayload: KEY_FILE.length, then: () => [`\r\n+QFUPL: ${KEY_FILE.length},1a2b\r\n\r\nOK\r\n`] }];
  if (line.startsWith('AT+QMTPUBEX=')) return ['\r\n> ', { awaitPayload: JSON_PAYLOAD.length, then: () => ['\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n'] }];
  return ['\r\nOK\r\n'];
};

/** A session with every form of secret, journaled through the engine into `file`; the records as written. */
async function plantedSession(file: string, keys = memoryKeyStore()): Promise<JournalRecord[]> {
  const written: JournalRecord[] = [];
  const journal = openJournal(file, { keys, flushIntervalMs: 0 });
  const rig = openMemoryRig(script, { echo: true }, { journal: { append: (r) => (written.push(journal.write(r)), written.at(-1)!.seq) } });
  const run = async (p: Promise<unknown>) => {
    await rig.advance(0);
    await rig.advance(50);
    return p;
  };
  await run(rig.engine.send({ text: `AT+QMTCONN=0,"cid-1","field-user","${PASSWORD}"` }));
  await run(rig.engine.send({ text: `AT+QMTCFG="aliauth",0,"a1PK","dev-01","${DEVICE_SECRET}"` }));
  const query = await run(rig.engine.send({ text: 'AT+QMTCFG="aliauth",0' }));
  expect(query).toMatchObject({ kind: 'ok', lines: [`+QMTCFG: "aliauth","a1PK","dev-01","${SPLIT_SECRET}"`] });
  await run(rig.engine.send({ text: `AT+QFUPL="UFS:client.key",${KEY_FILE.length},100`, payload: { bytes: Buffer.from(KEY_FILE), end: 'fixed-length' } }));
  await run(rig.engine.send({ text: `AT+QMTPUBEX=0,0,0,0,"dev/cfg",${JSON_PAYLOAD.length}`, payload: { bytes: Buffer.from(JSON_PAYLOAD), end: 'fixed-length' } }));
  const timedOut = rig.engine.send({ text: `AT+QMTCONN=1,"cid-2","field-user","${TIMEOUT_PASSWORD}"` });
  await rig.advance(0);
  await rig.advance(600_000);
  expect(await timedOut).toMatchObject({ kind: 'timeout', problem: { title: expect.stringContaining(TIMEOUT_PASSWORD) } });
  await journal.close();
  return written;
}

const everything = (records: readonly JournalRecord[]): string =>
  records.map((r) => JSON.stringify(r) + ('bytes' in r ? Buffer.from(r.bytes, 'base64').toString('utf8') : '')).join('\n');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sealed-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a journal with secrets, sealed at rest', () => {
  it('holds none of the planted secrets in any encoding, while every one went through it', async () => {
    const file = path.join(dir, 'journals', 's.cjsonl');
    const written = await plantedSession(file);
    // The session really carried each secret, in every record kind that repeats it.
    const clear = everything(written);
    for (const s of SECRETS) expect(clear, s).toContain(JSON.stringify(s).slice(1, -1));
    const rxBytes = Buffer.concat(written.flatMap((r) => ('bytes' in r && r.dir === 'rx' ? [Buffer.from(r.bytes, 'base64')] : []))).toString('utf8');
    expect(rxBytes).toContain(SPLIT_SECRET);
    const kinds = new Set(written.filter((r) => r.secret || JSON.stringify(r).includes(DEVICE_SECRET)).map((r) => ('bytes' in r ? r.dir : r.event.type)));
    expect([...kinds].sort()).toEqual(['command-ended', 'command-started', 'line', 'rx', 'tx']);

    const onDisk = fs.readFileSync(file, 'utf8');
    expectNoSecret('the journal file', onDisk);
    expect(onDisk).toContain(SEALED_PLACEHOLDER);
  });

  it('opens back to exactly the records written with the key, and to placeholders without it', async () => {
    const keys = memoryKeyStore();
    const file = path.join(dir, 's.cjsonl');
    const written = await plantedSession(file, keys);
    const withKey = await readJournal(file, { keys });
    expect(withKey.records).toEqual(written);
    expect(withKey.endedCleanly).toBe(true);

    const without = await readJournal(file);
    expect(without.records.length).toBe(written.length);
    expectNoSecret('records read without the key', JSON.stringify(without.records) + everything(without.records));
    // Same rows, same kinds; only the secret spans differ, and they are still marked.
    expect(without.records.map((r) => ('bytes' in r ? r.dir : r.event.type))).toEqual(written.map((r) => ('bytes' in r ? r.dir : r.event.type)));
    expect(without.records.filter((r) => r.secret).length).toBe(written.filter((r) => r.secret).length);
    for (const r of without.records) expect('sealed' in r).toBe(false);
  });

  it('exports every format from a journal read without the key', async () => {
    const file = path.join(dir, 's.cjsonl');
    await plantedSession(file);
    const { records } = await readJournal(file);
    for (const format of EXPORT_FORMATS) {
      const { text } = await exportToString(records, { format });
      expect(text.length, format).toBeGreaterThan(0);
      expectNoSecret(`the ${format} export`, text);
    }
  });

  it('reveals nothing once copied to another machine (another key), and never fails to open', async () => {
    const here = fileKeyStore({ dir: path.join(dir, 'here-config') });
    const there = fileKeyStore({ dir: path.join(dir, 'there-config') });
    const file = path.join(dir, 'journals', 's.cjsonl');
    const written = await plantedSession(file, here);
    const copy = path.join(dir, 'elsewhere', 's.cjsonl');
    fs.mkdirSync(path.dirname(copy));
    fs.copyFileSync(file, copy);
    const elsewhere = await readJournal(copy, { keys: there });
    expect(elsewhere.records.length).toBe(written.length);
    expectNoSecret('the copy read with another key', JSON.stringify(elsewhere.records) + everything(elsewhere.records));
    // The laptop's key still opens the copy.
    expect((await readJournal(copy, { keys: here })).records).toEqual(written);
  });

  it('keeps sealing when a sealed journal is reopened and continued', async () => {
    const keys = memoryKeyStore();
    const file = path.join(dir, 's.cjsonl');
    const first = await plantedSession(file, keys);
    const second = await plantedSession(file, keys);
    expectNoSecret('the continued journal', fs.readFileSync(file, 'utf8'));
    const read = await readJournal(file, { keys });
    expect(read.records).toEqual([...first, ...second.map((r) => r)]);
    expect(read.records.map((r) => r.seq)).toEqual(read.records.map((_, i) => i));
  });

  it('seals a plain (older encoding) journal that is continued, and reads it back', async () => {
    const keys = memoryKeyStore();
    const file = path.join(dir, 'old.jsonl');
    fs.writeFileSync(file, JSON.stringify({ seq: 0, mono: 1, wall: 2, event: { type: 'note', text: 'older session' } }) + '\n');
    const written = await plantedSession(file, keys);
    expectNoSecret('the continued plain journal', fs.readFileSync(file, 'utf8'));
    expect(fs.readFileSync(file, 'utf8').startsWith('{')).toBe(true);
    expect((await readJournal(file, { keys })).records.slice(1)).toEqual(written);
  });
});

describe('old journals with secrets in clear', () => {
  const clearRecords: JournalRecord[] = [
    { seq: 0, mono: 1, wall: 1000, dir: 'tx', bytes: Buffer.from(`AT+QMTCONN=0,"c","u","${DEVICE_SECRET}"\r`).toString('base64'), secret: [[22, 22 + DEVICE_SECRET.length]] },
    { seq: 1, mono: 2, wall: 1001, event: { type: 'line', dir: 'tx', kind: 'command', text: `AT+QMTCONN=0,"c","u","${DEVICE_SECRET}"`, at: { mono: 2, wall: 1001 } }, secret: [[22, 22 + DEVICE_SECRET.length]] },
    { seq: 2, mono: 3, wall: 1002, dir: 'rx', bytes: Buffer.from('\r\nOK\r\n').toString('base64') },
  ];

  it('read as before, with or without a key, in both encodings', () => {
    const keys = memoryKeyStore();
    const plain = clearRecords.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const compact = encodeCompactJournal(clearRecords);
    for (const text of [plain, compact]) {
      expect(parseJournalText(text).records).toEqual(clearRecords);
      expect(parseJournalText(text, { keys }).records).toEqual(clearRecords);
    }
  });
});

describe('the key file', () => {
  it('lives in the user config folder of each platform (or WORKBENCH_KEY_DIR), never under the journals folder', () => {
    expect(defaultKeyDir({ WORKBENCH_KEY_DIR: '/k' }, 'linux', '/home/u')).toBe('/k');
    expect(defaultKeyDir({}, 'linux', '/home/u')).toBe('/home/u/.config/modem-mqtt-workbench');
    expect(defaultKeyDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/modem-mqtt-workbench');
    expect(defaultKeyDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/modem-mqtt-workbench/keys');
    for (const [env, platform, home] of [[{}, 'linux', '/home/u'], [{}, 'darwin', '/Users/u'], [{ WORKBENCH_DATA_DIR: '/data' }, 'linux', '/home/u']] as const) {
      const journals = defaultJournalDir(env, platform, home);
      expect(path.relative(journals, defaultKeyDir(env, platform, home)).startsWith('..')).toBe(true);
    }
  });

  it('is made 0600 in a 0700 folder outside the journals folder, once, and reused', () => {
    const keyDir = path.join(dir, 'config', 'modem-mqtt-workbench');
    const journalDir = path.join(dir, 'data', 'journals');
    const store = fileKeyStore({ dir: keyDir, journalDir });
    const k = store.sealingKey();
    const file = path.join(keyDir, 'journal-seal.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file).length).toBe(32);
    expect(fileKeyStore({ dir: keyDir, journalDir }).openingKeys()).toEqual([k]);
    expect(fs.existsSync(journalDir) ? fs.readdirSync(journalDir) : []).toEqual([]);
  });

  it('is refused inside the journals folder', () => {
    expect(() => fileKeyStore({ dir: path.join(dir, 'journals', 'keys'), journalDir: path.join(dir, 'journals') })).toThrow(KeyStoreError);
  });

  it('gives no key to open with before one was made (no file is created by reading)', () => {
    const keyDir = path.join(dir, 'never');
    expect(fileKeyStore({ dir: keyDir }).openingKeys()).toEqual([]);
    expect(fs.existsSync(keyDir)).toBe(false);
  });

  it('protected by the OS keyring: the file holds only the protected key, and a keyring that cannot open it gives no key', async () => {
    const { keyringKeyStore } = await import('./key-store');
    const keyDir = path.join(dir, 'kr');
    const mark = Buffer.from('KEYRING:');
    const protector = {
      encryptString: (s: string) => Buffer.concat([mark, Buffer.from(s.split('').reverse().join(''))]),
      decryptString: (b: Buffer) => {
        if (!b.subarray(0, mark.length).equals(mark)) throw new Error('not ours');
        return b.subarray(mark.length).toString().split('').reverse().join('');
      },
    };
    const store = keyringKeyStore(protector, { dir: keyDir });
    expect(store.kind).toBe('os-keyring');
    const k = store.sealingKey();
    const stored = fs.readFileSync(path.join(keyDir, 'journal-seal.key.protected'));
    expect(stored.includes(k.key)).toBe(false);
    expect(stored.includes(Buffer.from(k.key.toString('base64')))).toBe(false);
    expect(keyringKeyStore(protector, { dir: keyDir }).openingKeys()[0]).toEqual(k);
    const otherKeyring = { ...protector, decryptString: () => { throw new Error('another user'); } };
    const elsewhere = keyringKeyStore(otherKeyring, { dir: keyDir });
    expect(elsewhere.openingKeys()).toEqual([]);
    // Sealing there makes a new key and moves the one it cannot open aside (never overwritten).
    expect(elsewhere.sealingKey()).not.toEqual(k);
    const aside = fs.readdirSync(keyDir).filter((n) => n.startsWith('journal-seal.key.protected.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(keyDir, aside[0]!))).toEqual(stored);
  });

  it('a key store that fails still seals (with a key that is not kept) and reports it', async () => {
    const errors: string[] = [];
    const broken = { kind: 'file' as const, sealingKey: () => { throw new KeyStoreError('no config folder', '/nowhere'); }, openingKeys: () => [] };
    const file = path.join(dir, 'b.cjsonl');
    const journal = openJournal(file, { keys: broken, onError: (e) => errors.push(e.message) });
    journal.append({ mono: 1, wall: 2, event: { type: 'line', dir: 'tx', kind: 'command', text: `AT+QMTCONN=0,"c","u","${JSON_PASSWORD}"`, at: { mono: 1, wall: 2 } } });
    await journal.close();
    expect(errors).toEqual(['no config folder']);
    expectNoSecret('the journal', fs.readFileSync(file, 'utf8'));
  });
});
