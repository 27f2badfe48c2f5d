// The pure interpreter, transcript style: host sends / modem answers, no PTY, no broker. Network
// results are fed in as NetEvents exactly as the MQTT edge would report them.
import { describe, expect, it } from 'vitest';
import { aliauthCredentials, aliyunPassword } from './aliauth';
import { coverage } from './coverage';
import { bootStage, execute, network, receive, type NetEvent, type NetOp, type Step } from './interpreter';
import { profiles, type ProfileName } from './profiles';
import { initialState, type ModemState } from './state';
import { qfuplChecksum, splitArgs } from './wire';

const text = (s: Step) =>
  s.emissions
    .filter((e) => e.kind === 'out')
    .map((e) => Buffer.from(e.bytes).toString('latin1'))
    .join('');
const ops = (s: Step): NetOp[] => s.emissions.flatMap((e) => (e.kind === 'net' ? [e.op] : []));

/** A modem after power-up with echo off, CMEE=1. */
function ready(profile: ProfileName = 'EC2X-2018'): ModemState {
  return { ...initialState(profiles[profile]), boot: 'ready', echo: false };
}

/** Runs command lines one after another; returns the final state and what the last one answered. */
function at(s: ModemState, ...lines: string[]): { state: ModemState; out: string; ops: NetOp[] } {
  let step: Step = { state: s, emissions: [] };
  for (const l of lines) step = execute(step.state, l);
  return { state: step.state, out: text(step), ops: ops(step) };
}

const net = (s: ModemState, e: NetEvent) => {
  const step = network(s, e);
  return { state: step.state, out: text(step), ops: ops(step), step };
};

/** A modem whose client 0 is connected (the network results fed in by hand). */
function connectedModem(profile: ProfileName = 'EC2X-2018'): ModemState {
  let s = at(ready(profile), 'AT+QMTOPEN=0,"broker.example.net",1883').state;
  s = net(s, { type: 'opened', client: 0, result: 0 }).state;
  s = at(s, 'AT+QMTCONN=0,"c0"').state;
  return net(s, { type: 'connack', client: 0, retCode: 0 }).state;
}

describe('framing and echo (protocol.md §1.2, §1.3)', () => {
  it('ATE1 echoes every received character, the <CR> included, then the response', () => {
    const s = { ...initialState(), boot: 'ready' as const };
    const step = receive(s, Buffer.from('AT\r'));
    expect(text(step)).toBe('AT\r\r\nOK\r\n');
  });

  it('ATE0 is itself echoed, later commands are not', () => {
    const s = { ...initialState(), boot: 'ready' as const };
    const a = receive(s, Buffer.from('ATE0\r\n'));
    expect(text(a)).toBe('ATE0\r\r\nOK\r\n');
    expect(text(receive(a.state, Buffer.from('AT\r\n')))).toBe('\r\nOK\r\n');
  });

  it('a command split over several reads is one command', () => {
    let s: ModemState = ready();
    let out = '';
    for (const piece of ['A', 'T+C', 'SQ', '\r']) {
      const step = receive(s, Buffer.from(piece));
      s = step.state;
      out += text(step);
    }
    expect(out).toBe('\r\n+CSQ: 21,99\r\n\r\nOK\r\n');
  });

  it.each([
    ['AT', '\r\nOK\r\n'],
    ['ATI', '\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n'],
    ['AT+GMR', '\r\nEC25EFAR06A06M4G\r\n\r\nOK\r\n'],
    ['AT+QGMR', '\r\nEC25EFAR06A06M4G_01.002.01.002\r\n\r\nOK\r\n'],
    ['AT+CGSN', '\r\n867698041234567\r\n\r\nOK\r\n'],
    ['AT+CMEE?', '\r\n+CMEE: 1\r\n\r\nOK\r\n'],
    ['AT+CREG?', '\r\n+CREG: 0,1\r\n\r\nOK\r\n'],
    ['AT+CGREG?', '\r\n+CGREG: 0,1\r\n\r\nOK\r\n'],
    ['AT+COPS?', '\r\n+COPS: 0,0,"Example Mobile",7\r\n\r\nOK\r\n'],
    ['AT+QURCCFG="urcport"', '\r\n+QURCCFG: "urcport","usbat"\r\n\r\nOK\r\n'],
    ['AT+CFUN?', '\r\n+CFUN: 1\r\n\r\nOK\r\n'],
    ['AT+QICSGP=1', '\r\n+QICSGP: 1,"","","",0\r\n\r\nOK\r\n'],
    ['AT+QIACT?', '\r\nOK\r\n'],
    ['AT+QMTOPEN?', '\r\nOK\r\n'],
    ['AT+QMTCONN?', '\r\nOK\r\n'],
    ['AT+QFLST', '\r\nOK\r\n'],
    ['AT+NOSUCH', '\r\nERROR\r\n'],
    ['AT+QMTOPEN', '\r\nERROR\r\n'],
    ['garbage before AT is ignored: xxAT', '\r\nOK\r\n'],
    ['no prefix, no answer', ''],
  ])('%s → %j', (line, answer) => {
    expect(at(ready(), line.startsWith('garbage') ? 'xxAT' : line).out).toBe(answer);
  });
});

describe('SIM and errors per AT+CMEE (protocol.md §1.2, §4.6)', () => {
  it.each([
    [0, 'ERROR'],
    [1, '+CME ERROR: 14'],
    [2, '+CME ERROR: SIM busy'],
  ] as const)('before PB DONE, CMEE=%i: AT+CPIN? → %s', (cmee, final) => {
    const s = { ...initialState(), boot: 'rdy' as const, echo: false, cmee };
    expect(at(s, 'AT+CPIN?').out).toBe(`\r\n${final}\r\n`);
  });

  it('power-up stages print their URCs and make SIM commands work after PB DONE', () => {
    let s = { ...initialState(), echo: false };
    expect(at(s, 'AT').out).toBe('');
    const outs: string[] = [];
    for (const st of ['rdy', 'cfun', 'cpin', 'qusim', 'sms-done', 'pb-done'] as const) {
      const step = bootStage(s, st);
      s = step.state;
      outs.push(text(step));
    }
    expect(outs.join('')).toBe('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n');
    expect(at(s, 'AT+CPIN?').out).toBe('\r\n+CPIN: READY\r\n\r\nOK\r\n');
  });

  it('QMT syntax errors are plain ERROR whatever CMEE says', () => {
    expect(at(ready(), 'AT+CMEE=2', 'AT+QMTOPEN=9,"h",1883').out).toBe('\r\nERROR\r\n');
  });
});

describe('AT+QMTCFG (protocol.md §2.1)', () => {
  it.each([
    ['"version",0', '+QMTCFG: "version",4'],
    ['"pdpcid",0', '+QMTCFG: "pdpcid",1'],
    ['"ssl",0', '+QMTCFG: "ssl",0,0'],
    ['"keepalive",0', '+QMTCFG: "keepalive",120'],
    ['"session",0', '+QMTCFG: "session",1'],
    ['"timeout",0', '+QMTCFG: "timeout",5,3,0'],
    ['"will",0', '+QMTCFG: "will",0'],
    ['"recv/mode",0', '+QMTCFG: "recv/mode",0,0'],
  ])('query %s → %s (defaults, no idx in the answer)', (q, line) => {
    expect(at(ready(), `AT+QMTCFG=${q}`).out).toBe(`\r\n${line}\r\n\r\nOK\r\n`);
  });

  it.each([
    ['"version",0,4', '"version",0', '+QMTCFG: "version",4'],
    ['"SSL",1,1,2', '"ssl",1', '+QMTCFG: "ssl",1,2'],
    ['"keepalive",0,60', '"keepalive",0', '+QMTCFG: "keepalive",60'],
    ['"timeout",0,10,5,1', '"timeout",0', '+QMTCFG: "timeout",10,5,1'],
    ['"will",2,1,1,0,"dev/lwt","gone"', '"will",2', '+QMTCFG: "will",1,1,0,"dev/lwt","gone"'],
    ['"recv/mode",0,1,1', '"recv/mode",0', '+QMTCFG: "recv/mode",1,1'],
    ['"aliauth",0,"pk","dn","ds"', '"aliauth",0', '+QMTCFG: "aliauth","pk","dn","ds"'],
  ])('set %s, then query shows it', (set, query, line) => {
    const r = at(ready(), `AT+QMTCFG=${set}`);
    expect(r.out).toBe('\r\nOK\r\n');
    expect(at(r.state, `AT+QMTCFG=${query}`).out).toBe(`\r\n${line}\r\n\r\nOK\r\n`);
  });

  it.each([
    '"version",0,5',
    '"version",6,4',
    '"keepalive",0,3601',
    '"timeout",0,0',
    '"timeout",0,5,0',
    '"will",0,1',
    '"will",0,1,3,0,"t","m"',
    '"recv/mode",0,2',
    '"nosuch",0',
    '"qmtping",0,10',
    'version,0,4',
    '“version”,0,4',
  ])('%s → ERROR', (args) => {
    expect(at(ready(), `AT+QMTCFG=${args}`).out).toBe('\r\nERROR\r\n');
  });

  it('later firmware has "qmtping" and takes retry_times 0', () => {
    expect(at(ready('LTE-LATER'), 'AT+QMTCFG="qmtping",0,10', 'AT+QMTCFG="qmtping",0').out).toBe('\r\n+QMTCFG: "qmtping",10\r\n\r\nOK\r\n');
    expect(at(ready('LTE-LATER'), 'AT+QMTCFG="timeout",0,5,0').out).toBe('\r\nOK\r\n');
  });

  it('writes are refused once connected', () => {
    expect(at(connectedModem(), 'AT+QMTCFG="keepalive",0,30').out).toBe('\r\nERROR\r\n');
  });

  it('the test form lists the 2018 options', () => {
    const out = at(ready(), 'AT+QMTCFG=?').out;
    expect(out).toContain('+QMTCFG: "timeout",(0-5),(1-60),(1-10),(0,1)');
    expect(out.endsWith('\r\nOK\r\n')).toBe(true);
  });
});

describe('open, connect, close — the protocol.md §6 state machine', () => {
  it('QMTOPEN answers OK and asks the network to open; the result becomes +QMTOPEN', () => {
    const r = at(ready(), 'AT+QMTOPEN=0,"broker.example.net",1883');
    expect(r.out).toBe('\r\nOK\r\n');
    expect(r.ops).toEqual([{ type: 'open', client: 0, host: 'broker.example.net', port: 1883, tls: undefined }]);
    expect(net(r.state, { type: 'opened', client: 0, result: 0 }).out).toBe('\r\n+QMTOPEN: 0,0\r\n');
    expect(net(r.state, { type: 'opened', client: 0, result: 0 }).state.clients[0]?.phase).toBe('opened');
    expect(net(r.state, { type: 'opened', client: 0, result: -1 }).state.clients[0]?.phase).toBe('closed');
  });

  it.each([
    'AT+QMTOPEN=6,"h",1883',
    'AT+QMTOPEN=0,"h",0',
    'AT+QMTOPEN=0,"h",65536',
    'AT+QMTOPEN=0,h,1883',
    'AT+QMTOPEN=0,“h”,1883',
    'AT+QMTOPEN=0,"h"',
  ])('%s → ERROR', (line) => {
    expect(at(ready(), line).out).toBe('\r\nERROR\r\n');
  });

  it('a quoted port is accepted (protocol.md quirk 9)', () => {
    expect(at(ready(), 'AT+QMTOPEN=0,"h","1883"').out).toBe('\r\nOK\r\n');
  });

  it('a host name over 100 bytes: OK then +QMTOPEN: i,1', () => {
    expect(at(ready(), `AT+QMTOPEN=0,"${'h'.repeat(101)}",1883`).out).toBe('\r\nOK\r\n\r\n+QMTOPEN: 0,1\r\n');
  });

  it('opening an index that is already open: OK then +QMTOPEN: i,2', () => {
    const s = at(ready(), 'AT+QMTOPEN=0,"h",1883').state;
    expect(at(s, 'AT+QMTOPEN=0,"h",1883').out).toBe('\r\nOK\r\n\r\n+QMTOPEN: 0,2\r\n');
  });

  it('QMTOPEN activates the PDP context itself; when it cannot: +QMTOPEN: i,3', () => {
    const s = { ...ready(), faults: { ...ready().faults, pdpFails: true } };
    expect(at(s, 'AT+QMTOPEN=0,"h",1883').out).toBe('\r\nOK\r\n\r\n+QMTOPEN: 0,3\r\n');
    expect(at(ready(), 'AT+QMTOPEN=0,"h",1883', 'AT+QIACT?').out).toBe('\r\n+QIACT: 1,1,1,"10.64.3.17"\r\n\r\nOK\r\n');
  });

  it.each(['closed', 'opening'])('QMTCONN while %s → ERROR', (phase) => {
    const s = phase === 'closed' ? ready() : at(ready(), 'AT+QMTOPEN=0,"h",1883').state;
    expect(at(s, 'AT+QMTCONN=0,"c"').out).toBe('\r\nERROR\r\n');
  });

  it('QMTCONN carries QMTCFG settings into CONNECT', () => {
    let s = at(ready(), 'AT+QMTCFG="version",0,3', 'AT+QMTCFG="keepalive",0,30', 'AT+QMTCFG="session",0,0', 'AT+QMTCFG="will",0,1,1,1,"lwt","bye"').state;
    s = at(s, 'AT+QMTOPEN=0,"h",1883').state;
    s = net(s, { type: 'opened', client: 0, result: 0 }).state;
    const r = at(s, 'AT+QMTCONN=0,"id-1","user","pw"');
    expect(r.out).toBe('\r\nOK\r\n');
    expect(r.ops[0]).toMatchObject({
      type: 'connect',
      options: { clientId: 'id-1', username: 'user', password: 'pw', version: 3, clean: false, keepalive: 30, pktTimeoutS: 5, retries: 3, will: { topic: 'lwt', qos: 1, retain: true } },
    });
    expect(at(r.state, 'AT+QMTCONN?').out).toBe('\r\n+QMTCONN: 0,2\r\n\r\nOK\r\n');
  });

  it('with aliauth the module derives the Aliyun credentials (hmacsha1, no timestamp, securemode 3 on TCP)', () => {
    let s = at(ready(), 'AT+QMTCFG="aliauth",0,"pk","device","secret"', 'AT+QMTOPEN=0,"h",1883').state;
    s = net(s, { type: 'opened', client: 0, result: 0 }).state;
    const r = at(s, 'AT+QMTCONN=0,"12345"');
    expect(r.ops[0]).toMatchObject({
      options: {
        clientId: '12345|securemode=3,signmethod=hmacsha1|',
        username: 'device&pk',
        password: aliyunPassword({ productKey: 'pk', deviceName: 'device', deviceSecret: 'secret', clientId: '12345', method: 'hmacsha1' }),
      },
    });
  });

  it('CONNACK refused: +QMTCONN: i,0,n then +QMTSTAT: i,1 about 100 ms later, index closed', () => {
    let s = at(ready(), 'AT+QMTOPEN=0,"h",1883').state;
    s = net(s, { type: 'opened', client: 0, result: 0 }).state;
    s = at(s, 'AT+QMTCONN=0,"c"').state;
    const r = net(s, { type: 'connack', client: 0, retCode: 4 });
    expect(r.out).toBe('\r\n+QMTCONN: 0,0,4\r\n\r\n+QMTSTAT: 0,1\r\n');
    const stat = r.step.emissions.find((e) => e.kind === 'out' && Buffer.from(e.bytes).toString().includes('QMTSTAT'));
    expect(stat?.delayMs).toBe(100);
    expect(r.state.clients[0]?.phase).toBe('closed');
    expect(r.ops).toContainEqual({ type: 'close', client: 0 });
  });

  it('QMTCONN? reports state 3 once connected; QMTOPEN? lists the host', () => {
    const s = connectedModem();
    expect(at(s, 'AT+QMTCONN?').out).toBe('\r\n+QMTCONN: 0,3\r\n\r\nOK\r\n');
    expect(at(s, 'AT+QMTOPEN?').out).toBe('\r\n+QMTOPEN: 0,"broker.example.net",1883\r\n\r\nOK\r\n');
  });

  it('QMTDISC: OK, then +QMTDISC: i,0 and closed; +QMTSTAT: i,5 follows only where the profile says', () => {
    const r = at(connectedModem(), 'AT+QMTDISC=0');
    expect(r.out).toBe('\r\nOK\r\n');
    expect(r.ops).toEqual([{ type: 'disconnect', client: 0 }]);
    const d = net(r.state, { type: 'disconnected', client: 0 });
    expect(d.out).toBe('\r\n+QMTDISC: 0,0\r\n');
    expect(d.state.clients[0]?.phase).toBe('closed');
    const p = { ...connectedModem(), profile: { ...profiles['EC2X-2018'], discFollowUpStat5: true } };
    expect(net(at(p, 'AT+QMTDISC=0').state, { type: 'disconnected', client: 0 }).out).toBe('\r\n+QMTDISC: 0,0\r\n\r\n+QMTSTAT: 0,5\r\n');
  });

  it('QMTCLOSE / QMTDISC on an index that is not open: ERROR, or result -1 per profile', () => {
    expect(at(ready(), 'AT+QMTCLOSE=0').out).toBe('\r\nERROR\r\n');
    expect(at(ready(), 'AT+QMTDISC=0').out).toBe('\r\nERROR\r\n');
    const p = { ...ready(), profile: { ...profiles['EC2X-2018'], closeWhenNotOpen: 'result-minus-1' as const, discWhenNotConnected: 'result-minus-1' as const } };
    expect(at(p, 'AT+QMTCLOSE=0').out).toBe('\r\nOK\r\n\r\n+QMTCLOSE: 0,-1\r\n');
    expect(at(p, 'AT+QMTDISC=0').out).toBe('\r\nOK\r\n\r\n+QMTDISC: 0,-1\r\n');
  });

  it('QMTCLOSE of a connected index: OK, +QMTCLOSE: i,0, no DISCONNECT', () => {
    const r = at(connectedModem(), 'AT+QMTCLOSE=0');
    expect(r.out).toBe('\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n');
    expect(r.ops).toEqual([{ type: 'close', client: 0 }]);
  });

  it('a link lost while connected: +QMTSTAT with the code; a second report is ignored', () => {
    const r = net(connectedModem(), { type: 'link-lost', client: 0, code: 1 });
    expect(r.out).toBe('\r\n+QMTSTAT: 0,1\r\n');
    expect(net(r.state, { type: 'link-lost', client: 0, code: 1 }).out).toBe('');
  });

  it('QIDEACT closes the clients on that context', () => {
    expect(at(connectedModem(), 'AT+QIDEACT=1').out).toBe('\r\nOK\r\n\r\n+QMTSTAT: 0,7\r\n');
  });
});

describe('subscribe and publish (protocol.md §2.6-2.9)', () => {
  it('QMTSUB needs a connected client, then reports one granted QoS per topic', () => {
    expect(at(ready(), 'AT+QMTSUB=0,1,"a/#",1').out).toBe('\r\nERROR\r\n');
    const r = at(connectedModem(), 'AT+QMTSUB=0,1,"a/#",1,"b",2');
    expect(r.ops).toEqual([{ type: 'subscribe', client: 0, msgId: 1, topics: [{ topic: 'a/#', qos: 1 }, { topic: 'b', qos: 2 }] }]);
    expect(net(r.state, { type: 'suback', client: 0, msgId: 1, result: 0, values: [1, 128] }).out).toBe('\r\n+QMTSUB: 0,1,0,1,128\r\n');
  });

  it.each(['AT+QMTSUB=0,0,"a",1', 'AT+QMTSUB=0,1,"a",3', 'AT+QMTSUB=0,1,"a"', `AT+QMTSUB=0,1${',"t",0'.repeat(6)}`])('%s → ERROR', (l) => {
    expect(at(connectedModem(), l).out).toBe('\r\nERROR\r\n');
  });

  it('QMTUNS: OK then +QMTUNS', () => {
    const r = at(connectedModem(), 'AT+QMTUNS=0,2,"a/#"');
    expect(r.out).toBe('\r\nOK\r\n');
    expect(net(r.state, { type: 'unsuback', client: 0, msgId: 2, result: 0 }).out).toBe('\r\n+QMTUNS: 0,2,0\r\n');
  });

  it('prompt + ^Z: "> " without line end, payload up to ^Z, OK, then the PUBLISH', () => {
    const r = at(connectedModem(), 'AT+QMTPUB=0,0,0,0,"site7/telemetry"');
    expect(r.out).toBe('\r\n> ');
    const p = receive(r.state, Buffer.from('{"t":21.5}\x1a'));
    expect(text(p)).toBe('\r\nOK\r\n');
    expect(ops(p)).toEqual([{ type: 'publish', client: 0, msgId: 0, qos: 0, retain: false, topic: 'site7/telemetry', payload: new Uint8Array(Buffer.from('{"t":21.5}')), resultPrefix: '+QMTPUB' }]);
  });

  it('ESC abandons the publish with OK and sends nothing', () => {
    const r = at(connectedModem(), 'AT+QMTPUB=0,0,0,0,"t"');
    const p = receive(r.state, Buffer.from('abc\x1b'));
    expect(text(p)).toBe('\r\nOK\r\n');
    expect(ops(p)).toEqual([]);
    expect(p.state.input.kind).toBe('command');
  });

  it('fixed length: exactly <length> bytes, <CR><LF> counts as payload, the rest is command input', () => {
    const r = at(connectedModem(), 'AT+QMTPUBEX=0,7,1,0,"m/up",4');
    expect(r.out).toBe('\r\n> ');
    const p = receive(r.state, Buffer.from('ab\r\nAT\r'));
    expect(text(p)).toBe('\r\nOK\r\n\r\nOK\r\n');
    expect(ops(p)[0]).toMatchObject({ type: 'publish', msgId: 7, qos: 1, payload: new Uint8Array(Buffer.from('ab\r\n')), resultPrefix: '+QMTPUBEX' });
  });

  it('URCs that arrive during the prompt are held until the publish completes', () => {
    const r = at(connectedModem(), 'AT+QMTPUB=0,0,0,0,"t"');
    const held = net(r.state, { type: 'message', client: 0, msgId: 0, topic: 'x', payload: Buffer.from('y') });
    expect(held.out).toBe('');
    expect(text(receive(held.state, Buffer.from('p\x1a')))).toBe('\r\nOK\r\n\r\n+QMTRECV: 0,0,"x","y"\r\n');
  });

  it.each([
    ['EC2X-2018', 'AT+QMTPUB=0,1,1,0,"t",5', '\r\nERROR\r\n'],
    ['LTE-LATER', 'AT+QMTPUB=0,1,1,0,"t",5', '\r\n> '],
    ['EC2X-2018', 'AT+QMTPUB=0,1,1,0,"t","inline"', '\r\nERROR\r\n'],
    ['BG9X', 'AT+QMTPUB=0,1,1,0,"t","inline"', '\r\nOK\r\n'],
    ['EC2X-2018', 'AT+QMTPUBEX=0,1,1,0,"t"', '\r\n> '],
    ['BG9X', 'AT+QMTPUBEX=0,1,1,0,"t"', '\r\nERROR\r\n'],
    ['EC2X-2018', 'AT+QMTPUBEX=0,1,1,0,"t","inline"', '\r\nERROR\r\n'],
    ['BG9X', 'AT+QMTPUBEX=0,1,1,0,"t","inline"', '\r\nOK\r\n'],
    ['EC2X-2018', 'AT+QMTPUB=0,0,1,0,"t"', '\r\nERROR\r\n'],
    ['EC2X-2018', 'AT+QMTPUBEX=0,1,1,0,"t",0', '\r\nERROR\r\n'],
  ] as const)('%s: %s → %j', (profile, line, answer) => {
    expect(at(connectedModem(profile), line).out).toBe(answer);
  });

  it('the result URC prefix follows the command, or +QMTPUB on BG9X for QMTPUBEX', () => {
    const ec = at(connectedModem(), 'AT+QMTPUBEX=0,3,1,0,"t",1');
    const done = receive(ec.state, Buffer.from('x'));
    expect(net(done.state, { type: 'puback', client: 0, msgId: 3, result: 0, resultPrefix: '+QMTPUBEX' }).out).toBe('\r\n+QMTPUBEX: 0,3,0\r\n');
    const bg = at(connectedModem('BG9X'), 'AT+QMTPUBEX=0,3,1,0,"t","x"');
    expect(bg.ops[0]).toMatchObject({ resultPrefix: '+QMTPUB' });
  });
});

describe('receiving (protocol.md §2.10, §3.2)', () => {
  const msg = (payload: string, msgId = 5): NetEvent => ({ type: 'message', client: 0, msgId, topic: 'site7/cmd/led', payload: Buffer.from(payload) });

  it('recv/mode 0,0 and 0,1: payload raw between quotes, with the length when asked', () => {
    expect(net(connectedModem(), msg('on')).out).toBe('\r\n+QMTRECV: 0,5,"site7/cmd/led","on"\r\n');
    // Still delivered while DISCONNECT is on its way.
    const whileDisconnecting = net(at(connectedModem(), 'AT+QMTDISC=0').state, msg('x')).out;
    expect(whileDisconnecting).toBe('\r\n+QMTRECV: 0,5,"site7/cmd/led","x"\r\n');
    let s = at(ready(), 'AT+QMTCFG="recv/mode",0,0,1').state;
    s = { ...s, clients: s.clients.map((c, i) => (i === 0 ? { ...c, phase: 'connected' as const } : c)) };
    expect(net(s, msg('a,"b"\r\nc')).out).toBe('\r\n+QMTRECV: 0,5,"site7/cmd/led",8,"a,"b"\r\nc"\r\n');
  });

  it('recv/mode 1: a notice per slot, AT+QMTRECV? shows the slots, reading frees them, a 6th message is dropped', () => {
    let s = at(ready(), 'AT+QMTCFG="recv/mode",0,1,1').state;
    s = { ...s, clients: s.clients.map((c, i) => (i === 0 ? { ...c, phase: 'connected' as const } : c)) };
    const notices: string[] = [];
    for (let n = 0; n < 6; n++) {
      const r = net(s, msg(`m${n}`, n + 1));
      s = r.state;
      notices.push(r.out);
    }
    expect(notices).toEqual(['\r\n+QMTRECV: 0,0\r\n', '\r\n+QMTRECV: 0,1\r\n', '\r\n+QMTRECV: 0,2\r\n', '\r\n+QMTRECV: 0,3\r\n', '\r\n+QMTRECV: 0,4\r\n', '']);
    expect(at(s, 'AT+QMTRECV?').out).toBe('\r\n+QMTRECV: 0,1,1,1,1,1\r\n\r\nOK\r\n');
    const one = at(s, 'AT+QMTRECV=0,1');
    expect(one.out).toBe('\r\n+QMTRECV: 0,2,"site7/cmd/led",2,"m1"\r\n\r\nOK\r\n');
    expect(at(one.state, 'AT+QMTRECV=0,1').out).toBe('\r\nOK\r\n');
    expect(at(one.state, 'AT+QMTRECV=0').out).toBe(
      '\r\n+QMTRECV: 0,1,"site7/cmd/led",2,"m0"\r\n+QMTRECV: 0,3,"site7/cmd/led",2,"m2"\r\n+QMTRECV: 0,4,"site7/cmd/led",2,"m3"\r\n+QMTRECV: 0,5,"site7/cmd/led",2,"m4"\r\n\r\nOK\r\n',
    );
  });
});

describe('PDP, SSL and files (protocol.md §4.3-4.5)', () => {
  it('QICSGP set then query', () => {
    expect(at(ready(), 'AT+QICSGP=1,1,"internet.example","u","p",1', 'AT+QICSGP=1').out).toBe('\r\n+QICSGP: 1,"internet.example","u","p",1\r\n\r\nOK\r\n');
  });

  it.each([
    ['AT+QSSLCFG="ciphersuite",2,0XFFFF', '\r\nOK\r\n'],
    ['AT+QSSLCFG="ciphersuite",2,"0XFFFF"', '\r\nERROR\r\n'],
    ['AT+QSSLCFG="seclevel",2,3', '\r\nERROR\r\n'],
    ['AT+QSSLCFG="ignorelocaltime",1', '\r\n+QSSLCFG: "ignorelocaltime",1,1\r\n\r\nOK\r\n'],
    ['AT+QSSLCFG="cacert",2', '\r\n+QSSLCFG: "cacert",2,""\r\n\r\nOK\r\n'],
    ['AT+QSSLCFG="sni",2,1', '\r\nERROR\r\n'],
  ])('%s → %j', (line, answer) => {
    expect(at(ready(), line).out).toBe(answer);
  });

  it('QFUPL: CONNECT, raw bytes, +QFUPL: size,checksum; an existing file is +CME ERROR: 407; QFDEL of a missing one 405', () => {
    const r = at(ready(), 'AT+QFUPL="ca.pem",3,100');
    expect(r.out).toBe('\r\nCONNECT\r\n');
    const up = receive(r.state, Uint8Array.from([0x12, 0x34, 0x56]));
    expect(text(up)).toBe('\r\n+QFUPL: 3,4434\r\n\r\nOK\r\n');
    expect(at(up.state, 'AT+QFLST').out).toBe('\r\n+QFLST: "ca.pem",3\r\n\r\nOK\r\n');
    expect(at(up.state, 'AT+QFUPL="UFS:ca.pem",3').out).toBe('\r\n+CME ERROR: 407\r\n');
    expect(at(up.state, 'AT+QFDEL="ca.pem"', 'AT+QFDEL="ca.pem"').out).toBe('\r\n+CME ERROR: 405\r\n');
  });

  it('the QFUPL checksum is a 16-bit XOR of big-endian pairs in lower-case hex without leading zeros', () => {
    expect(qfuplChecksum(Uint8Array.from([0x00, 0x0a]))).toBe('a');
    expect(qfuplChecksum(Uint8Array.from([0xab, 0xcd, 0xab, 0xcd]))).toBe('0');
    expect(qfuplChecksum(Uint8Array.from([0xff]))).toBe('ff00');
  });

  it('a TLS open carries the uploaded CA and the context options to the network side', () => {
    let s = at(ready(), 'AT+QFUPL="ca.pem",2').state;
    s = receive(s, Buffer.from('CA')).state;
    s = at(s, 'AT+QSSLCFG="cacert",2,"UFS:ca.pem"', 'AT+QSSLCFG="seclevel",2,1', 'AT+QMTCFG="ssl",0,1,2').state;
    expect(at(s, 'AT+QMTOPEN=0,"h",8883').ops[0]).toMatchObject({ type: 'open', tls: { seclevel: 1, ca: new Uint8Array(Buffer.from('CA')), sni: false } });
  });
});

describe('argument splitting and coverage', () => {
  it.each([
    ['0,"a,b",3', [{ text: '0', quoted: false }, { text: 'a,b', quoted: true }, { text: '3', quoted: false }]],
    ['"x"', [{ text: 'x', quoted: true }]],
    ['', [{ text: '', quoted: false }]],
    ['0,"unclosed', undefined],
    ['0,a"b"', undefined],
  ] as const)('splitArgs(%j)', (input, want) => {
    expect(splitArgs(input)).toEqual(want);
  });

  it('lists every MQTT command with its forms', () => {
    const rows = coverage();
    expect(rows.find((r) => r.command === 'AT+QMTOPEN')?.forms).toEqual(['test', 'read', 'write']);
    for (const c of ['QMTCFG', 'QMTOPEN', 'QMTCLOSE', 'QMTCONN', 'QMTDISC', 'QMTSUB', 'QMTUNS', 'QMTPUB', 'QMTPUBEX', 'QMTRECV']) {
      expect(rows.map((r) => r.command)).toContain(`AT+${c}`);
    }
  });
});

describe('Aliyun signing (aliyun.md §6)', () => {
  it('matches the vendor vector V1 (hmacsha1, with timestamp), case-insensitively', () => {
    expect(aliyunPassword({ productKey: 'pk', deviceName: 'device', deviceSecret: 'secret', clientId: '12345', timestamp: '789', method: 'hmacsha1' }).toUpperCase()).toBe(
      'FAFD82A3D602B37FB0FA8B7892F24A477F851A14',
    );
  });

  it('uses securemode 2 with TLS', () => {
    expect(aliauthCredentials({ productKey: 'pk', deviceName: 'dn', deviceSecret: 'ds' }, 'id', true).clientId).toBe('id|securemode=2,signmethod=hmacsha1|');
  });
});

describe('switches for the Uncertain points', () => {
  const withProfile = (patch: Partial<(typeof profiles)['EC2X-2018']>, s: ModemState = ready()): ModemState => ({ ...s, profile: { ...s.profile, ...patch } });
  const msg = (n: number): NetEvent => ({ type: 'message', client: 0, msgId: n, topic: 't', payload: Buffer.from(`m${n}`) });
  const bufferedModem = (patch: Partial<(typeof profiles)['EC2X-2018']>) => {
    const s = at(withProfile(patch), 'AT+QMTCFG="recv/mode",0,1,0').state;
    return { ...s, clients: s.clients.map((c, i) => (i === 0 ? { ...c, phase: 'connected' as const } : c)) };
  };

  it('URCs during the prompt pass straight through when not held', () => {
    const r = at(withProfile({ holdUrcsDuringPrompt: false }, connectedModem()), 'AT+QMTPUB=0,0,0,0,"t"');
    expect(net(r.state, msg(0)).out).toBe('\r\n+QMTRECV: 0,0,"t","m0"\r\n');
  });

  it('a CONNACK refusal can leave the index opened', () => {
    let s = at(withProfile({ afterConnackRefusal: 'stay-opened' }), 'AT+QMTOPEN=0,"h",1883').state;
    s = net(s, { type: 'opened', client: 0, result: 0 }).state;
    s = at(s, 'AT+QMTCONN=0,"c"').state;
    const r = net(s, { type: 'connack', client: 0, retCode: 5 });
    expect(r.out).toBe('\r\n+QMTCONN: 0,0,5\r\n');
    expect(at(r.state, 'AT+QMTCONN?').out).toBe('\r\n+QMTCONN: 0,1\r\n\r\nOK\r\n');
  });

  it('QIACT on an active context can be ERROR', () => {
    expect(at(withProfile({ qiactWhenActive: 'error' }), 'AT+QIACT=1', 'AT+QIACT=1').out).toBe('\r\nERROR\r\n');
  });

  it('a full receive buffer can overwrite the oldest message', () => {
    let s = bufferedModem({ recvFullPolicy: 'drop-oldest' });
    const notices: string[] = [];
    for (let n = 1; n <= 6; n++) {
      const r = net(s, msg(n));
      s = r.state;
      notices.push(r.out);
    }
    expect(notices[5]).toBe('\r\n+QMTRECV: 0,0\r\n');
    expect(at(s, 'AT+QMTRECV=0,0').out).toBe('\r\n+QMTRECV: 0,6,"t","m6"\r\n\r\nOK\r\n');
  });

  it('slots can be numbered in reverse', () => {
    const r = net(bufferedModem({ recvSlotOrder: 'descending' }), msg(1));
    expect(r.out).toBe('\r\n+QMTRECV: 0,4\r\n');
    expect(at(r.state, 'AT+QMTRECV?').out).toBe('\r\n+QMTRECV: 0,0,0,0,0,1\r\n\r\nOK\r\n');
    expect(at(r.state, 'AT+QMTRECV=0,4').out).toBe('\r\n+QMTRECV: 0,1,"t","m1"\r\n\r\nOK\r\n');
  });

  it('older firmware prints topic and payload without quotes', () => {
    expect(net(withProfile({ recvQuoted: false }, connectedModem()), msg(0)).out).toBe('\r\n+QMTRECV: 0,0,t,m0\r\n');
  });

  it('a client ID over the limit is refused', () => {
    let s = at(withProfile({ maxClientIdLength: 23 }), 'AT+QMTOPEN=0,"h",1883').state;
    s = net(s, { type: 'opened', client: 0, result: 0 }).state;
    expect(at(s, `AT+QMTCONN=0,"${'x'.repeat(24)}"`).out).toBe('\r\nERROR\r\n');
    expect(at(s, `AT+QMTCONN=0,"${'x'.repeat(23)}"`).out).toBe('\r\nOK\r\n');
  });

  it('the +QMTOPEN result can come before OK', () => {
    const r = at(withProfile({ openResultBeforeOk: true }), 'AT+QMTOPEN=0,"h",1883');
    expect(r.out).toBe('');
    expect(net(r.state, { type: 'opened', client: 0, result: 0 }).out).toBe('\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n');
  });
});

describe('large input', () => {
  it('a 256 KiB upload in 1 KiB reads arrives whole with the right checksum', () => {
    const data = Uint8Array.from({ length: 262_144 }, (_, i) => (i * 7919) & 0xff);
    let s = at(ready(), `AT+QFUPL="big.bin",${data.length},60`).state;
    let out = '';
    for (let at0 = 0; at0 < data.length; at0 += 1024) {
      const step = receive(s, data.subarray(at0, at0 + 1024));
      s = step.state;
      out += text(step);
    }
    let x = 0;
    for (let i = 0; i < data.length; i += 2) x ^= ((data[i] ?? 0) << 8) | (data[i + 1] ?? 0);
    expect(out).toBe(`\r\n+QFUPL: ${data.length},${x.toString(16)}\r\n\r\nOK\r\n`);
    expect(s.files['big.bin']?.length).toBe(data.length);
  });
});

describe('payload echo', () => {
  it('with echo on, payload after the prompt is echoed, ^Z is not', () => {
    const s = { ...connectedModem(), echo: true };
    const r = receive(s, Buffer.from('AT+QMTPUB=0,0,0,0,"t"\r'));
    expect(text(r)).toBe('AT+QMTPUB=0,0,0,0,"t"\r\r\n> ');
    expect(text(receive(r.state, Buffer.from('hi\x1a')))).toBe('hi\r\nOK\r\n');
  });
});

describe('radio detail (protocol.md §4.2.1)', () => {
  it('answers AT+QCSQ and AT+QENG="servingcell" on LTE, CONNECT while a client is up', () => {
    expect(at(ready(), 'AT+QCSQ').out).toBe('\r\n+QCSQ: "LTE",-71,-95,160,-10\r\n\r\nOK\r\n');
    expect(at(ready(), 'AT+QENG="servingcell"').out).toBe('\r\n+QENG: "servingcell","NOCONN","LTE","FDD",460,00,1A2D001,257,1300,3,5,5,1A2B,-95,-10,-71,160,38\r\n\r\nOK\r\n');
    expect(at(connectedModem(), 'AT+QENG="servingcell"').out).toContain('"servingcell","CONNECT","LTE"');
  });

  it('moves with the faults: no network → NOSERVICE and SEARCH; no SIM → limited service', () => {
    const lost = { ...ready(), faults: { ...ready().faults, noNetwork: true } };
    expect(at(lost, 'AT+QCSQ').out).toBe('\r\n+QCSQ: "NOSERVICE"\r\n\r\nOK\r\n');
    expect(at(lost, 'AT+QENG="servingcell"').out).toBe('\r\n+QENG: "servingcell","SEARCH"\r\n\r\nOK\r\n');
    const noSim: ModemState = { ...ready(), sim: 'absent' };
    expect(at(noSim, 'AT+QENG="servingcell"').out).toContain('"servingcell","LIMSRV","LTE"');
    expect(at(ready(), 'AT+QENG="neighbourcell"').out).toBe('\r\nERROR\r\n');
  });
});
