import { describe, expect, it } from 'vitest';
import { explain, specificErrorCause } from './codes';

describe('explain reads a line in the light of the command it answers', () => {
  it('a read answer of AT+QMTCONN? is a state: 2 is "connecting", not a failed CONNECT', () => {
    const e = explain('+QMTCONN: 0,2', { command: 'AT+QMTCONN?' });
    expect(e).toMatchObject({ key: 'qmtconnstate.2', success: true });
    expect(e?.meaning).toMatch(/connecting/);
    // Without the command the same text is the result URC of AT+QMTCONN=…
    expect(explain('+QMTCONN: 0,2')).toMatchObject({ key: 'qmtconn.2', success: false });
  });

  it('every AT+QMTCONN? state is named', () => {
    const names = [1, 2, 3, 4].map((s) => explain(`+QMTCONN: 0,${s}`, { command: 'AT+QMTCONN?' })?.meaning);
    expect(names).toEqual([expect.stringMatching(/initializing/), expect.stringMatching(/connecting/), expect.stringMatching(/connected/), expect.stringMatching(/disconnecting/)]);
  });

  it('a partial SUBACK names the granted and the refused filter', () => {
    const e = explain('+QMTSUB: 0,1,0,0,128', { command: 'AT+QMTSUB=0,1,"a",0,"b",1' });
    expect(e).toMatchObject({ key: 'qmtsub.partial', success: false, partial: true });
    expect(e?.filters).toEqual([{ filter: 'a', granted: true, qos: 0 }, { filter: 'b', granted: false }]);
    expect(e?.meaning).toBe('Subscribed in part: "a" granted (QoS 0); "b" refused (128).');
  });

  it('a SUBACK refusing every filter stays a refusal, with the filter named', () => {
    const e = explain('+QMTSUB: 0,1,0,128', { command: 'AT+QMTSUB=0,1,"x/#",1' });
    expect(e).toMatchObject({ key: 'qmtsub.128', success: false });
    expect(e?.partial).toBeUndefined();
    expect(e?.meaning).toMatch(/"x\/#" refused/);
  });

  it('an ERROR to AT+QMTCFG while connected: already connected, disconnect first', () => {
    const e = explain('ERROR', { command: 'AT+QMTCFG="keepalive",0,30', connected: true });
    expect(e?.key).toBe('error.qmtcfg-connected');
    expect(e?.meaning).toMatch(/already connected, disconnect first/);
    // +CME ERROR: 3 (operation not allowed) to the same command says the same, keeping the 27.007 words.
    const cme = explain('+CME ERROR: 3', { command: 'AT+QMTCFG="keepalive",0,30', connected: true });
    expect(cme?.key).toBe('error.qmtcfg-connected');
    expect(cme?.likelyCauses.join(' ')).toMatch(/operation not allowed/);
    // State unknown: the command's general row, which still names the connected case first.
    expect(explain('ERROR', { command: 'AT+QMTCFG="keepalive",0,30' })?.key).toBe('error.qmtcfg');
  });

  it('a quoted ciphersuite is named as the cause', () => {
    expect(explain('ERROR', { command: 'AT+QSSLCFG="ciphersuite",2,"0XFFFF"' })?.key).toBe('error.qsslcfg-quoted-ciphersuite');
    expect(explain('ERROR', { command: 'AT+QSSLCFG="ciphersuite",2,0XFFFF' })?.key).toBe('error.qsslcfg');
  });

  it.each([
    ['AT+QMTOPEN=0,“broker”,1883', undefined, 'typographic-quotes'],
    ['AT+QMTOPEN=6,"broker",1883', undefined, 'qmtopen-range'],
    ['AT+QMTOPEN=0,"broker",70000', undefined, 'qmtopen-range'],
    ['AT+QMTPUBEX=0,0,1,0,"t",2', undefined, 'qmtpub-msgid0'],
    ['AT+QMTSUB=0,1,"t",1', false, 'qmt-not-connected'],
    ['AT+QMTCONN=0,"id"', true, 'qmtconn-connected'],
    ['AT+QSSLCFG="sni",2,1', undefined, 'qsslcfg-sni'],
    ['AT+QMTSUB=0,1,"t",1', undefined, undefined],
    ['AT+CSQ', undefined, undefined],
  ] as const)('%s (connected %s) → %s', (command, connected, cause) => {
    expect(specificErrorCause(command, connected)).toBe(cause);
    if (cause) expect(explain('ERROR', { command, ...(connected !== undefined ? { connected } : {}) })?.key).toBe(`error.${cause}`);
  });

  it('a +CME ERROR that already says what is wrong keeps its own row', () => {
    expect(explain('+CME ERROR: 10', { command: 'AT+CPIN?' })?.key).toBe('cme.10');
  });
});
