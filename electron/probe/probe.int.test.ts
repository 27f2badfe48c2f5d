// The laptop's probe against real local servers: mosquitto plain, TLS with a self-signed CA, the
// same TLS listener checked with the wrong CA, a password file that refuses bad credentials, a
// TLS 1.3-only listener the module's TLS cannot speak, and a closed port. Each stage says what
// happened; real sockets, Node's TLS and mqtt.js.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { makeTestPki, type TestPki } from '../../test-support/tls-pki';
import type { ProbeStage } from '../../shared/probe';
import { runProbe, type ProbeSettings } from './probe';

let pki: TestPki;
let open: Mosquitto;
let locked: Mosquitto;
const ports = { tls: 0, tls13: 0, mutual: 0, locked: 0, closed: 0 };

beforeAll(async () => {
  if (!hasMosquitto) return;
  pki = makeTestPki();
  ports.tls = await freePort();
  ports.tls13 = await freePort();
  ports.mutual = await freePort();
  ports.closed = await freePort();
  open = await startMosquitto({ extraConfig: [pki.listener(ports.tls), `${pki.listener(ports.tls13)}\ntls_version tlsv1.3`, pki.listener(ports.mutual, { requireCertificate: true })].join('\n') });
  locked = await startMosquitto({ users: { 'device-7': 'right-password' } });
  ports.locked = locked.port;
}, 60_000);

afterAll(async () => {
  await open?.stop();
  await locked?.stop();
  pki?.remove();
});

const base = (port: number, extra: Partial<ProbeSettings> = {}): ProbeSettings => ({ host: '127.0.0.1', port, tls: false, mqttVersion: 4, clientId: `probe-${port}`, keepalive: 60, cleanSession: true, timeoutMs: 4_000, ...extra });
const tlsOptions = (ca: string, extra: Partial<NonNullable<ProbeSettings['tlsOptions']>> = {}): NonNullable<ProbeSettings['tlsOptions']> => ({ seclevel: 1, sslVersion: 4, cipherSuite: '0XFFFF', sni: false, ignoreLocalTime: true, ca: new Uint8Array(fs.readFileSync(ca)), ...extra });
const byStage = (stages: readonly ProbeStage[]) => Object.fromEntries(stages.map((s) => [s.stage, s]));

describe.skipIf(!hasMosquitto)('the laptop probe against real servers', { timeout: 60_000 }, () => {
  it('plain mosquitto: DNS, TCP and CONNACK 0, then the subscribe/publish round trip; TLS reported as not used', async () => {
    const seen: string[] = [];
    const r = await runProbe(base(open.port, { host: 'localhost', roundtripTopic: 'probe/echo' }), (s) => seen.push(`${s.stage}:${s.status}`));
    expect(r.ok).toBe(true);
    const s = byStage(r.stages);
    expect(s.dns).toMatchObject({ status: 'passed', addresses: expect.arrayContaining(['127.0.0.1']) });
    expect(s.tcp).toMatchObject({ status: 'passed', address: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect(s.tls).toMatchObject({ status: 'skipped', detail: 'plain TCP: no TLS' });
    expect(s.mqtt).toMatchObject({ status: 'passed', connack: 0 });
    expect(s.roundtrip).toMatchObject({ status: 'passed' });
    for (const st of r.stages) expect(st.ms).toBeGreaterThanOrEqual(0);
    // Each stage is told as it ends, in order.
    expect(seen).toEqual(['dns:passed', 'tcp:passed', 'tls:skipped', 'mqtt:passed', 'roundtrip:passed']);
  });

  it('TLS with the self-signed CA the server uses: protocol, cipher, the chain with dates, CA and name verified', async () => {
    const r = await runProbe(base(ports.tls, { host: 'localhost', tls: true, tlsOptions: tlsOptions(pki.ca) }));
    expect(r.problem).toBeUndefined();
    const t = byStage(r.stages).tls!;
    expect(t.status).toBe('passed');
    expect(t.tls).toMatchObject({ protocol: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.any(String), caVerifies: true, hostMatches: true, modemCompatible: true });
    expect(t.tls?.chain[0]).toMatchObject({ role: 'server', subject: expect.stringContaining('CN=localhost'), issuer: expect.stringContaining('Workbench Test CA') });
    expect(Date.parse(t.tls!.chain[0]!.validTo)).toBeGreaterThan(Date.now());
    expect(byStage(r.stages).mqtt).toMatchObject({ status: 'passed', connack: 0 });
  });

  it('the same TLS server checked with a wrong CA fails at TLS and names the CA that did sign it', async () => {
    const r = await runProbe(base(ports.tls, { host: 'localhost', tls: true, tlsOptions: tlsOptions(pki.otherCa) }));
    expect(r).toMatchObject({ ok: false, stage: 'tls', problem: { code: 'tls.ca-not-issuer' } });
    const t = byStage(r.stages).tls!;
    expect(t.tls?.caVerifies).toBe(false);
    expect(t.problem?.detail).toMatch(/issued by "Workbench Test CA".*not signed by the CA given \(Some Other CA\)/);
    expect(byStage(r.stages).mqtt).toMatchObject({ status: 'skipped' });
  });

  it('a server that requires a client certificate: refused without one at seclevel 1, accepted with it at seclevel 2', async () => {
    const without = await runProbe(base(ports.mutual, { tls: true, tlsOptions: tlsOptions(pki.ca) }));
    expect(without.ok).toBe(false);
    // TLS 1.2 refuses in the handshake; with TLS 1.3 the refusal arrives after it, before the CONNACK.
    expect(['tls', 'mqtt']).toContain(without.stage);
    const withCert = await runProbe(base(ports.mutual, { tls: true, tlsOptions: tlsOptions(pki.ca, { seclevel: 2, clientCert: new Uint8Array(fs.readFileSync(pki.clientCert)), clientKey: new Uint8Array(fs.readFileSync(pki.clientKey)) }) }));
    expect(withCert.problem).toBeUndefined();
    expect(withCert.ok).toBe(true);
  });

  it('a TLS 1.3-only server: the laptop connects, and the stage says the modem\'s TLS (1.2 at most) cannot agree', async () => {
    const r = await runProbe(base(ports.tls13, { tls: true, tlsOptions: tlsOptions(pki.ca) }));
    expect(r.ok).toBe(true);
    const t = byStage(r.stages).tls!;
    expect(t.tls).toMatchObject({ protocol: 'TLSv1.3', modemCompatible: false });
    expect(t.detail).toMatch(/modem's sslversion\/ciphersuite cannot agree/);
  });

  // mosquitto 2.0 answers a wrong password with CONNACK 5 (not authorised), other brokers with 4.
  it('a password file: the right password gets CONNACK 0, a wrong one is refused with the catalogue\'s explanation', async () => {
    const good = await runProbe(base(ports.locked, { username: 'device-7', password: 'right-password' }));
    expect(good.ok).toBe(true);
    const bad = await runProbe(base(ports.locked, { username: 'device-7', password: 'wrong-password' }));
    expect(bad).toMatchObject({ ok: false, stage: 'mqtt', problem: { code: expect.stringMatching(/^connack\.[45]$/), title: expect.stringMatching(/^Refused: (bad user name or password|not authorised)\.$/) } });
    expect(byStage(bad.stages).mqtt).toMatchObject({ status: 'failed', connack: expect.any(Number) });
    // The password never appears in what the probe reports.
    expect(JSON.stringify(bad)).not.toContain('wrong-password');
  });

  it('a closed port: DNS passes, TCP is refused, nothing after it runs', async () => {
    const r = await runProbe(base(ports.closed));
    expect(r).toMatchObject({ ok: false, stage: 'tcp', problem: { code: 'laptop.tcp-refused' } });
    expect(r.stages.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped', 'skipped', 'skipped']);
    expect(byStage(r.stages).tcp?.detail).toMatch(/refused: nothing listens there/);
  });

  it('a name that does not resolve fails at DNS', async () => {
    const r = await runProbe(base(1883, { host: 'no-such-host.invalid' }));
    expect(r).toMatchObject({ ok: false, stage: 'dns', problem: { code: 'laptop.dns-failed' } });
  });
});
