// The contract's certificate, SSL-context and diagnostic requests end to end: the services bound to
// the app and the bridge, the Virtual EC20 on a real PTY behind them.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VIRTUAL_PORT_PATH, validateArgs } from '../../shared/api';
import { makeTestPki, type TestPki } from '../../test-support/tls-pki';
import { openServicesHost, type ServicesHost } from '../../test-support/services-host';

let rig: ServicesHost;
let pki: TestPki;

beforeAll(() => {
  pki = makeTestPki();
}, 60_000);
afterAll(() => pki?.remove());

beforeEach(() => {
  process.env.WORKBENCH_SIM_SPEED = '0';
  rig = openServicesHost('wb-files-');
});

afterEach(() => rig.close());

/** Opens the Virtual EC20 and waits out its power-up (RDY … PB DONE), as a person would before the Files panel. */
async function openReady(): Promise<void> {
  expect((await rig.services.openPort({ path: VIRTUAL_PORT_PATH })).ok).toBe(true);
  await expect
    .poll(async () => {
      const log = await rig.services.getLog({ from: 0, limit: 1_000_000 });
      return log.ok && log.value.some((e) => e.text.includes('PB DONE'));
    }, { timeout: 20_000 })
    .toBe(true);
}

const args = <K extends Parameters<typeof validateArgs>[0]>(name: K, a: unknown) => {
  const v = validateArgs(name, a);
  if (!v.ok) throw new Error(v.problem.detail);
  return v.value;
};

describe('modem files, SSL contexts and diagnostics through the services', { timeout: 60_000 }, () => {
  it('says a port must be open first, in words', async () => {
    expect(await rig.services.listModemFiles(undefined)).toMatchObject({ ok: false, problem: { code: 'port.not-open' } });
    expect(await rig.services.runDiagnostic(args('runDiagnostic', { check: 'clock' }))).toMatchObject({ ok: false, problem: { code: 'port.not-open' } });
  });

  it('uploads with progress and the checksum verdict, refuses to overwrite unless asked, lists and deletes', async () => {
    const s = rig.services;
    await openReady();
    const pem = fs.readFileSync(pki.ca, 'utf8');
    const up = await s.uploadModemFile(args('uploadModemFile', { name: 'wb-test-ca.pem', content: pem }));
    expect(up).toMatchObject({ ok: true, value: { name: 'wb-test-ca.pem', size: Buffer.byteLength(pem), verified: true, replaced: false } });
    expect(up.ok && up.value.checksum).toBe(up.ok && up.value.modemChecksum);
    expect(rig.events('onFileUploadProgress').map((p) => [p.phase, p.sent])).toEqual([['sending', 0], ['sending', Buffer.byteLength(pem)], ['verifying', Buffer.byteLength(pem)], ['done', Buffer.byteLength(pem)]]);

    const again = await s.uploadModemFile(args('uploadModemFile', { name: 'wb-test-ca.pem', content: pem }));
    expect(again).toMatchObject({ ok: false, problem: { code: 'file.exists', nextStep: expect.stringMatching(/Replace/) } });
    const replaced = await s.uploadModemFile(args('uploadModemFile', { name: 'wb-test-ca.pem', content: pem, replace: true }));
    expect(replaced).toMatchObject({ ok: true, value: { replaced: true } });

    // DER travels base64-encoded and arrives byte for byte.
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(await s.uploadModemFile(args('uploadModemFile', { name: 'wb-test-ca.der', content: der.toString('base64'), encoding: 'base64' }))).toMatchObject({ ok: true, value: { size: der.length, verified: true } });

    const listed = await s.listModemFiles(undefined);
    expect(listed.ok && listed.value.files).toEqual(expect.arrayContaining([{ name: 'wb-test-ca.pem', size: Buffer.byteLength(pem) }, { name: 'wb-test-ca.der', size: der.length }]));
    expect(await s.deleteModemFile({ name: 'wb-test-ca.der' })).toEqual({ ok: true, value: null });
    expect(await s.deleteModemFile({ name: 'wb-test-ca.der' })).toMatchObject({ ok: false, problem: { code: 'cme.405' } });
  });

  it('a key upload never shows the key in the log', async () => {
    const s = rig.services;
    await openReady();
    const key = fs.readFileSync(pki.clientKey, 'utf8');
    expect(await s.uploadModemFile(args('uploadModemFile', { name: 'wb-test.key', content: key, replace: true }))).toMatchObject({ ok: true });
    const log = await s.getLog({ from: 0, limit: 1_000_000 });
    const text = log.ok ? log.value.map((e) => e.text).join('\n') : '';
    expect(text).toContain('AT+QFUPL="wb-test.key"');
    const body = key.split('\n')[1] ?? 'x';
    expect(text).not.toContain(body);
  });

  it('the console sends an AT+QFUPL payload as exactly the bytes it announces, and refuses a count that differs', async () => {
    const s = rig.services;
    await openReady();
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const n = Buffer.byteLength(pem);
    const out = await s.sendAt(args('sendAt', { text: `AT+QFUPL="console.pem",${n},10`, payload: pem }));
    expect(out.ok && out.value).toMatchObject({ kind: 'ok', lines: [expect.stringMatching(new RegExp(`^\\+QFUPL: ${n},`))] });
    const listed = await s.listModemFiles(undefined);
    expect(listed.ok && listed.value.files).toContainEqual({ name: 'console.pem', size: n });
    const short = await s.sendAt(args('sendAt', { text: `AT+QFUPL="other.pem",${n + 5},10`, payload: pem }));
    expect(short).toMatchObject({ ok: false, problem: { code: 'payload.length-mismatch', nextStep: expect.stringMatching(new RegExp(String(n))) } });
  });

  it('writes an SSL context and reads every option back', async () => {
    const s = rig.services;
    await openReady();
    const w = await s.writeSslContext(args('writeSslContext', { ctx: 3, settings: { seclevel: 2, cacert: 'ca.pem', clientcert: 'client.pem', clientkey: 'client.key', ignoreLocalTime: 0, cipherSuite: '0XFFFF', sslVersion: 3, negotiateTimeS: 60 } }));
    expect(w).toMatchObject({ ok: true, value: { ctx: 3, settings: { seclevel: 2, cacert: 'ca.pem', clientcert: 'client.pem', clientkey: 'client.key', ignoreLocalTime: 0, cipherSuite: '0XFFFF', sslVersion: 3, negotiateTimeS: 60 } } });
    const r = await s.readSslContext({ ctx: 3 });
    expect(r.ok && r.value.settings.seclevel).toBe(2);
    expect(validateArgs('writeSslContext', { ctx: 6, settings: {} })).toMatchObject({ ok: false });
    expect(validateArgs('writeSslContext', { ctx: 0, settings: { cipherSuite: '"0XFFFF"' } })).toMatchObject({ ok: false });
  });

  it('runs each diagnostic check with a typed finding and a verdict', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    await s.runBringup(args('runBringup', { clientId: 'wb-diag', apn: 'internet' }));
    // The SIM's identity, read by the wizard, is part of the modem's status.
    const status = await s.getModemStatus(undefined);
    expect(status.ok && status.value).toMatchObject({ iccid: expect.stringMatching(/^\d{18,20}$/), imsi: expect.stringMatching(/^\d{6,15}$/) });
    const run = async (a: unknown) => {
      const r = await s.runDiagnostic(args('runDiagnostic', a));
      if (!r.ok) throw new Error(r.problem.detail);
      return r.value;
    };
    expect(await run({ check: 'urcport' })).toMatchObject({ check: 'urcport', finding: { check: 'urcport', port: expect.any(String) } });
    expect(await run({ check: 'attach' })).toMatchObject({ verdict: 'pass', finding: { attached: true } });
    expect(await run({ check: 'dns' })).toMatchObject({ check: 'dns', finding: { cid: 1 } });
    expect(await run({ check: 'clock' })).toMatchObject({ check: 'clock', finding: { raw: expect.any(String) } });
    expect(await run({ check: 'sim-identity' })).toMatchObject({ verdict: 'pass', finding: { iccid: expect.stringMatching(/^\d+$/), imsi: expect.stringMatching(/^\d+$/) } });
    const ping = await run({ check: 'ping', host: '127.0.0.1', timeoutS: 1, count: 2 });
    expect(ping).toMatchObject({ check: 'ping', finding: { host: '127.0.0.1' } });
    expect(validateArgs('runDiagnostic', { check: 'ping' })).toMatchObject({ ok: false, problem: { title: expect.stringMatching(/host/) } });
  });

  it('checks certificates on the laptop without a port (its own clock), naming a key that does not fit', async () => {
    const r = await rig.services.checkCertificates(args('checkCertificates', { ca: { content: fs.readFileSync(pki.ca, 'utf8') }, clientCert: { content: fs.readFileSync(pki.clientCert, 'utf8') }, clientKey: { content: fs.readFileSync(pki.strayKey, 'utf8') }, seclevel: 2, ignoreLocalTime: false }));
    expect(r).toMatchObject({ ok: true, value: { ok: false, checkedAt: { source: 'laptop' }, problems: [{ code: 'tls.key-mismatch' }] } });
    expect(r.ok && r.value.notes.join(' ')).toMatch(/No port is open/);
  });
});
