// The side-by-side verdict with both sides real: the virtual EC20 runs the bring-up over a real PTY
// and dials the server it is told, the laptop probes the same server with the same settings, and
// compareProbe names the side at fault — the modem failing at the open while the laptop connects,
// both failing at TLS, both refused at CONNECT, and the laptop fine while the modem's APN is wrong.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compareProbe } from '../../shared/probe';
import { runBringup, type BringupOptions } from '../quectel/bringup';
import { freePort, hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { makeTestPki, type TestPki } from '../../test-support/tls-pki';
import { runProbe, type ProbeSettings } from './probe';
import { closeVirtualEngines, openVirtualEngine } from '../../test-support/virtual-engine';

let pki: TestPki;
let plain: Mosquitto;
let locked: Mosquitto;
let tlsPort = 0;

beforeAll(async () => {
  if (!hasMosquitto) return;
  pki = makeTestPki();
  tlsPort = await freePort();
  plain = await startMosquitto({ extraConfig: pki.listener(tlsPort) });
  locked = await startMosquitto({ users: { 'device-7': 'right-password' } });
}, 60_000);

afterAll(async () => {
  await plain?.stop();
  await locked?.stop();
  pki?.remove();
});

afterEach(closeVirtualEngines);

/** A virtual EC20 that dials the host and port it is told. */
const modem = () => openVirtualEngine({ embeddedBroker: false });

/** The wizard's settings, once for the modem's bring-up and once for the laptop's probe. */
function both(port: number, o: { tls?: 'right-ca' | 'wrong-ca'; username?: string; password?: string } = {}): { bringup: BringupOptions; probe: ProbeSettings } {
  const ca = o.tls === 'wrong-ca' ? pki.otherCa : pki.ca;
  const clientId = `wb-compare-${port}`;
  return {
    bringup: {
      portPath: 'virtual',
      apn: 'internet.example',
      server: { host: 'localhost', port },
      clientId,
      registrationWaitMs: 3_000,
      signalWaitMs: 1_000,
      simWaitMs: 1_000,
      pollMs: 300,
      ...(o.username ? { username: o.username, password: o.password } : {}),
      ...(o.tls ? { tls: true, tlsOptions: { seclevel: 1, ca: { name: 'ca.pem', content: new Uint8Array(fs.readFileSync(ca)), replace: true } } } : {}),
    },
    probe: {
      host: 'localhost',
      port,
      tls: Boolean(o.tls),
      ...(o.tls ? { tlsOptions: { seclevel: 1, sslVersion: 4, cipherSuite: '0XFFFF', sni: false, ignoreLocalTime: true, ca: new Uint8Array(fs.readFileSync(ca)) } } : {}),
      mqttVersion: 4,
      // Another client ID than the modem's: the two must not push each other off the broker.
      clientId: `${clientId}-laptop`,
      ...(o.username ? { username: o.username, password: o.password } : {}),
      keepalive: 60,
      cleanSession: true,
      timeoutMs: 4_000,
    },
  };
}

describe.skipIf(!hasMosquitto)('the verdict with the virtual EC20 and the laptop against real servers', { timeout: 90_000 }, () => {
  it('the modem fails at the open (no data: PDP gone) while the laptop connects: the modem\'s PDP context, APN, firewall', async () => {
    const { engine, vm } = await modem();
    const s = both(plain.port);
    // "Retry from the open" on a module whose data context is not active and cannot come up (the
    // open activates it itself): +QMTOPEN 3 (protocol.md §8) while the server is fine.
    vm.inject({ kind: 'pdp-fails', on: true });
    const m = await runBringup(engine, { ...s.bringup, fromStep: 'open' });
    expect(m).toMatchObject({ ok: false, step: 'open', problem: { code: 'qmtopen.3' } });
    const l = await runProbe(s.probe);
    expect(l.ok).toBe(true);
    const c = compareProbe(m, l);
    expect(c.side).toBe('modem');
    expect(c.verdict).toMatch(/accepts these settings and credentials from the laptop; the modem fails at the TCP open: look at the modem's PDP context, APN and the operator's firewall/);
    expect(c.rows.find((r) => r.phase === 'open')).toMatchObject({ modem: { status: 'failed' }, laptop: { status: 'passed' } });
  });

  it('both fail at TLS with a CA that does not sign the server: names the CA that does', async () => {
    const { engine } = await modem();
    const s = both(tlsPort, { tls: 'wrong-ca' });
    const m = await runBringup(engine, s.bringup);
    expect(m).toMatchObject({ ok: false, step: 'open', problem: { code: 'qmtopen.-1' } });
    const l = await runProbe(s.probe);
    expect(l).toMatchObject({ ok: false, stage: 'tls', problem: { code: 'tls.ca-not-issuer' } });
    const c = compareProbe(m, l);
    expect(c).toMatchObject({ side: 'server', verdict: 'TLS fails on both: the CA uploaded to the modem does not sign this server\'s chain (it is signed by "Workbench Test CA").' });
  });

  it('both refused at CONNECT by the password file: the credentials are wrong', async () => {
    const { engine } = await modem();
    const s = both(locked.port, { username: 'device-7', password: 'wrong-password' });
    const m = await runBringup(engine, s.bringup);
    expect(m).toMatchObject({ ok: false, step: 'connect', problem: { code: expect.stringMatching(/^connack\.[45]$/) } });
    const l = await runProbe(s.probe);
    expect(l).toMatchObject({ ok: false, stage: 'mqtt' });
    const c = compareProbe(m, l);
    expect(c.side).toBe('server');
    expect(c.verdict).toMatch(/^The server refuses these credentials from both \(CONNACK [45]\): /);
  });

  it('the laptop connects while the modem\'s APN is wrong (no PDP context): the APN, not the server', async () => {
    const { engine, vm } = await modem();
    vm.inject({ kind: 'pdp-fails', on: true });
    const s = both(plain.port);
    const m = await runBringup(engine, s.bringup);
    expect(m).toMatchObject({ ok: false, step: 'pdp' });
    const l = await runProbe(s.probe);
    expect(l.ok).toBe(true);
    const c = compareProbe(m, l);
    expect(c.side).toBe('modem');
    expect(c.verdict).toMatch(/the modem fails before it reaches the server, at "Mobile data \(PDP context\)".*look at the APN/);
  });
});
