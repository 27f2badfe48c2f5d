import { describe, expect, it } from 'vitest';
import { catalogue, explain, isAliyunHost, lookup, problemFromCode, problemFromLine, type CodeFamily } from './codes';

// The code tables of the command reference, transcribed: every code listed there must be explained.
const SPEC_TABLES: Array<[CodeFamily, Array<number | string>]> = [
  ['qmtopen', [-1, 0, 1, 2, 3, 4, 5]], // protocol.md §3.3
  ['qmtclose', [-1, 0]],
  ['qmtdisc', [-1, 0]],
  ['qmtconn', [0, 1, 2]],
  ['connack', [0, 1, 2, 3, 4, 5]], // protocol.md §3.4
  ['qmtstat', [1, 2, 3, 4, 5, 6, 7, 8]], // protocol.md §3.1
  ['qmtsub', [0, 1, 2, 128]],
  ['qmtuns', [0, 1, 2]],
  ['qmtpub', [0, 1, 2]],
  ['qmtping', [1]],
  // protocol.md §4.7: 27.007, Quectel file errors, Quectel TCP/IP errors.
  ['cme', [0, 3, 4, 10, 11, 12, 13, 14, 15, 16, 30, 31, 32, 50, 100]],
  ['cme', [400, 401, 402, 403, 405, 406, 407, 409, 410, 411, 413, 414, 416, 417, 418, 419, 420, 421, 423, 425, 426]],
  ['cme', Array.from({ length: 25 }, (_, i) => 550 + i)],
  ['cpin', ['READY', 'NOT INSERTED', 'SIM PIN', 'SIM PUK', 'SIM PIN2', 'SIM PUK2', 'PH-NET PIN']], // protocol.md §4.2
  ['reg', [0, 1, 2, 3, 4, 5]],
];

describe('code catalogue', () => {
  for (const [family, codes] of SPEC_TABLES) {
    it(`has an actionable entry for every ${family} code of the reference`, () => {
      for (const code of codes) {
        const e = lookup(family, code);
        expect(e, `${family}.${code}`).toBeDefined();
        expect(e?.meaning.length).toBeGreaterThan(5);
        expect(e?.nextStep.length).toBeGreaterThan(5);
        if (!e?.success) expect(e?.likelyCauses.length, `${family}.${code} causes`).toBeGreaterThan(0);
      }
    });
  }

  it('keys are unique', () => {
    const keys = catalogue.map((e) => `${e.family}.${e.code}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('marks only the success codes as success', () => {
    const successes = catalogue.filter((e) => e.success).map((e) => `${e.family}.${e.code}`).sort();
    expect(successes).toEqual(['connack.0', 'cpin.READY', 'qmtclose.0', 'qmtconn.0', 'qmtdisc.0', 'qmtopen.0', 'qmtpub.0', 'qmtstat.5', 'qmtsub.0', 'qmtuns.0', 'reg.1', 'reg.5',
      // 27.007 registered states beyond the reference's 0–5, and the four AT+QMTCONN? states (states, not failures).
      'reg.6', 'reg.7', 'reg.9', 'reg.10', 'qmtconnstate.1', 'qmtconnstate.2', 'qmtconnstate.3', 'qmtconnstate.4',
      // Findings of the diagnosis checks that are fine (or only worth a look).
      'diag.attached', 'diag.clock', 'diag.dns', 'diag.ping-ok', 'diag.ping-partial', 'diag.sim-identity', 'diag.urcport-here', 'diag.urcport-unknown',
      // A +CSQ reading that found a signal.
      'csq.reading',
      // A serving system that was heard, and a camped cell with full service (protocol.md §4.2.1).
      'qcsq.GSM', 'qcsq.WCDMA', 'qcsq.LTE', 'qcsq.CAT-M1', 'qcsq.CAT-NB1', 'qeng.NOCONN', 'qeng.CONNECT'].sort());
  });

  it('explains the URC port and attach answers (OK but never a URC; not attached)', () => {
    expect(explain('+QURCCFG: "urcport","usbat"')?.nextStep).toMatch(/urcport.*uart1/);
    expect(explain('+CGATT: 0')).toMatchObject({ key: 'diag.detached', success: false });
    expect(explain('+CGATT: 1')).toMatchObject({ key: 'diag.attached', success: true });
    expect(problemFromCode('diag', 'urcport-elsewhere', 'x').title).toMatch(/OK but no result URC/);
  });

  it('reads a +CSQ answer in dBm and words; 99 is no signal', () => {
    expect(explain('+CSQ: 21,99')).toMatchObject({ key: 'csq.reading', meaning: 'Signal -71 dBm (good), bit error rate not known.' });
    expect(explain('+CSQ: 31,0')?.meaning).toBe('Signal -51 dBm or more (excellent), bit error rate class 0.');
    expect(explain('+CSQ: 99,99')?.key).toBe('csq.99');
  });
});

describe('explain', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['+QMTOPEN: 0,-1', 'qmtopen.-1', /TLS|TCP/],
    ['+QMTOPEN: 0,3', 'qmtopen.3', /PDP/],
    ['+QMTOPEN: 0,4', 'qmtopen.4', /DNS/],
    ['+QMTCONN: 0,0,4', 'connack.4', /user name or password/],
    ['+QMTCONN: 0,0,0', 'connack.0', /accepted/],
    ['+QMTCONN: 0,2', 'qmtconn.2', /CONNECT/],
    ['+CME ERROR: 10', 'cme.10', /SIM/],
    ['+CME ERROR: SIM not inserted', 'cme.10', /SIM/],
    ['+CME ERROR: sim busy', 'cme.14', /initialising/],
    ['+CME ERROR: 407', 'cme.407', /already exists/],
    ['+CME ERROR: operation not allowed', 'cme.3', /not allowed/],
    ['+CME ERROR: operation not supported', 'cme.4', /not supported/],
    ['+CME ERROR: unknown', 'cme.100', /Unknown/],
    ['+CME ERROR: incorrect parameters', 'cme.50', /Incorrect parameters/],
    ['+CME ERROR: 561', 'cme.561', /PDP/],
    ['+CMS ERROR: 500', 'cms.500', /SMS/],
    ['+QMTSTAT: 0,1', 'qmtstat.1', /closed/],
    ['+QMTSTAT: 2,2', 'qmtstat.2', /PINGREQ/],
    ['ERROR', 'error.generic', /rejected/],
    ['+QMTSUB: 0,1,0,128', 'qmtsub.128', /refused/],
    ['+QMTSUB: 0,1,0,1,128', 'qmtsub.partial', /in part: filter 1 granted \(QoS 1\); filter 2 refused/],
    ['+QMTSUB: 0,1,0,1', 'qmtsub.0', /SUBACK/],
    ['+QMTPUBEX: 0,7,0', 'qmtpub.0', /Published/],
    ['+QMTPUB: 0,5,1,2', 'qmtpub.1', /retransmitted/],
    ['+QMTPING: 0,1', 'qmtping.1', /PINGRESP/],
    ['+QMTDISC: 0,0', 'qmtdisc.0', /Disconnected/],
    ['+QMTCLOSE: 0,-1', 'qmtclose.-1', /Failed/],
    ['+CPIN: NOT INSERTED', 'cpin.NOT INSERTED', /SIM/],
    ['+CSQ: 99,99', 'csq.99', /signal/],
    ['+CEREG: 3', 'reg.3', /denied/],
    ['+CEREG: 3', 'reg.3', /denied/],
    ['+CEREG: 1,"1A2B","01C3D4E5",7', 'reg.1', /home/],
    ['connack 5', 'connack.5', /authori/],
    ['qmtopen.-1', 'qmtopen.-1', /open/],
    ['CME ERROR 14', 'cme.14', /SIM/],
    ['10', 'cme.10', /SIM/],
    ['  +QMTOPEN: 0,5  ', 'qmtopen.5', /connection error/],
  ];
  it.each(cases)('explains %j as %s', (text, key, meaning) => {
    const e = explain(text);
    expect(e?.key).toBe(key);
    expect(e?.meaning).toMatch(meaning);
  });

  it('reads a plain ERROR in the context of the command it answered', () => {
    expect(explain('ERROR', { command: 'AT+QMTCONN=0,"id"' })?.key).toBe('error.qmtconn');
    expect(explain('ERROR', { command: 'AT+QMTPUBEX=0,1,1,0,"t",3' })?.key).toBe('error.qmtpub');
    expect(explain('ERROR', { command: 'AT+QSSLCFG="ciphersuite",2,"0XFFFF"' })?.nextStep).toMatch(/unquoted/);
    expect(explain('ERROR', { command: 'ATI' })?.key).toBe('error.generic');
  });

  it('returns undefined for text it does not know', () => {
    for (const t of ['', 'hello', '+QMTOPEN: 0,9', '+CME ERROR: 9999', '+FOO: 1,2', 'OK', '+QMTSTAT: 0']) expect(explain(t), t).toBeUndefined();
  });

  it('adds Alibaba Cloud hints only for Aliyun endpoints', () => {
    const host = 'a1b2c3.iot-as-mqtt.cn-shanghai.aliyuncs.com';
    expect(isAliyunHost(host)).toBe(true);
    expect(isAliyunHost('iot-06z00ae5m2066i3.mqtt.iothub.aliyuncs.com')).toBe(true);
    expect(isAliyunHost('broker.example.net')).toBe(false);
    expect(explain('+QMTCONN: 0,0,4', { host })?.aliyun?.likelyCauses.join(' ')).toMatch(/region/);
    expect(explain('+QMTCONN: 0,0,2', { host })?.aliyun).toBeDefined();
    expect(explain('+QMTCONN: 0,0,5', { host })?.aliyun).toBeDefined();
    expect(explain('+QMTSTAT: 0,1', { host })?.aliyun?.likelyCauses.join(' ')).toMatch(/same triple/);
    expect(explain('+QMTCONN: 0,0,4', { host: 'broker.example.net' })?.aliyun).toBeUndefined();
  });
});

describe('problems from the catalogue', () => {
  it('carries the catalogue next step and the line seen', () => {
    const p = problemFromLine('+QMTOPEN: 0,3', { command: 'AT+QMTOPEN=0,"h",1883' });
    expect(p.code).toBe('qmtopen.3');
    expect(p.detail).toContain('+QMTOPEN: 0,3');
    expect(p.nextStep).toMatch(/QIACT/);
  });
  it('folds Aliyun hints into the next step', () => {
    const p = problemFromCode('connack', 4, '+QMTCONN: 0,0,4', { host: 'pk.iot-as-mqtt.ap-southeast-1.aliyuncs.com' });
    expect(p.nextStep).toMatch(/region/);
  });
  it('gives an unknown line a generic problem instead of throwing', () => {
    expect(problemFromLine('GARBAGE').code).toBe('modem.unexpected');
    expect(problemFromCode('qmtopen', 42, 'x').code).toBe('qmtopen.42');
  });
});
