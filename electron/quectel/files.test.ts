import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryRig } from '../../test-support/engine-rig';
import type { Script } from '../../test-support/scripted-peer';
import { concatBytes } from '../../shared/bytes';
import { buildQfdel, buildQflds, buildQflst, buildQfupl, checksumHex, isFileExists, parseQflds, parseQflst, qfuplChecksum, uploadTimeoutS, verifyUpload } from './files';
import { deleteFile, listFiles, uploadFile } from './tls-ops';
import type { FileUploadProgress } from '../../shared/modem-tls';

const enc = new TextEncoder();

describe('the AT+QFUPL checksum (protocol.md §4.5)', () => {
  it.each([
    ['two words', [0x12, 0x34, 0x56, 0x78], 0x1234 ^ 0x5678],
    ['an odd last byte is a high byte padded with 0x00', [0x12, 0x34, 0xab], 0x1234 ^ 0xab00],
    ['nothing', [], 0],
    ['equal words cancel', [0xde, 0xad, 0xde, 0xad], 0],
  ])('%s', (_name, bytes, want) => {
    expect(qfuplChecksum(new Uint8Array(bytes))).toBe(want);
  });

  it('is printed in lower-case hex without leading zeros, as the modem prints it (protocol.md quirk 13)', () => {
    expect(checksumHex(0x0a3f)).toBe('a3f');
    expect(checksumHex(0)).toBe('0');
  });
});

describe('file commands', () => {
  it('builds AT+QFUPL with the exact size, a timeout that fits the file, and a fixed-length payload (no Ctrl+Z)', () => {
    const bytes = enc.encode('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const req = buildQfupl({ name: 'ca.pem', bytes });
    expect(req.text).toBe(`AT+QFUPL="ca.pem",${bytes.length},${uploadTimeoutS(bytes.length)}`);
    expect(req.payload).toEqual({ bytes, end: 'fixed-length' });
    expect(req.timeoutMs).toBe((uploadTimeoutS(bytes.length) + 5) * 1000);
    // A big bundle gets more time than a small certificate; both more than the module's 5 s default.
    expect(uploadTimeoutS(200_000)).toBeGreaterThan(uploadTimeoutS(1_200));
    expect(uploadTimeoutS(1)).toBeGreaterThan(5);
  });

  it.each([['a"b'], ['dir/ca.pem'], ['*'], [''], ['a\r\n']])('refuses the file name %j', (name) => {
    expect(() => buildQfupl({ name, bytes: new Uint8Array([1]) })).toThrow(TypeError);
  });

  it('deletes one file or, by name "*", all of them', () => {
    expect(buildQfdel('client.key').text).toBe('AT+QFDEL="client.key"');
    expect(buildQfdel('*').text).toBe('AT+QFDEL="*"');
    expect(buildQflst().text).toBe('AT+QFLST');
    expect(buildQflst('*.pem').text).toBe('AT+QFLST="*.pem"');
    expect(buildQflds().text).toBe('AT+QFLDS');
  });

  it('reads the file list (directory entries left out) and the free space', () => {
    expect(parseQflst(['+QFLST: "ca.pem",1188', '+QFLST: "RAM:client.key",1679', '+QFLST: "log/",0', 'OK'])).toEqual({ ok: true, value: [{ name: 'ca.pem', size: 1188 }, { name: 'RAM:client.key', size: 1679 }] });
    expect(parseQflst(['OK'])).toEqual({ ok: true, value: [] });
    expect(parseQflst(['+QFLST: "ca.pem"'])).toMatchObject({ ok: false });
    expect(parseQflds(['+QFLDS: 4076544,4194304'])).toEqual({ ok: true, value: { free: 4076544, total: 4194304 } });
  });

  it('compares the modem\'s size and checksum with what was sent', () => {
    const bytes = enc.encode('hello, modem');
    const sum = checksumHex(qfuplChecksum(bytes));
    expect(verifyUpload(bytes, [`+QFUPL: ${bytes.length},${sum}`], 'x.pem')).toMatchObject({ ok: true, value: { checksum: sum, modemChecksum: sum } });
    expect(verifyUpload(bytes, [`+QFUPL: ${bytes.length - 1},${sum}`], 'x.pem')).toMatchObject({ ok: false, problem: { code: 'file.size-mismatch' } });
    expect(verifyUpload(bytes, [`+QFUPL: ${bytes.length},beef`], 'x.pem')).toMatchObject({ ok: false, problem: { code: 'file.checksum-mismatch' } });
  });

  it('knows 407 (exists) in number and word form', () => {
    expect(isFileExists('+CME ERROR: 407')).toBe(true);
    expect(isFileExists('+CME ERROR: file already exists')).toBe(true);
    expect(isFileExists('+CME ERROR: 405')).toBe(false);
  });
});

describe('uploads over the engine (a scripted modem)', () => {
  let rig: ReturnType<typeof openMemoryRig> | undefined;
  afterEach(() => rig?.engine.dispose());

  /** A modem with a file system: QFUPL takes exactly <size> bytes after CONNECT and reports their checksum. */
  function fileModem(files: Map<string, Uint8Array>, corrupt = false): Script {
    return (cmd) => {
      let m = /^AT\+QFUPL="([^"]+)",(\d+),\d+$/.exec(cmd);
      if (m?.[1] && m[2]) {
        const name = m[1];
        if (files.has(name)) return ['\r\n+CME ERROR: 407\r\n'];
        return ['\r\nCONNECT\r\n', { awaitPayload: Number(m[2]), then: (p) => {
          const data = p ?? new Uint8Array();
          files.set(name, data);
          const sum = qfuplChecksum(data) ^ (corrupt ? 1 : 0);
          return [`\r\n+QFUPL: ${data.length},${sum.toString(16)}\r\n\r\nOK\r\n`];
        } }];
      }
      m = /^AT\+QFDEL="([^"]+)"$/.exec(cmd);
      if (m?.[1]) return files.delete(m[1]) ? ['\r\nOK\r\n'] : ['\r\n+CME ERROR: 405\r\n'];
      if (cmd === 'AT+QFLST') return [...[...files].map(([n, d]) => `\r\n+QFLST: "${n}",${d.length}\r\n`), '\r\nOK\r\n'];
      if (cmd === 'AT+QFLDS') return ['\r\n+QFLDS: 1000,2000\r\n\r\nOK\r\n'];
      return ['\r\nERROR\r\n'];
    };
  }

  it('sends exactly the file\'s bytes — no Ctrl+Z, no line ending added — and reports the progress and the verdict', async () => {
    const files = new Map<string, Uint8Array>();
    rig = openMemoryRig(fileModem(files));
    // A DER file holds any byte, 0x1A included: it is data here.
    const der = new Uint8Array([0x30, 0x82, 0x1a, 0x0d, 0x0a, 0x1b, 0xff]);
    const progress: FileUploadProgress['phase'][] = [];
    const r = await uploadFile(rig.engine, 'ca.der', der, { onProgress: (p) => progress.push(p.phase) });
    expect(r).toMatchObject({ ok: true, value: { name: 'ca.der', size: 7, verified: true, replaced: false, checksum: checksumHex(qfuplChecksum(der)) } });
    expect(files.get('ca.der')).toEqual(der);
    const wire = rig.modem.received();
    const cmd = enc.encode(`AT+QFUPL="ca.der",7,${uploadTimeoutS(7)}\r`);
    expect(wire).toEqual(concatBytes([cmd, der]));
    expect(progress).toEqual(['sending', 'sending', 'verifying', 'done']);
  });

  it('answers "exists" (407) with a Problem whose next step is to replace, and replaces on request', async () => {
    const files = new Map([['ca.pem', enc.encode('old')]]);
    rig = openMemoryRig(fileModem(files));
    const first = await uploadFile(rig.engine, 'ca.pem', enc.encode('new CA'));
    expect(first).toMatchObject({ ok: false, problem: { code: 'file.exists', nextStep: expect.stringMatching(/Replace/) } });
    const again = await uploadFile(rig.engine, 'ca.pem', enc.encode('new CA'), { replace: true });
    expect(again).toMatchObject({ ok: true, value: { replaced: true } });
    const upload = `AT+QFUPL="ca.pem",6,${uploadTimeoutS(6)}`;
    expect(rig.modem.commands.filter((c) => c.startsWith('AT+QF'))).toEqual([upload, 'AT+QFDEL="ca.pem"', upload]);
    expect(new TextDecoder().decode(files.get('ca.pem'))).toBe('new CA');
  });

  it('a checksum the modem computed differently fails the upload', async () => {
    rig = openMemoryRig(fileModem(new Map(), true));
    expect(await uploadFile(rig.engine, 'ca.pem', enc.encode('abc'))).toMatchObject({ ok: false, problem: { code: 'file.checksum-mismatch' } });
  });

  it('lists with the free space, and deleting a missing file is the catalogue\'s 405', async () => {
    rig = openMemoryRig(fileModem(new Map([['ca.pem', enc.encode('x'.repeat(10))]])));
    expect(await listFiles(rig.engine)).toEqual({ ok: true, value: { files: [{ name: 'ca.pem', size: 10 }], free: 1000, total: 2000 } });
    expect(await deleteFile(rig.engine, 'ca.pem')).toEqual({ ok: true, value: null });
    expect(await deleteFile(rig.engine, 'ca.pem')).toMatchObject({ ok: false, problem: { code: 'cme.405' } });
  });
});
