// The filter's fast path (one regex pass over a full chunk's joined text) keeps exactly the rows
// the plain definition keeps: every filter tested on every row, the text search on the text as
// shown (secrets masked). Small chunks make full chunks, partial chunks and their boundaries
// common; rows arrive in several batches, the index updated between them, as in a live session.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction, LineKind, LogEntry } from '../../../shared/model';
import { maskSecrets } from '../../../shared/mask';
import { topicMatches } from '../../../shared/protocol/topics';
import { KINDS, LogBuffer } from './buffer';
import { FilterIndex, type LogQuery } from './filter';

/** The filtered rows as defined, one row at a time, over plain objects. */
function reference(entries: readonly LogEntry[], q: LogQuery): number[] {
  const needle = q.text.toLowerCase();
  return entries
    .filter((e) => q.kinds.length === 0 || q.kinds.includes(e.kind))
    .filter((e) => q.dirs.length !== 1 || e.dir === q.dirs[0])
    .filter((e) => q.clients.length === 0 || (e.clientIdx !== undefined && q.clients.includes(e.clientIdx)))
    .filter((e) => !q.topic || (e.topic !== undefined && (/[+#]/.test(q.topic) ? topicMatches(q.topic, e.topic) : e.topic.toLowerCase().includes(q.topic.toLowerCase()))))
    .filter((e) => !needle || maskSecrets(e.text, e.secret).toLowerCase().includes(needle))
    .map((e) => e.index);
}

const rowsOf = (f: FilterIndex) => Array.from({ length: f.length }, (_, p) => f.rowAt(p));

// A small alphabet, so that searches hit often, across case and the characters a regex treats specially.
const char = fc.constantFrom('a', 'A', 'b', 'B', 'q', '+', '"', '.', '*', '(', ',', '/', '0', '1', ' ');
const text = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));
const entry = fc.record({
  text,
  kind: fc.constantFrom<LineKind>(...KINDS),
  dir: fc.constantFrom<Direction>('tx', 'rx'),
  clientIdx: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  topic: fc.option(fc.constantFrom('a/b', 'A/q', 'b/b/1'), { nil: undefined }),
  secretAt: fc.option(fc.nat(12), { nil: undefined }),
});

type Raw = typeof entry extends fc.Arbitrary<infer T> ? T : never;

function entries(raw: readonly Raw[]): LogEntry[] {
  return raw.map((r, index) => ({
    index,
    mono: index,
    wall: index,
    dir: r.dir,
    kind: r.kind,
    text: r.text,
    ...(r.clientIdx !== undefined ? { clientIdx: r.clientIdx } : {}),
    ...(r.topic !== undefined ? { topic: r.topic } : {}),
    // A secret of up to 4 characters somewhere in the line.
    ...(r.secretAt !== undefined && r.secretAt < r.text.length ? { secret: [[r.secretAt, Math.min(r.text.length, r.secretAt + 4)] as [number, number]] } : {}),
  }));
}

const query = fc.record({
  text: fc.oneof(fc.constant(''), fc.array(char, { minLength: 1, maxLength: 3 }).map((cs) => cs.join('')), fc.constant('••')),
  kinds: fc.subarray([...KINDS]),
  dirs: fc.subarray<Direction>(['tx', 'rx']),
  clients: fc.subarray([0, 1, 2]),
  topic: fc.constantFrom('', 'a', 'B/', 'a/+', '#'),
});

describe('FilterIndex fast path', () => {
  it('keeps the same rows as the plain definition, whole or in batches, with full and partial chunks', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), query, fc.array(fc.nat(60), { maxLength: 4 }), fc.integer({ min: 1, max: 4 }), (raw, q, cuts, chunkBits) => {
        const all = entries(raw);
        const want = reference(all, q);
        // All at once.
        const whole = new LogBuffer(chunkBits);
        whole.append(all);
        const f = new FilterIndex(whole);
        f.update(q);
        expect(rowsOf(f)).toEqual(want);
        // In batches, the index following each one (the live path).
        const live = new LogBuffer(chunkBits);
        const g = new FilterIndex(live);
        let from = 0;
        for (const cut of [...cuts].sort((a, b) => a - b).concat(all.length)) {
          live.append(all.slice(from, Math.max(from, cut)));
          from = Math.max(from, cut);
          g.update(q);
        }
        expect(rowsOf(g)).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('finds a line in a full 65,536-row chunk by its text, case-insensitively, and not by a masked secret', () => {
    const b = new LogBuffer();
    const n = 70_000;
    const batch: LogEntry[] = [];
    for (let i = 0; i < n; i++) batch.push({ index: i, mono: i, wall: i, dir: 'rx', kind: 'urc', text: i % 1000 === 7 ? `+QMTRECV: 0,${i},"Site5/cmd",1,"x"` : `+CSQ: ${i % 31},99` });
    const pw = 'AT+QMTCONN=0,"c","u","site5/cmd-pw"';
    batch[42] = { ...batch[42]!, text: pw, secret: [[pw.indexOf('site5'), pw.length - 1]] };
    b.append(batch);
    expect(b.haystack(0)).toBeDefined(); // the first chunk is full: searched in one pass
    const f = new FilterIndex(b);
    f.update({ text: '"SITE5/CMD', kinds: [], dirs: [], clients: [], topic: '' });
    expect(rowsOf(f)).toEqual(reference(b.all(), { text: '"SITE5/CMD', kinds: [], dirs: [], clients: [], topic: '' }));
    expect(rowsOf(f)).toHaveLength(70);
    expect(rowsOf(f)).not.toContain(42);
  });
});
