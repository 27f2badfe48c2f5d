import { describe, expect, it } from 'vitest';
import {
  basic, parseAti, parseCops, parseCpin, parseCsq, parseImei, parseQfuplResult, parseQiactRead, parseQicsgpQuery, parseRegistration,
  parseRegistrationRead, parseRevision, rssiToDbm,
} from './basic';

const value = <T>(o: { ok: true; value: T } | { ok: false }): T => {
  if (!o.ok) throw new Error(`expected ok: ${JSON.stringify(o)}`);
  return o.value;
};

describe('identity (protocol.md §4.1)', () => {
  it('reads ATI, GMR, QGMR and the IMEI', () => {
    expect(value(parseAti(['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G', '', 'OK']))).toEqual({ manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G' });
    expect(value(parseAti(['ATI', 'Quectel', 'EC20F', 'Revision: EC20CEFAR02A01M4G']))).toMatchObject({ model: 'EC20F' });
    expect(value(parseRevision(['EC25EFAR06A06M4G', 'OK']))).toBe('EC25EFAR06A06M4G');
    expect(value(parseRevision(['EC25EFAR06A06M4G_01.002.01.002']))).toBe('EC25EFAR06A06M4G_01.002.01.002');
    expect(value(parseImei(['866123456789012', 'OK']))).toBe('866123456789012');
    expect(value(parseImei(['+CGSN: "866123456789012"']))).toBe('866123456789012');
    expect(parseImei(['OK']).ok).toBe(false);
  });
});

describe('SIM (protocol.md §4.2)', () => {
  it.each([['+CPIN: READY', true], ['+CPIN: SIM PIN', false], ['+CPIN: NOT INSERTED', false], ['+CPIN: PH-NET PIN', false]])('%s', (line, ready) => {
    expect(value(parseCpin([line, 'OK'])).ready).toBe(ready);
  });
});

describe('signal (protocol.md §4.2 rssi table)', () => {
  it.each([
    [0, -113, 'or-less'], [1, -111, undefined], [2, -109, undefined], [21, -71, undefined], [30, -53, undefined], [31, -51, 'or-more'],
    [100, -116, 'or-less'], [101, -115, undefined], [150, -66, undefined], [191, -25, 'or-more'],
  ])('rssi %i → %i dBm', (rssi, dbm, bound) => {
    expect(rssiToDbm(rssi)).toEqual({ dbm, ...(bound ? { bound } : {}) });
  });
  it('has no dBm for 99 and out-of-table values', () => {
    expect(rssiToDbm(99)).toEqual({});
    expect(rssiToDbm(50)).toEqual({});
  });
  it('reads +CSQ with a quality word', () => {
    expect(value(parseCsq(['+CSQ: 21,99', 'OK']))).toEqual({ rssi: 21, ber: 99, dbm: -71, quality: 'good' });
    expect(value(parseCsq(['+CSQ: 31,0'])).quality).toBe('excellent');
    expect(value(parseCsq(['+CSQ: 10,99'])).quality).toBe('fair');
    expect(value(parseCsq(['+CSQ: 3,99'])).quality).toBe('poor');
    expect(value(parseCsq(['+CSQ: 99,99']))).toEqual({ rssi: 99, ber: 99, quality: 'none' });
    expect(parseCsq(['+CSQ: x']).ok).toBe(false);
  });
});

describe('registration (protocol.md §4.2)', () => {
  it.each([
    ['+CEREG: 0,1', { command: 'CEREG', n: 0, stat: 1, state: 'home', registered: true }],
    ['+CEREG: 0,5', { command: 'CEREG', n: 0, stat: 5, state: 'roaming', registered: true }],
    ['+CEREG: 0,2', { command: 'CEREG', n: 0, stat: 2, state: 'searching', registered: false }],
    ['+CEREG: 0,3', { command: 'CEREG', n: 0, stat: 3, state: 'denied', registered: false }],
    ['+CGREG: 0,4', { command: 'CGREG', n: 0, stat: 4, state: 'unknown', registered: false }],
    ['+CREG: 0,0', { command: 'CREG', n: 0, stat: 0, state: 'not registered', registered: false }],
    ['+CEREG: 2,1,"1A2B","01C3D4E5",7', { command: 'CEREG', n: 2, stat: 1, state: 'home', registered: true, area: '1A2B', cell: '01C3D4E5', act: 7, tech: 'LTE' }],
  ])('reads the read answer %j of AT+CxREG?', (line, expected) => {
    const command = `AT${line.slice(0, line.indexOf(':'))}?`;
    expect(value(parseRegistration(line, { command }))).toEqual(expected);
  });
  it.each([
    ['+CEREG: 1', { command: 'CEREG', stat: 1, state: 'home', registered: true }],
    ['+CREG: 5,"00C3","0000A13F",2', { command: 'CREG', stat: 5, state: 'roaming', registered: true, area: '00C3', cell: '0000A13F', act: 2, tech: 'UTRAN' }],
    // Read as a URC, '+CEREG: 0,1' is state 0 with area code 1 — the engine's context decides, not the shape.
    ['+CEREG: 0,1', { command: 'CEREG', stat: 0, state: 'not registered', registered: false, area: '1' }],
  ])('reads the URC %j', (line, expected) => expect(value(parseRegistration(line))).toEqual(expected));
  it('finds the line in a read response', () => {
    expect(value(parseRegistrationRead(['+CEREG: 0,1', 'OK'], 'CEREG')).registered).toBe(true);
    expect(parseRegistrationRead(['OK'], 'CEREG').ok).toBe(false);
  });
  it('reads the operator', () => {
    expect(value(parseCops(['+COPS: 0,0,"Example Mobile",7', 'OK']))).toEqual({ mode: 0, format: 0, operator: 'Example Mobile', act: 7, tech: 'LTE' });
    expect(value(parseCops(['+COPS: 0']))).toEqual({ mode: 0 });
  });
});

describe('PDP context (protocol.md §4.3)', () => {
  it('builds the full QICSGP write, never the query-shaped one (protocol.md quirk 10)', () => {
    expect(basic.qicsgp({ cid: 1, apn: 'internet.example' }).text).toBe('AT+QICSGP=1,1,"internet.example","","",0');
    expect(basic.qicsgp({ cid: 1, apn: 'internet.example', username: '', password: '', auth: 1 }).text).toBe('AT+QICSGP=1,1,"internet.example","","",1');
    expect(basic.qicsgp({ cid: 2, apn: 'apn', username: 'u', password: 'p' }).text).toBe('AT+QICSGP=2,1,"apn","u","p",3');
    expect(() => basic.qicsgp({ cid: 0, apn: 'a' })).toThrow(/"cid"/);
    expect(basic.qiact(1).timeoutMs).toBe(150_000);
  });
  it('reads QIACT? with and without contexts', () => {
    expect(value(parseQiactRead(['+QIACT: 1,1,1,"10.64.3.17"', 'OK']))).toEqual([{ cid: 1, active: true, type: 1, ip: '10.64.3.17' }]);
    expect(value(parseQiactRead(['OK']))).toEqual([]);
  });
  it('reads the QICSGP query', () => {
    expect(value(parseQicsgpQuery(['+QICSGP: 1,"internet.example","","",1', 'OK']))).toEqual({ type: 1, apn: 'internet.example', username: '', password: '', auth: 1 });
  });
  it('reads the QFUPL result (protocol.md quirk 13)', () => {
    expect(value(parseQfuplResult(['+QFUPL: 1188,6a3f', 'OK']))).toEqual({ size: 1188, checksum: 0x6a3f, checksumHex: '6a3f' });
    expect(value(parseQfuplResult(['+QFUPL: 3,f']))).toMatchObject({ checksum: 15 });
    expect(parseQfuplResult(['+QFUPL: 3']).ok).toBe(false);
  });
});
