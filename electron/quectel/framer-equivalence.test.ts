// The fast framer (one decode per ASCII chunk, lines kept as ranges of the chunk) against the
// byte-at-a-time framer it replaced (test-support/framer-reference.ts): the same tokens, offsets,
// dropped-byte count and pending-prompt state, on the real-modem transcripts and on mutated and
// random input, under any chunking, with the engine's mid-stream calls (expectPayload from the
// token callback, cutLine, takePendingPrompt) interleaved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qmtrecvInlineLength } from './recv-stage';
import { ReferenceFramer } from '../../test-support/framer-reference';
import { mutatedText, realRx } from '../../test-support/fuzz-properties';
import { Framer, type FramerOptions, type Token } from '../at/framer';

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Shapes of real EC2x/EG9x/BG9x output (as in real-modem.int.test.ts and the framer bench). */
const realWires: string[] = [
  'AT+CSQ\r\r\n+CSQ: 21,99\r\r\n\r\n\r\nOK\r\n',
  'AT+QMTOPEN=0,"broker.example.net",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n',
  'AT+QMTPUB=0,0,0,0,"site7/telemetry"\r\r\n> {"t":21.5}\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n',
  '\r\n+QMTRECV: 0,3,"site7/cmd/led",27,"{"led":"on",\r\n"why":"a,b"}"\r\n',
  '\r\n+QMTRECV: 0,4,"site7/cmd","{"a":1,\r\n"b":2}"\r\n\r\nOK\r\n',
  '\r\n+QMTRECV: 1,0,"t",5\r\nhello\r\n+QIACT: 1,1,1,"10.64.3.17"\r\n\r\nOK\r\n',
  '\x00\xff\xfeRDY\r\n\r\n+CPIN: READY\r\n\r\n+QIND: SMS DONE\r\nAT+QMTPUB=0,0,0,0,"t"\r>\r\n> \r\n+CME ERROR: 3\r\n',
  'caf\xc3\xa9 \xe2\x82\xac\r\n+QMTRECV: 0,1,"t/\xc3\xa9",3,"\xe2\x82\xac"\r\n\xc3\r\n',
];

const optionSets: FramerOptions[] = [
  { inlineLength: qmtrecvInlineLength },
  { inlineLength: qmtrecvInlineLength, maxLineBytes: 16 },
  { maxLineBytes: 2 },
  {},
];

interface Step {
  /** Where the chunk ends. */
  to: number;
  /** Called before the chunk is pushed, as the engine does on a timeout or while awaiting '>'. */
  before?: 'cut' | 'prompt';
}

const key = (t: Token): string => {
  const body = t.kind === 'line' ? JSON.stringify([t.text, t.raw ? [...t.raw] : null, t.cut ?? null]) : t.kind === 'prompt' ? '' : JSON.stringify([...t.bytes]);
  return `${t.kind}:${t.from}-${t.to}:${body}`;
};

type AnyFramer = Pick<Framer, 'push' | 'flush' | 'cutLine' | 'takePendingPrompt' | 'expectPayload' | 'droppedBytes' | 'offset' | 'hasPendingPrompt'>;

/** Runs one framer over the steps; a prompt token makes it expect a payload of `payloadLen` bytes. */
function run(f: AnyFramer, bytes: Uint8Array, steps: readonly Step[], payloadLen: number): string[] {
  const log: string[] = [];
  const onToken = (t: Token) => {
    log.push(key(t));
    if (t.kind === 'prompt' && payloadLen > 0) f.expectPayload(payloadLen);
  };
  let from = 0;
  for (const s of [...steps, { to: bytes.length }]) {
    if (s.before === 'cut') log.push(...f.cutLine().map((t) => `cut ${key(t)}`));
    if (s.before === 'prompt') log.push(...f.takePendingPrompt().map((t) => `take ${key(t)}`));
    // A fresh buffer per chunk, refilled with junk after the push: views of it must not be kept.
    const chunk = Uint8Array.from(bytes.subarray(from, Math.max(from, s.to)));
    const returned = f.push(chunk, onToken).map(key);
    chunk.fill(0x58);
    log.push(`returned ${returned.length}`, `at ${f.offset} dropped ${f.droppedBytes} pending ${f.hasPendingPrompt}`);
    from = Math.max(from, s.to);
  }
  log.push(...f.flush().map((t) => `flush ${key(t)}`), `end ${f.offset} ${f.droppedBytes}`);
  return log;
}

const steps = (length: number): fc.Arbitrary<Step[]> =>
  fc
    .array(fc.record({ to: fc.nat({ max: length }), before: fc.constantFrom(undefined, undefined, undefined, 'cut' as const, 'prompt' as const) }), { maxLength: 10 })
    .map((ss) => ss.sort((a, b) => a.to - b.to).map((s) => (s.before ? s : { to: s.to })));

function agree(bytes: Uint8Array, ss: readonly Step[], opts: FramerOptions, payloadLen: number): void {
  expect(run(new Framer(opts), bytes, ss, payloadLen)).toEqual(run(new ReferenceFramer(opts), bytes, ss, payloadLen));
}

describe('fast framer = the byte-at-a-time framer it replaced', () => {
  const transcripts = [...realRx, ...realWires.map(latin1)];

  it('on the real-modem transcripts, whole and in every chunk size up to 64', () => {
    for (const bytes of transcripts) {
      for (const opts of optionSets) {
        for (let size = 1; size <= 64; size++) {
          const ss: Step[] = [];
          for (let at = size; at < bytes.length; at += size) ss.push({ to: at });
          agree(bytes, ss, opts, 0);
        }
        agree(bytes, [], opts, 10);
      }
    }
  });

  it('on the real transcripts mutated (cuts, splices, flipped bytes), any chunking and mid-stream calls', () => {
    const bases = transcripts.map((b) => Buffer.from(b).toString('latin1'));
    const input = mutatedText(bases, { maxEdits: 6, maxCut: 40, maxInsert: 24, flips: ['"', ',', '\r', '\n', '>', ' ', '\x00', '\xff', '\xc3', '9'] });
    fc.assert(
      fc.property(
        input.chain((s) => fc.tuple(fc.constant(s), steps(s.length), fc.constantFrom(...optionSets), fc.nat({ max: 12 }))),
        ([s, ss, opts, payloadLen]) => {
          agree(latin1(s), ss, opts, payloadLen);
          agree(utf8(s), ss, opts, payloadLen);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on random bytes rich in terminators, quotes and prompts', () => {
    const rich = fc.array(fc.constantFrom(0x0d, 0x0a, 0x3e, 0x20, 0x22, 0x2c, 0x31, 0x2b, 0x51, 0xc3, 0xa9, 0xff), { maxLength: 200 });
    const prefixed = rich.map((a) => Uint8Array.from([...utf8('+QMTRECV: 0,1,"t",'), ...a]));
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 300 }), rich.map((a) => Uint8Array.from(a)), prefixed).chain((b) => fc.tuple(fc.constant(b), steps(b.length), fc.constantFrom(...optionSets), fc.nat({ max: 6 }))),
        ([b, ss, opts, payloadLen]) => agree(b, ss, opts, payloadLen),
      ),
      { numRuns: 400 },
    );
  });
});
