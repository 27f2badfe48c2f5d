// The fast fuzz slice of the byte and line parsers through their stable entry points: the framer
// (any bytes, any chunking), the journal reader (arbitrary text, mutated real journals), the
// explainer (any line with any command) and the exchange grouper (real journals with records
// dropped, duplicated, swapped and mutated). No throw, no hang, every byte accounted for.
// The same properties run 10⁶ cases in bench/fuzz.bench.ts.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { explainProperty, framerProperty, grouperProperty, journalReaderProperty, type FuzzProperty } from '../../test-support/fuzz-properties';

const runs = (p: FuzzProperty<unknown>, numRuns: number) => fc.assert(fc.property(p.arbitrary, (x) => p.check(x)), { numRuns });

describe('parsers (fuzzed, fast slice)', () => {
  it('framer: every byte in one token or a dropped terminator, the same tokens however the bytes are chunked', () => {
    runs(framerProperty as FuzzProperty<unknown>, 500);
  });
  it('journal reader: never throws, keeps only records that re-read, counts what it skips', () => {
    runs(journalReaderProperty as FuzzProperty<unknown>, 500);
  });
  it('explain(line, { command }): never throws, answers a well-formed explanation or nothing', () => {
    runs(explainProperty as FuzzProperty<unknown>, 1000);
  });
  it('exchange grouper: never throws on mutated real journals, every entry it points at exists', () => {
    runs(grouperProperty as FuzzProperty<unknown>, 300);
  });
});
