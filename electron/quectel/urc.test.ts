import { describe, expect, it } from 'vitest';
import { decodeUrc, isModemUrc } from './urc';

describe('decodeUrc', () => {
  it('decodes the power-up sequence of protocol.md §4.6 / §5.1', () => {
    const lines = ['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE', 'APP RDY'];
    expect(lines.map(decodeUrc)).toEqual([
      { type: 'ready', word: 'RDY' }, { type: 'cfun', level: 1 }, { type: 'sim', state: 'READY', ready: true }, { type: 'usim', value: 1 },
      { type: 'qind', text: 'SMS DONE', phonebookDone: false }, { type: 'qind', text: 'PB DONE', phonebookDone: true }, { type: 'ready', word: 'APP RDY' },
    ]);
    expect(decodeUrc('+CPIN: NOT INSERTED')).toEqual({ type: 'sim', state: 'NOT INSERTED', ready: false });
  });

  it('decodes +QMTSTAT with its explanation', () => {
    const e = decodeUrc('+QMTSTAT: 0,1');
    expect(e).toMatchObject({ type: 'mqtt-status', client: 0, code: 1 });
    expect(e.type === 'mqtt-status' && e.explanation?.key).toBe('qmtstat.1');
    expect(decodeUrc('\r\n+QMTSTAT: 3,7\r\n')).toMatchObject({ type: 'mqtt-status', client: 3, code: 7 });
  });

  it('decodes +QMTPING', () => {
    expect(decodeUrc('+QMTPING: 0,1')).toMatchObject({ type: 'mqtt-ping', client: 0, result: 1 });
  });

  it('decodes the three +QMTRECV shapes of protocol.md §3.2', () => {
    expect(decodeUrc('+QMTRECV: 0,3,"site7/cmd/led",2,"on"')).toEqual({ type: 'mqtt-message', client: 0, msgId: 3, topic: 'site7/cmd/led', payload: 'on', length: 2 });
    expect(decodeUrc('+QMTRECV: 0,0,"a","b"')).toEqual({ type: 'mqtt-message', client: 0, msgId: 0, topic: 'a', payload: 'b' });
    expect(decodeUrc('+QMTRECV: 2,4')).toEqual({ type: 'mqtt-buffered', client: 2, recvId: 4 });
  });

  it('keeps a multi-line payload whole when a length is given', () => {
    const text = '+QMTRECV: 0,9,"cfg",14,"line1\r\n"x",2\r\n"\r\n';
    expect(decodeUrc(text)).toMatchObject({ type: 'mqtt-message', payload: 'line1\r\n"x",2\r\n', length: 14 });
  });

  it('decodes the result URCs of the QMT commands', () => {
    expect(decodeUrc('+QMTOPEN: 0,0')).toMatchObject({ type: 'mqtt-open', result: { client: 0, result: 0, success: true } });
    expect(decodeUrc('+QMTOPEN: 0,-1')).toMatchObject({ type: 'mqtt-open', result: { success: false }, explanation: { key: 'qmtopen.-1' } });
    expect(decodeUrc('+QMTCONN: 0,0,4')).toMatchObject({ type: 'mqtt-conn', result: { connack: 4, success: false }, explanation: { key: 'connack.4' } });
    expect(decodeUrc('+QMTCONN: 0,2')).toMatchObject({ type: 'mqtt-conn', result: { result: 2 } });
    expect(decodeUrc('+QMTSUB: 0,1,0,1,128')).toMatchObject({ type: 'mqtt-sub', result: { values: [1, 128], success: false, partial: true }, explanation: { key: 'qmtsub.partial' } });
    expect(decodeUrc('+QMTSUB: 0,1,0,128')).toMatchObject({ type: 'mqtt-sub', result: { values: [128], success: false } });
    expect(decodeUrc('+QMTUNS: 0,2,0')).toMatchObject({ type: 'mqtt-uns' });
    expect(decodeUrc('+QMTPUB: 0,0,0')).toMatchObject({ type: 'mqtt-pub', result: { prefix: 'QMTPUB' } });
    expect(decodeUrc('+QMTPUBEX: 0,7,0')).toMatchObject({ type: 'mqtt-pub', result: { prefix: 'QMTPUBEX', msgId: 7 } });
    expect(decodeUrc('+QMTDISC: 0,0')).toMatchObject({ type: 'mqtt-disc' });
    expect(decodeUrc('+QMTCLOSE: 0,0')).toMatchObject({ type: 'mqtt-close' });
  });

  it('decodes registration URCs', () => {
    expect(decodeUrc('+CEREG: 1,"1A2B","01C3D4E5",7')).toMatchObject({ type: 'registration', command: 'CEREG', state: 'home', tech: 'LTE' });
    expect(decodeUrc('+CREG: 2')).toMatchObject({ type: 'registration', state: 'searching' });
  });

  it('leaves read-form lines and unknown text as unknown, never throws', () => {
    for (const l of ['+QMTOPEN: 0,"host",1883', 'OK', 'hello', '+QMTSTAT: x', '', '+QMTRECV: 0', '+FOO: 1']) {
      expect(decodeUrc(l).type, l).toBe('unknown');
      expect(isModemUrc(l)).toBe(false);
    }
    expect(isModemUrc('+QMTSTAT: 0,1')).toBe(true);
  });
});
