import { describe, expect, it } from 'vitest';
import {
  buildQmtCfg, buildQmtTest, buildQmtConn, buildQmtOpen, buildQmtPublish, buildQmtRecv, buildQmtSub, buildQmtUns, parseQmtCfgQuery, parseQmtCfgTest,
  parseQmtCloseUrc, parseQmtConnRead, parseQmtConnUrc, parseQmtDiscUrc, parseQmtOpenRead, parseQmtOpenUrc, parseQmtPubUrc, parseQmtRecvMessage,
  parseQmtRecvRead, parseQmtSubUrc, parseQmtUnsUrc, parseTestLine, qmtCfg, recvPayloadLength, redactCommand,
} from './commands';

const value = <T>(o: { ok: true; value: T } | { ok: false }): T => {
  if (!o.ok) throw new Error(`expected ok: ${JSON.stringify(o)}`);
  return o.value;
};
const bytes = (s: string) => new TextEncoder().encode(s);

describe('QMTCFG', () => {
  it('builds the write forms of the transcripts (protocol.md §5.1, §5.2)', () => {
    expect(qmtCfg.version(0, 4).text).toBe('AT+QMTCFG="version",0,4');
    expect(qmtCfg.keepalive(0, 60).text).toBe('AT+QMTCFG="keepalive",0,60');
    expect(qmtCfg.recvMode(0, false, true).text).toBe('AT+QMTCFG="recv/mode",0,0,1');
    expect(qmtCfg.ssl(0, true, 2).text).toBe('AT+QMTCFG="ssl",0,1,2');
    expect(qmtCfg.ssl(1, false).text).toBe('AT+QMTCFG="ssl",1,0');
    expect(qmtCfg.timeout(0, 5, 3).text).toBe('AT+QMTCFG="timeout",0,5,3,0');
    expect(qmtCfg.session(0, true).text).toBe('AT+QMTCFG="session",0,1');
    expect(qmtCfg.pdpcid(0, 1).text).toBe('AT+QMTCFG="pdpcid",0,1');
    expect(qmtCfg.will(0, { qos: 1, retain: false, topic: 'dev/lwt', message: 'gone' }).text).toBe('AT+QMTCFG="will",0,1,1,0,"dev/lwt","gone"');
    expect(qmtCfg.will(0, undefined).text).toBe('AT+QMTCFG="will",0,0');
    expect(qmtCfg.aliauth(0, { productKey: 'a1', deviceName: 'd', deviceSecret: 's' }).text).toBe('AT+QMTCFG="aliauth",0,"a1","d","s"');
    expect(buildQmtCfg('qmtping', 0, [10]).text).toBe('AT+QMTCFG="qmtping",0,10');
    expect(buildQmtCfg('edit/timeout', 0, [1, 30]).text).toBe('AT+QMTCFG="edit/timeout",0,1,30');
  });
  it('stops after the idx for a query and expects the +QMTCFG line', () => {
    const r = qmtCfg.query('keepalive', 3);
    expect(r.text).toBe('AT+QMTCFG="keepalive",3');
    expect(r.expect).toEqual({ kind: 'single', prefix: '+QMTCFG:' });
  });
  it('throws TypeError naming the field for out-of-range values', () => {
    expect(() => qmtCfg.version(6, 4)).toThrow(/"client"/);
    expect(() => qmtCfg.keepalive(0, 3601)).toThrow(/"seconds"/);
    expect(() => buildQmtCfg('version', 0, [4, 1])).toThrow(/at most 1/);
    expect(() => qmtCfg.will(0, { qos: 0, retain: false, topic: 'a"b', message: '' })).toThrow(/will.topic/);
  });
  it('reads query answers that come without the idx (protocol.md §2.1)', () => {
    expect(value(parseQmtCfgQuery('+QMTCFG: "keepalive",120'))).toEqual({ option: 'keepalive', values: { seconds: 120 } });
    expect(value(parseQmtCfgQuery('+QMTCFG: "timeout",5,3,0'))).toEqual({ option: 'timeout', values: { pktTimeout: 5, retryTimes: 3, timeoutNotice: 0 } });
    expect(value(parseQmtCfgQuery('+QMTCFG: "ssl",1,2'))).toEqual({ option: 'ssl', values: { enable: 1, ctx: 2 } });
    expect(value(parseQmtCfgQuery('+QMTCFG: "SSL",0'))).toEqual({ option: 'ssl', values: { enable: 0 } });
    expect(value(parseQmtCfgQuery('+QMTCFG: "will",1,1,0,"dev/lwt","bye"')).values).toEqual({ flag: 1, qos: 1, retain: 0, topic: 'dev/lwt', message: 'bye' });
    expect(value(parseQmtCfgQuery('+QMTCFG: "aliauth","a1","dev","sec"')).values).toEqual({ productKey: 'a1', deviceName: 'dev', deviceSecret: 'sec' });
    expect(value(parseQmtCfgQuery('+QMTCFG: "recv/mode",0,1')).values).toEqual({ mode: 0, lengthEnable: 1 });
    expect(parseQmtCfgQuery('+QMTOPEN: 0,0').ok).toBe(false);
  });
  it('reads the test form into option → ranges (protocol.md §2.1)', () => {
    const lines = [
      '+QMTCFG: "version",(0-5),(3,4)', '+QMTCFG: "pdpcid",(0-5),(1-16)', '+QMTCFG: "ssl",(0-5),(0,1),(0-5)', '+QMTCFG: "keepalive",(0-5),(0-3600)',
      '+QMTCFG: "session",(0-5),(0,1)', '+QMTCFG: "timeout",(0-5),(1-60),(1-10),(0,1)', '+QMTCFG: "will",(0-5),(0,1),(0-2),(0,1),"will_topic","will_message"',
      '+QMTCFG: "recv/mode",(0-5),(0,1),(0,1)', '+QMTCFG: "aliauth",(0-5),"product_key","device_name","device_secret"', '', 'OK',
    ];
    const t = value(parseQmtCfgTest(lines));
    expect(Object.keys(t)).toEqual(['version', 'pdpcid', 'ssl', 'keepalive', 'session', 'timeout', 'will', 'recv/mode', 'aliauth']);
    expect(t.version).toEqual([{ kind: 'range', values: [{ from: 3, to: 3 }, { from: 4, to: 4 }] }]);
    expect(t.timeout?.[1]).toEqual({ kind: 'range', values: [{ from: 1, to: 10 }] });
    expect(t.will?.[3]).toEqual({ kind: 'name', name: 'will_topic' });
  });
  it('reads other test forms', () => {
    expect(value(parseTestLine('+QMTOPEN: (0-5),"<host_name>",(1-65535)', 'QMTOPEN'))).toEqual([
      { kind: 'range', values: [{ from: 0, to: 5 }] }, { kind: 'name', name: '<host_name>' }, { kind: 'range', values: [{ from: 1, to: 65535 }] },
    ]);
    expect(value(parseTestLine('+QMTRECV: (0-5),(0-4)', 'QMTRECV'))).toHaveLength(2);
  });
});

describe('QMTOPEN / QMTCLOSE / QMTDISC', () => {
  it('builds the open of protocol.md §5.1', () => {
    expect(buildQmtOpen({ client: 0, host: 'broker.example.net', port: 1883 })).toEqual({ text: 'AT+QMTOPEN=0,"broker.example.net",1883', expect: { kind: 'none' } });
    expect(() => buildQmtOpen({ client: 0, host: 'x'.repeat(101), port: 1883 })).toThrow(/"host"/);
    expect(() => buildQmtOpen({ client: 0, host: 'h', port: 0 })).toThrow(/"port"/);
  });
  it.each([
    ['+QMTOPEN: 0,0', 0, 0, true], ['+QMTOPEN: 0,-1', 0, -1, false], ['+QMTOPEN: 5,3', 5, 3, false], ['+QMTOPEN: 1, 2', 1, 2, false],
  ])('parses %j', (line, client, result, success) => {
    expect(value(parseQmtOpenUrc(line))).toEqual({ client, result, success });
  });
  it('rejects malformed result URCs', () => {
    for (const l of ['+QMTOPEN: 0', '+QMTOPEN: 0,"h",1883', '+QMTCONN: 0,0', 'garbage']) expect(parseQmtOpenUrc(l).ok, l).toBe(false);
  });
  it('parses the read form and the empty read (protocol.md quirk 12)', () => {
    expect(value(parseQmtOpenRead(['+QMTOPEN: 0,"broker.example.net",1883', '+QMTOPEN: 2,"10.0.0.1","8883"', 'OK']))).toEqual([
      { client: 0, host: 'broker.example.net', port: 1883 }, { client: 2, host: '10.0.0.1', port: 8883 },
    ]);
    expect(value(parseQmtOpenRead(['OK']))).toEqual([]);
  });
  it('parses close and disc results', () => {
    expect(value(parseQmtCloseUrc('+QMTCLOSE: 0,0'))).toEqual({ client: 0, result: 0, success: true });
    expect(value(parseQmtCloseUrc('+QMTCLOSE: 0,-1')).success).toBe(false);
    expect(value(parseQmtDiscUrc('+QMTDISC: 3,0'))).toEqual({ client: 3, result: 0, success: true });
    expect(value(parseQmtDiscUrc('+QMTDISC: 3,-1')).success).toBe(false);
  });
});

describe('QMTCONN', () => {
  it('builds with and without credentials (protocol.md §5.1, §5.2)', () => {
    expect(buildQmtConn({ client: 0, clientId: 'wb-demo-0001', username: 'fielduser', password: 'Secr3t' }).text).toBe('AT+QMTCONN=0,"wb-demo-0001","fielduser","Secr3t"');
    expect(buildQmtConn({ client: 0, clientId: 'meter-0042' }).text).toBe('AT+QMTCONN=0,"meter-0042"');
    expect(() => buildQmtConn({ client: 0, clientId: 'x', password: 'p' })).toThrow(/"username"/);
    expect(() => buildQmtConn({ client: 0, clientId: '' })).toThrow(/"clientId"/);
  });
  it.each([
    ['+QMTCONN: 0,0,0', { client: 0, result: 0, connack: 0, success: true }],
    ['+QMTCONN: 0,0,4', { client: 0, result: 0, connack: 4, success: false }],
    ['+QMTCONN: 1,2', { client: 1, result: 2, success: false }],
    ['+QMTCONN: 1,1', { client: 1, result: 1, success: false }],
    ['+QMTCONN: 0,0', { client: 0, result: 0, success: true }],
  ])('parses %j (2 or 3 fields)', (line, expected) => {
    expect(value(parseQmtConnUrc(line))).toEqual(expected);
  });
  it('parses the read form states', () => {
    expect(value(parseQmtConnRead(['+QMTCONN: 0,3', '+QMTCONN: 1,1', 'OK']))).toEqual([
      { client: 0, state: 3, stateName: 'connected' }, { client: 1, state: 1, stateName: 'initializing' },
    ]);
  });
});

describe('QMTSUB / QMTUNS / publish results', () => {
  it('builds single and multi-topic subscribes', () => {
    expect(buildQmtSub({ client: 0, msgId: 1, topics: [{ topic: 'site7/cmd/#', qos: 1 }] }).text).toBe('AT+QMTSUB=0,1,"site7/cmd/#",1');
    expect(buildQmtSub({ client: 0, msgId: 2, topics: [{ topic: 'a', qos: 0 }, { topic: 'b/+', qos: 2 }] }).text).toBe('AT+QMTSUB=0,2,"a",0,"b/+",2');
    expect(() => buildQmtSub({ client: 0, msgId: 0, topics: [{ topic: 'a', qos: 0 }] })).toThrow(/"msgId"/);
    expect(buildQmtUns({ client: 0, msgId: 3, topics: ['a', 'b'] }).text).toBe('AT+QMTUNS=0,3,"a","b"');
  });
  it.each([
    ['+QMTSUB: 0,1,0,1', { client: 0, msgId: 1, result: 0, values: [1], success: true, prefix: 'QMTSUB' }],
    ['+QMTSUB: 0,2,0,0,1,128', { client: 0, msgId: 2, result: 0, values: [0, 1, 128], success: false, prefix: 'QMTSUB', partial: true }],
    ['+QMTSUB: 0,1,1,2', { client: 0, msgId: 1, result: 1, values: [2], success: false, prefix: 'QMTSUB' }],
    ['+QMTSUB: 0,1,2', { client: 0, msgId: 1, result: 2, values: [], success: false, prefix: 'QMTSUB' }],
  ])('parses %j', (line, expected) => expect(value(parseQmtSubUrc(line))).toEqual(expected));
  it('accepts +QMTPUB and +QMTPUBEX for either publish (protocol.md quirk 8)', () => {
    expect(value(parseQmtPubUrc('+QMTPUB: 0,0,0'))).toEqual({ client: 0, msgId: 0, result: 0, values: [], success: true, prefix: 'QMTPUB' });
    expect(value(parseQmtPubUrc('+QMTPUBEX: 0,7,0'))).toMatchObject({ msgId: 7, success: true, prefix: 'QMTPUBEX' });
    expect(value(parseQmtPubUrc('+QMTPUB: 0,7,1,2'))).toMatchObject({ result: 1, values: [2], success: false });
    expect(value(parseQmtUnsUrc('+QMTUNS: 0,3,0'))).toMatchObject({ msgId: 3, success: true });
    expect(parseQmtPubUrc('+QMTSUB: 0,1,0').ok).toBe(false);
  });
});

describe('publish builders', () => {
  it('prompt form ends with Ctrl+Z and adds no length (protocol.md §2.8a)', () => {
    const r = buildQmtPublish({ client: 0, msgId: 0, qos: 0, retain: false, topic: 'site7/telemetry', payload: '{"t":21.5}', form: 'prompt' });
    expect(r.text).toBe('AT+QMTPUB=0,0,0,0,"site7/telemetry"');
    expect(r.payload?.end).toBe('ctrl-z');
    expect(Array.from(r.payload?.bytes ?? [])).toEqual(Array.from(bytes('{"t":21.5}')));
  });
  it('fixed form counts UTF-8 bytes, not characters (protocol.md quirk 7)', () => {
    const r = buildQmtPublish({ client: 0, msgId: 7, qos: 1, retain: false, topic: 'meters/0042/up', payload: '{"kwh":1234}', form: 'fixed', command: 'QMTPUBEX' });
    expect(r.text).toBe('AT+QMTPUBEX=0,7,1,0,"meters/0042/up",12');
    expect(r.payload?.end).toBe('fixed-length');
    const u = buildQmtPublish({ client: 1, msgId: 9, qos: 2, retain: true, topic: 't', payload: 'Grüße ✓', form: 'fixed' });
    expect(u.text).toBe('AT+QMTPUB=1,9,2,1,"t",11');
    const bin = buildQmtPublish({ client: 0, msgId: 1, qos: 1, retain: false, topic: 't', payload: new Uint8Array([0x1a, 0x1b, 0x0d, 0x0a]), form: 'fixed' });
    expect(bin.text.endsWith(',4')).toBe(true);
  });
  it('inline form quotes the message and sends no payload', () => {
    const r = buildQmtPublish({ client: 0, msgId: 0, qos: 0, retain: true, topic: 't', payload: 'on', form: 'inline' });
    expect(r).toEqual({ text: 'AT+QMTPUB=0,0,0,1,"t","on"', expect: { kind: 'none' } });
  });
  it('rejects msgID/QoS mismatches and bytes the form cannot carry', () => {
    expect(() => buildQmtPublish({ client: 0, msgId: 1, qos: 0, retain: false, topic: 't', payload: 'x', form: 'prompt' })).toThrow(/"msgId"/);
    expect(() => buildQmtPublish({ client: 0, msgId: 0, qos: 1, retain: false, topic: 't', payload: 'x', form: 'prompt' })).toThrow(/"msgId"/);
    expect(() => buildQmtPublish({ client: 0, msgId: 0, qos: 0, retain: false, topic: 't', payload: 'a\x1ab', form: 'prompt' })).toThrow(/0x1A/);
    expect(() => buildQmtPublish({ client: 0, msgId: 0, qos: 0, retain: false, topic: 't', payload: 'say "hi"', form: 'inline' })).toThrow(/"payload"/);
    expect(() => buildQmtPublish({ client: 0, msgId: 0, qos: 0, retain: false, topic: 't', payload: '', form: 'fixed' })).toThrow(/payload length/);
  });
});

describe('QMTRECV', () => {
  it('builds the read-out forms', () => {
    expect(buildQmtRecv(0).text).toBe('AT+QMTRECV=0');
    expect(buildQmtRecv(0, 4).text).toBe('AT+QMTRECV=0,4');
    expect(() => buildQmtRecv(0, 5)).toThrow(/"recvId"/);
  });
  it('parses the slot read form', () => {
    expect(value(parseQmtRecvRead(['+QMTRECV: 0,1,0,0,1,0', 'OK']))).toEqual([{ client: 0, slots: [true, false, false, true, false] }]);
  });
  it.each([
    ['+QMTRECV: 0,3,"site7/cmd/led",2,"on"', { client: 0, msgId: 3, topic: 'site7/cmd/led', payload: 'on', length: 2 }],
    ['+QMTRECV: 0,0,"a/b","hello"', { client: 0, msgId: 0, topic: 'a/b', payload: 'hello' }],
    // Raw payload with quotes, commas and a line break, delimited only by its length (protocol.md §3.2).
    ['+QMTRECV: 1,12,"t",17,"a,"b"\r\nc,d ""end""', { client: 1, msgId: 12, topic: 't', payload: 'a,"b"\r\nc,d ""end"', length: 17 }],
    ['+QMTRECV: 0,5,"t",6,"Grüße"', { client: 0, msgId: 5, topic: 't', payload: 'Grüß', length: 6 }],
    ['+QMTRECV: 0,5,"t",7,"Grüße"', { client: 0, msgId: 5, topic: 't', payload: 'Grüße', length: 7 }],
    ['+QMTRECV: 0,1,"t","x,y"', { client: 0, msgId: 1, topic: 't', payload: 'x,y' }],
    // Old firmware without quotes (protocol.md quirk 4).
    ['+QMTRECV: 0,0,a/b,hello', { client: 0, msgId: 0, topic: 'a/b', payload: 'hello' }],
    ['+QMTRECV: 0,0,a/b,5,hello', { client: 0, msgId: 0, topic: 'a/b', payload: 'hello', length: 5 }],
  ])('reads %j', (line, expected) => expect(value(parseQmtRecvMessage(line))).toEqual(expected));
  it('fails when the payload is shorter than its length', () => {
    expect(parseQmtRecvMessage('+QMTRECV: 0,1,"t",10,"abc"').ok).toBe(false);
  });
  it('tells how many raw bytes follow a length header', () => {
    expect(recvPayloadLength('+QMTRECV: 0,3,"site7/cmd/led",2,"')).toBe(2);
    expect(recvPayloadLength('+QMTRECV: 0,3,"a","')).toBeUndefined();
  });
});

describe('redactCommand', () => {
  it('masks the MQTT password and the aliauth device secret, nothing else', () => {
    expect(redactCommand('AT+QMTCONN=0,"wb-demo-0001","fielduser","Secr3t"')).toBe('AT+QMTCONN=0,"wb-demo-0001","fielduser","***"');
    expect(redactCommand('AT+QMTCONN=0,"meter-0042"')).toBe('AT+QMTCONN=0,"meter-0042"');
    expect(redactCommand('AT+QMTCFG="aliauth",0,"a1","dev","s3cr3t"')).toBe('AT+QMTCFG="aliauth",0,"a1","dev","***"');
    expect(redactCommand('AT+QMTOPEN=0,"h",1883')).toBe('AT+QMTOPEN=0,"h",1883');
  });
});

describe('test forms', () => {
  it('builds AT+<cmd>=? expecting its own prefix', () => {
    expect(buildQmtTest('QMTCFG')).toEqual({ text: 'AT+QMTCFG=?', expect: { kind: 'multi', prefix: '+QMTCFG:' } });
    expect(buildQmtTest('QMTPUBEX').text).toBe('AT+QMTPUBEX=?');
  });
});
