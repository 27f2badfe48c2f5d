import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The framer's properties under the Quectel +QMTRECV inline-length rule (the rule the engine
// runs with for every Quectel modem).
import { Framer, type Token } from '../at/framer';
import { qmtrecvInlineLength } from './recv-stage';

const enc = new TextEncoder();

// Modem-side byte streams from protocol.md §5 example sessions (ATE1 echo, prompts, +QMTRECV with
// a length whose payload holds quotes, commas and CRLF).
const recvPayload = '{"led":"on",\r\n"why":"a,b"}';
const transcripts: string[] = [
  [
    '\r\nRDY\r\n', '\r\n+CFUN: 1\r\n', '\r\n+CPIN: READY\r\n', '\r\n+QUSIM: 1\r\n', '\r\n+QIND: SMS DONE\r\n', '\r\n+QIND: PB DONE\r\n',
    'AT\r\r\nOK\r\n', 'ATE0\r\r\nOK\r\n', '\r\nOK\r\n', '\r\n+CPIN: READY\r\n\r\nOK\r\n', '\r\n+CSQ: 21,99\r\n\r\nOK\r\n',
    '\r\n+CEREG: 0,1\r\n\r\nOK\r\n', '\r\n+COPS: 0,0,"Example Mobile",7\r\n\r\nOK\r\n', '\r\nOK\r\n',
    '\r\n+QIACT: 1,1,1,"10.64.3.17"\r\n\r\nOK\r\n', '\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n', '\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n',
    '\r\nOK\r\n\r\n+QMTSUB: 0,1,0,1\r\n', '\r\n> ', '\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n',
    `\r\n+QMTRECV: 0,3,"site7/cmd/led",${enc.encode(recvPayload).length},"${recvPayload}"\r\n`,
    '\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n', '\r\nOK\r\n',
  ].join(''),
  [
    'AT+QFUPL="ca.pem",1188,100\r\r\nCONNECT\r\n', '\r\n+QFUPL: 1188,6a3f\r\n\r\nOK\r\n',
    'AT+QMTPUBEX=0,7,1,0,"meters/0042/up",12\r\r\n> ', '{"kwh":1234}', '\r\nOK\r\n', '\r\n+QMTPUBEX: 0,7,0\r\n',
    '\r\n>\r\n>x\r\n> > \r\n', 'AT+QMTCLOSE=0\r\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n',
  ].join(''),
];

function run(chunks: Uint8Array[], maxLineBytes?: number): { tokens: Token[]; dropped: number } {
  const f = new Framer({ inlineLength: qmtrecvInlineLength, ...(maxLineBytes ? { maxLineBytes } : {}) });
  const tokens: Token[] = [];
  for (const c of chunks) tokens.push(...f.push(c));
  tokens.push(...f.flush());
  return { tokens, dropped: f.droppedBytes };
}

/** Cut `bytes` at the given (sorted, deduplicated) positions. */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

function accountedBytes(tokens: Token[]): number {
  return tokens.reduce((n, t) => n + (t.to - t.from), 0);
}

function assertDisjointOrdered(tokens: Token[]): void {
  let last = 0;
  for (const t of tokens) {
    expect(t.from).toBeGreaterThanOrEqual(last);
    expect(t.to).toBeGreaterThan(t.from);
    last = t.to;
  }
}

describe('framer properties', () => {
  for (const [i, transcript] of transcripts.entries()) {
    it(`transcript ${i + 1}: any re-chunking gives identical tokens`, () => {
      const bytes = enc.encode(transcript);
      const whole = run([bytes]);
      expect(whole.tokens.some((t) => t.kind === 'prompt')).toBe(true);
      fc.assert(
        fc.property(fc.array(fc.nat(bytes.length), { maxLength: 60 }), (cuts) => {
          const chunked = run(cut(bytes, cuts));
          expect(chunked.tokens).toEqual(whole.tokens);
          expect(accountedBytes(chunked.tokens) + chunked.dropped).toBe(bytes.length);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('the +QMTRECV payload with quotes, commas and CRLF stays inside one line token', () => {
    const { tokens } = run([enc.encode(transcripts[0]!)]);
    const recv = tokens.find((t) => t.kind === 'line' && t.text.startsWith('+QMTRECV'));
    expect(recv && recv.kind === 'line' ? recv.text : '').toContain(recvPayload);
  });

  it('random garbage never throws, every byte is accounted for, and chunking does not matter', () => {
    const interesting = fc.constantFrom(0x0d, 0x0a, 0x3e, 0x20, 0x22, 0x2c, 0x1a, 0x00, 0xff, 0x41);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), interesting), { maxLength: 400 }),
        fc.array(fc.nat(400), { maxLength: 30 }),
        fc.integer({ min: 2, max: 64 }),
        (arr, cuts, maxLine) => {
          const bytes = new Uint8Array(arr);
          const whole = run([bytes], maxLine);
          const chunked = run(cut(bytes, cuts), maxLine);
          expect(chunked.tokens).toEqual(whole.tokens);
          expect(accountedBytes(whole.tokens) + whole.dropped).toBe(bytes.length);
          assertDisjointOrdered(whole.tokens);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random +QMTRECV payloads with a length come out byte-exact under any chunking', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '"', ',', '\r', '\n', ' ', 'π', '>') , maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 20 }), (payload, cuts) => {
        const n = enc.encode(payload).length;
        const wire = enc.encode(`\r\n+QMTRECV: 0,5,"a/b",${n},"${payload}"\r\nOK\r\n`);
        const { tokens } = run(cut(wire, cuts));
        const first = tokens[0];
        expect(first?.kind).toBe('line');
        expect(first && first.kind === 'line' ? first.text : '').toBe(`+QMTRECV: 0,5,"a/b",${n},"${payload}"`);
      }),
      { numRuns: 300 },
    );
  });
});
