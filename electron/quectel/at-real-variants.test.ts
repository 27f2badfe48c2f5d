// Line tables of the engine (URC rows, which lines a command claims, final results) on lines as
// real firmware prints them (protocol.md §2–§4, §7).
import { describe, expect, it } from 'vitest';
import { classifyFinal } from '../at/final-results';
import * as at from '../at/catalogue';
import { matchUrc as matchRow } from '../at/urc-registry';
import type { Expect } from '../at/types';
import { quectelDialect } from './at-dialect';

// The engine's tables as a Quectel engine has them (the 27.007 basics plus the Quectel rows).
const claimsByPrefix = (text: string, expect: Expect, line: string) => at.claimsByPrefix(text, expect, line, quectelDialect.commands);
const claimsUnprefixed = at.claimsUnprefixed;
const expectFor = (text: string) => at.expectFor(text, quectelDialect.commands);
const matchUrc = (line: string) => matchRow(line, quectelDialect.urcs);

describe('URC rows accept real variants', () => {
  it.each([
    ['+QMTSTAT: 0,1', 'QMTSTAT'],
    ['+QMTSTAT: 0, 1', 'QMTSTAT'],
    ['+QMTOPEN: 1, -1', 'QMTOPEN'],
    ['+QMTCONN: 0,0', 'QMTCONN'],
    ['+QMTCONN: 0, 0, 5', 'QMTCONN'],
    ['+QMTSUB: 0,1,0,1,0,128', 'QMTSUB'],
    ['+QMTPUBEX: 0, 7, 0', 'QMTPUBEX'],
    ['+QMTRECV: 0, 1', 'QMTRECV'],
    ['+QMTRECV: 0,0,site7/cmd,bare', 'QMTRECV'],
    ['+CEREG: 1,"1A2B","01C2D3E4",7', 'CEREG'],
    ['+CEREG: 1,"1A2B","01C2D3E4",7,,,"00000000","00111000"', 'CEREG'],
    ['+CEREG: 3,"FFFE","FFFFFFF",7,0,15', 'CEREG'],
    ['+CREG: 5', 'CREG'],
    ['+QPING: 565', 'QPING'],
    ['+QPING: 0,"93.184.216.34",32,120,255', 'QPING'],
    ['APP RDY', 'APP RDY'],
    ['POWERED DOWN', 'POWERED DOWN'],
    ['NORMAL POWER DOWN', 'POWERED DOWN'],
  ])('%s → %s', (line, name) => {
    expect(matchUrc(line)?.name).toBe(name);
  });

  it.each([['+CEREG: 2,1,"1A2B","01C2D3E4",7'], ['+CREG: 0,5'], ['+QMTOPEN: 0,"broker.example.net",1883']])('%s is a read line, not a URC', (line) => {
    expect(matchUrc(line)).toBeUndefined();
  });
});

describe('which lines a command claims (the rest stay URCs)', () => {
  const claims = (command: string, line: string) => claimsByPrefix(command, expectFor(command), line);
  it.each([
    ['AT+QMTCONN?', '+QMTCONN: 0,3', true],
    ['AT+QMTCONN?', '+QMTCONN: 0,0,0', false],
    ['AT+CEREG?', '+CEREG: 2,1,"1A2B","01C2D3E4",7', true],
    ['AT+CEREG?', '+CEREG: 0,1', true],
    ['AT+CEREG?', '+CEREG: 1,"1A2B","01C2D3E4",7', false],
    ['AT+CREG?', '+CREG: 0,5', true],
    ['AT+CREG?', '+CREG: 5', false],
    ['AT+QMTRECV?', '+QMTRECV: 0,1,0,0,0,0', true],
    ['AT+QMTRECV?', '+QMTRECV: 1,0,"x",3,"abc"', false],
    ['AT+QMTRECV=0', '+QMTRECV: 0,1,"a/b",5,"hello"', true],
    ['AT+QMTRECV=0,1', '+QMTRECV: 0,1,"a/b","hello"', true],
    ['AT+QMTRECV=0', '+QMTRECV: 1,0,"x",6,"direct"', false],
    ['AT+QMTRECV=0', '+QMTRECV: 0,4', false],
    ['AT+QMTOPEN?', '+QMTOPEN: 0, "broker.example.net",1883', true],
  ])('%s claims %s: %s', (command, line, want) => {
    expect(claims(command, line)).toBe(want);
  });
});

describe('final results in words and numbers', () => {
  it.each([
    ['+CME ERROR: SIM not inserted', 'SIM not inserted', /SIM card is inserted/],
    ['+CME ERROR: SIM busy', 'SIM busy', /PB DONE/],
    ['+CME ERROR: 14', 14, /PB DONE/],
    ['+CME ERROR: file already exists', 'file already exists', /AT\+QFDEL/],
    ['+CME ERROR: 407', 407, /AT\+QFDEL/],
  ])('%s', (line, code, nextStep) => {
    const f = classifyFinal(line);
    expect(f).toMatchObject({ kind: 'error', family: 'cme', code });
    expect(f?.kind === 'error' && f.problem.nextStep).toMatch(nextStep);
  });
});

describe('commands whose lines carry no prefix', () => {
  it.each([
    ['ATI', 'Quectel', true],
    ['ATI', 'Revision: EC20CEFAR06A01M4G', true],
    ['AT+CGSN', '866425031234567', true],
    ['AT+CGSN', '+CGSN: "866425031234567"', true],
    ['AT+QGMR', '+QGMR: EC25EFAR06A06M4G_01.002.01.002', true],
    ['AT+CGSN', '+CTZE: "+32",0,"2026/11/25,13:38:37"', false],
    ['ATI', '+QNITZ: "26/11/25,13:38:37+32,0"', false],
    ['AT&V', '+CMEE: 1', true],
  ])('%s takes %s: %s', (command, line, want) => {
    expect(claimsUnprefixed(command, line)).toBe(want);
  });
});
