// The journal writer's files are byte-identical to those of the writer before its per-record work
// was cut (test-support/journal-oracle/, kept unchanged): the real-modem transcripts and random
// records, compact and plain (a reopened old journal), in clear and sealed (the nonces drawn from
// the same fixed source for both), with what write() returns and what onWritten is told equal too.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JournalRecord } from '../../shared/model';
import { openJournal as openOracle } from '../../test-support/journal-oracle/journal';
import type { JournalEntry } from '../at/types';
import { successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession } from './fixtures';
import { openJournal } from './journal';
import { memoryKeyStore } from './key-store';
import { buildJournal } from './transcript';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-jbytes-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const KEY = Buffer.alloc(32, 7);
type Mode = { keys: boolean; plain: boolean };
const PLAIN_SEED = '{"seq":4,"mono":1,"wall":2,"dir":"rx","bytes":"T0sNCg=="}\n';

/** Every nonce the sealer draws, from a counter: the same sequence for both writers. */
function fixedNonces(): void {
  let n = 0;
  const real = crypto.randomBytes.bind(crypto);
  vi.spyOn(crypto, 'randomBytes').mockImplementation(((size: number) => (size === 12 ? Buffer.alloc(12, n++ & 0xff) : real(size))) as typeof crypto.randomBytes);
}

/** The bytes as a view into the middle of a larger buffer (as a serial read hands them over). */
function view(base64: string): Uint8Array {
  const b = Buffer.from(base64, 'base64');
  const big = new Uint8Array(b.length + 7);
  big.set(b, 3);
  return big.subarray(3, 3 + b.length);
}

interface Written {
  bytes: Buffer;
  returned: JournalRecord[];
  seqs: number[];
  told: [string, number][];
}

function writeWith(open: typeof openJournal, name: string, entries: readonly JournalEntry[], mode: Mode): Written {
  const file = path.join(dir, name);
  if (mode.plain) fs.writeFileSync(file, PLAIN_SEED);
  fixedNonces();
  const told: [string, number][] = [];
  const j = open(file, { maxBatch: 7, flushIntervalMs: 60_000, keys: mode.keys ? memoryKeyStore(KEY) : undefined, onWritten: (t, o) => told.push([t, o]) });
  const returned: JournalRecord[] = [];
  const seqs: number[] = [];
  // Every kind of call, as the host (write) and the engine straight to the journal (append) make
  // them; byte records also as bytes where the writer takes them (the writer before did not).
  entries.forEach((e, i) => {
    const rec = structuredClone(e);
    const asBytes = 'bytes' in rec && 'writeBytes' in j && i % 2 === 0;
    if (i % 3 === 2) seqs.push(asBytes && 'bytes' in rec ? j.appendBytes!(rec.mono, rec.wall, rec.dir, view(rec.bytes)) : j.append(rec));
    else returned.push(asBytes && 'bytes' in rec ? j.writeBytes(rec.mono, rec.wall, rec.dir, view(rec.bytes)) : j.write(rec));
  });
  j.flushNow();
  j.flushNow();
  void j.close();
  vi.restoreAllMocks();
  return { bytes: fs.readFileSync(file), returned, seqs, told };
}

let run = 0;
function expectSame(entries: readonly JournalEntry[], mode: Mode): void {
  // Files of their own: a journal reopened continues in its own encoding.
  run++;
  const before = writeWith(openOracle as typeof openJournal, `old-${run}.cjsonl`, entries, mode);
  const after = writeWith(openJournal, `new-${run}.cjsonl`, entries, mode);
  expect(after.bytes.toString('utf8')).toBe(before.bytes.toString('utf8'));
  expect(after.bytes.equals(before.bytes)).toBe(true);
  expect(after.returned).toEqual(before.returned);
  expect(after.seqs).toEqual(before.seqs);
  expect(after.told).toEqual(before.told);
}

const MODES: Mode[] = [
  { keys: false, plain: false },
  { keys: true, plain: false },
  { keys: false, plain: true },
  { keys: true, plain: true },
];
const entriesOf = (records: readonly JournalRecord[]): JournalEntry[] => records.map(({ seq: _seq, ...rest }) => rest as JournalEntry);
const b64 = (s: string, enc: BufferEncoding = 'utf8') => Buffer.from(s, enc).toString('base64');

describe('journal bytes are those of the writer before', () => {
  const transcripts = { successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession };
  for (const mode of MODES) {
    it(`the real-modem transcripts (${mode.keys ? 'sealed' : 'clear'}, ${mode.plain ? 'plain' : 'compact'})`, () => {
      for (const steps of Object.values(transcripts)) expectSame(entriesOf(buildJournal(steps)), mode);
    });
  }

  it('a session with secrets in every form (a password sent, an aliauth echo cut between reads, a payload, bytes not UTF-8)', () => {
    const at = (ms: number) => ({ mono: ms + 0.0004567, wall: 1.7e12 + ms + 0.00012 });
    const cmd = 'AT+QMTCONN=0,"client","user","Pw\\"x-5521"';
    const entries: JournalEntry[] = [
      { ...at(1), dir: 'tx', bytes: b64(`${cmd}\r`) },
      { ...at(1), event: { type: 'line', dir: 'tx', kind: 'command', text: cmd, commandId: 3, at: at(1) } },
      { ...at(2), dir: 'rx', bytes: b64('\r\n+QMTCFG: "aliauth",0,"pk","dn","Secret') },
      { ...at(3), dir: 'rx', bytes: b64('Tail0x9F"\r\nOK\r\n') },
      { ...at(3), event: { type: 'line', dir: 'rx', kind: 'response', text: '+QMTCFG: "aliauth",0,"pk","dn","SecretTail0x9F"', at: at(3) } },
      { ...at(4), dir: 'tx', bytes: b64('AT+QFUPL="key.pem",40\r') },
      { ...at(5), dir: 'tx', bytes: b64('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n') },
      { ...at(5), event: { type: 'line', dir: 'tx', kind: 'raw', text: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n', at: at(5) } },
      { ...at(6), dir: 'rx', bytes: b64('\xff\xfe\x80é', 'latin1') },
      { ...at(7), dir: 'rx', bytes: b64('+QMTRECV: 0,1,"t","héllo wörld ✓"\r\n') },
      { ...at(7), event: { type: 'line', dir: 'rx', kind: 'urc', text: '+QMTRECV: 0,1,"t","héllo wörld ✓"', at: at(7) } },
      { ...at(7), event: { type: 'urc', name: 'QMTRECV', text: '+QMTRECV: 0,1,"t","héllo wörld ✓"', at: at(7) } },
      { ...at(8), event: { type: 'note', text: 'password is "Pw"' } },
    ];
    for (const mode of MODES) expectSame(entries, mode);
  });

  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('AT+QMTCONN=0,"c","u","p@ss"', 'AT+QMTCFG="aliauth",0,"pk","dn","ds"', '+QMTRECV: 0,1,"a/b","x"', 'OK', 'ERROR', '> ', 'AT+QMTPUBEX=0,0,0,0,"t",5'),
  );
  // Times with sub-microsecond digits (as the engine's clock gives them), some repeated (no change to write).
  const time = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 2e12 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([ms, f]) => ms / 7 + f),
    fc.constantFrom(1000, 1000.0015, 1.7e12 + 0.25),
  );
  const bytes = fc.oneof(
    text.map((s) => b64(`${s}\r\n`)),
    fc.uint8Array({ maxLength: 48 }).map((u) => Buffer.from(u).toString('base64')),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => b64(s)),
  );
  const stamp = fc.record({ mono: time, wall: time });
  const entry: fc.Arbitrary<JournalEntry> = fc.oneof(
    fc.record({ mono: time, wall: time, dir: fc.constantFrom('rx' as const, 'tx' as const), bytes }),
    fc.tuple(stamp, fc.boolean(), text, fc.constantFrom('rx' as const, 'tx' as const), fc.constantFrom('command' as const, 'response' as const, 'urc' as const, 'final' as const, 'raw' as const), fc.option(fc.nat(9), { nil: undefined })).map(
      ([s, own, t, dir, kind, commandId]) =>
        ({ ...s, event: { type: 'line', dir, kind, text: t, ...(commandId === undefined ? {} : { commandId }), at: own ? s : { mono: s.mono + 1, wall: s.wall } } }) as JournalEntry,
    ),
    fc.tuple(stamp, text, fc.option(text, { nil: undefined })).map(([s, t, name]) => ({ ...s, event: { type: 'urc', name: name ?? (/^\+([^:]+):/.exec(t)?.[1] ?? t), text: t, at: s } }) as JournalEntry),
    fc.tuple(stamp, text).map(([s, t]) => ({ ...s, event: { type: 'command-started', id: 1, command: t, at: s } }) as JournalEntry),
    fc.tuple(stamp, text).map(([s, t]) => ({ ...s, event: { type: 'note', text: t } }) as JournalEntry),
    // Events whose `at` is not their last key, or is nested too (the compact form leaves out the top one).
    fc.tuple(stamp, text, fc.nat(3)).map(
      ([s, t, form]) =>
        ({
          ...s,
          event: [
            { at: s, type: 'command-started', id: 1, command: t },
            { type: 'command-ended', id: 2, command: t, outcome: { kind: 'ok', final: 'OK', lines: [t], at: s }, at: s },
            { type: 'port-closed', reason: { kind: 'requested', detail: t, at: s }, at: s, extra: { at: s } },
            { type: 'command-ended', id: 3, command: t, outcome: { kind: 'ok', final: 'OK', lines: [], at: s }, at: { mono: s.mono, wall: s.wall, more: 1 } },
          ][form],
        }) as JournalEntry,
    ),
  );

  it('random records, in every mode', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 90 }), fc.constantFrom(...MODES), (entries, mode) => {
        expectSame(entries, mode);
      }),
      { numRuns: 120 },
    );
  });
});
