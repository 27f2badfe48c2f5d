// MQTT operations over a real PTY against the virtual EC20, whose MQTT client talks to a real
// (embedded aedes) broker; a second, ordinary MQTT client on the same broker checks what the
// modem's commands really did.
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createQuectelEngine } from './engine';
import type { AtEngine, SerialTransport } from '../at/types';
import { openSerial } from '../serial/transport';
import { startVirtualModem, type VirtualModem } from '../simulator/index';
import { basic } from './basic';
import { closeNetwork, configure, connect, disconnect, openNetwork, publish, subscribe, unsubscribe } from './mqtt';
import { decodeUrc, isModemUrc, type ModemEvent } from './urc';

let vm: VirtualModem | undefined;
let transport: SerialTransport | undefined;
let engine: AtEngine | undefined;
let observer: mqtt.MqttClient | undefined;

afterEach(async () => {
  await observer?.endAsync().catch(() => undefined);
  engine?.dispose();
  await transport?.close().catch(() => undefined);
  await vm?.stop();
  vm = transport = engine = observer = undefined;
});

const waitFor = async (pred: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function connected(profile: 'EC2X-2018' | 'LTE-LATER' = 'EC2X-2018'): Promise<AtEngine> {
  vm = await startVirtualModem({ speed: 0.05, skipPowerUp: true, profile });
  const t = await openSerial(vm.hostPath);
  if (!t.ok) throw new Error(t.problem.detail);
  transport = t.value;
  const e = createQuectelEngine(transport, { timeoutScale: 3 });
  engine = e;
  for (const req of [basic.echoOff(), basic.qicsgp({ cid: 1, apn: 'internet.example' }), basic.qiact(1)]) expect((await e.send(req)).kind).toBe('ok');
  expect((await configure(e, 0, { version: 4, keepalive: 60, recvMode: { buffered: false, lengthField: true } })).ok).toBe(true);
  expect((await openNetwork(e, { client: 0, host: '127.0.0.1', port: vm?.embedded?.port ?? 0 })).ok).toBe(true);
  expect((await connect(e, { client: 0, clientId: 'wb-int-0001' })).ok).toBe(true);
  observer = await mqtt.connectAsync(vm.brokerUrl, { reconnectPeriod: 0, clientId: 'observer' });
  return e;
}

describe('MQTT over the virtual EC20', () => {
  it('publishes with the prompt form; another client receives the exact payload', async () => {
    const e = await connected();
    const got: Array<{ topic: string; payload: string }> = [];
    observer?.on('message', (topic, payload) => got.push({ topic, payload: payload.toString('utf8') }));
    await observer?.subscribeAsync('site7/#', { qos: 1 });
    const payload = '{"t":21.5,"note":"a, \\"quoted\\" value"}';
    const r = await publish(e, { client: 0, msgId: 1, qos: 1, retain: false, topic: 'site7/telemetry', payload, form: 'prompt' });
    expect(r.ok).toBe(true);
    await waitFor(() => got.length === 1);
    expect(got[0]).toEqual({ topic: 'site7/telemetry', payload });
  }, 60_000);

  it('publishes with the fixed-length form on later firmware, counting UTF-8 bytes', async () => {
    const e = await connected('LTE-LATER');
    const got: string[] = [];
    observer?.on('message', (_t, p) => got.push(p.toString('utf8')));
    await observer?.subscribeAsync('meters/#');
    const payload = 'Grüße\r\nzweite Zeile ✓';
    const r = await publish(e, { client: 0, msgId: 7, qos: 1, retain: false, topic: 'meters/0042/up', payload, form: 'fixed', command: 'QMTPUBEX' });
    expect(r.ok).toBe(true);
    await waitFor(() => got.length === 1);
    expect(got[0]).toBe(payload);
  }, 60_000);

  it('subscribes, then decodes the +QMTRECV of a message another client publishes', async () => {
    const e = await connected();
    const events: ModemEvent[] = [];
    e.onUrc(isModemUrc, (u) => events.push(decodeUrc(u.text)));
    const s = await subscribe(e, { client: 0, msgId: 1, topics: [{ topic: 'site7/cmd/#', qos: 1 }] });
    expect(s.ok && s.value.granted).toEqual([1]);
    await observer?.publishAsync('site7/cmd/led', 'on, "now"', { qos: 1 });
    await waitFor(() => events.some((ev) => ev.type === 'mqtt-message'));
    expect(events.find((ev) => ev.type === 'mqtt-message')).toMatchObject({ type: 'mqtt-message', client: 0, topic: 'site7/cmd/led', payload: 'on, "now"', length: 9 });
    expect((await unsubscribe(e, { client: 0, msgId: 2, topics: ['site7/cmd/#'] })).ok).toBe(true);
  }, 60_000);

  it('disconnects, then a new session needs open again (protocol.md §2.5)', async () => {
    const e = await connected();
    expect((await disconnect(e, 0)).ok).toBe(true);
    const again = await connect(e, { client: 0, clientId: 'wb-int-0001' });
    expect(again.ok ? undefined : again.problem.code).toBe('error.qmtconn');
    expect((await openNetwork(e, { client: 0, host: '127.0.0.1', port: vm?.embedded?.port ?? 0 })).ok).toBe(true);
    expect((await closeNetwork(e, 0)).ok).toBe(true);
  }, 60_000);

  it('reports the broker dropping the link as +QMTSTAT with its explanation', async () => {
    const e = await connected();
    const events: ModemEvent[] = [];
    e.onUrc(isModemUrc, (u) => events.push(decodeUrc(u.text)));
    vm?.inject({ kind: 'broker-drop', client: 0 });
    await waitFor(() => events.some((ev) => ev.type === 'mqtt-status'));
    expect(events.find((ev) => ev.type === 'mqtt-status')).toMatchObject({ client: 0, code: 1, explanation: { key: 'qmtstat.1' } });
  }, 60_000);
});
