// A command times out while the modem is in the middle of a line: the half line is its
// unterminated answer, and the rest of that line (with whatever finishes that old answer) must
// not be taken for the next command's answer. Manual clock, in-memory modem.
import { describe, expect, it } from 'vitest';
import type { AtOutcome, EngineEvent, JournalRecord } from '../../shared/model';
import { openMemoryRig } from '../../test-support/engine-rig';

const lines = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'line' && e.dir === 'rx' ? [`${e.kind}:${e.text}${e.commandId !== undefined ? `#${e.commandId}` : ''}`] : []));
const rxBytes = (journal: JournalRecord[]) =>
  Buffer.concat(journal.flatMap((r) => ('bytes' in r && r.dir === 'rx' ? [Buffer.from(r.bytes, 'base64')] : []))).toString('latin1');

function track<T>(p: Promise<T>) {
  const r: { value?: T } = {};
  void p.then((v) => (r.value = v));
  return r;
}

describe('a line cut by a timeout', () => {
  it('the half line belongs to the timed-out command; its rest and late OK are not the next command\'s answer; the next command still takes its own', async () => {
    const rig = openMemoryRig(() => []);
    const first = track(rig.engine.send({ text: 'AT+CSQ' }));
    await rig.settle();
    rig.modem.send('\r\n+CSQ: 2');
    await rig.advance(300);
    await rig.advance(1_700);
    expect(first.value).toMatchObject({ kind: 'timeout', lines: [] });
    expect((first.value as Extract<AtOutcome, { kind: 'timeout' }>).problem.detail).toContain('+CSQ: 2');
    expect(lines(rig.events)).toEqual(['raw:+CSQ: 2#1']);

    const second = track(rig.engine.send({ text: 'AT+CSQ' }));
    await rig.settle();
    rig.modem.send('3,99\r\n\r\nOK\r\n');
    await rig.settle();
    expect(second.value).toBeUndefined();
    expect(lines(rig.events)).toEqual(['raw:+CSQ: 2#1', 'raw:3,99#1', 'final:OK#1']);

    rig.modem.send('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    await rig.settle();
    expect(second.value).toEqual({ kind: 'ok', lines: ['+CSQ: 20,99'], final: 'OK' });
    expect(lines(rig.events).slice(3)).toEqual(['response:+CSQ: 20,99#2', 'final:OK#2']);
    // Every byte is journaled, in order.
    expect(rxBytes(rig.journal)).toBe('\r\n+CSQ: 2' + '3,99\r\n\r\nOK\r\n' + '\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
  });

  it('when the rest never comes, the next command\'s properly framed answer is taken', async () => {
    const rig = openMemoryRig(() => []);
    const first = track(rig.engine.send({ text: 'AT+CSQ' }));
    await rig.settle();
    rig.modem.send('\r\n+CSQ: 2');
    await rig.advance(2_000);
    expect(first.value?.kind).toBe('timeout');
    const second = track(rig.engine.send({ text: 'AT+CSQ' }));
    await rig.settle();
    rig.modem.send('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    await rig.settle();
    expect(second.value).toEqual({ kind: 'ok', lines: ['+CSQ: 20,99'], final: 'OK' });
    expect(lines(rig.events)).toEqual(['raw:+CSQ: 2#1', 'response:+CSQ: 20,99#2', 'final:OK#2']);
  });

  it('a final cut in two ("O" | "K") is the late final of the timed-out command, and the next command is not left waiting for it', async () => {
    const rig = openMemoryRig(() => []);
    const first = track(rig.engine.send({ text: 'AT+QIACT=1', timeoutMs: 300 }));
    await rig.settle();
    rig.modem.send('\r\nO');
    await rig.advance(300);
    expect(first.value?.kind).toBe('timeout');
    const second = track(rig.engine.send({ text: 'AT' }));
    await rig.settle();
    rig.modem.send('K\r\n');
    await rig.settle();
    expect(second.value).toBeUndefined();
    rig.modem.send('\r\nOK\r\n');
    await rig.settle();
    expect(second.value).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(lines(rig.events)).toEqual(['raw:O#1', 'final:K#1', 'final:OK#2']);
  });

  it('a URC cut by the timeout is delivered whole when its rest arrives, and ends nothing', async () => {
    const rig = openMemoryRig(() => []);
    const first = track(rig.engine.send({ text: 'AT+CSQ' }));
    await rig.settle();
    rig.modem.send('\r\n+QMTSTAT: 0,');
    await rig.advance(2_000);
    expect(first.value?.kind).toBe('timeout');
    const second = track(rig.engine.send({ text: 'AT' }));
    await rig.settle();
    rig.modem.send('1\r\n\r\nOK\r\n');
    await rig.settle();
    expect(second.value).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(rig.urcs.map((u) => u.text)).toEqual(['+QMTSTAT: 0,1']);
  });

  it('with echo on, the old answer resumed over several lines stays the old command\'s, a URC among them is delivered, and the new command takes its echo and its own answer', async () => {
    // Scripted by hand: a busy modem reads (and echoes) the next command once the old answer is out.
    const rig = openMemoryRig(() => []);
    const first = track(rig.engine.send({ text: 'AT+QMTOPEN?' }));
    await rig.settle();
    rig.modem.send('AT+QMTOPEN?\r\r\n+QMTOPEN: 0,"bro');
    await rig.advance(5_000);
    expect(first.value?.kind).toBe('timeout');
    const second = track(rig.engine.send({ text: 'AT+QMTOPEN?' }));
    await rig.settle();
    rig.modem.send('ker.example.net",1883\r\n+QMTOPEN: 1,"b.example.net",8883\r\n\r\n+QMTSTAT: 2,1\r\n\r\nOK\r\n');
    await rig.settle();
    expect(second.value).toBeUndefined();
    rig.modem.send('AT+QMTOPEN?\r\r\n+QMTOPEN: 0,"c.example.net",1883\r\n\r\nOK\r\n');
    await rig.settle();
    expect(second.value).toEqual({ kind: 'ok', lines: ['+QMTOPEN: 0,"c.example.net",1883'], final: 'OK' });
    expect(rig.urcs.map((u) => u.text)).toEqual(['+QMTSTAT: 2,1']);
    expect(lines(rig.events)).toEqual([
      'echo:AT+QMTOPEN?#1',
      'raw:+QMTOPEN: 0,"bro#1',
      'raw:ker.example.net",1883#1',
      'response:+QMTOPEN: 1,"b.example.net",8883#1',
      'urc:+QMTSTAT: 2,1',
      'final:OK#1',
      'echo:AT+QMTOPEN?#2',
      'response:+QMTOPEN: 0,"c.example.net",1883#2',
      'final:OK#2',
    ]);
  });

  it('an echo of the next command right after the cut is taken as its echo, not as the rest of the old line', async () => {
    const rig = openMemoryRig(() => []);
    void rig.engine.send({ text: 'AT+CSQ' });
    await rig.settle();
    rig.modem.send('\r\n+CSQ: 2');
    await rig.advance(2_000);
    const second = track(rig.engine.send({ text: 'AT+CREG?' }));
    await rig.settle();
    rig.modem.send('AT+CREG?\r\r\n+CREG: 0,1\r\n\r\nOK\r\n');
    await rig.settle();
    expect(second.value).toEqual({ kind: 'ok', lines: ['+CREG: 0,1'], final: 'OK' });
    expect(lines(rig.events)).toEqual(['raw:+CSQ: 2#1', 'echo:AT+CREG?#2', 'response:+CREG: 0,1#2', 'final:OK#2']);
  });
});
