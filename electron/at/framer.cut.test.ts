// cutLine(): a partial line closed off by the reader (a timeout), and the rest of it marked as such.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Framer, type Token } from './framer';

const enc = new TextEncoder();
const lines = (ts: Token[]) => ts.map((t) => (t.kind === 'line' ? `${t.text}${t.cut ? `(${t.cut})` : ''}` : t.kind));

describe('Framer.cutLine', () => {
  it('closes off the partial line; the bytes up to the next line end are its rest; later lines are plain', () => {
    const f = new Framer();
    const out = f.push(enc.encode('\r\n+CSQ: 2'));
    out.push(...f.cutLine());
    out.push(...f.push(enc.encode('3,99\r\n\r\nOK\r\n')));
    expect(lines(out)).toEqual(['+CSQ: 2(head)', '3,99(rest)', 'OK']);
  });

  it('a line end right after the cut leaves no rest, and the next line is plain; nothing to cut is a no-op', () => {
    const f = new Framer();
    expect(f.cutLine()).toEqual([]);
    const out = f.push(enc.encode('AB'));
    out.push(...f.cutLine(), ...f.cutLine());
    out.push(...f.push(enc.encode('\r\nCD\r\n')));
    expect(lines(out)).toEqual(['AB(head)', 'CD']);
  });

  it('a lone ">" and an inline length are not cut: their own rule ends them', () => {
    const f = new Framer({ inlineLength: { prefix: '+R:', length: (s) => (s.endsWith(',"') ? 4 : undefined) } });
    f.push(enc.encode('\r\n>'));
    expect(f.cutLine()).toEqual([]);
    f.push(enc.encode('\r\n+R: 1,"ab'));
    expect(f.cutLine()).toEqual([]);
    expect(lines(f.push(enc.encode('\r\n"\r\n')))).toEqual(['+R: 1,"ab\r\n"']);
  });

  it('every byte lands in one token or is a dropped terminator, wherever the cuts fall', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 12 }), fc.boolean()), { maxLength: 20 }), (steps) => {
        const f = new Framer({ maxLineBytes: 8 });
        const toks: Token[] = [];
        let total = 0;
        for (const [chunk, cut] of steps) {
          total += chunk.length;
          toks.push(...f.push(chunk));
          if (cut) toks.push(...f.cutLine());
        }
        toks.push(...f.flush());
        const covered = toks.reduce((n, t) => n + (t.to - t.from), 0) + f.droppedBytes;
        expect(covered).toBe(total);
        for (let i = 1; i < toks.length; i++) expect(toks[i]!.from).toBeGreaterThanOrEqual(toks[i - 1]!.to);
      }),
      { numRuns: 300 },
    );
  });
});
