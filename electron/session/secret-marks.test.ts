import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/model';
import { createSecretMarker, maskOutcomeLines, type RecordToWrite } from './secret-marks';

const at = { mono: 1, wall: 2 };
const tx = (text: string): RecordToWrite => ({ ...at, dir: 'tx', bytes: Buffer.from(text, 'latin1').toString('base64') });
const line = (dir: 'tx' | 'rx', text: string): RecordToWrite => ({ ...at, event: { type: 'line', dir, kind: dir === 'tx' ? 'command' : 'response', text, at } });
const marked = (r: RecordToWrite) => (r as JournalRecord).secret;

describe('createSecretMarker', () => {
  it('marks the password bytes of a QMTCONN write and the same field of its line event', () => {
    const mark = createSecretMarker();
    const cmd = 'AT+QMTCONN=0,"c","u","hunter22"';
    expect(marked(mark(tx(`${cmd}\r`)))).toEqual([[22, 30]]);
    expect(marked(mark(line('tx', cmd)))).toEqual([[22, 30]]);
    expect(marked(mark(line('rx', cmd)))).toEqual([[22, 30]]); // its echo
    expect(marked(mark(line('rx', 'OK')))).toBeUndefined();
  });

  it('marks the whole payload of a key file upload, bytes and event, but not the next command', () => {
    const mark = createSecretMarker();
    mark(tx('AT+QFUPL="UFS:client.key",12,60\r'));
    mark(line('tx', 'AT+QFUPL="UFS:client.key",12,60'));
    expect(marked(mark(tx('0123\n456789a')))).toEqual([[0, 12]]);
    expect(marked(mark(line('tx', '0123<LF>456789a')))).toEqual([[0, 15]]);
    expect(marked(mark(tx('AT+QFLST\r')))).toBeUndefined();
    expect(marked(mark(line('tx', 'AT+QFLST')))).toBeUndefined();
  });

  it('leaves the payload of a certificate upload and an ordinary message alone', () => {
    const mark = createSecretMarker();
    mark(tx('AT+QFUPL="cacert.pem",10\r'));
    expect(marked(mark(tx('-----BEGIN')))).toBeUndefined();
    mark(tx('AT+QMTPUB=0,0,0,0,"t"\r'));
    expect(marked(mark(tx('hello')))).toBeUndefined();
  });

  it('marks the DeviceSecret the aliauth query echoes, and a command event', () => {
    const mark = createSecretMarker();
    expect(marked(mark(line('rx', '+QMTCFG: "aliauth","pk","dn","s3cr3t!"')))).toEqual([[30, 37]]);
    const started: RecordToWrite = { ...at, event: { type: 'command-started', id: 1, command: 'AT+QMTCFG="aliauth",0,"pk","dn","s3cr3t!"', at } };
    expect(marked(mark(started))).toEqual([[33, 40]]);
  });
});

describe('maskOutcomeLines', () => {
  it('masks secret answer lines and keeps the others (and the object when nothing changes)', () => {
    const outcome = { kind: 'ok' as const, final: 'OK', lines: ['+QMTCFG: "aliauth","pk","dn","s3cr3t!"', '+QMTCFG: "version",0,4'] };
    expect(maskOutcomeLines(outcome).lines).toEqual(['+QMTCFG: "aliauth","pk","dn","••••••"', '+QMTCFG: "version",0,4']);
    const plain = { kind: 'ok' as const, final: 'OK', lines: ['+CSQ: 20,99'] };
    expect(maskOutcomeLines(plain)).toBe(plain);
  });
});
