// Sealed records against anything: any record with any secret ranges, sealed and written in
// either encoding, reads back exactly with the key and as placeholders without it; a sealed
// journal cut, spliced and bit-flipped never makes the reader throw, with or without the key; a
// tampered or foreign blob stays a placeholder.
import fc from 'fast-check';
import { mutatedText } from '../../test-support/fuzz-properties';
import { describe, expect, it } from 'vitest';
import type { JournalRecord, SecretRange } from '../../shared/model';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from './fixtures';
import { parseJournalLine, parseJournalText } from './journal';
import { encodeCompactJournal } from './journal-compact';
import { exportDiagram, sessionModel } from './model';
import { SEALED_PLACEHOLDER, sealBytes, sealKey, sealRecord, unsealBytes, unsealRecord, type SealedRecord } from './seal';
import { createSecretMarker } from './secret-marks';
import { buildJournal } from './transcript';

const key = sealKey(Buffer.alloc(32, 7));
const otherKey = sealKey(Buffer.alloc(32, 9));

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('AT+QMTCONN=0,"c","u","p@ss"', '+QMTCFG: "aliauth","pk","dn","ds"', SEALED_PLACEHOLDER));
const ranges = fc.array(fc.tuple(fc.nat(60), fc.nat(60)).map(([a, b]): SecretRange => [Math.min(a, b), Math.max(a, b)]), { minLength: 1, maxLength: 3 });
const at = { mono: 1, wall: 1_700_000_000_000 };
const record = fc.oneof(
  fc.record({ dir: fc.constantFrom('rx' as const, 'tx' as const), bytes: fc.uint8Array({ maxLength: 50 }) }).map(({ dir, bytes }) => ({ seq: 0, ...at, dir, bytes: Buffer.from(bytes).toString('base64') }) as JournalRecord),
  fc.record({ dir: fc.constantFrom('rx' as const, 'tx' as const), t: text }).map(({ dir, t }) => ({ seq: 0, ...at, dir, bytes: Buffer.from(`\r\n${t}\r\n`).toString('base64') }) as JournalRecord),
  text.map((t) => ({ seq: 0, ...at, event: { type: 'line', dir: 'tx', kind: 'command', text: t, at } }) as JournalRecord),
  text.map((t) => ({ seq: 0, ...at, event: { type: 'urc', name: 'X', text: t, at } }) as JournalRecord),
  text.map((t) => ({ seq: 0, ...at, event: { type: 'command-started', id: 1, command: t, at } }) as JournalRecord),
  fc.tuple(text, fc.array(text, { maxLength: 3 })).map(([t, lines]) => ({ seq: 0, ...at, event: { type: 'command-ended', id: 1, command: t, outcome: { kind: 'timeout', lines: [...lines, '+QMTCFG: "aliauth","pk","dn","ds-in-an-answer"'], afterMs: 5, problem: { code: 'at.timeout', title: `No final answer to ${t} within 5 ms.`, detail: 'Lines received so far: +QMTCFG: "aliauth","pk","dn","ds-2"', nextStep: '' } }, at } }) as JournalRecord),
);

/** The field the ranges apply to, as the sealer reads it. */
const mainField = (r: JournalRecord): string | Buffer | undefined => {
  if ('bytes' in r) return Buffer.from(r.bytes, 'base64');
  const e = r.event as { text?: string; command?: string };
  return e.text ?? e.command;
};

describe('sealed records', () => {
  it('read back exactly with the key, in both encodings, and as placeholders without it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(record, fc.option(ranges, { nil: undefined })), { maxLength: 20 }), (rows) => {
        const records = rows.map(([r, s], seq) => (s ? { ...r, seq, secret: s } : { ...r, seq }) as JournalRecord);
        const sealed = records.map((r) => sealRecord(r, key));
        // What a keyed reader gets is the record written, secret ranges merged and clipped to the field.
        const expected = sealed.map((s) => unsealRecord(s, [key]));
        expected.forEach((e, i) => {
          const { secret: _a, ...restE } = e;
          const { secret: _b, ...restR } = records[i]!;
          expect(restE).toEqual(restR);
          // The opened marks cover every mark written (widened at most to whole characters), inside the field.
          const field = mainField(records[i]!);
          const mainSealed = (sealed[i]!.sealed ?? []).some(([f]) => !f.startsWith('o.'));
          if (!('sealed' in sealed[i]!)) expect(e).toEqual(records[i]);
          else if (!mainSealed) expect(e.secret).toEqual(records[i]!.secret);
          else if (field !== undefined) {
            const len = field.length;
            for (const [a, b] of records[i]!.secret ?? []) {
              const [ca, cb] = [Math.min(a, len), Math.min(b, len)];
              if (cb > ca) expect(e.secret!.some(([x, y]) => x <= ca && cb <= y), `${ca}-${cb} in ${JSON.stringify(e.secret)}`).toBe(true);
            }
            for (const [x, y] of e.secret ?? []) expect(x >= 0 && y <= len && x < y).toBe(true);
          }
        });
        const plain = sealed.map((r) => JSON.stringify(r)).join('\n') + '\n';
        const compact = encodeCompactJournal(sealed);
        for (const text of [plain, compact]) {
          const withKey = parseJournalText(text, { keys: [key] });
          expect(withKey.records).toEqual(expected);
          expect(withKey.skipped).toBe(0);
          const without = parseJournalText(text);
          expect(without.records).toEqual(sealed.map((s) => unsealRecord(s)));
          expect(parseJournalText(text, { keys: [otherKey] }).records).toEqual(without.records);
          for (const r of without.records) {
            expect('sealed' in r).toBe(false);
            expect(parseJournalLine(JSON.stringify(r))).toBeDefined();
          }
        }
      }),
      { numRuns: 600 },
    );
  });

  it('a sealed journal cut, spliced and bit-flipped reads without throwing, with or without the key', () => {
    const bases = [successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession].map((s) => {
      const mark = createSecretMarker();
      return encodeCompactJournal(buildJournal(s).map((r) => sealRecord({ ...mark(r), seq: r.seq } as JournalRecord, key)));
    });
    expect(bases.join('').includes('Secr3t')).toBe(false);
    const mutated = mutatedText(bases, { maxEdits: 6, maxCut: 200, maxInsert: 40, flips: ['"', '[', ']', ',', '&', '$', '\n', '0', 'x', '.', '\\'] });
    fc.assert(
      fc.property(mutated, (text) => {
        for (const keys of [[], [key]]) {
          const { records } = parseJournalText(text, { keys });
          for (const r of records) expect(parseJournalLine(JSON.stringify(r))).toBeDefined();
          exportDiagram(sessionModel(records), 'mermaid');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a blob opens only with its own key, and not once a byte of it changed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (clear, flip) => {
        const blob = sealBytes(key, Buffer.from(clear));
        expect(blob.startsWith(`${key.id}.`)).toBe(true);
        expect(unsealBytes([otherKey, key], blob)).toEqual(Buffer.from(clear));
        expect(unsealBytes([otherKey], blob)).toBeUndefined();
        const raw = Buffer.from(blob.slice(key.id.length + 1), 'base64');
        raw[flip % raw.length]! ^= 1;
        expect(unsealBytes([key], `${key.id}.${raw.toString('base64')}`)).toBeUndefined();
        // A blob that claims another key id is not tried with this key's bytes under that id.
        expect(unsealBytes([key], `${otherKey.id}${blob.slice(key.id.length)}`)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('a span that cannot be opened stays a placeholder and the rest of the record is exact', () => {
    const r: JournalRecord = { seq: 0, ...at, event: { type: 'line', dir: 'tx', kind: 'command', text: 'AT+QMTCONN=0,"c","ü-user","pässwörd"', at }, secret: [[27, 35]] };
    const sealed = sealRecord(r, key) as SealedRecord & { event: { text: string } };
    expect(sealed.event.text).toBe(`AT+QMTCONN=0,"c","ü-user","${SEALED_PLACEHOLDER}"`);
    expect(sealed.secret).toEqual([[27, 27 + SEALED_PLACEHOLDER.length]]);
    expect(unsealRecord(sealed, [key])).toEqual(r);
    const damaged = { ...sealed, sealed: sealed.sealed!.map(([f, o, b]) => [f, o, b.slice(0, -4) + 'AAAA']) } as unknown as JournalRecord;
    expect(unsealRecord(damaged, [key])).toEqual({ ...r, event: sealed.event, secret: sealed.secret });
  });
});
