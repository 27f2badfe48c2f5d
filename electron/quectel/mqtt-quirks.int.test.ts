// MQTT operations against a scripted modem on a real PTY, narrating the awkward orders of protocol.md §7:
// the result URC before OK or before ERROR, +QMTSTAT instead of the result, retransmission
// notices, refusals, silence.
import { afterEach, describe, expect, it } from 'vitest';
import { openScriptedPeer, tableScript, type ScriptedPeer, type Step } from '../../test-support/scripted-peer';
import { createQuectelEngine } from './engine';
import type { AtEngine, SerialTransport } from '../at/types';
import { openSerial } from '../serial/transport';
import { closeNetwork, configure, connect, disconnect, openNetwork, publish, readBuffered, subscribe } from './mqtt';

let peer: ScriptedPeer | undefined;
let transport: SerialTransport | undefined;
let engine: AtEngine | undefined;

afterEach(async () => {
  engine?.dispose();
  await transport?.close().catch(() => undefined);
  await peer?.close();
  peer = transport = engine = undefined;
});

async function modem(table: Record<string, Step[]>): Promise<AtEngine> {
  peer = await openScriptedPeer(tableScript(table));
  const t = await openSerial(peer.hostPath);
  if (!t.ok) throw new Error(t.problem.detail);
  transport = t.value;
  engine = createQuectelEngine(transport, { timeoutScale: 3 });
  return engine;
}

const OK = '\r\nOK\r\n';
const open = { client: 0, host: 'broker.example.net', port: 1883 };
const OPEN_CMD = 'AT+QMTOPEN=0,"broker.example.net",1883';

describe('open', () => {
  it('takes the result URC that follows OK (protocol.md §5.1)', async () => {
    const e = await modem({ [OPEN_CMD]: [OK, { delayMs: 50 }, '\r\n+QMTOPEN: 0,0\r\n'] });
    const r = await openNetwork(e, open);
    expect(r).toEqual({ ok: true, value: { client: 0, host: 'broker.example.net', port: 1883, urc: '+QMTOPEN: 0,0' } });
  });

  it('takes a result URC that arrives before OK (protocol.md quirk 2)', async () => {
    const e = await modem({ [OPEN_CMD]: ['\r\n+QMTOPEN: 0,0\r\n', OK] });
    expect((await openNetwork(e, open)).ok).toBe(true);
  });

  it('takes a result URC followed by ERROR instead of OK (protocol.md quirk 2, BG95)', async () => {
    const e = await modem({ [OPEN_CMD]: ['\r\n+QMTOPEN: 0,3\r\n', '\r\nERROR\r\n'] });
    const r = await openNetwork(e, open);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.code).toBe('qmtopen.3');
  });

  it('ignores the result of another client index', async () => {
    const e = await modem({ [OPEN_CMD]: [OK, '\r\n+QMTOPEN: 1,-1\r\n', { delayMs: 50 }, '\r\n+QMTOPEN: 0,0\r\n'] });
    expect((await openNetwork(e, open)).ok).toBe(true);
  });

  it('explains a TLS/TCP failure with the catalogue', async () => {
    const e = await modem({ [OPEN_CMD]: [OK, '\r\n+QMTOPEN: 0,-1\r\n'] });
    const r = await openNetwork(e, open);
    expect(r.ok ? undefined : r.problem).toMatchObject({ code: 'qmtopen.-1', nextStep: expect.stringMatching(/QPING/) });
  });

  it('reads a plain ERROR in the context of the open command', async () => {
    const e = await modem({ [OPEN_CMD]: ['\r\nERROR\r\n'] });
    const r = await openNetwork(e, open);
    expect(!r.ok && r.problem.code).toBe('error.qmtopen');
  });

  it('times out with a hint at the URC port when the result never comes', async () => {
    const e = await modem({ [OPEN_CMD]: [OK] });
    const r = await openNetwork(e, open, { urcTimeoutMs: 500 });
    expect(r.ok ? undefined : r.problem).toMatchObject({ code: 'mqtt.open-timeout', nextStep: expect.stringMatching(/QURCCFG/) });
  });
});

describe('connect', () => {
  const CONN = 'AT+QMTCONN=0,"wb-demo-0001","fielduser","Secr3t"';
  const a = { client: 0, clientId: 'wb-demo-0001', username: 'fielduser', password: 'Secr3t' };

  it('succeeds on CONNACK 0 after a retransmission notice', async () => {
    const e = await modem({ [CONN]: [OK, '\r\n+QMTCONN: 0,1\r\n', { delayMs: 50 }, '\r\n+QMTCONN: 0,0,0\r\n'] });
    expect(await connect(e, a)).toEqual({ ok: true, value: { client: 0, connack: 0, urc: '+QMTCONN: 0,0,0' } });
  });

  it('fails on a refused CONNACK with its explanation, without showing the password', async () => {
    const e = await modem({ [CONN]: [OK, '\r\n+QMTCONN: 0,0,5\r\n', '\r\n+QMTSTAT: 0,1\r\n'] });
    const r = await connect(e, a);
    expect(r.ok ? undefined : r.problem.code).toBe('connack.5');
    expect(JSON.stringify(r)).not.toContain('Secr3t');
  });

  it('ends with the +QMTSTAT explanation when the link closes instead of a result (protocol.md §6 field logs)', async () => {
    const e = await modem({ [CONN]: [OK, '\r\n+QMTSTAT: 0,1\r\n'] });
    const r = await connect(e, a);
    expect(r.ok ? undefined : r.problem).toMatchObject({ code: 'qmtstat.1', detail: expect.stringContaining('instead of its result') });
  });

  it('explains ERROR as a connect in the wrong state (protocol.md quirk 18)', async () => {
    const e = await modem({ [CONN]: ['\r\nERROR\r\n'] });
    const r = await connect(e, a);
    expect(r.ok ? undefined : r.problem).toMatchObject({ code: 'error.qmtconn', nextStep: expect.stringMatching(/2 s/) });
  });

  it('reports result 2 (CONNECT not sent)', async () => {
    const e = await modem({ [CONN]: [OK, '\r\n+QMTCONN: 0,2\r\n'] });
    const r = await connect(e, a);
    expect(r.ok ? undefined : r.problem.code).toBe('qmtconn.2');
  });
});

describe('subscribe and publish', () => {
  it('returns the granted QoS per topic, and fails when a topic is refused (128)', async () => {
    const e = await modem({
      'AT+QMTSUB=0,1,"a/#",1,"b",2': [OK, '\r\n+QMTSUB: 0,1,0,1,2\r\n'],
      'AT+QMTSUB=0,2,"forbidden",1': [OK, '\r\n+QMTSUB: 0,2,0,128\r\n'],
      'AT+QMTSUB=0,3,"a",0,"b",1': [OK, '\r\n+QMTSUB: 0,3,0,0,128\r\n'],
    });
    const ok1 = await subscribe(e, { client: 0, msgId: 1, topics: [{ topic: 'a/#', qos: 1 }, { topic: 'b', qos: 2 }] });
    expect(ok1.ok && ok1.value.granted).toEqual([1, 2]);
    expect(ok1.ok && ok1.value.partial).toBeUndefined();
    const refused = await subscribe(e, { client: 0, msgId: 2, topics: [{ topic: 'forbidden', qos: 1 }] });
    expect(refused.ok ? undefined : refused.problem.code).toBe('qmtsub.128');
    // A partial SUBACK (protocol.md §2.6) is a partial success: each filter's result, and the refusal explained.
    const partial = await subscribe(e, { client: 0, msgId: 3, topics: [{ topic: 'a', qos: 0 }, { topic: 'b', qos: 1 }] });
    expect(partial.ok && partial.value.filters).toEqual([{ topic: 'a', granted: true, qos: 0 }, { topic: 'b', granted: false }]);
    expect(partial.ok && partial.value.partial).toMatchObject({ code: 'qmtsub.partial', title: expect.stringMatching(/"a" granted \(QoS 0\); "b" refused/) });
  });

  it('waits for the matching msgID, accepting the +QMTPUBEX prefix for QMTPUB (protocol.md quirk 8)', async () => {
    const e = await modem({
      'AT+QMTPUB=0,7,1,0,"t"': ['\r\n> ', {
        awaitPayload: 'ctrl-z',
        then: (p) => [OK, `\r\n+QMTPUB: 0,6,0\r\n`, '\r\n+QMTPUBEX: 0,7,1,1\r\n', `\r\n+QMTPUBEX: 0,7,0\r\n`, ...(p ? [] : ['\r\nERROR\r\n'])],
      }],
    });
    const r = await publish(e, { client: 0, msgId: 7, qos: 1, retain: false, topic: 't', payload: 'hello', form: 'prompt' });
    expect(r).toEqual({ ok: true, value: { client: 0, msgId: 7, retransmissions: 1, urc: '+QMTPUBEX: 0,7,0' } });
    expect(new TextDecoder().decode(peer?.received())).toContain('hello\x1a');
  });

  it('sends exactly the UTF-8 bytes of a fixed-length publish, with no terminator (protocol.md quirk 7)', async () => {
    let got = '';
    const e = await modem({
      'AT+QMTPUBEX=0,3,1,0,"m",8': ['\r\n> ', { awaitPayload: 8, then: (p) => { got = new TextDecoder().decode(p ?? new Uint8Array()); return [OK, '\r\n+QMTPUBEX: 0,3,0\r\n']; } }],
    });
    const r = await publish(e, { client: 0, msgId: 3, qos: 1, retain: false, topic: 'm', payload: 'Grüße!', form: 'fixed', command: 'QMTPUBEX' });
    expect(r.ok).toBe(true);
    expect(got).toBe('Grüße!');
  });

  it('reports a publish that failed after retries', async () => {
    const e = await modem({ 'AT+QMTPUB=0,0,0,0,"t","x"': [OK, '\r\n+QMTPUB: 0,0,2\r\n'] });
    const r = await publish(e, { client: 0, msgId: 0, qos: 0, retain: false, topic: 't', payload: 'x', form: 'inline' });
    expect(r.ok ? undefined : r.problem.code).toBe('qmtpub.2');
  });
});

describe('configure, disconnect, close, buffered read', () => {
  it('stops at the first refused option and says which command', async () => {
    const e = await modem({ 'AT+QMTCFG="version",0,4': [OK], 'AT+QMTCFG="keepalive",0,60': ['\r\nERROR\r\n'] });
    const r = await configure(e, 0, { version: 4, keepalive: 60, recvMode: { buffered: false, lengthField: true } });
    expect(r.ok ? undefined : r.problem).toMatchObject({ code: 'error.qmtcfg', detail: expect.stringContaining('keepalive') });
  });

  it('masks the aliauth secret in what it reports', async () => {
    const e = await modem({ 'AT+QMTCFG="aliauth",0,"a1","dev","s3cr3t"': [OK] });
    const r = await configure(e, 0, { aliauth: { productKey: 'a1', deviceName: 'dev', deviceSecret: 's3cr3t' } });
    expect(r).toEqual({ ok: true, value: ['AT+QMTCFG="aliauth",0,"a1","dev","***"'] });
  });

  it('treats +QMTSTAT: idx,5 after QMTDISC as the normal end (protocol.md §2.5)', async () => {
    const e = await modem({ 'AT+QMTDISC=0': [OK, '\r\n+QMTSTAT: 0,5\r\n'] });
    expect((await disconnect(e, 0)).ok).toBe(true);
  });

  it('closes on +QMTCLOSE: idx,0', async () => {
    const e = await modem({ 'AT+QMTCLOSE=0': [OK, '\r\n+QMTCLOSE: 0,0\r\n'] });
    expect(await closeNetwork(e, 0)).toEqual({ ok: true, value: { client: 0, urc: '+QMTCLOSE: 0,0' } });
  });

  it('reads buffered messages with AT+QMTRECV (protocol.md §2.10)', async () => {
    const e = await modem({ 'AT+QMTRECV=0': ['\r\n+QMTRECV: 0,1,"a/b",5,"hello"\r\n+QMTRECV: 0,2,"c","x,y"\r\n', OK] });
    const r = await readBuffered(e, 0);
    expect(r).toEqual({ ok: true, value: [
      { client: 0, msgId: 1, topic: 'a/b', payload: 'hello', length: 5 },
      { client: 0, msgId: 2, topic: 'c', payload: 'x,y' },
    ] });
  });
});
