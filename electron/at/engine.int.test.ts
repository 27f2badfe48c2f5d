// The engine over a real PTY: the host side opens the port with the production transport, a
// scripted modem answers on the device side. Each test narrates "host sends / modem answers".
// Timeouts, grace and receive windows are tested on a manual clock in engine.timers.test.ts and
// ../quectel/recv-stage.test.ts; here stays what needs real bytes through a real port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloseReason, EngineEvent } from '../../shared/model';
import { closeRigs, openRig, until } from '../../test-support/engine-rig';
import { openScriptedPeer, tableScript } from '../../test-support/scripted-peer';
import { openSerial } from '../serial/transport';
import { openJournal, readJournal, recordBytes } from '../session/journal';

const enc = new TextEncoder();
const dec = new TextDecoder();

const rig = openRig;
afterEach(closeRigs);

const kinds = (events: EngineEvent[], id?: number) =>
  events.flatMap((e) => (e.type === 'line' && (id === undefined || e.commandId === id) ? [`${e.dir}:${e.kind}:${e.text}`] : []));

describe('AT engine over a PTY', () => {
  it('a simple query returns its information line and OK', async () => {
    const { engine } = await rig(tableScript({ 'AT+CSQ': ['\r\n+CSQ: 21,99\r\n\r\nOK\r\n'] }));
    const out = await engine.send({ text: 'AT+CSQ' });
    expect(out).toEqual({ kind: 'ok', lines: ['+CSQ: 21,99'], final: 'OK' });
  });

  it('a URC between the lines of a response goes to the URC subscribers, not into the response', async () => {
    const { engine, urcs, events } = await rig(
      tableScript({ 'AT+QMTOPEN?': ['\r\n+QMTOPEN: 0,"broker.example.net",1883\r\n', '\r\n+QMTSTAT: 1,1\r\n', '+QMTOPEN: 2,"iot.example.org",8883\r\n\r\nOK\r\n'] }),
      { maxChunk: 5 },
    );
    const out = await engine.send({ text: 'AT+QMTOPEN?' });
    expect(out.kind).toBe('ok');
    expect(out.lines).toEqual(['+QMTOPEN: 0,"broker.example.net",1883', '+QMTOPEN: 2,"iot.example.org",8883']);
    expect(urcs.map((u) => [u.name, u.text])).toEqual([['QMTSTAT', '+QMTSTAT: 1,1']]);
    expect(kinds(events)).toContain('rx:urc:+QMTSTAT: 1,1');
  });

  it('with echo on, the echoed command (and ATE0 itself) is an echo, not a response', async () => {
    const { engine, events } = await rig(tableScript({ 'AT+CPIN?': ['\r\n+CPIN: READY\r\n\r\nOK\r\n'], ATE0: ['\r\nOK\r\n'] }), { echo: true });
    const a = await engine.send({ text: 'AT+CPIN?' });
    expect(a).toEqual({ kind: 'ok', lines: ['+CPIN: READY'], final: 'OK' });
    const b = await engine.send({ text: 'ATE0' });
    expect(b).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    const lines = kinds(events);
    expect(lines).toContain('rx:echo:AT+CPIN?');
    expect(lines).toContain('rx:echo:ATE0');
    expect(lines.filter((l) => l.startsWith('rx:raw'))).toEqual([]);
  });

  it('answers the "> " prompt with the payload and Ctrl+Z; the result URC follows', async () => {
    let got: Uint8Array | null = null;
    const { engine, urcs } = await rig(
      tableScript({
        'AT+QMTPUB=0,0,0,0,"site7/telemetry"': [
          '\r\n> ',
          { awaitPayload: 'ctrl-z', then: (p) => ((got = p), ['\r\nOK\r\n', { delayMs: 20 }, '\r\n+QMTPUB: 0,0,0\r\n']) },
        ],
      }),
      { maxChunk: 3 },
    );
    const out = await engine.send({ text: 'AT+QMTPUB=0,0,0,0,"site7/telemetry"', payload: { bytes: enc.encode('{"t":21.5}'), end: 'ctrl-z' } });
    expect(out).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(dec.decode(got!)).toBe('{"t":21.5}');
    await until(() => urcs.length > 0);
    expect(urcs[0]!.text).toBe('+QMTPUB: 0,0,0');
  });

  it('with echo on, the echoed payload after the prompt is an echo, not a raw line', async () => {
    const { engine, events } = await rig(
      tableScript({
        'AT+QMTPUB=0,0,0,0,"t"': ['\r\n> ', { awaitPayload: 'ctrl-z', then: (p) => [p!, '\x1a', '\r\nOK\r\n'] }],
      }),
      { echo: true },
    );
    const out = await engine.send({ text: 'AT+QMTPUB=0,0,0,0,"t"', payload: { bytes: enc.encode('on,"off"'), end: 'ctrl-z' } });
    expect(out.kind).toBe('ok');
    const rx = kinds(events).filter((l) => l.startsWith('rx:'));
    expect(rx).toEqual(['rx:echo:AT+QMTPUB=0,0,0,0,"t"', 'rx:prompt:> ', 'rx:echo:on,"off"<CTRL-Z>', 'rx:final:OK']);
  });

  it('a fixed-length publish sends exactly the bytes (CRLF counts, no Ctrl+Z), even when the prompt has no space', async () => {
    let got: Uint8Array | null = null;
    const payload = enc.encode('{"kwh":1}\r\n\x1a');
    const { engine, peer } = await rig(
      tableScript({
        'AT+QMTPUBEX=0,7,1,0,"meters/0042/up",12': ['>', { awaitPayload: 12, then: (p) => ((got = p), ['\r\nOK\r\n', '\r\n+QMTPUBEX: 0,7,0\r\n']) }],
      }),
    );
    const out = await engine.send({ text: 'AT+QMTPUBEX=0,7,1,0,"meters/0042/up",12', payload: { bytes: payload, end: 'fixed-length' } });
    expect(out.kind).toBe('ok');
    expect(got).toEqual(payload);
    const wire = dec.decode(peer.received());
    expect(wire).toBe('AT+QMTPUBEX=0,7,1,0,"meters/0042/up",12\r{"kwh":1}\r\n\x1a');
  });

  it('QFUPL: after CONNECT the file bytes go out raw, then +QFUPL and OK complete the command (protocol.md §4.5)', async () => {
    const file = enc.encode('-----BEGIN\r\n\x1a\x1bEND');
    let got: Uint8Array | null = null;
    const { engine } = await rig(
      tableScript({ [`AT+QFUPL="ca.pem",${file.length},100`]: ['\r\n\r\nCONNECT\r\n', { awaitPayload: file.length, then: (p) => ((got = p), ['\r\n+QFUPL: 17,6a3f\r\n\r\nOK\r\n']) }] }),
    );
    const out = await engine.send({ text: `AT+QFUPL="ca.pem",${file.length},100`, payload: { bytes: file, end: 'fixed-length' } });
    expect(out).toEqual({ kind: 'ok', lines: ['+QFUPL: 17,6a3f'], final: 'OK' });
    expect(got).toEqual(file);
  });

  it('+CME ERROR ends the command with a modem-error explained in words', async () => {
    const { engine } = await rig(tableScript({ 'AT+CPIN?': ['\r\n+CME ERROR: 10\r\n'] }));
    const out = await engine.send({ text: 'AT+CPIN?' });
    expect(out.kind).toBe('modem-error');
    if (out.kind !== 'modem-error') return;
    expect(out.final).toBe('+CME ERROR: 10');
    expect(out.problem.code).toBe('at.cme.10');
    expect(out.problem.title).toMatch(/SIM not inserted/);
  });

  it('the device vanishing fails every pending command with port-lost and reports the close once', async () => {
    const { engine, peer, events, transport } = await rig(() => undefined);
    const reasons: CloseReason[] = [];
    transport.onClose((r) => reasons.push(r));
    const a = engine.send({ text: 'AT+QIACT=1' });
    const b = engine.send({ text: 'AT+CSQ' });
    await peer.waitFor((r) => dec.decode(r).includes('AT+QIACT=1\r'));
    await peer.close();
    const [oa, ob] = await Promise.all([a, b]);
    expect(oa.kind).toBe('port-lost');
    expect(ob.kind).toBe('port-lost');
    if (oa.kind === 'port-lost') expect(oa.problem.code).toBe('port.lost');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.kind).not.toBe('requested');
    expect(events.filter((e) => e.type === 'port-closed')).toHaveLength(1);
    expect((await engine.send({ text: 'AT' })).kind).toBe('port-lost');
  });

  it('the +QMTOPEN result URC before OK goes to the subscribers and the command still ends OK', async () => {
    const { engine, urcs } = await rig(tableScript({ 'AT+QMTOPEN=0,"broker.example.net",1883': ['\r\n+QMTOPEN: 0,0\r\n', '\r\nOK\r\n'] }));
    const out = await engine.send({ text: 'AT+QMTOPEN=0,"broker.example.net",1883' });
    expect(out).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(urcs.map((u) => u.text)).toEqual(['+QMTOPEN: 0,0']);
  });

  it('the +QMTOPEN result URC followed by ERROR (BG95) is delivered and the command fails', async () => {
    const { engine, urcs } = await rig(tableScript({ 'AT+QMTOPEN=0,"broker.example.net",1883': ['\r\n+QMTOPEN: 0,2\r\n\r\nERROR\r\n'] }));
    const out = await engine.send({ text: 'AT+QMTOPEN=0,"broker.example.net",1883' });
    expect(out.kind).toBe('modem-error');
    expect(urcs.map((u) => u.text)).toEqual(['+QMTOPEN: 0,2']);
  });

  it('+QMTRECV with a length is one URC even when its payload holds quotes, commas and CRLF, in tiny chunks', async () => {
    const payload = '{"cmd":"led",\r\n"v":"on,off"}\r\nOK\r\n';
    const n = enc.encode(payload).length;
    const { engine, peer, urcs } = await rig(tableScript({ AT: ['\r\nOK\r\n'] }), { maxChunk: 4 });
    await peer.write(`\r\n+QMTRECV: 0,3,"site7/cmd/led",${n},"${payload}"\r\n`);
    await until(() => urcs.length > 0);
    expect(urcs).toHaveLength(1);
    expect(urcs[0]!.name).toBe('QMTRECV');
    expect(urcs[0]!.text).toBe(`+QMTRECV: 0,3,"site7/cmd/led",${n},"${payload}"`);
    // The OK inside the payload did not complete anything; the next command gets its own OK.
    expect((await engine.send({ text: 'AT' })).kind).toBe('ok');
  });

  it('+QMTRECV without a length spanning lines is joined into one URC (heuristic)', async () => {
    const { peer, urcs } = await rig(() => undefined);
    await peer.write('\r\n+QMTRECV: 0,0,"t","line one\r\nline two"\r\n');
    await until(() => urcs.length > 0);
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 0,0,"t","line one\r\nline two"']);
  });

  it('an unknown unsolicited line is logged as raw, never dropped or absorbed', async () => {
    const { engine, events } = await rig(tableScript({ 'AT+CSQ': ['\r\nSOMETHING ODD\r\n\r\n+CSQ: 9,99\r\n\r\nOK\r\n'] }));
    const out = await engine.send({ text: 'AT+CSQ' });
    expect(out.lines).toEqual(['+CSQ: 9,99']);
    expect(kinds(events)).toContain('rx:raw:SOMETHING ODD');
  });

  it('one command in flight: a second send waits, and runNext jumps the queue', async () => {
    const { engine, peer } = await rig((cmd) => [{ delayMs: 30 }, `\r\n+X: ${cmd}\r\n\r\nOK\r\n`]);
    const order: string[] = [];
    const p1 = engine.send({ text: 'AT+QGMR', expect: { kind: 'multi', prefix: '+X:' } }).then(() => order.push('1'));
    const p2 = engine.send({ text: 'AT+CSQ', expect: { kind: 'multi', prefix: '+X:' } }).then(() => order.push('2'));
    const p3 = engine.send({ text: 'AT', runNext: true, expect: { kind: 'multi', prefix: '+X:' } }).then(() => order.push('3'));
    await Promise.all([p1, p2, p3]);
    expect(peer.commands).toEqual(['AT+QGMR', 'AT', 'AT+CSQ']);
    expect(order).toEqual(['1', '3', '2']);
  });

  it('the journal holds every byte the modem sent and the host wrote, in order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-journal-'));
    const journal = openJournal(path.join(dir, 'j.jsonl'), { flushIntervalMs: 20, maxBatch: 3 });
    const { engine, peer, events } = await rig(
      tableScript({
        'AT+CSQ': ['\r\n+CSQ: 21,99\r\n', '\r\n+QMTSTAT: 0,1\r\n', '\r\nOK\r\n'],
        'AT+QMTPUB=0,0,0,0,"t"': ['\r\n> ', { awaitPayload: 'ctrl-z', then: () => ['\r\nOK\r\n'] }],
      }),
      { maxChunk: 7, echo: true },
      { journal },
    );
    await engine.send({ text: 'AT+CSQ' });
    await engine.send({ text: 'AT+QMTPUB=0,0,0,0,"t"', payload: { bytes: enc.encode('a\u00ffb'), end: 'ctrl-z' } });
    await peer.write(new Uint8Array([0x00, 0xfe, 0x0d, 0x0a]));
    await until(() => events.some((e) => e.type === 'line' && e.dir === 'rx' && e.kind === 'raw'));
    await journal.close();
    const { records, tornTail } = await readJournal(journal.path);
    expect(tornTail).toBe(false);
    const seqs = records.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const join = (dir: 'rx' | 'tx') => Buffer.concat(records.filter((r) => 'dir' in r && r.dir === dir).map((r) => Buffer.from(recordBytes(r)!)));
    expect(new Uint8Array(join('rx'))).toEqual(peer.sent());
    expect(new Uint8Array(join('tx'))).toEqual(peer.received());
    expect(records.some((r) => 'event' in r && r.event.type === 'command-ended')).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('serial transport', () => {
  it('a missing port is a Problem with code port.not-found, not an exception', async () => {
    const out = await openSerial('/dev/does-not-exist-wb');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problem.code).toBe('port.not-found');
  });

  it('our own close reports "requested"', async () => {
    const peer = await openScriptedPeer(() => undefined);
    const opened = await openSerial(peer.hostPath);
    if (!opened.ok) throw new Error(opened.problem.title);
    const reasons: CloseReason[] = [];
    opened.value.onClose((r) => reasons.push(r));
    await opened.value.close();
    expect(reasons).toEqual([{ kind: 'requested' }]);
    expect(opened.value.isOpen).toBe(false);
    await peer.close();
  });
});
