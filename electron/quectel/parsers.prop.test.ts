import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain } from './codes';
import { buildQmtPublish, parseQmtRecvMessage, parseQmtPubUrc } from './commands';
import { splitFields } from './fields';
import { decodeUrc } from './urc';

const utf8Len = (s: string) => new TextEncoder().encode(s).length;
const topic = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((t) => !/["\r\n,]/.test(t));
// Payloads with the characters that break naive parsers: quotes, commas, CR/LF, full-width spaces.
const payload = fc.string({ maxLength: 80, unit: fc.constantFrom('a', 'Z', '"', ',', '\r', '\n', ' ', '\u3000', 'ü', '✓', '0', '9', '}') });

describe('parser properties', () => {
  it('a length-framed +QMTRECV gives back exactly the payload, whatever it contains (protocol.md §3.2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 65535 }), topic, payload, (c, m, t, p) => {
        const r = parseQmtRecvMessage(`+QMTRECV: ${c},${m},"${t}",${utf8Len(p)},"${p}"`);
        expect(r).toEqual({ ok: true, value: { client: c, msgId: m, topic: t, payload: p, length: utf8Len(p) } });
      }),
    );
  });

  it('quoted fields without quotes inside split back into themselves', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -1, max: 65535 }).map(String), fc.string({ maxLength: 10 }).filter((s) => !s.includes('"')).map((s) => `"${s}"`)), { minLength: 1, maxLength: 8 }), (fields) => {
        expect(splitFields(fields.join(','))).toEqual(fields.map((f) => f.trim()));
      }),
    );
  });

  it('the fixed-length publish announces the UTF-8 byte count of its payload (protocol.md quirk 7)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), (p) => {
        const r = buildQmtPublish({ client: 0, msgId: 1, qos: 1, retain: false, topic: 't', payload: p, form: 'fixed' });
        expect(r.text.endsWith(`,${utf8Len(p)}`)).toBe(true);
        expect(r.payload?.bytes.length).toBe(utf8Len(p));
      }),
    );
  });

  it('decoders and explain never throw on arbitrary lines', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.tuple(fc.constantFrom('+QMTSTAT: ', '+QMTRECV: ', '+QMTCONN: ', '+QMTSUB: ', '+QMTPUB: ', '+CEREG: ', '+CME ERROR: ', '+CPIN: '), fc.string({ maxLength: 30 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(line, (l) => {
        expect(() => decodeUrc(l)).not.toThrow();
        expect(() => explain(l)).not.toThrow();
        expect(() => parseQmtPubUrc(l)).not.toThrow();
      }),
    );
  });
});
