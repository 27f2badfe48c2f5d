import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/model';
import { loosenedPattern, scriptFromSession } from './from-session';
import { parseScript } from './parse';

describe('loosened answer patterns', () => {
  it.each([
    ['+CSQ: 21,99', '+CSQ: 5,99', '+CME ERROR: 10'],
    ['+QIACT: 1,1,1,"10.0.0.7"', '+QIACT: 1,1,1,"100.64.3.201"', '+QIACT: 2,1,1,"10.0.0.7"'],
    ['+CCLK: "26/11/30,00:41:02+00"', '+CCLK: "27/01/01,12:00:00+08"', '+CSQ: 1,1'],
    ['+QMTPUB: 0,17,0', '+QMTPUB: 0,4,0', '+QMTPUB: 0,4,2'],
    ['866758040000001', '861234567890123', 'ERROR'],
    ['+QMTOPEN: 0,0', '+QMTOPEN: 0,0', '+QMTOPEN: 0,3'],
    ['+QMTRECV: 0,3,"a/b","hi"', '+QMTRECV: 0,9,"a/b","hi"', '+QMTRECV: 0,9,"a/c","hi"'],
  ])('%s matches %s and not %s', (line, again, other) => {
    const re = new RegExp(loosenedPattern(line));
    expect(re.test(line)).toBe(true);
    expect(re.test(again)).toBe(true);
    expect(re.test(other)).toBe(false);
  });
});

describe('a session saved as a script', () => {
  let seq = 0;
  const ev = (event: unknown, wall = 1000): JournalRecord => ({ seq: seq++, mono: wall, wall, event } as JournalRecord);
  const at = { mono: 0, wall: 0 };
  const conn = 'AT+QMTCONN=0,"dev","user","s3cret!"';
  const records = [
    ev({ type: 'command-started', id: 1, command: 'AT+CSQ', at }),
    ev({ type: 'command-ended', id: 1, command: 'AT+CSQ', at, outcome: { kind: 'ok', lines: ['+CSQ: 20,99'], final: 'OK' } }),
    ev({ type: 'command-started', id: 2, command: conn, at }, 2000),
    ev({ type: 'line', dir: 'tx', kind: 'command', text: conn, commandId: 2, at }),
    ev({ type: 'command-ended', id: 2, command: conn, at, outcome: { kind: 'ok', lines: [], final: 'OK' } }),
    ev({ type: 'urc', name: 'QMTCONN', text: '+QMTCONN: 0,0,0', at }, 2300),
    ev({ type: 'urc', name: 'CEREG', text: '+CEREG: 1', at }, 2400),
    ev({ type: 'command-started', id: 3, command: 'AT+QMTPUB=0,0,0,0,"t"', at }),
    ev({ type: 'line', dir: 'tx', kind: 'command', text: 'AT+QMTPUB=0,0,0,0,"t"', commandId: 3, at }),
    ev({ type: 'line', dir: 'tx', kind: 'command', text: 'hello<CR><LF>world<CTRL-Z>', commandId: 3, at }),
    ev({ type: 'command-ended', id: 3, command: 'AT+QMTPUB=0,0,0,0,"t"', at, outcome: { kind: 'ok', lines: [], final: 'OK' } }),
  ];
  it('keeps commands and payloads, expects answers, awaits result URCs and leaves the password out', () => {
    const s = scriptFromSession(records);
    expect(s.text).not.toContain('s3cret');
    expect(s.variables).toEqual(['MQTT_PASSWORD']);
    expect(s.text).toContain('AT+QMTCONN=0,"dev","user","${MQTT_PASSWORD}"');
    expect(s.text).toContain('# await /^\\+QMTCONN: 0,0,0$/ 10s');
    expect(s.text).toContain('# seen: +CEREG: 1');
    expect(s.text).toContain('> hello\n> world\n');
    const p = parseScript(s.text);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.script.variables).toEqual(['MQTT_PASSWORD']);
    expect(p.script.steps.filter((x) => x.kind === 'command').map((x) => x.kind === 'command' && x.payload)).toEqual([undefined, undefined, 'hello<CR><LF>world']);
  });
  it('saves a selection of the commands', () => {
    const s = scriptFromSession(records, { from: 2, to: 2 });
    expect(s.commands).toBe(1);
    expect(s.text).not.toContain('AT+CSQ');
    expect(s.text).not.toContain('QMTPUB');
  });
});
