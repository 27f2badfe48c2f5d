import { describe, expect, it } from 'vitest';
import { REDACTED, isSignatureLike, redactModel, redactRecords, redactText } from './redact';
import { buildJournal } from './transcript';
import type { JournalRecord } from '../../shared/model';

const R = REDACTED;
const sig40 = '7d4e1d0a53c1f2c6a8e0b9d3f1e2a4b6c8d0e2f4';

describe('redactText: field rules', () => {
  it.each([
    ['aliauth set', 'AT+QMTCFG="aliauth",0,"a1B2c3D4e5F","meter-0042","Q9x7s3cr3tZZ"', `AT+QMTCFG="aliauth",0,"a1B2c3D4e5F","meter-0042","${R}"`],
    ['aliauth set, lower case and spaces', 'at+qmtcfg="aliauth", 1, "pk", "dn", "s3"', `at+qmtcfg="aliauth", 1, "pk", "dn", "${R}"`],
    ['aliauth query response', '+QMTCFG: "aliauth","a1B2c3D4e5F","meter-0042","Q9x7s3cr3tZZ"', `+QMTCFG: "aliauth","a1B2c3D4e5F","meter-0042","${R}"`],
    ['QMTCONN password', 'AT+QMTCONN=0,"wb-demo-0001","fielduser","Secr3t"', `AT+QMTCONN=0,"wb-demo-0001","fielduser","${R}"`],
    ['QMTCONN short password', 'AT+QMTCONN=0,"c","u","x"', `AT+QMTCONN=0,"c","u","${R}"`],
    [
      'Aliyun signature password, user name kept',
      `AT+QMTCONN=0,"pk.dn|securemode=2,signmethod=hmacsha1|","dn&pk","${sig40}"`,
      `AT+QMTCONN=0,"pk.dn|securemode=2,signmethod=hmacsha1|","dn&pk","${R}"`,
    ],
    [
      'signature in the user name',
      'AT+QMTCONN=0,"dev1","SharedAccessSignature sr=x&sig=abc","pw"',
      `AT+QMTCONN=0,"dev1","${R}","${R}"`,
    ],
    ['client id only (aliauth set): nothing to hide', 'AT+QMTCONN=0,"meter-0042"', 'AT+QMTCONN=0,"meter-0042"'],
    ['console JSON copy', '{"clientId":"x","passwd":"abcdef0123456789abcdef0123456789"}', `{"clientId":"x","passwd":"${R}"}`],
    ['PEM private key', 'key: -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- end', `key: ${R} end`],
    ['ordinary lines stay', '+QMTCONN: 0,0,4', '+QMTCONN: 0,0,4'],
    ['concatenated commands', 'AT+CMEE=2;+QMTCONN=0,"id","user","PW"', `AT+CMEE=2;+QMTCONN=0,"id","user","${R}"`],
    ['unquoted option name', 'AT+QMTCFG=aliauth,0,"pk","dn","SECRET"', `AT+QMTCFG=aliauth,0,"pk","dn","${R}"`],
  ])('%s', (_name, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('replaces configured exact secrets wherever they occur', () => {
    expect(redactText('token=abcd1234 and again abcd1234.', ['abcd1234'])).toBe(`token=${R} and again ${R}.`);
  });

  it.each([
    [sig40, true],
    ['0123456789abcdef0123456789abcdef', true],
    ['dn&pk', false],
    ['fielduser', false],
  ])('isSignatureLike(%s) = %s', (s, expected) => expect(isSignatureLike(s)).toBe(expected));
});

const decode = (r: JournalRecord) => ('bytes' in r ? Buffer.from(r.bytes, 'base64').toString('utf8') : '');
const allText = (records: JournalRecord[]) => records.map((r) => ('bytes' in r ? decode(r) : JSON.stringify(r.event))).join('\n');

describe('redactRecords', () => {
  it('redacts the QMTCONN password in events and raw bytes, and its echo elsewhere', () => {
    const records = buildJournal([
      { at: 0, send: 'AT+QMTCONN=0,"wb-demo-0001","fielduser","Secr3t"' },
      { at: 10, urc: '+QMTCONN: 0,0,0' },
    ]);
    records.push({ seq: records.length, mono: 20, wall: 20, event: { type: 'note', text: 'tried Secr3t first' } });
    const out = redactRecords(records);
    const text = allText(out);
    expect(text).not.toContain('Secr3t');
    expect(text).toContain(`AT+QMTCONN=0,"wb-demo-0001","fielduser","${R}"\r`);
    expect(text).toContain(`tried ${R} first`);
    // the rest is untouched
    expect(out.length).toBe(records.length);
    expect(text).toContain('+QMTCONN: 0,0,0');
  });

  it('redacts a secret split across two raw byte records consistently', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const records: JournalRecord[] = [
      { seq: 0, mono: 0, wall: 0, dir: 'rx', bytes: b64('\r\n+QMTCFG: "aliauth","pk","dn","Q9x7s') },
      { seq: 1, mono: 1, wall: 1, dir: 'rx', bytes: b64('3cr3tZZ"\r\n\r\nOK\r\n') },
    ];
    const out = redactRecords(records);
    expect(decode(out[0]!)).toBe(`\r\n+QMTCFG: "aliauth","pk","dn","${R}`);
    expect(decode(out[1]!)).toBe('"\r\n\r\nOK\r\n');
  });

  it('redacts the uploaded bytes of a .key file and the same key seen in a log line', () => {
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkq3y7x2k0sVx8mZ4a0b1c2d3e4f5g6h7i8j9k0l1m2oAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n';
    const size = Buffer.byteLength(key);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const records: JournalRecord[] = [
      { seq: 0, mono: 0, wall: 0, dir: 'tx', bytes: b64(`AT+QFUPL="client.key",${size},100\r`) },
      { seq: 1, mono: 1, wall: 1, dir: 'rx', bytes: b64('\r\nCONNECT\r\n') },
      { seq: 2, mono: 2, wall: 2, dir: 'tx', bytes: b64(key.slice(0, 40)) },
      { seq: 3, mono: 3, wall: 3, dir: 'tx', bytes: b64(key.slice(40)) },
      { seq: 4, mono: 4, wall: 4, dir: 'tx', bytes: b64('AT+QFLST\r') },
      { seq: 5, mono: 5, wall: 5, event: { type: 'line', dir: 'tx', kind: 'raw', text: 'MHcCAQEEIBkq3y7x2k0sVx8mZ4a0b1c2d3e4f5g6h7i8j9k0l1m2oAoGCCqGSM49', at: { mono: 5, wall: 5 } } },
    ];
    const out = redactRecords(records);
    expect(decode(out[0]!)).toBe(`AT+QFUPL="client.key",${size},100\r`);
    expect(decode(out[2]!)).toBe(R);
    expect(decode(out[3]!)).toBe('');
    expect(decode(out[4]!)).toBe('AT+QFLST\r');
    expect(allText(out)).not.toContain('MHcCAQEEIBkq3y7x');
  });

  it('leaves a certificate upload alone', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const cert = 'MIIBszCCAVmgAwIBAgIUfake';
    const records: JournalRecord[] = [
      { seq: 0, mono: 0, wall: 0, dir: 'tx', bytes: b64(`AT+QFUPL="ca.pem",${cert.length},100\r`) },
      { seq: 1, mono: 1, wall: 1, dir: 'tx', bytes: b64(cert) },
    ];
    expect(redactRecords(records)).toEqual(records);
  });

  it('applies configured secrets to bytes and events, also when they are not ASCII', () => {
    const records = buildJournal([{ at: 0, send: 'AT+QMTPUB=0,0,0,0,"t"', payload: 'pin=Grüße42' }]);
    const text = allText(redactRecords(records, { extraSecrets: ['Grüße42'] }));
    expect(text).not.toContain('Grüße42');
    expect(text).toContain(`pin=${R}`);
  });

  it('never touches enum fields even if a secret spells one', () => {
    const records = buildJournal([{ at: 0, send: 'AT+QMTCONN=0,"c","u","line"' }]);
    const out = redactRecords(records);
    const kinds = out.flatMap((r) => ('event' in r && r.event.type === 'line' ? [r.event.type] : []));
    expect(kinds.length).toBeGreaterThan(0);
    expect(allText(out)).not.toContain('"line"\r');
  });
});

describe('redactModel (a grouped live session)', () => {
  it('redacts entries and exchanges alike, including the uploaded key lines', async () => {
    const { groupRecords } = await import('../../shared/exchanges');
    const key = '-----BEGIN PRIVATE KEY-----<LF>MIIEvQIBADANBgkqhkiG9w0BAQEFAASC<LF>-----END PRIVATE KEY-----<LF>';
    const model = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QFUPL="client.key",120,100', payload: key },
        { at: 100, send: 'AT+QMTCONN=0,"c","fielduser","Secr3t"' },
        { at: 200, urc: '+QMTCONN: 0,0,4' },
      ]),
    );
    const out = redactModel(model);
    const text = JSON.stringify(out);
    expect(text).not.toContain('Secr3t');
    expect(text).not.toContain('MIIEvQIBADAN');
    expect(out.entries.find((e) => e.kind === 'raw')?.text).toBe(R);
    expect(out.exchanges[1]?.command).toBe(`AT+QMTCONN=0,"c","fielduser","${R}"`);
    expect(out.entries.length).toBe(model.entries.length);
    expect(out.exchanges.map((x) => x.outcome)).toEqual(model.exchanges.map((x) => x.outcome));
  });
});

describe('redaction honours the marks the journal carries', () => {
  const at = { mono: 1, wall: 2 };
  it('replaces a marked range the detector alone would not find, in bytes and events, and drops the marks', () => {
    const text = 'AT+XCUSTOM="k9"'; // a secret no field rule knows, and too short to hunt by string
    const records: JournalRecord[] = [
      { seq: 0, ...at, dir: 'tx', bytes: btoa(`${text}\r`), secret: [[12, 14]] },
      { seq: 1, ...at, event: { type: 'line', dir: 'tx', kind: 'command', text, at }, secret: [[12, 14]] },
    ];
    const out = redactRecords(records);
    expect(atob((out[0] as { bytes: string }).bytes)).toBe(`AT+XCUSTOM="${REDACTED_LATIN1}"\r`);
    expect((out[1] as { event: { text: string } }).event.text).toBe(`AT+XCUSTOM="${REDACTED}"`);
    expect(out.every((r) => r.secret === undefined)).toBe(true);
  });

  it('redacts a grouped session by its entry marks, and every other copy of a marked secret', async () => {
    const { groupRecords } = await import('../../shared/exchanges');
    const model = groupRecords([
      { seq: 0, ...at, event: { type: 'line', dir: 'tx', kind: 'command', text: 'AT+XCUSTOM="tok-123"', at }, secret: [[12, 19]] },
      { seq: 1, ...at, event: { type: 'note', text: 'pasted: tok-123' } },
    ]);
    expect(model.entries[0]?.secret).toEqual([[12, 19]]);
    const safe = redactModel({ ...model, entries: [...model.entries, { ...model.entries[0]!, index: 1, text: 'echo tok-123', secret: [] }] });
    expect(safe.entries.map((e) => e.text)).toEqual([`AT+XCUSTOM="${REDACTED}"`, `echo ${REDACTED}`]);
    expect(safe.entries.every((e) => e.secret === undefined)).toBe(true);
  });
});

const REDACTED_LATIN1 = String.fromCharCode(...new TextEncoder().encode(REDACTED));

describe('secrets in forms typed by hand never reach a diagram', () => {
  it('concatenated commands and an unquoted option name are redacted in the SVG and Mermaid exports', async () => {
    const { exportDiagram, sessionModel } = await import('./model');
    const records = buildJournal([
      { at: 0, send: 'AT+CMEE=2;+QMTCONN=0,"id","user","PW-planted-1"' },
      { at: 100, send: 'AT+QMTCFG=aliauth,0,"pk","dn","SECRET-planted-2"' },
    ]);
    const model = sessionModel(records);
    for (const format of ['svg', 'mermaid', 'png'] as const) {
      const file = exportDiagram(model, format).text;
      expect(file).not.toContain('PW-planted-1');
      expect(file).not.toContain('SECRET-planted-2');
    }
  });
});

describe('secrets with text a URL cannot hold', () => {
  it('a secret holding a lone surrogate (a cut read) is still redacted, and redaction does not throw', () => {
    const secret = 'wron\ud800g;pass#1';
    const out = redactText(`AT+QMTCONN=0,"c","u","${secret}"`);
    expect(out).toBe(`AT+QMTCONN=0,"c","u","${R}"`);
    const records = buildJournal([{ at: 0, send: `AT+QMTCONN=0,"c","u","${secret}"` }]);
    expect(() => redactRecords(records)).not.toThrow();
  });
});
