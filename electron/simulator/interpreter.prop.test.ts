// The line discipline does not depend on how the host's bytes are chunked: any split of the same
// session gives the same bytes back and the same files and MQTT work.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receive, type Step } from './interpreter';
import { profiles } from './profiles';
import { initialState, type ModemState } from './state';

function connected(): ModemState {
  const s = { ...initialState(profiles['LTE-LATER']), boot: 'ready' as const };
  return { ...s, clients: s.clients.map((c, i) => (i === 0 ? { ...c, phase: 'connected' as const } : c)) };
}

const pieces = fc.constantFrom(
  'AT\r',
  'ATE0\r\n',
  'ATE1\r',
  'AT+CSQ\r',
  'AT+QMTCFG="keepalive",0,30\r',
  'AT+QMTPUB=0,0,0,0,"t"\rpay,"load"\r\n\x1a',
  'AT+QMTPUB=0,0,0,0,"t"\rabandoned\x1b',
  'AT+QMTPUBEX=0,5,1,0,"t",4\r\x00\x1a\r\nAT\r',
  'AT+QFUPL="f.bin",3\r\x01\x02\x03',
  'AT+QFDEL="f.bin"\r',
  'garbage\r',
  'AT+NOPE\r',
);

function run(s: ModemState, chunks: Uint8Array[]): { out: string; state: ModemState; ops: unknown[] } {
  let state = s;
  let out = '';
  const ops: unknown[] = [];
  for (const c of chunks) {
    const step: Step = receive(state, c);
    state = step.state;
    for (const e of step.emissions) {
      if (e.kind === 'out') out += Buffer.from(e.bytes).toString('latin1');
      else if (e.kind === 'net') ops.push(e.op);
    }
  }
  return { out, state, ops };
}

describe('receive() under any chunking', () => {
  it('gives the same output, files and network work', () => {
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), (session, cuts) => {
        const bytes = Buffer.from(session.join(''), 'latin1');
        const whole = run(connected(), [new Uint8Array(bytes)]);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let at = 0;
        for (const p of [...points, bytes.length]) {
          chunks.push(new Uint8Array(bytes.subarray(at, p)));
          at = p;
        }
        const split = run(connected(), chunks);
        expect(split.out).toBe(whole.out);
        expect(split.ops).toEqual(whole.ops);
        expect(split.state.files).toEqual(whole.state.files);
        expect(split.state.input.kind).toBe(whole.state.input.kind);
        expect(split.state.lineBuf).toEqual(whole.state.lineBuf);
      }),
      { numRuns: 300 },
    );
  });
});
