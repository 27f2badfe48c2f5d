// How `workbench at` turns an input line into a request (pure part of electron/cli/at.ts).
import { describe, expect, it } from 'vitest';
import { requestFromInput } from './at';

const dec = new TextDecoder();

describe('requestFromInput', () => {
  it('sends a plain command as typed, without a warning', () => {
    expect(requestFromInput('  AT+QMTOPEN=0,"broker.example.net",1883 ')).toEqual({ request: { text: 'AT+QMTOPEN=0,"broker.example.net",1883' } });
  });

  it('straightens typographic quotes pasted into a command and says so (protocol.md quirk 16)', () => {
    const r = requestFromInput('AT+QMTOPEN=0,\u201cbroker.example.net\u201d,1883');
    expect(r.request.text).toBe('AT+QMTOPEN=0,"broker.example.net",1883');
    expect(r.warning).toMatch(/typographic quotes/);
    expect(requestFromInput('AT+QMTCONN=0,\u201cid\u201d').request.text).toBe('AT+QMTCONN=0,"id"');
  });

  it('keeps typographic quotes inside a payload: the payload is data', () => {
    const r = requestFromInput('AT+QMTPUB=0,0,0,0,\u201ct\u201d <<< say \u201chi\u201d');
    expect(r.request.text).toBe('AT+QMTPUB=0,0,0,0,"t"');
    expect(dec.decode(r.request.payload!.bytes)).toBe('say \u201chi\u201d');
    expect(r.request.payload!.end).toBe('ctrl-z');
  });

  it('a fixed-length publish counts UTF-8 bytes and warns when the text does not match the length', () => {
    const exact = requestFromInput('AT+QMTPUBEX=0,1,1,0,"t",6 <<< 你好');
    expect(exact.request.payload).toEqual({ bytes: new TextEncoder().encode('你好'), end: 'fixed-length' });
    expect(exact.warning).toBeUndefined();
    expect(requestFromInput('AT+QMTPUBEX=0,1,1,0,"t",3 <<< 你好').warning).toMatch(/announces 3 bytes but the text has 6/);
  });
});
