// The journal reader against anything a disk can hold: arbitrary text, and real journals cut,
// spliced and bit-flipped. It never throws, keeps only well-framed records, and what it keeps can
// be grouped, redacted and drawn without an exception.
import fc from 'fast-check';
import { mutatedText } from '../../test-support/fuzz-properties';
import { describe, expect, it } from 'vitest';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from './fixtures';
import { parseJournalLine, parseJournalText } from './journal';
import { encodeCompactJournal } from './journal-compact';
import { exportDiagram, sessionModel } from './model';
import { sealKey } from './seal';
import { buildJournal, toJsonl } from './transcript';

const sessions = [successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession].map((s) => buildJournal(s));
const real = sessions.map((records) => toJsonl(records));
/** The same sessions in the compact encoding (the one new journals are written in). */
const realCompact = sessions.map((records) => encodeCompactJournal(records));

/** A real journal with edits: a slice cut out, random text spliced in, characters replaced. */
const mutated = (bases: string[]) => mutatedText(bases, { maxEdits: 8, maxCut: 200, maxInsert: 40, flips: ['"', '{', '}', ',', ':', '\n', '0', 'x', '\\'] });
const mutatedJournal = mutated(real);
const mutatedCompactJournal = mutated(realCompact);

describe('journal reader (fuzzed)', () => {
  it('never throws on arbitrary text and keeps only framed records', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const { records } = parseJournalText(text);
        for (const r of records) expect(parseJournalLine(JSON.stringify(r))).toBeDefined();
      }),
      { numRuns: 400 },
    );
  });

  it('reads a mutated real journal, and the session it keeps groups, redacts and draws without throwing', () => {
    fc.assert(
      fc.property(mutatedJournal, (text) => {
        const { records, skipped, tornTail } = parseJournalText(text);
        expect(skipped).toBeGreaterThanOrEqual(0);
        expect(typeof tornTail).toBe('boolean');
        const model = sessionModel(records);
        exportDiagram(model, 'svg');
        exportDiagram(model, 'mermaid');
      }),
      { numRuns: 300 },
    );
  });

  it('reads a mutated compact journal, and the session it keeps groups, redacts and draws without throwing', () => {
    fc.assert(
      fc.property(mutatedCompactJournal, (text) => {
        const { records, skipped, tornTail } = parseJournalText(text);
        expect(skipped).toBeGreaterThanOrEqual(0);
        expect(typeof tornTail).toBe('boolean');
        for (const r of records) expect(parseJournalLine(JSON.stringify(r))).toBeDefined();
        const model = sessionModel(records);
        exportDiagram(model, 'svg');
        exportDiagram(model, 'mermaid');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary compact-looking lines (JSON arrays after a keyframe), and keeps only framed records', () => {
    const tag = fc.constantFrom('r', 't', 'rb', 'tb', 'L', 'U', 'E', 'K', 'Z', 'r$', 'L$', 'U$', 'E$', 'r$&', 'tb$&', 'L$&', 'U&', 'E$&', 'E&', 'x');
    const row = fc.tuple(fc.array(fc.oneof(fc.integer(), fc.double()), { maxLength: 3 }), tag, fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 })).map(([nums, t, rest]) => JSON.stringify([...nums, t, ...rest]));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        // Sealed spans (tags ending in "&") of any shape: read with a key or without, never thrown on.
        for (const keys of [[], [sealKey(Buffer.alloc(32, 1))]]) {
          const { records } = parseJournalText(['["K",0,1000,1700000000000]', ...rows].join('\n'), { keys });
          for (const r of records) expect(parseJournalLine(JSON.stringify(r))).toBeDefined();
          sessionModel(records);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('an untouched compact journal reads back as the records written', () => {
    sessions.forEach((records, i) => {
      expect(parseJournalText(realCompact[i]!)).toEqual({ records, skipped: 0, tornTail: false, endedCleanly: true });
    });
  });

  it('an untouched journal reads back whole', () => {
    for (const text of real) {
      const { records, skipped, tornTail } = parseJournalText(text);
      expect(skipped).toBe(0);
      expect(tornTail).toBe(false);
      expect(records.length).toBe(text.trim().split('\n').length);
    }
  });

  it('refuses lines that are JSON but not records', () => {
    for (const line of ['5', 'null', '[]', '{}', '{"seq":1,"mono":2,"wall":3}', '{"seq":1,"mono":2,"wall":3,"dir":"up","bytes":"QQ=="}', '{"seq":1,"mono":2,"wall":3,"dir":"rx","bytes":"not base64!"}', '{"seq":"1","mono":2,"wall":3,"event":{"type":"note","text":"x"}}', '{"seq":1,"mono":2,"wall":3,"event":{"text":"x"}}']) {
      expect(parseJournalLine(line), line).toBeUndefined();
    }
  });
});
