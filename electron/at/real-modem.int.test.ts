// The engine over a real PTY against byte streams shaped like real EC2x/EG9x/BG9x output (spec
// protocol.md §1.2–1.5, §2, §3, §4.6, §7): echo on, odd terminators, glued URCs, CMEE=2 texts, read forms
// with URCs of the same prefix interleaved, the AT+QMTRECV read-out, power-up and garbage.
import { afterEach, describe, expect, it } from 'vitest';
import { groupRecords } from '../../shared/exchanges';
import type { EngineEvent } from '../../shared/model';
import { closeRigs, openRig, until } from '../../test-support/engine-rig';
import { tableScript, type PeerOptions, type Step } from '../../test-support/scripted-peer';

const enc = new TextEncoder();

/** Commands missing from the table get ERROR. */
const rig = (table: Record<string, Step[]>, peerOpts: PeerOptions = {}) => openRig(tableScript(table), peerOpts, { recvContinuationMs: 2_000 });
afterEach(closeRigs);
const rx = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'line' && e.dir === 'rx' ? [`${e.kind}:${e.text}`] : []));
const SLOW = 30_000;

describe('real modem output through the engine', () => {
  it('echo on: the command comes back with its CR, then CRLF-framed lines; \\r\\r\\n and blank lines are not lines', async () => {
    const { engine, events } = await rig(
      {
        'AT+CSQ': ['\r\n+CSQ: 21,99\r\r\n\r\n\r\nOK\r\n'],
        ATE0: ['\r\nOK\r\n'],
        'AT+CPIN?': ['\r\n+CPIN: READY\r\n\r\nOK\r\n'],
      },
      { echo: true, maxChunk: 4 },
    );
    expect(await engine.send({ text: 'AT+CSQ' })).toEqual({ kind: 'ok', lines: ['+CSQ: 21,99'], final: 'OK' });
    expect(await engine.send({ text: 'ATE0' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(await engine.send({ text: 'AT+CPIN?' })).toEqual({ kind: 'ok', lines: ['+CPIN: READY'], final: 'OK' });
    expect(rx(events)).toEqual(['echo:AT+CSQ', 'response:+CSQ: 21,99', 'final:OK', 'echo:ATE0', 'final:OK', 'response:+CPIN: READY', 'final:OK']);
  }, SLOW);

  it('a capture that starts mid-response: a lone OK before any command is logged, and the next command waits for its own', async () => {
    const { engine, events, peer } = await rig({ AT: [{ delayMs: 50 }, '\r\nOK\r\n'] });
    await peer.write('+CSQ: 21,99\r\n\r\nOK\r\n');
    await until(() => rx(events).length >= 2);
    expect(rx(events)).toEqual(['raw:+CSQ: 21,99', 'raw:OK']);
    expect(await engine.send({ text: 'AT' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
  }, SLOW);

  it('URCs glued to other output without blank lines, before and after the final', async () => {
    const { engine, urcs, events } = await rig({
      'AT+QMTSUB=0,1,"site7/cmd/#",1': ['\r\nOK\r\n+QMTSUB: 0,1,0,1\r\n+QMTRECV: 0,0,"site7/cmd/led","on"\r\n'],
      'AT+CSQ': ['\r\n+QMTSTAT: 1,1\r\n+CSQ: 18,99\r\nOK\r\n+QMTPING: 2,1\r\n'],
    });
    expect(await engine.send({ text: 'AT+QMTSUB=0,1,"site7/cmd/#",1' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(await engine.send({ text: 'AT+CSQ' })).toEqual({ kind: 'ok', lines: ['+CSQ: 18,99'], final: 'OK' });
    await until(() => urcs.length === 4);
    expect(urcs.map((u) => u.name)).toEqual(['QMTSUB', 'QMTRECV', 'QMTSTAT', 'QMTPING']);
    expect(rx(events).filter((l) => l.startsWith('raw:'))).toEqual([]);
  }, SLOW);

  it('a result URC before OK, a result URC followed by ERROR (BG95), and +QMTSTAT instead of the result', async () => {
    const { engine, urcs } = await rig({
      'AT+QMTOPEN=0,"broker.example.net",1883': ['\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n'],
      'AT+QMTOPEN=1,"broker.example.net",1883': ['\r\n+QMTOPEN: 1,2\r\n\r\nERROR\r\n'],
      'AT+QMTCONN=0,"wb-demo-0001"': ['\r\nOK\r\n', { delayMs: 30 }, '\r\n+QMTSTAT: 0,1\r\n'],
    });
    expect(await engine.send({ text: 'AT+QMTOPEN=0,"broker.example.net",1883' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(await engine.send({ text: 'AT+QMTOPEN=1,"broker.example.net",1883' })).toMatchObject({ kind: 'modem-error', final: 'ERROR', lines: [] });
    expect(await engine.send({ text: 'AT+QMTCONN=0,"wb-demo-0001"' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    await until(() => urcs.length === 3);
    expect(urcs.map((u) => u.text)).toEqual(['+QMTOPEN: 0,0', '+QMTOPEN: 1,2', '+QMTSTAT: 0,1']);
  }, SLOW);

  it('+CME ERROR in words (CMEE=2) gets the advice of its number; +CMS ERROR keeps its family', async () => {
    const { engine } = await rig({
      'AT+CPIN?': ['\r\n+CME ERROR: SIM not inserted\r\n'],
      'AT+QFDEL="ca.pem"': ['\r\n+CME ERROR: 405\r\n'],
      'AT+CMGS="1"': ['\r\n+CMS ERROR: 500\r\n'],
    });
    const words = await engine.send({ text: 'AT+CPIN?' });
    expect(words).toMatchObject({ kind: 'modem-error', final: '+CME ERROR: SIM not inserted', problem: { code: 'at.cme.SIM not inserted' } });
    expect(words.kind === 'modem-error' && words.problem.nextStep).toMatch(/SIM card is inserted/);
    expect(await engine.send({ text: 'AT+QFDEL="ca.pem"' })).toMatchObject({ kind: 'modem-error', problem: { code: 'at.cme.405' } });
    expect(await engine.send({ text: 'AT+CMGS="1"' })).toMatchObject({ kind: 'modem-error', problem: { code: 'at.cms.500' } });
  }, SLOW);

  it('the prompt when it shares the wire line with the echo and has no space', async () => {
    let got: Uint8Array | null = null;
    const { engine, events } = await rig(
      { 'AT+QMTPUB=0,0,0,0,"t"': ['>', { awaitPayload: 'ctrl-z', then: (p) => ((got = p), ['\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n']) }] },
      { echo: true },
    );
    expect(await engine.send({ text: 'AT+QMTPUB=0,0,0,0,"t"', payload: { bytes: enc.encode('21.5'), end: 'ctrl-z' } })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(new TextDecoder().decode(got!)).toBe('21.5');
    expect(rx(events).slice(0, 3)).toEqual(['echo:AT+QMTPUB=0,0,0,0,"t"', 'prompt:> ', 'final:OK']);
  }, SLOW);

  it('with echo on, a payload with line breaks is echoed line by line and every line is an echo', async () => {
    const { engine, events } = await rig(
      { 'AT+QMTPUBEX=0,1,1,0,"t",17': ['\r\n> ', { awaitPayload: 17, then: (p) => [p!, '\r\nOK\r\n'] }] },
      { echo: true },
    );
    const out = await engine.send({ text: 'AT+QMTPUBEX=0,1,1,0,"t",17', payload: { bytes: enc.encode('{"a":1,\r\n"b":2}\r\n'), end: 'fixed-length' } });
    expect(out).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    expect(rx(events)).toEqual(['echo:AT+QMTPUBEX=0,1,1,0,"t",17', 'prompt:> ', 'echo:{"a":1,', 'echo:"b":2}', 'final:OK']);
  }, SLOW);

  it('a UTF-8 payload (Chinese, full-width space) is logged as text on the way out, and its echo is an echo', async () => {
    const text = '温度\u300021.5';
    const len = enc.encode(text).length;
    const { engine, events } = await rig(
      { [`AT+QMTPUBEX=0,1,1,0,"t",${len}`]: ['\r\n> ', { awaitPayload: len, then: (p) => [p!, '\r\nOK\r\n'] }] },
      { echo: true, maxChunk: 5 },
    );
    const out = await engine.send({ text: `AT+QMTPUBEX=0,1,1,0,"t",${len}`, payload: { bytes: enc.encode(text), end: 'fixed-length' } });
    expect(out).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    const tx = events.flatMap((e) => (e.type === 'line' && e.dir === 'tx' ? [e.text] : []));
    expect(tx).toEqual([`AT+QMTPUBEX=0,1,1,0,"t",${len}`, text]);
    expect(rx(events)).toContain(`echo:${text}`);
  }, SLOW);

  it('QFUPL: a blank line before CONNECT, then the bytes, then +QFUPL with lower-case hex and OK', async () => {
    const file = enc.encode('0123456789');
    const { engine } = await rig({
      'AT+QFUPL="ca.pem",10,100': ['\r\n\r\nCONNECT\r\n', { awaitPayload: 10, then: () => ['\r\n+QFUPL: 10,6a3f\r\n\r\nOK\r\n'] }],
    });
    const out = await engine.send({ text: 'AT+QFUPL="ca.pem",10,100', payload: { bytes: file, end: 'fixed-length' } });
    expect(out).toEqual({ kind: 'ok', lines: ['+QFUPL: 10,6a3f'], final: 'OK' });
  }, SLOW);

  it('+QMTRECV in every form reaches the subscribers as one message each', async () => {
    const { engine, urcs } = await rig({
      AT: [
        '\r\nOK\r\n',
        '\r\n+QMTRECV: 0,1,"a",12,"x"y,\r\nz"\u3000"\r\n', // length: quote, comma, CRLF, full-width space inside
        '\r\n+QMTRECV: 0,2,"设备/上报",12,"温度二十"\r\n',
        '\r\n+QMTRECV: 0,3,"b","two\r\nlines"\r\n', // no length: runs to the closing quote
        '\r\n+QMTRECV: 0,0,c/d,bare payload\r\n', // old firmware without quotes
        '\r\n+QMTRECV: 1,4\r\n', // buffered notice
        '\r\n+QMTRECV: 0, 5, "e", 2, "on"\r\n',
      ],
    }, { maxChunk: 3 });
    expect(await engine.send({ text: 'AT' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    await until(() => urcs.length === 6);
    expect(urcs.map((u) => u.text)).toEqual([
      '+QMTRECV: 0,1,"a",12,"x"y,\r\nz"\u3000"',
      '+QMTRECV: 0,2,"设备/上报",12,"温度二十"',
      '+QMTRECV: 0,3,"b","two\r\nlines"',
      '+QMTRECV: 0,0,c/d,bare payload',
      '+QMTRECV: 1,4',
      '+QMTRECV: 0, 5, "e", 2, "on"',
    ]);
  }, SLOW);

  it('Cat-1 split +QMTRECV: the payload on the next line is joined when it has exactly <len> bytes', async () => {
    const { engine, urcs } = await rig({
      AT: [
        '\r\nOK\r\n',
        '\r\n+QMTRECV: 0,0,"pump/01/cmd",23\r\n{"relay1":1,"relay2":0}\r\n',
        '\r\n+QMTRECV: 0,1,"t",23\r\n+QMTSTAT: 0,1\r\n', // payload "23" unquoted, then another URC
      ],
    }, { maxChunk: 6 });
    expect(await engine.send({ text: 'AT' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    await until(() => urcs.length === 3);
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 0,0,"pump/01/cmd",23\r\n{"relay1":1,"relay2":0}', '+QMTRECV: 0,1,"t",23', '+QMTSTAT: 0,1']);
  }, SLOW);

  it('AT+QMTRECV=0 read-out keeps its own messages; direct URCs of other clients and new notices stay URCs', async () => {
    const { engine, urcs } = await rig({
      'AT+QMTRECV=0': [
        '\r\n+QMTRECV: 0,1,"a/b",5,"hello"\r\n',
        '+QMTRECV: 1,0,"x",6,"direct"\r\n',
        '+QMTRECV: 0,2,"a/c","two,\r\nlines"\r\n',
        '+QMTRECV: 0,4\r\n',
        '\r\nOK\r\n',
      ],
      'AT+QMTRECV?': ['\r\n+QMTRECV: 1,0,"x",3,"abc"\r\n+QMTRECV: 0,1,0,0,0,0\r\n\r\nOK\r\n'],
    });
    expect(await engine.send({ text: 'AT+QMTRECV=0' })).toEqual({ kind: 'ok', lines: ['+QMTRECV: 0,1,"a/b",5,"hello"', '+QMTRECV: 0,2,"a/c","two,\r\nlines"'], final: 'OK' });
    expect(await engine.send({ text: 'AT+QMTRECV?' })).toEqual({ kind: 'ok', lines: ['+QMTRECV: 0,1,0,0,0,0'], final: 'OK' });
    await until(() => urcs.length === 3);
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 1,0,"x",6,"direct"', '+QMTRECV: 0,4', '+QMTRECV: 1,0,"x",3,"abc"']);
  }, SLOW);

  it('read forms take only their read lines: a result or registration URC of the same prefix stays a URC', async () => {
    const { engine, urcs } = await rig({
      'AT+QMTCONN?': ['\r\n+QMTCONN: 0,0,0\r\n+QMTCONN: 0,3\r\n\r\nOK\r\n'],
      'AT+CEREG?': ['\r\n+CEREG: 5,"1A2B","01C2D3E4",7\r\n+CEREG: 2,1,"1A2B","01C2D3E4",7\r\n\r\nOK\r\n'],
      'AT+CREG?': ['\r\n+CREG: 0,5\r\n\r\nOK\r\n'],
    });
    expect(await engine.send({ text: 'AT+QMTCONN?' })).toEqual({ kind: 'ok', lines: ['+QMTCONN: 0,3'], final: 'OK' });
    expect(await engine.send({ text: 'AT+CEREG?' })).toEqual({ kind: 'ok', lines: ['+CEREG: 2,1,"1A2B","01C2D3E4",7'], final: 'OK' });
    expect(await engine.send({ text: 'AT+CREG?' })).toEqual({ kind: 'ok', lines: ['+CREG: 0,5'], final: 'OK' });
    await until(() => urcs.length === 2);
    expect(urcs.map((u) => [u.name, u.text])).toEqual([['QMTCONN', '+QMTCONN: 0,0,0'], ['CEREG', '+CEREG: 5,"1A2B","01C2D3E4",7']]);
  }, SLOW);

  it('URCs with spaces after the commas are still URCs', async () => {
    const { engine, urcs, events } = await rig({ AT: ['\r\nOK\r\n\r\n+QMTSTAT: 0, 1\r\n\r\n+QMTOPEN: 1, -1\r\n\r\n+QMTSUB: 0, 1, 0, 1\r\n'] });
    await engine.send({ text: 'AT' });
    await until(() => urcs.length === 3);
    expect(urcs.map((u) => u.name)).toEqual(['QMTSTAT', 'QMTOPEN', 'QMTSUB']);
    expect(rx(events).filter((l) => l.startsWith('raw:'))).toEqual([]);
  }, SLOW);

  it('QPING: OK, one URC per reply (blank-line separated), then the summary (protocol.md quirk 20)', async () => {
    const { engine, urcs } = await rig({
      'AT+QPING=1,"broker.example.net"': ['\r\nOK\r\n', { delayMs: 20 }, '\r\n+QPING: 0,"93.184.216.34",32,120,255\r\n', '\r\n+QPING: 0,"93.184.216.34",32,98,255\r\n', '\r\n+QPING: 0,2,2,0,98,120,109\r\n'],
    });
    expect(await engine.send({ text: 'AT+QPING=1,"broker.example.net"' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    await until(() => urcs.length === 3);
    expect(urcs.every((u) => u.name === 'QPING')).toBe(true);
  }, SLOW);

  it('power-up banner: RDY … APP RDY are URCs; a command in flight when the modem restarts ends as modem-restarted', async () => {
    const { engine, urcs, peer } = await rig({ 'AT+QMTCFG="version",0,4': [{ delayMs: 30 }, '\r\nRDY\r\n'], AT: ['\r\nOK\r\n'] });
    const out = await engine.send({ text: 'AT+QMTCFG="version",0,4' });
    expect(out.kind).toBe('modem-restarted');
    await peer.write('\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n\r\nAPP RDY\r\n\r\nPOWERED DOWN\r\n');
    await until(() => urcs.length === 8);
    expect(urcs.map((u) => u.name)).toEqual(['RDY', 'CFUN', 'CPIN', 'QUSIM', 'QIND', 'QIND', 'APP RDY', 'POWERED DOWN']);
  }, SLOW);

  it('an unlisted URC during AT+CGSN stays out of the IMEI answer', async () => {
    const { engine, events } = await rig({ 'AT+CGSN': ['\r\n+CTZE: "+32",0,"2026/11/25,13:38:37"\r\n\r\n866425031234567\r\n\r\nOK\r\n'] });
    expect(await engine.send({ text: 'AT+CGSN' })).toEqual({ kind: 'ok', lines: ['866425031234567'], final: 'OK' });
    expect(rx(events)).toContain('raw:+CTZE: "+32",0,"2026/11/25,13:38:37"');
  }, SLOW);

  it('garbage bytes are logged as raw and the answer after them still completes the command', async () => {
    const { engine, events } = await rig({ AT: [new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x0d, 0x0a]), '\r\nOK\r\n'] });
    expect(await engine.send({ text: 'AT' })).toEqual({ kind: 'ok', lines: [], final: 'OK' });
    const raw = rx(events).filter((l) => l.startsWith('raw:'));
    expect(raw).toHaveLength(1);
    expect(raw[0]).toContain('\\xFF');
  }, SLOW);

  it('the exchange grouper, fed by the journal, judges each exchange by its result URC wherever it came (protocol.md §2.0, quirk 2)', async () => {
    const r = await rig({
      'AT+QMTOPEN=0,"broker.example.net",1883': ['\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n'],
      'AT+QMTOPEN=1,"broker.example.net",1883': ['\r\n+QMTOPEN: 1,2\r\n\r\nERROR\r\n'],
      'AT+QMTCONN=0,"wb-demo-0001"': ['\r\nOK\r\n+QMTCONN: 0, 0\r\n'],
      'AT+QMTSUB=0,1,"a/#",1,"b",2': ['\r\nOK\r\n+QMTSUB: 0,1,0,1,128\r\n+QMTRECV: 0,0,"a/x",3,"ret"\r\n'],
      'AT+QMTOPEN=2,"broker.example.net",1883': ['\r\nOK\r\n'],
      'AT+QMTCONN=2,"wb-demo-0002"': ['\r\nOK\r\n\r\n+QMTOPEN: 2,0\r\n\r\n+QMTSTAT: 2,1\r\n'],
    });
    for (const text of ['AT+QMTOPEN=0,"broker.example.net",1883', 'AT+QMTOPEN=1,"broker.example.net",1883', 'AT+QMTCONN=0,"wb-demo-0001"', 'AT+QMTSUB=0,1,"a/#",1,"b",2', 'AT+QMTOPEN=2,"broker.example.net",1883', 'AT+QMTCONN=2,"wb-demo-0002"']) {
      await r.engine.send({ text });
    }
    await until(() => r.urcs.length === 7);
    const { exchanges } = groupRecords(r.journal);
    const cmd = (c: string) => exchanges.find((x) => x.command === c);
    const packets = (c: string) => (cmd(c)?.implied ?? []).map((p) => `${p.from === 'modem' ? '>' : '<'}${p.name}${p.failed ? '!' : ''}`);
    expect(cmd('AT+QMTOPEN=0,"broker.example.net",1883')).toMatchObject({ outcome: 'ok', result: '+QMTOPEN: 0,0' });
    expect(cmd('AT+QMTOPEN=1,"broker.example.net",1883')).toMatchObject({ outcome: 'error', result: '+QMTOPEN: 1,2' });
    expect(cmd('AT+QMTCONN=0,"wb-demo-0001"')).toMatchObject({ outcome: 'ok', result: '+QMTCONN: 0, 0' });
    expect(packets('AT+QMTCONN=0,"wb-demo-0001"')).toEqual(['>CONNECT', '<CONNACK']);
    expect(cmd('AT+QMTSUB=0,1,"a/#",1,"b",2')).toMatchObject({ outcome: 'error', result: '+QMTSUB: 0,1,0,1,128' });
    expect(packets('AT+QMTSUB=0,1,"a/#",1,"b",2')).toEqual(['>SUBSCRIBE', '<SUBACK!']);
    expect(exchanges.find((x) => x.kind === 'urc' && x.command.startsWith('+QMTRECV: 0,0'))?.implied.map((p) => p.name)).toEqual(['PUBLISH']);
    // The open result arrives late, during the connect; then the server closes instead of a CONNACK.
    expect(cmd('AT+QMTOPEN=2,"broker.example.net",1883')).toMatchObject({ outcome: 'ok', result: '+QMTOPEN: 2,0' });
    expect(cmd('AT+QMTCONN=2,"wb-demo-0002"')).toMatchObject({ outcome: 'error', result: '+QMTSTAT: 2,1' });
  }, SLOW);

  it('a power-up banner with a locked SIM is one power-up exchange in the grouper', async () => {
    const r = await rig({});
    await r.peer.write('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: SIM PIN\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n');
    await until(() => r.urcs.length === 6);
    const { exchanges, entries } = groupRecords(r.journal);
    const boot = exchanges.filter((x) => x.kind === 'power-up');
    expect(boot).toHaveLength(1);
    expect(boot[0]?.entries.map((i) => entries[i]?.text)).toEqual(['RDY', '+CFUN: 1', '+CPIN: SIM PIN', '+QUSIM: 1', '+QIND: SMS DONE', 'APP RDY']);
  }, SLOW);
});
