// The services the app and the browser bridge are bound to, end to end: the Virtual EC20 on a real
// PTY, its MQTT side on the embedded broker, the wizard, topics, status, log and exchanges.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import { openScriptedPeer, tableScript } from '../../test-support/scripted-peer';
import { openServicesHost, type ServicesHost } from '../../test-support/services-host';

let rig: ServicesHost;

beforeEach(() => {
  process.env.WORKBENCH_SIM_SPEED = '0';
  rig = openServicesHost('wb-svc-');
});

afterEach(() => rig.close());

describe('workbench services on the virtual EC20', () => {
  it('connects with the wizard, subscribes, publishes and receives its own message, and logs every line', async () => {
    const s = rig.services;
    const opened = await s.openPort({ path: VIRTUAL_PORT_PATH });
    expect(opened.ok && opened.value.state).toBe('open');
    const run = await s.runBringup({ clientId: 'svc-test', tls: false, clientIdx: 0, keepalive: 60, apn: 'internet' });
    expect(run.ok && run.value).toEqual({ ready: true });
    const steps = rig.events('onWizardStep');
    expect(steps.filter((x) => x.status === 'passed').map((x) => x.id)).toEqual(['port', 'at', 'echo-cmee', 'urc-port', 'identity', 'sim', 'signal', 'registration', 'attach', 'pdp', 'mqtt-config', 'open', 'connect', 'ready']);
    const status = await s.getModemStatus(undefined);
    expect(status.ok && status.value.mqtt[0]?.state).toBe('connected');
    expect(status.ok && status.value.pdpIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(status.ok && status.value.signal?.dbm).toBeLessThan(0);

    const sub = await s.mqttSubscribe({ clientIdx: 0, topic: 'wb/test/#', qos: 1 });
    expect(sub.ok && sub.value.granted).toBe(1);
    const payload = 'He said "hi", then\r\nleft';
    const pub = await s.mqttPublish({ clientIdx: 0, topic: 'wb/test/a', qos: 1, retain: false, payload, encoding: 'text' });
    expect(pub.ok).toBe(true);
    await expect.poll(() => rig.events('onMqttMessage').length, { timeout: 10_000 }).toBe(1);
    const m = rig.events('onMqttMessage')[0]!;
    expect(m.topic).toBe('wb/test/a');
    expect(m.payloadText).toBe(payload);

    const hex = await s.mqttPublish({ clientIdx: 0, topic: 'wb/test/bin', qos: 0, retain: false, payload: '00 1a 1b ff fe', encoding: 'hex' });
    expect(hex.ok).toBe(true);
    await expect.poll(() => rig.events('onMqttMessage').length, { timeout: 10_000 }).toBe(2);
    expect(Buffer.from(rig.events('onMqttMessage')[1]!.payloadBase64, 'base64')).toEqual(Buffer.from([0x00, 0x1a, 0x1b, 0xff, 0xfe]));

    const log = await s.getLog({ from: 0, limit: 1_000_000 });
    const texts = log.ok ? log.value.map((e) => e.text) : [];
    expect(texts.some((t) => t.startsWith('AT+QMTCONN=0,"svc-test"'))).toBe(true);
    expect(texts.some((t) => t.startsWith('+QMTRECV: 0,'))).toBe(true);
    const xs = await s.getExchanges(undefined);
    const conn = xs.ok ? xs.value.find((x) => x.command.startsWith('AT+QMTCONN=')) : undefined;
    expect(conn?.implied.map((p) => p.name)).toEqual(expect.arrayContaining(['CONNECT', 'CONNACK']));
  });

  it('stops the wizard at "connect" with the catalogue explanation when the broker refuses CONNECT', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    expect((await s.demoInjectFault({ kind: 'connack-refused', code: 4 })).ok).toBe(true);
    const run = await s.runBringup({ clientId: 'svc-refused', tls: false, clientIdx: 0, keepalive: 60 });
    expect(run.ok && run.value.ready).toBe(false);
    expect(run.ok && run.value.failedStep).toBe('connect');
    expect(run.ok && run.value.problem?.title).toMatch(/user name or password/i);
    const failed = rig.events('onWizardStep').find((x) => x.status === 'failed');
    expect(failed?.id).toBe('connect');
  });

  it('refuses to publish before the wizard connected, and explains why', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    const r = await s.mqttPublish({ clientIdx: 0, topic: 't', qos: 0, retain: false, payload: 'x', encoding: 'text' });
    expect(!r.ok && r.problem.code).toBe('mqtt.not-connected');
  });

  it('reports a vanished port as a typed state change and keeps what was logged', async () => {
    const s = rig.services;
    const peer = await openScriptedPeer(tableScript({ ATI: ['\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n'] }));
    await s.openPort({ path: peer.hostPath });
    expect((await s.sendAt({ text: 'ATI' })).ok).toBe(true);
    const before = await s.getLog({ from: 0, limit: 1_000_000 });
    const count = before.ok ? before.value.length : 0;
    expect(count).toBeGreaterThan(2);
    // Pull the plug: the device end and the PTY pair go away under the open port.
    await peer.close();
    await expect.poll(() => rig.events('onPortState').at(-1)?.state, { timeout: 10_000 }).toBe('closed');
    expect(rig.events('onPortState').at(-1)?.problem?.code).toBe('port.lost');
    const after = await s.getLog({ from: 0, limit: 1_000_000 });
    expect(after.ok && after.value.length).toBeGreaterThanOrEqual(count);
  });

  it('a port listing that fails (udevadm missing) is reported beside the Virtual EC20, which stays on offer', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = rig.dir; // an empty folder: serialport's listing cannot find udevadm
    try {
      const r = await rig.services.listPorts(undefined);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.ports.map((p) => p.path)).toEqual([VIRTUAL_PORT_PATH]);
      expect(r.value.problem?.nextStep).toMatch(/udev/);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('in buffered receive mode (recv/mode 1) a message is read out of its slot and still reaches the topics panel', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    const first = await s.runBringup({ clientId: 'svc-buffered', tls: false, clientIdx: 0, keepalive: 60 });
    expect(first.ok && first.value.ready).toBe(true);
    expect((await s.sendAt({ text: 'AT+QMTDISC=0' })).ok).toBe(true);
    const logText = async () => JSON.stringify(await s.getLog({ from: 0, limit: 1_000_000 }));
    await expect.poll(logText, { timeout: 10_000 }).toContain('+QMTDISC: 0,0');
    const mode = await s.sendAt({ text: 'AT+QMTCFG="recv/mode",0,1,1' });
    expect(mode.ok && mode.value.kind).toBe('ok');
    const again = await s.runBringup({ clientId: 'svc-buffered', tls: false, clientIdx: 0, keepalive: 60, fromStep: 'open' });
    expect(again.ok && again.value.ready).toBe(true);
    expect((await s.mqttSubscribe({ clientIdx: 0, topic: 'wb/buf', qos: 1 })).ok).toBe(true);
    expect((await s.mqttPublish({ clientIdx: 0, topic: 'wb/buf', qos: 1, retain: false, payload: 'kept, "as is"', encoding: 'text' })).ok).toBe(true);
    await expect.poll(() => rig.events('onMqttMessage').length, { timeout: 10_000 }).toBe(1);
    expect(rig.events('onMqttMessage')[0]).toMatchObject({ topic: 'wb/buf', payloadText: 'kept, "as is"' });
    const log = await s.getLog({ from: 0, limit: 1_000_000 });
    expect(log.ok && log.value.some((e) => e.dir === 'tx' && e.text.startsWith('AT+QMTRECV=0'))).toBe(true);
  });

  it('explains an ERROR to AT+QMTCFG while connected by its cause, in the console, the log and the diagram', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    const run = await s.runBringup({ clientId: 'svc-cfg', tls: false, clientIdx: 0, keepalive: 60 });
    expect(run.ok && run.value.ready).toBe(true);
    const r = await s.sendAt({ text: 'AT+QMTCFG="keepalive",0,30' });
    expect(r.ok && r.value.kind).toBe('modem-error');
    expect(r.ok && r.value.kind === 'modem-error' ? r.value.problem : undefined).toMatchObject({ code: 'error.qmtcfg-connected', title: expect.stringMatching(/already connected, disconnect first/) });
    const meaning = await s.explainLine({ text: 'ERROR' });
    expect(meaning.ok && meaning.value?.code).toBe('error.qmtcfg-connected');
    const xs = await s.getExchanges(undefined);
    const cfg = xs.ok ? xs.value.filter((x) => x.command.startsWith('AT+QMTCFG="keepalive",0,30')).at(-1) : undefined;
    expect(cfg?.problem?.code).toBe('error.qmtcfg-connected');
  });

  it('explains the same refusal in the console when the client was connected from the console, not the wizard', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    const hasLine = async (text: string) => {
      const log = await s.getLog({ from: 0, limit: 1_000_000 });
      return log.ok && log.value.some((e) => e.text === text);
    };
    const outcome = async (text: string) => {
      const r = await s.sendAt({ text });
      return r.ok ? r.value.kind : 'not sent';
    };
    // The virtual EC20 is still powering up right after the port opens: wait until it answers.
    await expect.poll(() => outcome('AT'), { timeout: 30_000 }).toBe('ok');
    // The module dials what it is told: the embedded broker's address is in the port state.
    const state = await s.getPortState(undefined);
    const broker = state.ok ? state.value.embeddedBroker : undefined;
    expect(await outcome(`AT+QMTOPEN=0,"${broker?.host ?? ''}",${broker?.port ?? 0}`)).toBe('ok');
    await expect.poll(() => hasLine('+QMTOPEN: 0,0'), { timeout: 20_000 }).toBe(true);
    expect(await outcome('AT+QMTCONN=0,"svc-console"')).toBe('ok');
    await expect.poll(() => hasLine('+QMTCONN: 0,0,0'), { timeout: 20_000 }).toBe(true);
    const r = await s.sendAt({ text: 'AT+QMTCFG="keepalive",0,30' });
    expect(r.ok && r.value.kind === 'modem-error' ? r.value.problem : undefined).toMatchObject({ code: 'error.qmtcfg-connected', title: expect.stringMatching(/already connected, disconnect first/) });
  });
});
