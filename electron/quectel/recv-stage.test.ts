// The +QMTRECV stage on the generic engine, on a manual clock over an in-memory transport: every
// payload form arrives as one URC, the continuation window and line limit hold, and the read-out
// of AT+QMTRECV=<idx> joins its lines. The PTY tests (electron/at/real-modem.int.test.ts) show the
// same forms survive real chunking.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/model';
import { openMemoryRig } from '../../test-support/engine-rig';
import { tableScript } from '../../test-support/scripted-peer';
import { createAtEngine } from '../at/engine';
import { createManualClock } from '../../test-support/manual-clock';
import { createMemoryModem } from '../../test-support/memory-modem';
import { Framer } from '../at/framer';
import { quectelDialect } from './at-dialect';
import { createRecvStage, qmtrecvContinues, qmtrecvInlineLength, qmtrecvSplitLength } from './recv-stage';

const OK = '\r\nOK\r\n';
const rx = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'line' && e.dir === 'rx' ? [`${e.kind}:${e.text}`] : []));

describe('+QMTRECV forms (stage on the engine)', () => {
  it('every form is one URC; a length-less multi-line payload is stamped with its header line', async () => {
    const { modem, urcs, advance } = openMemoryRig(() => []);
    modem.send('\r\n+QMTRECV: 0,1,"a",12,"x"y,\r\nz"\u3000"\r\n');
    modem.send('\r\n+QMTRECV: 0,0,c/d,bare payload\r\n\r\n+QMTRECV: 1,4\r\n');
    modem.send('\r\n+QMTRECV: 0,3,"b","two\r\n');
    await advance(100);
    modem.send('lines"\r\n');
    modem.send('\r\n+QMTRECV: 0,0,"pump/01/cmd",23\r\n');
    await advance(100);
    modem.send('{"relay1":1,"relay2":0}\r\n');
    expect(urcs.map((u) => [u.text, u.at.mono])).toEqual([
      ['+QMTRECV: 0,1,"a",12,"x"y,\r\nz"\u3000"', 0],
      ['+QMTRECV: 0,0,c/d,bare payload', 0],
      ['+QMTRECV: 1,4', 0],
      ['+QMTRECV: 0,3,"b","two\r\nlines"', 0],
      ['+QMTRECV: 0,0,"pump/01/cmd",23\r\n{"relay1":1,"relay2":0}', 100],
    ]);
    expect(urcs.every((u) => u.name === 'QMTRECV')).toBe(true);
  });

  it('length-less payload lines within 500 ms of the header are joined; at 500 ms the message ends and a later line is new', async () => {
    const { modem, urcs, events, advance } = openMemoryRig(() => []);
    modem.send('\r\n+QMTRECV: 0,0,"t","one\r\n');
    await advance(300);
    modem.send('two\r\n');
    await advance(199);
    expect(urcs).toHaveLength(0);
    modem.send('three"\r\n');
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 0,0,"t","one\r\ntwo\r\nthree"']);
    expect(rx(events)).toEqual(['urc:+QMTRECV: 0,0,"t","one', 'urc:two', 'urc:three"']);

    modem.send('\r\n+QMTRECV: 0,1,"t","no closing quote\r\n');
    await advance(499);
    expect(urcs).toHaveLength(1);
    await advance(1);
    expect(urcs.map((u) => u.text).at(-1)).toBe('+QMTRECV: 0,1,"t","no closing quote');
    modem.send('SOMETHING LATER\r\n');
    expect(rx(events).at(-1)).toBe('raw:SOMETHING LATER');
  });

  it('the window is measured on the transport stamps too: a late line is routed anew even before the timer runs', async () => {
    const { modem, urcs, events, clock } = openMemoryRig(() => []);
    modem.send('\r\n+QMTRECV: 0,0,"t","open\r\n');
    // A busy event loop: the chunk was stamped at 501 ms, before the window timer got to run.
    modem.send('+QMTSTAT: 0,1\r\n', { mono: 501, wall: clock.wall() + 501 });
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 0,0,"t","open', '+QMTSTAT: 0,1']);
    expect(rx(events)).toEqual(['urc:+QMTRECV: 0,0,"t","open', 'urc:+QMTSTAT: 0,1']);
  });

  it('a payload missing its closing quote is cut at the line limit and cannot swallow a later final', async () => {
    const { engine, modem, urcs, events, clock } = openMemoryRig(tableScript({ AT: [OK] }), {}, { recvContinuationMaxLines: 3 });
    modem.send('\r\n+QMTRECV: 0,0,"t","a\r\nb\r\nc\r\nOK\r\n');
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 0,0,"t","a\r\nb\r\nc']);
    expect(rx(events).at(-1)).toBe('raw:OK');
    expect(clock.pendingTimers()).toBe(0);
    expect((await engine.send({ text: 'AT' })).kind).toBe('ok');
  });

  it('Cat-1 split: payload pieces over several lines up to <len>; a URC or final instead of the payload ends the header as a message', async () => {
    const { engine, modem, urcs, advance } = openMemoryRig(tableScript({ AT: [OK] }));
    modem.send('\r\n+QMTRECV: 0,0,"t",6\r\n"a"\r\n');
    await advance(100);
    modem.send('b\r\n');
    modem.send('\r\n+QMTRECV: 0,1,"t",23\r\n+QMTSTAT: 0,1\r\n');
    modem.send('\r\n+QMTRECV: 0,2,"t",42\r\n');
    const out = engine.send({ text: 'AT' });
    await advance(0);
    expect((await out).kind).toBe('ok');
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 0,0,"t",6\r\n"a"\r\nb', '+QMTRECV: 0,1,"t",23', '+QMTSTAT: 0,1', '+QMTRECV: 0,2,"t",42']);
  });

  it('Cat-1 split: a payload line longer than <len>, or after the window, is not the payload', async () => {
    const { modem, urcs, events, advance } = openMemoryRig(() => []);
    modem.send('\r\n+QMTRECV: 0,0,"t",2\r\nlonger\r\n');
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 0,0,"t",2']);
    expect(rx(events).at(-1)).toBe('raw:longer');
    modem.send('\r\n+QMTRECV: 0,1,"t",2\r\n');
    await advance(499);
    expect(urcs).toHaveLength(1);
    await advance(1);
    expect(urcs.map((u) => u.text).at(-1)).toBe('+QMTRECV: 0,1,"t",2');
    modem.send('ab\r\n');
    expect(rx(events).at(-1)).toBe('raw:ab');
  });

  it('AT+QMTRECV=0 read-out: a length-less message spanning lines is one information line, bounded by the line limit', async () => {
    const { engine } = openMemoryRig(
      tableScript({
        'AT+QMTRECV=0': ['\r\n+QMTRECV: 0,1,"a/b",5,"hello"\r\n+QMTRECV: 0,2,"a/c","two,\r\nlines"\r\n', OK],
        'AT+QMTRECV=1': ['\r\n+QMTRECV: 1,1,"a","x\r\ny\r\nz\r\nw"\r\n', OK],
      }),
      {},
      { recvContinuationMaxLines: 2 },
    );
    expect(await engine.send({ text: 'AT+QMTRECV=0' })).toEqual({ kind: 'ok', lines: ['+QMTRECV: 0,1,"a/b",5,"hello"', '+QMTRECV: 0,2,"a/c","two,\r\nlines"'], final: 'OK' });
    // Two lines joined at most; what follows is not claimed by the read-out.
    expect((await engine.send({ text: 'AT+QMTRECV=1' })).lines).toEqual(['+QMTRECV: 1,1,"a","x\r\ny\r\nz']);
  });

  it('without the stage the generic engine joins nothing: each line is routed on its own', async () => {
    const clock = createManualClock();
    const modem = createMemoryModem(clock, () => []);
    const engine = createAtEngine(modem.transport, { clock, dialect: quectelDialect });
    const texts: string[] = [];
    engine.onUrc(() => true, (u) => texts.push(u.text));
    modem.send('\r\n+QMTRECV: 0,0,"t","one\r\ntwo"\r\n');
    expect(texts).toEqual(['+QMTRECV: 0,0,"t","one']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('options are checked; at most one stage may give the framer an inline-length rule', () => {
    expect(() => createRecvStage({ recvContinuationMs: 0 })).toThrow(/"recvContinuationMs"/);
    expect(() => createRecvStage({ recvContinuationMaxLines: 0 })).toThrow(/"recvContinuationMaxLines"/);
    const clock = createManualClock();
    const modem = createMemoryModem(clock, () => []);
    expect(() => createAtEngine(modem.transport, { clock, stages: [createRecvStage(), createRecvStage()] })).toThrow(/"stages"/);
  });
});

describe('+QMTRECV rules', () => {
  it('the inline length rule fires only on the full head', () => {
    expect(qmtrecvInlineLength.length('+QMTRECV: 0,3,"a/b",12,"')).toBe(12);
    expect(qmtrecvInlineLength.length('+QMTRECV: 0,3,"')).toBeUndefined();
    expect(qmtrecvInlineLength.length('+QMTRECV: 0,3,"a/b","')).toBeUndefined();
  });
  it('a length-less +QMTRECV continues while its payload quote is open', () => {
    expect(qmtrecvContinues('+QMTRECV: 0,0,"t","abc')).toBe(true);
    expect(qmtrecvContinues('+QMTRECV: 0,0,"t","abc"')).toBe(false);
    expect(qmtrecvContinues('+QMTRECV: 0,0,"t",3,"abc')).toBe(false);
  });
  it('a Cat-1 split header gives its length; a zero length or a quoted payload is no split header', () => {
    expect(qmtrecvSplitLength('+QMTRECV: 0,0,"pump/01/cmd",23')).toBe(23);
    expect(qmtrecvSplitLength('+QMTRECV: 0,0,"t",0')).toBeUndefined();
    expect(qmtrecvSplitLength('+QMTRECV: 0,0,"t",2,"on"')).toBeUndefined();
  });
  it('the framer keeps a +QMTRECV payload with quotes, commas and CRLF in one line; the length counts UTF-8 bytes', () => {
    const payload = 'π,"b"\r\nOK\r\n';
    const n = new TextEncoder().encode(payload).length;
    const tokens = new Framer({ inlineLength: qmtrecvInlineLength }).push(new TextEncoder().encode(`\r\n+QMTRECV: 0,3,"site7/cmd",${n},"${payload}"\r\nOK\r\n`));
    expect(tokens.flatMap((t) => (t.kind === 'line' ? [t.text] : []))).toEqual([`+QMTRECV: 0,3,"site7/cmd",${n},"${payload}"`, 'OK']);
  });
});
