// mapStrings walks every journaled command outcome: the copy-on-change walk must call the same
// function on the same strings, with the same paths, in the same order, and give the same value
// as the straightforward one it replaced (kept here as the oracle).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapStrings } from './seal';

function reference(o: unknown, f: (s: string, path: string) => string, path: string): unknown {
  if (typeof o === 'string') return f(o, path);
  if (typeof o !== 'object' || o === null) return o;
  let changed = false;
  const map = (v: unknown, key: string | number) => {
    const n = reference(v, f, `${path}.${key}`);
    if (n !== v) changed = true;
    return n;
  };
  const out = Array.isArray(o) ? o.map(map) : Object.fromEntries(Object.entries(o).map(([k, v]) => [k, map(v, k)]));
  return changed ? out : o;
}

describe('mapStrings', () => {
  it('gives what the reference walk gives, calling f alike, and keeps what did not change', () => {
    const strings = fc.oneof(fc.constantFrom('OK', '+QMTCONN: 0,0,0', 'AT+QMTCONN=0,"id","u","secret"', 'secret'), fc.string({ maxLength: 6 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, strings, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('kind', 'lines', 'final', 'problem', 'detail', 'values', 'x'), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const run = (walk: typeof reference) => {
          const calls: string[] = [];
          const out = walk(v, (s, p) => {
            calls.push(`${p}=${s}`);
            return s.includes('secret') ? s.replace(/secret/g, '***') : s;
          }, 'o');
          return { out, calls };
        };
        const a = run(mapStrings);
        const b = run(reference);
        expect(a.calls).toEqual(b.calls);
        expect(a.out).toEqual(b.out);
        // The same object back exactly when the reference gives it back.
        expect(a.out === v).toBe(b.out === v);
      }),
      { numRuns: 500 },
    );
  });
});
