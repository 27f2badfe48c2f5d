// The TLS bring-up over a real PTY against the virtual EC20 dialling a real mosquitto with TLS
// listeners: the certificates are checked on the laptop, uploaded with AT+QFUPL (the modem's
// checksum compared), the SSL context set and read back, and the client reaches "connected" at
// security level 1 and 2; a wrong CA, an expired server certificate checked against the clock, a
// port where nothing listens each stop at the open with the catalogue's explanation. The same runs
// through `workbench bringup --json` as a child process.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mergeStepData } from '../../shared/bringup';
import { freePort, hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { makeTestPki, type TestPki } from '../../test-support/tls-pki';
import { runBringup, type BringupOptions, type BringupTlsOptions } from './bringup';
import { listFiles, readSslContext } from './tls-ops';
import { closeVirtualEngines, openVirtualEngine } from '../../test-support/virtual-engine';
import { startVirtualModem, type VirtualModem } from '../simulator/index';

let pki: TestPki;
let broker: Mosquitto;
/** TLS listeners: server verified only, client certificate required, expired server certificate. */
const ports = { seclevel1: 0, clientCert: 0, expired: 0, closed: 0 };

beforeAll(async () => {
  if (!hasMosquitto) return;
  pki = makeTestPki();
  ports.seclevel1 = await freePort();
  ports.clientCert = await freePort();
  ports.expired = await freePort();
  ports.closed = await freePort();
  broker = await startMosquitto({
    extraConfig: [pki.listener(ports.seclevel1), pki.listener(ports.clientCert, { requireCertificate: true }), pki.listener(ports.expired, { expired: true })].join('\n'),
  });
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  pki?.remove();
});

afterEach(closeVirtualEngines);

/** A virtual EC20 that dials the host and port it is told (no embedded broker in between). */
const modem = () => openVirtualEngine({ embeddedBroker: false });

const file = (name: string, p: string) => ({ name, content: new Uint8Array(fs.readFileSync(p)), replace: true });

function options(port: number, tls: BringupTlsOptions): BringupOptions {
  return {
    portPath: 'virtual',
    apn: 'internet.example',
    server: { host: 'localhost', port },
    tls: true,
    tlsOptions: tls,
    clientId: `wb-tls-${port}`,
    registrationWaitMs: 3_000,
    signalWaitMs: 1_000,
    simWaitMs: 1_000,
    pollMs: 300,
  };
}

describe.skipIf(!hasMosquitto)('TLS bring-up against mosquitto', { timeout: 60_000 }, () => {
  it('uploads the CA (checksum verified), sets SSL context 2 and connects at seclevel 1', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.seclevel1, { sslCtx: 2, seclevel: 1, ca: file('ca.pem', pki.ca) }));
    expect(r.problem).toBeUndefined();
    expect(r.ok).toBe(true);
    const data = mergeStepData(r.steps);
    const size = fs.statSync(pki.ca).size;
    expect(data.tlsFiles).toEqual([{ role: 'ca', name: 'ca.pem', size, uploaded: true, checksum: expect.stringMatching(/^[0-9a-f]{1,4}$/) }]);
    expect(r.steps.find((s) => s.id === 'tls-files')?.detail).toMatch(/ca\.pem uploaded \(\d+ bytes, checksum [0-9a-f]+ verified\)/);
    expect(data.tls?.settings).toMatchObject({ seclevel: 1, cacert: 'ca.pem', ignoreLocalTime: 1, sslVersion: 4, cipherSuite: '0XFFFF' });
    // What the modem holds now: the file, and the context tied to the client.
    const files = await listFiles(engine);
    expect(files.ok && files.value.files).toContainEqual({ name: 'ca.pem', size });
    const ctx = await readSslContext(engine, 2);
    expect(ctx.ok && ctx.value.settings).toMatchObject({ seclevel: 1, cacert: 'ca.pem' });
    expect(r.steps.find((s) => s.id === 'mqtt-config')?.detail).toMatch(/TLS \(SSL context 2\)/);
  });

  it('presents the client certificate and key and connects at seclevel 2 (require_certificate true)', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.clientCert, { seclevel: 2, ca: file('ca.pem', pki.ca), clientCert: file('client.pem', pki.clientCert), clientKey: file('client.key', pki.clientKey) }));
    expect(r.problem).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(mergeStepData(r.steps).tlsFiles?.map((f) => [f.name, f.uploaded])).toEqual([['ca.pem', true], ['client.pem', true], ['client.key', true]]);
  });

  it('without the client certificate, the server that requires one refuses the link', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.clientCert, { seclevel: 1, ca: file('ca.pem', pki.ca) }));
    expect(r.ok).toBe(false);
    // TLS 1.2 refuses in the handshake (+QMTOPEN: i,-1); with TLS 1.3 the refusal comes after it, as a closed link.
    expect(['open', 'connect']).toContain(r.step);
    expect(r.problem?.code).toMatch(/^(qmtopen\.-1|qmtstat\.1)$/);
  });

  it('a wrong CA stops at the open with the catalogue explanation of a failed TLS handshake', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.seclevel1, { seclevel: 1, ca: file('ca.pem', pki.otherCa) }));
    expect(r).toMatchObject({ ok: false, step: 'open', problem: { code: 'qmtopen.-1' } });
    expect(r.problem?.detail).toMatch(/CA certificate wrong or missing/);
    // The checks the catalogue names for it, run at once: the context read back, its files listed.
    expect(r.problem?.detail).toMatch(/SSL context 0: seclevel 1, ignorelocaltime 1.*cacert ca\.pem \(on the modem, \d+ bytes\)/);
    expect(r.problem?.nextStep).toMatch(/AT\+QSSLCFG/);
  });

  it('an expired server certificate with ignorelocaltime 0 stops at the open', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.expired, { seclevel: 1, ignoreLocalTime: false, ca: file('ca.pem', pki.ca) }));
    expect(r).toMatchObject({ ok: false, step: 'open', problem: { code: 'qmtopen.-1' } });
    expect(mergeStepData(r.steps).tls?.settings).toMatchObject({ ignoreLocalTime: 0 });
  });

  it('the same expired server certificate connects when "ignorelocaltime" is 1: the setting reaches the modem', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.expired, { seclevel: 1, ignoreLocalTime: true, ca: file('ca.pem', pki.ca) }));
    expect(r.problem).toBeUndefined();
    expect(r.ok).toBe(true);
  });

  it('a module clock never set stops at "clock" when certificate dates are checked, and is only noted when they are not', async () => {
    const { engine, vm } = await modem();
    vm.inject({ kind: 'clock', at: '1980-01-06T00:00:00Z' });
    const checked = await runBringup(engine, options(ports.seclevel1, { seclevel: 1, ignoreLocalTime: false, ca: file('ca.pem', pki.ca) }));
    expect(checked).toMatchObject({ ok: false, step: 'clock', problem: { code: 'diag.clock-unset', nextStep: expect.stringMatching(/ignorelocaltime/) } });
    const ignored = await runBringup(engine, options(ports.seclevel1, { seclevel: 1, ignoreLocalTime: true, ca: file('ca.pem', pki.ca) }));
    expect(ignored.ok).toBe(true);
    expect(ignored.steps.find((s) => s.id === 'clock')?.detail).toMatch(/not set \(ignored/);
  });

  it('the laptop checks the certificates at the module\'s clock: a CA expired by then stops before the upload', async () => {
    const { engine, vm } = await modem();
    vm.inject({ kind: 'clock', at: Date.now() + 400 * 86_400_000 });
    const r = await runBringup(engine, options(ports.seclevel1, { seclevel: 1, ignoreLocalTime: false, ca: file('ca.pem', pki.ca) }));
    expect(r).toMatchObject({ ok: false, step: 'tls-files', problem: { code: 'tls.expired', detail: expect.stringMatching(/module clock, AT\+CCLK\?/) } });
  });

  it('a port where nothing listens fails at the open', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.closed, { seclevel: 1, ca: file('ca.pem', pki.ca) }));
    expect(r.ok).toBe(false);
    expect(r.step).toBe('open');
    expect(r.problem?.code).toMatch(/^qmtopen\.(-1|5)$/);
  });

  it('a key that does not belong to the certificate is caught on the laptop, before anything is uploaded', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.clientCert, { seclevel: 2, ca: file('ca.pem', pki.ca), clientCert: file('client.pem', pki.clientCert), clientKey: file('client.key', pki.strayKey) }));
    expect(r).toMatchObject({ ok: false, step: 'tls-files', problem: { code: 'tls.key-mismatch' } });
    const files = await listFiles(engine);
    expect(files.ok && files.value.files).toEqual([]);
  });

  it('seclevel 2 without a key stops before the modem is touched, naming what is missing', async () => {
    const { engine } = await modem();
    const r = await runBringup(engine, options(ports.clientCert, { seclevel: 2, ca: file('ca.pem', pki.ca), clientCert: file('client.pem', pki.clientCert) }));
    expect(r).toMatchObject({ ok: false, step: 'tls-files', problem: { code: 'tls.missing-client' } });
  });
});

const root = path.resolve(import.meta.dirname, '../..');
function workbench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'bringup', ...args], { cwd: root, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
const verdictOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { ok: boolean; step: string; code: string | null; explanation: string | null; data: Record<string, unknown> };

describe.skipIf(!hasMosquitto)('workbench bringup --tls against mosquitto (child process)', { timeout: 90_000 }, () => {
  const started: VirtualModem[] = [];
  afterEach(async () => {
    for (const vm of started.splice(0)) await vm.stop();
  });
  const cli = async (port: number, ...extra: string[]) => {
    // The CLI opens the port itself: only the modem is started here.
    const vm = await startVirtualModem({ speed: 0.05, skipPowerUp: true, embeddedBroker: false });
    started.push(vm);
    return workbench('--port', vm.hostPath, '--apn', 'internet.example', '--server', `localhost:${port}`, '--tls', '--json', ...extra);
  };

  it('passes at seclevel 1 with --ca and at seclevel 2 with --client-cert and --client-key', async () => {
    const one = await cli(ports.seclevel1, '--ca', pki.ca);
    expect(one.stderr).toBe('');
    expect(verdictOf(one.stdout)).toMatchObject({ ok: true, step: 'ready', data: { tls: { ctx: 0, settings: { seclevel: 1, cacert: 'ca.pem' } } } });
    expect(one.code).toBe(0);
    const two = await cli(ports.clientCert, '--ca', pki.ca, '--client-cert', pki.clientCert, '--client-key', pki.clientKey);
    expect(verdictOf(two.stdout)).toMatchObject({ ok: true, step: 'ready', data: { tls: { settings: { seclevel: 2, clientcert: 'client.pem', clientkey: 'client.key' } } } });
  });

  it('fails with the right step and code for each fault', async () => {
    const wrongCa = await cli(ports.seclevel1, '--ca', pki.otherCa);
    expect(wrongCa.code).toBe(1);
    expect(verdictOf(wrongCa.stdout)).toMatchObject({ ok: false, step: 'open', code: 'qmtopen.-1', explanation: expect.stringMatching(/open the network connection/i) });
    const expired = await cli(ports.expired, '--ca', pki.ca, '--ignore-local-time', '0');
    expect(verdictOf(expired.stdout)).toMatchObject({ ok: false, step: 'open', code: 'qmtopen.-1' });
    const closed = await cli(ports.closed, '--ca', pki.ca);
    expect(verdictOf(closed.stdout)).toMatchObject({ ok: false, step: 'open', code: expect.stringMatching(/^qmtopen\.(-1|5)$/) });
    const noKey = await cli(ports.clientCert, '--ca', pki.ca, '--client-cert', pki.clientCert, '--client-key', pki.strayKey);
    expect(verdictOf(noKey.stdout)).toMatchObject({ ok: false, step: 'tls-files', code: 'tls.key-mismatch' });
  });
});

describe('workbench bringup --port virtual --tls (child process)', { timeout: 90_000 }, () => {
  it('reaches its embedded broker over TLS with the demo CA uploaded and verified', async () => {
    const r = await workbench('--port', 'virtual', '--tls', '--json');
    expect(r.stderr).toMatch(/demo CA/);
    expect(verdictOf(r.stdout)).toMatchObject({ ok: true, step: 'ready', data: { tls: { settings: { seclevel: 1, cacert: 'ca.pem' } } } });
    expect(r.code).toBe(0);
  });
});
