// Parsers and the code catalogue on answers as real EC2x/EG9x/EM05 firmware prints them: the
// reference's forms (protocol.md §2–§4) plus the variants seen in field logs (spaces after commas,
// lower-case hex, short and long field lists, CMEE=2 texts).
import { describe, expect, it } from 'vitest';
import { parseAti, parseCops, pingSeriesEnded, parseCpin, parseCsq, parseImei, parseQfuplResult, parseQiactRead, parseRegistration, parseRegistrationRead, parseRevision } from './basic';
import { explain } from './codes';
import { parseQmtConnUrc, parseQmtOpenUrc, parseQmtRecvMessage, parseQmtRecvRead, parseQmtSubUrc } from './commands';
import { decodeUrc } from './urc';

const value = <T>(o: { ok: true; value: T } | { ok: false }): T => {
  if (!o.ok) throw new Error(`parse failed: ${JSON.stringify(o)}`);
  return o.value;
};

describe('identification answers', () => {
  it.each([
    [['Quectel', 'EC20F', 'Revision: EC20CEFAR06A01M4G'], { manufacturer: 'Quectel', model: 'EC20F', revision: 'EC20CEFAR06A01M4G' }],
    [['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'], { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G' }],
    [['ATI', 'Quectel', 'EG95', 'Revision: EG95EXGAR08A02M1G', 'OK'], { manufacturer: 'Quectel', model: 'EG95', revision: 'EG95EXGAR08A02M1G' }],
  ])('ATI %j', (lines, want) => {
    expect(value(parseAti(lines))).toEqual(want);
  });

  it('AT+QGMR and AT+GMR give the revision line as printed', () => {
    expect(value(parseRevision(['EC25EFAR06A06M4G_01.002.01.002']))).toBe('EC25EFAR06A06M4G_01.002.01.002');
    expect(value(parseRevision(['EC20CEFAR06A01M4G']))).toBe('EC20CEFAR06A01M4G');
  });

  it.each([['866425031234567'], ['+CGSN: 866425031234567'], ['+CGSN: "866425031234567"']])('AT+CGSN %s', (l) => {
    expect(value(parseImei([l]))).toBe('866425031234567');
  });
});

describe('SIM, signal, registration, operator, PDP', () => {
  it('+CPIN: SIM PIN is a SIM that is not ready', () => {
    expect(value(parseCpin(['+CPIN: SIM PIN']))).toEqual({ state: 'SIM PIN', ready: false });
  });

  it('+CSQ: 99,99 is no signal, without a dBm value', () => {
    const s = value(parseCsq(['+CSQ: 99,99']));
    expect(s).toMatchObject({ rssi: 99, ber: 99, quality: 'none' });
    expect(s.dbm).toBeUndefined();
  });

  it('+CSQ with a space after the comma reads the same', () => {
    expect(value(parseCsq(['+CSQ: 21, 99']))).toMatchObject({ rssi: 21, ber: 99, dbm: -71 });
  });

  it.each([
    ['+CEREG: 2,1,"1A2B","01C2D3E4",7', { n: 2, stat: 1, registered: true, area: '1A2B', cell: '01C2D3E4', act: 7, tech: 'LTE' }],
    ['+CEREG: 2,1,"1a2b","01c2d3e4",7', { n: 2, stat: 1, area: '1a2b', cell: '01c2d3e4' }],
    ['+CREG: 0,5', { n: 0, stat: 5, state: 'roaming', registered: true }],
    ['+CGREG: 0,4', { n: 0, stat: 4, state: 'unknown', registered: false }],
    ['+CEREG: 0,3', { n: 0, stat: 3, state: 'denied', registered: false }],
  ])('read form %s', (line, want) => {
    const which = line.slice(1, line.indexOf(':')) as 'CREG' | 'CGREG' | 'CEREG';
    expect(value(parseRegistrationRead([line], which))).toMatchObject(want);
  });

  it.each([
    ['+CEREG: 1,"1A2B","01C2D3E4",7', { stat: 1, area: '1A2B', act: 7 }],
    ['+CEREG: 1, "1A2B", "01C2D3E4", 7', { stat: 1, cell: '01C2D3E4', act: 7 }],
    ['+CREG: 5', { stat: 5, registered: true }],
  ])('URC form %s', (line, want) => {
    const r = value(parseRegistration(line));
    expect(r).toMatchObject(want);
    expect(r.n).toBeUndefined();
  });

  it('+COPS: 0,0,"CHINA MOBILE",7 keeps the space in the name; +COPS: 0 is not registered', () => {
    expect(value(parseCops(['+COPS: 0,0,"CHINA MOBILE",7']))).toEqual({ mode: 0, format: 0, operator: 'CHINA MOBILE', act: 7, tech: 'LTE' });
    expect(value(parseCops(['+COPS: 0']))).toEqual({ mode: 0 });
  });

  it('+QIACT lists IPv4, IPv6 and the two addresses of an IPv4v6 context', () => {
    expect(value(parseQiactRead(['+QIACT: 1,1,1,"10.64.3.17"']))).toEqual([{ cid: 1, active: true, type: 1, ip: '10.64.3.17' }]);
    expect(value(parseQiactRead(['+QIACT: 2,1,2,"2001:DB8::1"']))).toEqual([{ cid: 2, active: true, type: 2, ip: '2001:DB8::1', ipv6: '2001:DB8::1' }]);
    expect(value(parseQiactRead(['+QIACT: 1,1,3,"10.64.3.17","2409:8900:1:2::5"']))).toEqual([{ cid: 1, active: true, type: 3, ip: '10.64.3.17', ipv6: '2409:8900:1:2::5' }]);
    expect(value(parseQiactRead([]))).toEqual([]);
  });

  it('+QFUPL checksum in lower-case hex without leading zeros', () => {
    expect(value(parseQfuplResult(['+QFUPL: 1188,6a3f']))).toEqual({ size: 1188, checksum: 0x6a3f, checksumHex: '6a3f' });
    expect(value(parseQfuplResult(['+QFUPL: 10,f']))).toEqual({ size: 10, checksum: 15, checksumHex: 'f' });
  });
});

describe('MQTT result URCs', () => {
  it('+QMTCONN with two fields is read without a CONNACK code (protocol.md quirk 3)', () => {
    expect(value(parseQmtConnUrc('+QMTCONN: 0,0'))).toEqual({ client: 0, result: 0, success: true });
    expect(value(parseQmtConnUrc('+QMTCONN: 0,2'))).toMatchObject({ result: 2, success: false });
    expect(value(parseQmtConnUrc('+QMTCONN: 1, 0, 4'))).toEqual({ client: 1, result: 0, connack: 4, success: false });
  });

  it('+QMTSUB of a multi-topic subscribe carries one granted QoS per topic; 128 is a refusal', () => {
    expect(value(parseQmtSubUrc('+QMTSUB: 0,1,0,1,0,2'))).toMatchObject({ values: [1, 0, 2], success: true });
    expect(value(parseQmtSubUrc('+QMTSUB: 0,1,0,1,128'))).toMatchObject({ values: [1, 128], success: false });
  });

  it('+QMTOPEN results with and without spaces', () => {
    expect(value(parseQmtOpenUrc('+QMTOPEN: 0,-1'))).toEqual({ client: 0, result: -1, success: false });
    expect(value(parseQmtOpenUrc('+QMTOPEN: 0, 0'))).toEqual({ client: 0, result: 0, success: true });
  });

  it.each([
    ['+QMTSTAT: 0, 1', 'mqtt-status'],
    ['+QMTOPEN: 0, 0', 'mqtt-open'],
    ['+QMTRECV: 0, 1', 'mqtt-buffered'],
    ['+QMTPUBEX: 0,7,0', 'mqtt-pub'],
    ['+QMTPUB: 0,7,1,2', 'mqtt-pub'],
  ])('decodeUrc(%s) is %s', (line, type) => {
    expect(decodeUrc(line).type).toBe(type);
  });
});

describe('+QMTRECV payloads as firmware prints them (protocol.md §3.2, quirk 4)', () => {
  it.each([
    ['+QMTRECV: 0,3,"site7/cmd/led",2,"on"', { client: 0, msgId: 3, topic: 'site7/cmd/led', payload: 'on', length: 2 }],
    ['+QMTRECV: 0,0,"t",14,"say "hi", ok!"', { topic: 't', payload: 'say "hi", ok!"', length: 14 }],
    ['+QMTRECV: 0,0,"t",13,"say "hi", ok!"', { payload: 'say "hi", ok!', length: 13 }],
    ['+QMTRECV: 0,0,"t","a,b,"c""', { payload: 'a,b,"c"' }],
    ['+QMTRECV: 0,0,"t",6,"a\r\nb,c"', { payload: 'a\r\nb,c', length: 6 }],
    ['+QMTRECV: 0,0,"t","line1\r\nline2"', { payload: 'line1\r\nline2' }],
    ['+QMTRECV: 0,0,"t","a\u3000\u3000b"', { payload: 'a\u3000\u3000b' }],
    ['+QMTRECV: 0,0,"t",8,"a\u3000\u3000b"', { payload: 'a\u3000\u3000b', length: 8 }],
    ['+QMTRECV: 0,5,"设备/上报",12,"温度二十"', { topic: '设备/上报', payload: '温度二十', length: 12, msgId: 5 }],
    ['+QMTRECV: 0,0,site7/cmd,hello world', { topic: 'site7/cmd', payload: 'hello world' }],
    ['+QMTRECV: 0, 3, "t", 2, "on"', { msgId: 3, topic: 't', payload: 'on', length: 2 }],
    ['+QMTRECV: 2,65535,"t",0,""', { client: 2, msgId: 65535, payload: '', length: 0 }],
    ['+QMTRECV: 0,0,"v1/devices/me/rpc/request/123",{"method":"on"}', { topic: 'v1/devices/me/rpc/request/123', payload: '{"method":"on"}' }],
    ['+QMTRECV: 0,0,"pump/01/cmd",23\r\n{"relay1":1,"relay2":0}', { topic: 'pump/01/cmd', payload: '{"relay1":1,"relay2":0}', length: 23 }],
    ['+QMTRECV: 0,0,"t",6\r\n"a"\r\nb', { payload: '"a"\r\nb', length: 6 }],
    ['+QMTRECV: 0,0,"t",23', { topic: 't', payload: '23' }],
  ])('%j', (line, want) => {
    expect(value(parseQmtRecvMessage(line))).toMatchObject(want);
  });

  it('AT+QMTRECV? slots per client', () => {
    expect(value(parseQmtRecvRead(['+QMTRECV: 0,1,0,0,1,0', '+QMTRECV: 1,0,0,0,0,0']))).toEqual([
      { client: 0, slots: [true, false, false, true, false] },
      { client: 1, slots: [false, false, false, false, false] },
    ]);
  });
});

describe('explain() on verbose and numeric error codes', () => {
  it.each([
    ['+CME ERROR: SIM not inserted', 'cme.10'],
    ['+CME ERROR: 10', 'cme.10'],
    ['+CME ERROR: operation not allowed', 'cme.3'],
    ['+CME ERROR: 407', 'cme.407'],
    ['+CMS ERROR: 500', 'cms.500'],
    ['+QMTCONN: 0,0,4', 'connack.4'],
    ['+QMTSTAT: 0, 1', 'qmtstat.1'],
    ['+QMTSUB: 0,1,0,1,128', 'qmtsub.partial'],
    ['+QMTSUB: 0,1,0,128', 'qmtsub.128'],
  ])('%s → %s', (line, key) => {
    expect(explain(line)?.key).toBe(key);
  });
});

describe('AT+QPING results (protocol.md §4.3)', () => {
  it('a non-zero result is the TCP/IP error of protocol.md §4.7; a reply is not an error', () => {
    expect(explain('+QPING: 565')?.key).toBe('cme.565');
    expect(explain('+QPING: 569,4,0,4,0,0,0')?.key).toBe('cme.569');
    expect(explain('+QPING: 0,"93.184.216.34",32,120,255')).toBeUndefined();
  });
});

describe('AT+QPING series end (protocol.md quirk 20)', () => {
  const cmd = 'AT+QPING=1,"broker.example.net"';
  const reply = '+QPING: 0,"93.184.216.34",32,120,255';
  it.each([
    [cmd, [reply, reply], false],
    [cmd, [reply, reply, reply, reply, '+QPING: 0,4,4,0,98,120,109'], true],
    [cmd, ['+QPING: 0,4,0,4'], true],
    [cmd, ['+QPING: 565'], true],
    [cmd, ['+QPING: 569', '+QPING: 569', '+QPING: 569'], false],
    [cmd, ['+QPING: 569', '+QPING: 569', '+QPING: 569', '+QPING: 569'], true],
    ['AT+QPING=1,"8.8.8.8",4,2', ['+QPING: 569', '+QPING: 569'], true],
    [cmd, ['+QPING: 569,"8.8.8.8",32,0,0', reply], false],
    [cmd, ['+QPING: 569,0,0,0,0,0,0'], true],
  ])('%s after %j: %s', (command, urcs, want) => {
    expect(pingSeriesEnded(command, urcs)).toBe(want);
  });
});

