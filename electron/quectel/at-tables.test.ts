import { describe, expect, it } from 'vitest';
import { classifyFinal } from '../at/final-results';
import * as at from '../at/catalogue';
import { matchUrc as matchRow } from '../at/urc-registry';
import type { Expect } from '../at/types';
import { quectelDialect, payloadEndFor, announcedLength } from './at-dialect';

// The engine's tables as a Quectel engine has them (the 27.007 basics plus the Quectel rows).
const claimsByPrefix = (text: string, expect: Expect, line: string) => at.claimsByPrefix(text, expect, line, quectelDialect.commands);
const expectFor = (text: string) => at.expectFor(text, quectelDialect.commands);
const matchUrc = (line: string) => matchRow(line, quectelDialect.urcs);
const parseCommand = at.parseCommand;
const timeoutFor = (text: string) => at.timeoutFor(text, quectelDialect.commands);

describe('final results (protocol.md §1.2, §4.7)', () => {
  const table: Array<[string, string | undefined, string | undefined]> = [
    ['OK', 'ok', undefined],
    ['ERROR', 'error', 'at.error'],
    ['+CME ERROR: 10', 'error', 'at.cme.10'],
    ['+CME ERROR: SIM not inserted', 'error', 'at.cme.SIM not inserted'],
    ['+CME ERROR: 407', 'error', 'at.cme.407'],
    ['+CMS ERROR: 500', 'error', 'at.cms.500'],
    ['CONNECT', 'connect', undefined],
    ['NO CARRIER', 'error', 'at.no-carrier'],
    ['+CSQ: 21,99', undefined, undefined],
    ['OKAY', undefined, undefined],
  ];
  for (const [line, kind, code] of table) {
    it(`${line} → ${kind ?? 'not final'}`, () => {
      const f = classifyFinal(line);
      expect(f?.kind).toBe(kind);
      if (f?.kind === 'error') expect(f.problem.code).toBe(code);
    });
  }
  it('a numeric +CME ERROR is explained in words with a next step', () => {
    const f = classifyFinal('+CME ERROR: 14');
    expect(f?.kind === 'error' && f.problem.title).toMatch(/SIM busy/);
    expect(f?.kind === 'error' && f.problem.nextStep).toMatch(/PB DONE/);
  });
});

describe('URC registry (protocol.md §3, §4.6): shape decides, specific first', () => {
  const table: Array<[string, string | undefined]> = [
    ['+QMTSTAT: 0,1', 'QMTSTAT'],
    ['+QMTOPEN: 0,0', 'QMTOPEN'],
    ['+QMTOPEN: 0,-1', 'QMTOPEN'],
    ['+QMTOPEN: 0,"broker.example.net",1883', undefined],
    ['+QMTOPEN: (0-5),"<host_name>",(1-65535)', undefined],
    ['+QMTCONN: 0,0,0', 'QMTCONN'],
    ['+QMTCONN: 0,2', 'QMTCONN'],
    ['+QMTSUB: 0,1,0,1,128', 'QMTSUB'],
    ['+QMTPUB: 0,0,0', 'QMTPUB'],
    ['+QMTPUBEX: 0,7,0', 'QMTPUBEX'],
    ['+QMTPUB: 0,5,1,2', 'QMTPUB'],
    ['+QMTRECV: 0,3,"site7/cmd/led",2,"on"', 'QMTRECV'],
    ['+QMTRECV: 0,1', 'QMTRECV'],
    ['+QMTPING: 0,1', 'QMTPING'],
    ['+QMTDISC: 0,0', 'QMTDISC'],
    ['+QMTCLOSE: 0,0', 'QMTCLOSE'],
    ['RDY', 'RDY'],
    ['APP RDY', 'APP RDY'],
    ['POWERED DOWN', 'POWERED DOWN'],
    ['+CFUN: 1', 'CFUN'],
    ['+CPIN: READY', 'CPIN'],
    ['+QUSIM: 1', 'QUSIM'],
    ['+QIND: PB DONE', 'QIND'],
    ['+CEREG: 1', 'CEREG'],
    ['+CEREG: 5,"1A2B","01C3D4E5",7', 'CEREG'],
    ['+CEREG: 0,1', undefined],
    ['+QPING: 0,4,4,0,34,60,45', 'QPING'],
    ['+CSQ: 21,99', undefined],
    ['OK', undefined],
  ];
  for (const [line, name] of table) {
    it(`${line} → ${name ?? 'not a URC'}`, () => {
      expect(matchUrc(line)?.name).toBe(name);
    });
  }
  it('RDY and APP RDY mark a restart', () => {
    expect(matchUrc('RDY')?.restart).toBe(true);
    expect(matchUrc('+QMTSTAT: 0,1')?.restart).toBeUndefined();
  });
});

describe('command catalogue (protocol.md §1.6)', () => {
  it('parses forms', () => {
    expect(parseCommand('AT+QMTOPEN=0,"h,1",1883')).toEqual({ name: 'QMTOPEN', form: 'write', params: ['0', '"h,1"', '1883'] });
    expect(parseCommand('AT+QMTOPEN?')?.form).toBe('read');
    expect(parseCommand('AT+QMTOPEN=?')?.form).toBe('test');
    expect(parseCommand('ATE0')?.name).toBe('E');
    expect(parseCommand('AT&V')?.name).toBe('&V');
    expect(parseCommand('hello')).toBeUndefined();
  });
  it('host timeouts have slack over the spec maxima', () => {
    expect(timeoutFor('AT+QMTCFG="version",0,4')).toBeGreaterThanOrEqual(2000);
    expect(timeoutFor('AT+QIACT=1')).toBeGreaterThanOrEqual(150_000);
    expect(timeoutFor('AT+QIDEACT=1')).toBeGreaterThanOrEqual(40_000);
    expect(timeoutFor('AT+COPS=?')).toBeGreaterThanOrEqual(180_000);
    expect(timeoutFor('AT+CPIN?')).toBeGreaterThanOrEqual(5_000);
    expect(timeoutFor('AT+FOO')).toBeGreaterThanOrEqual(2_000);
  });
  it('async QMT writes claim no lines; their read forms claim the read shape only', () => {
    expect(expectFor('AT+QMTOPEN=0,"h",1883')).toEqual({ kind: 'none' });
    const read = expectFor('AT+QMTOPEN?');
    expect(claimsByPrefix('AT+QMTOPEN?', read, '+QMTOPEN: 0,"h",1883')).toBe(true);
    expect(claimsByPrefix('AT+QMTOPEN?', read, '+QMTOPEN: 0,0')).toBe(false);
    expect(claimsByPrefix('AT+CPIN?', expectFor('AT+CPIN?'), '+CPIN: READY')).toBe(true);
    expect(expectFor('ATI')).toEqual({ kind: 'multi', prefix: '' });
  });
  it('knows which publishes are fixed length', () => {
    expect(payloadEndFor('AT+QMTPUB=0,0,0,0,"t"')).toBe('ctrl-z');
    expect(payloadEndFor('AT+QMTPUB=0,0,0,0,"t",5')).toBe('fixed-length');
    expect(payloadEndFor('AT+QMTPUBEX=0,7,1,0,"t",12')).toBe('fixed-length');
    expect(payloadEndFor('AT+QFUPL="ca.pem",1188,100')).toBe('fixed-length');
    expect(announcedLength('AT+QMTPUBEX=0,7,1,0,"t",12')).toBe(12);
    expect(announcedLength('AT+QFUPL="ca.pem",1188,100')).toBe(1188);
  });
});
