import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/model';
import { concealEntry, concealExchange, createSecretMarker, maskOutcomeLines, type RecordToWrite } from './secret-marks';

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

describe('a secret cut between serial reads', () => {
  const rx = (text: string): RecordToWrite => ({ ...at, dir: 'rx', bytes: Buffer.from(text, 'latin1').toString('base64') });
  const cut = (r: RecordToWrite, text: string) => (marked(r) ?? []).map(([a, b]) => text.slice(a, b));

  it('marks each read\'s part of the secret, wherever the cut falls (in the secret, before its quote, in the keyword)', () => {
    const answer = '\r\n+QMTCFG: "aliauth","pk","dn","DeviceSecret42"\r\n\r\nOK\r\n';
    const secretAt = answer.indexOf('DeviceSecret42');
    for (let at = 1; at < answer.length; at++) {
      const mark = createSecretMarker();
      const [a, b] = [answer.slice(0, at), answer.slice(at)];
      const parts = [...cut(mark(rx(a)), a), ...cut(mark(rx(b)), b)].join('');
      // Every byte of the secret is marked, in whichever read it arrived; nothing else is.
      expect(parts, `cut at ${at}`).toBe('DeviceSecret42'.slice(0, Math.max(0, at - secretAt)) + 'DeviceSecret42'.slice(Math.max(0, at - secretAt)));
    }
  });

  it('marks a JSON password copy cut in three reads', () => {
    const plain = ['{"pass', 'word":"Js0n-', 'Pw"}\r\n'];
    const mark2 = createSecretMarker();
    expect(plain.map((r) => cut(mark2(rx(r)), r).join('')).join('')).toBe('Js0n-Pw');
  });

  it('forgets the line once it ended', () => {
    const mark = createSecretMarker();
    mark(rx('+QMTCFG: "aliauth","pk","dn","ab'));
    expect(marked(mark(rx('c"\r\n')))).toEqual([[0, 1]]);
    expect(marked(mark(rx('OK "x"\r\n')))).toBeUndefined();
  });
});

describe('concealEntry', () => {
  it('replaces each secret by the mask and moves the marks onto the masks', () => {
    const text = 'AT+QMTCONN=0,"c","sig=abc","hunter22"';
    const e = { index: 3, mono: 1, wall: 2, dir: 'tx' as const, kind: 'command' as const, text, secret: [[18, 25], [28, 36]] as [number, number][] };
    const c = concealEntry(e);
    expect(c.text).toBe('AT+QMTCONN=0,"c","••••••","••••••"');
    expect(c.secret!.map(([a, b]) => c.text.slice(a, b))).toEqual(['••••••', '••••••']);
    expect(concealEntry(c)).toEqual(c);
    const plain = { ...e, secret: undefined };
    expect(concealEntry(plain)).toBe(plain);
  });
});

describe('concealExchange', () => {
  it('masks the secrets of the command, result and problem, and leaves an exchange without any as is', () => {
    const x = { id: 1, command: 'AT+QMTCONN=0,"c","u","hunter22"', startedMono: 0, entries: [], outcome: 'timeout' as const, implied: [], problem: { code: 'at.timeout', title: 'No final answer to AT+QMTCONN=0,"c","u","hunter22" within 5000 ms.', detail: 'Lines received so far: +QMTCFG: "aliauth","pk","dn","ds-77"', nextStep: 'x' } };
    const c = concealExchange(x);
    expect(c.command).toBe('AT+QMTCONN=0,"c","u","••••••"');
    expect(JSON.stringify(c)).not.toMatch(/hunter22|ds-77/);
    const plain = { ...x, command: 'AT+CSQ', problem: undefined };
    expect(concealExchange(plain)).toBe(plain);
  });
});

describe('maskOutcomeLines', () => {
  it('masks a problem that names the command with its password (a timeout), and the lines', () => {
    const out = maskOutcomeLines({ kind: 'timeout', lines: ['+QMTCFG: "aliauth","pk","dn","ds-9"'], afterMs: 5000, problem: { code: 'at.timeout', title: 'No final answer to AT+QMTCONN=0,"c","u","hunter22" within 5000 ms.', detail: '', nextStep: '' } });
    expect(JSON.stringify(out)).not.toMatch(/hunter22|ds-9/);
    expect(out.kind === 'timeout' && out.problem.title).toBe('No final answer to AT+QMTCONN=0,"c","u","••••••" within 5000 ms.');
  });
});
