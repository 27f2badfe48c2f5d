// The whole bring-up over a real PTY against the virtual EC20, whose MQTT side talks to a real
// (embedded aedes) broker; each injected fault must stop the wizard at the step it belongs to,
// with the catalogue's explanation.
import { afterEach, describe, expect, it } from 'vitest';
import { BRINGUP_STEP_IDS, mergeStepData, type BringupStepEvent } from '../../shared/bringup';
import { createQuectelEngine } from './engine';
import type { AtEngine, SerialTransport } from '../at/types';
import { openSerial } from '../serial/transport';
import { startVirtualModem, type Fault, type VirtualModem } from '../simulator/index';
import { runBringup, type BringupOptions } from './bringup';

let vm: VirtualModem | undefined;
let transport: SerialTransport | undefined;
let engine: AtEngine | undefined;

afterEach(async () => {
  engine?.dispose();
  await transport?.close().catch(() => undefined);
  await vm?.stop();
  vm = undefined;
  transport = undefined;
  engine = undefined;
});

async function setUp(opts: Parameters<typeof startVirtualModem>[0] = {}, faults: Fault[] = []): Promise<AtEngine> {
  vm = await startVirtualModem({ speed: 0.05, skipPowerUp: true, ...opts });
  dialEmbedded(vm);
  for (const f of faults) vm.inject(f);
  const t = await openSerial(vm.hostPath);
  if (!t.ok) throw new Error(t.problem.detail);
  transport = t.value;
  engine = createQuectelEngine(transport, { timeoutScale: 3 });
  return engine;
}

/** The virtual module dials what it is told: point the bring-up at its embedded broker. */
function dialEmbedded(m: VirtualModem): void {
  if (m.embedded) options.server = { host: m.embedded.host, port: m.embedded.port };
}

const options: BringupOptions = {
  portPath: 'virtual',
  apn: 'internet.example',
  server: { host: 'broker.example.net', port: 1883 },
  clientId: 'wb-test-0001',
  keepalive: 60,
  registrationWaitMs: 3_000,
  signalWaitMs: 1_000,
  simWaitMs: 1_000,
  pollMs: 300,
};

describe('bring-up against the virtual EC20', () => {
  it('passes every step up to ready, with details a person can read', async () => {
    const e = await setUp();
    const events: BringupStepEvent[] = [];
    const r = await runBringup(e, options, (ev) => events.push(ev));
    expect(r.problem).toBeUndefined();
    expect(r.ok).toBe(true);
    // The TLS steps do not apply to a plain TCP bring-up and say so.
    const tlsOnly = ['clock', 'tls-files', 'tls-context'];
    expect(r.steps.map((s) => [s.id, s.status])).toEqual(BRINGUP_STEP_IDS.map((id) => [id, tlsOnly.includes(id) ? 'skipped' : 'passed']));
    expect(r.steps.find((s) => s.id === 'tls-files')?.detail).toMatch(/plain TCP/);
    const detail = Object.fromEntries(r.steps.map((s) => [s.id, s.detail]));
    expect(detail.identity).toMatch(/IMEI \d{15}/);
    expect(detail.signal).toMatch(/-?\d+ dBm/);
    expect(detail.registration).toMatch(/^registered, (home|roaming)/);
    expect(detail.pdp).toMatch(/PDP 1 active, IP \d+\.\d+\.\d+\.\d+/);
    // Every step is announced as running before it ends.
    expect(events.filter((ev) => ev.status === 'running')).toHaveLength(BRINGUP_STEP_IDS.length - tlsOnly.length);
    // The SIM's identity and the URC port are found on the way.
    expect(mergeStepData(r.steps).simIdentity?.iccid).toMatch(/^\d{18,20}$/);
    expect(mergeStepData(r.steps).urcPort?.port).toBeTruthy();
  }, 60_000);

  it('waits for a module that is still powering up (RDY … PB DONE) and passes', async () => {
    vm = await startVirtualModem({ speed: 0.1 });
    dialEmbedded(vm);
    const t = await openSerial(vm.hostPath);
    if (!t.ok) throw new Error(t.problem.detail);
    transport = t.value;
    engine = createQuectelEngine(transport, { timeoutScale: 3 });
    const r = await runBringup(engine, { ...options, atWaitMs: 20_000, simWaitMs: 20_000 });
    expect(r.problem).toBeUndefined();
    expect(r.ok).toBe(true);
  }, 90_000);

  it('re-runs from a given step, reporting the earlier ones as skipped', async () => {
    const e = await setUp();
    expect((await runBringup(e, options)).ok).toBe(true);
    const again = await runBringup(e, { ...options, fromStep: 'mqtt-config' });
    expect(again.ok).toBe(true);
    expect(again.steps.filter((s) => s.status === 'skipped').map((s) => s.id)).toEqual(['port', 'at', 'echo-cmee', 'urc-port', 'identity', 'sim', 'signal', 'registration', 'attach', 'pdp', 'clock', 'tls-files', 'tls-context']);
  }, 60_000);

  const faultCases: Array<{ name: string; faults: Fault[]; step: string; code: RegExp; opts?: Parameters<typeof startVirtualModem>[0] }> = [
    { name: 'SIM missing', faults: [{ kind: 'sim-missing', on: true }], step: 'sim', code: /^(cme\.10|cpin\.NOT INSERTED)$/ },
    { name: 'no network', faults: [{ kind: 'no-network', on: true }], step: 'signal', code: /^csq\.99$/ },
    { name: 'PDP activation fails', faults: [{ kind: 'pdp-fails', on: true }], step: 'pdp', code: /^(error\.qiact|cme\.561)$/ },
    { name: 'CONNACK refused (bad credentials)', faults: [{ kind: 'connack-refused', code: 4 }], step: 'connect', code: /^connack\.4$/ },
    { name: 'broker unreachable', faults: [], step: 'open', code: /^qmtopen\.(5|-1)$/, opts: { brokerUrl: 'mqtt://127.0.0.1:9', embeddedBroker: false } },
  ];
  for (const c of faultCases) {
    it(`stops at "${c.step}" when ${c.name}, with the catalogue explanation`, async () => {
      const e = await setUp(c.opts, c.faults);
      const r = await runBringup(e, options);
      expect(r.ok).toBe(false);
      expect(r.step).toBe(c.step);
      expect(r.problem?.code).toMatch(c.code);
      expect(r.problem?.nextStep.length).toBeGreaterThan(10);
      const failed = r.steps.at(-1);
      expect(failed).toMatchObject({ id: c.step, status: 'failed' });
    }, 60_000);
  }
});
