// The app's services under faults, over real PTYs, with the virtual EC20 and a real mosquitto:
// the port unplugged mid-command, a modem reboot mid-publish, the broker killed and restarted
// (reconnect by one action and by itself, re-subscribing), a command never answered, line noise
// and partial lines, a +QMTRECV flood while commands run, and the bridge's client leaving
// mid-request. Each time the app keeps working, the user is told what happened (a Problem, not a
// stack), and the journal holds every byte that crossed the wire, in order.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createContractClient } from '../../shared/contract-client';
import { journalBytes, hasMosquitto, startMosquitto, startTappedModem, type Mosquitto, type TappedModem } from '../../test-support/fault-rig';
import { openScriptedPeer, tableScript } from '../../test-support/scripted-peer';
import { startBridge } from './bridge';
import { createDispatch } from './dispatch';
import { openServicesHost, type ServicesHost } from '../../test-support/services-host';

let rig: ServicesHost;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(() => {
  // A short back-off: the schedule itself is tested on a fake clock (reconnect.test.ts).
  rig = openServicesHost('wb-faults-', { reconnectPolicy: { firstDelayMs: 100, maxDelayMs: 400, maxAttempts: 50 } });
});

afterEach(async () => {
  await rig.close();
  for (const c of cleanups.splice(0).reverse()) await c();
});

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/**
 * The journal of `journalPath` against what the device end saw: what the host sent (tx) and what
 * it received (rx) are each, byte for byte, what crossed the wire, in order; the records are
 * numbered without gaps. A few bytes still in flight when the port closed may be missing at the
 * end, never in the middle; everything up to `atLeast` must be there.
 */
async function expectJournalHoldsEveryByte(journalPath: string, wire: { sent: () => Uint8Array; received: () => Uint8Array }, atLeast: { tx: number; rx: number }) {
  await expect
    .poll(async () => {
      const j = await journalBytes(journalPath);
      return j.tx.length >= atLeast.tx && j.rx.length >= atLeast.rx;
    }, { timeout: 10_000 })
    .toBe(true);
  const j = await journalBytes(journalPath);
  const seqs = j.records.map((r) => r.seq);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  expect(text(j.tx)).toBe(text(wire.received().subarray(0, j.tx.length)));
  expect(text(j.rx)).toBe(text(wire.sent().subarray(0, j.rx.length)));
}

async function tappedModem(brokerUrl: string): Promise<TappedModem> {
  const m = await startTappedModem({ brokerUrl, speed: 0 });
  cleanups.push(() => m.stop());
  return m;
}

async function mosquitto(): Promise<Mosquitto> {
  const b = await startMosquitto();
  cleanups.push(() => b.stop());
  return b;
}

async function openAndConnect(m: TappedModem, broker: Mosquitto, clientId: string): Promise<string> {
  const s = rig.services;
  const opened = await s.openPort({ path: m.hostPath });
  if (!opened.ok) throw new Error(opened.problem.title);
  const run = await s.runBringup({ host: '127.0.0.1', port: broker.port, clientId, tls: false, clientIdx: 0, keepalive: 60 });
  expect(run.ok && run.value).toEqual({ ready: true });
  return opened.value.journalPath!;
}

const client0 = () => rig.events('onModemStatus').at(-1)?.mqtt[0];
const messages = () => rig.events('onMqttMessage');

describe.skipIf(!hasMosquitto)('broker killed and restarted', () => {
  it('the app sees +QMTSTAT, explains it, and one Reconnect opens, connects and re-subscribes; a message published after that arrives', async () => {
    const broker = await mosquitto();
    const m = await tappedModem(broker.url);
    const journal = await openAndConnect(m, broker, 'wb-fault-manual');
    const s = rig.services;
    expect((await s.mqttSubscribe({ clientIdx: 0, topic: 'wb/fault/#', qos: 1 })).ok).toBe(true);
    expect((await s.mqttSubscribe({ clientIdx: 0, topic: 'wb/other', qos: 2 })).ok).toBe(true);

    await broker.kill();
    await expect.poll(() => client0()?.state, { timeout: 10_000 }).toBe('closed');
    // Told in words from the catalogue, with the line that said it and what to do.
    expect(client0()?.problem).toMatchObject({ code: 'qmtstat.1', title: expect.stringMatching(/server closed/i), detail: expect.stringMatching(/^\+QMTSTAT: 0,1/), nextStep: expect.stringMatching(/reopen/i) });
    expect(rig.events('onSubscriptions').at(-1)).toEqual([]);
    // Automatic reconnecting is off by default: nothing is tried by itself.
    expect(client0()?.reconnect).toMatchObject({ auto: false, available: true, phase: 'idle' });

    // With the broker still down, Reconnect fails at "open" and says why.
    const down = await s.mqttReconnect({ clientIdx: 0 });
    expect(down.ok && down.value.connected).toBe(false);
    expect(down.ok && down.value.failedStep).toBe('open');
    expect(down.ok && down.value.problem?.code).toMatch(/^qmtopen\./);

    await broker.start();
    const r = await s.mqttReconnect({ clientIdx: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.connected).toBe(true);
    expect(r.value.steps.map((x) => `${x.id}:${x.status}`)).toEqual(['open:passed', 'connect:passed', 'ready:passed', 'subscribe:passed', 'subscribe:passed']);
    expect(r.value.resubscribed.map((x) => [x.topic, x.qos])).toEqual([['wb/fault/#', 1], ['wb/other', 2]]);
    expect(client0()?.state).toBe('connected');
    expect(rig.events('onSubscriptions').at(-1)?.map((x) => x.topic)).toEqual(['wb/fault/#', 'wb/other']);
    // The step events reached the wizard view too.
    expect(rig.events('onWizardStep').filter((x) => x.id === 'connect' && x.status === 'passed')).toHaveLength(2);

    expect((await s.mqttPublish({ clientIdx: 0, topic: 'wb/fault/after', qos: 1, retain: false, payload: 'back', encoding: 'text' })).ok).toBe(true);
    await expect.poll(() => messages().map((x) => x.payloadText), { timeout: 10_000 }).toEqual(['back']);

    const log = await s.getLog({ from: 0, limit: 1_000_000 });
    const lines = log.ok ? log.value.map((e) => e.text) : [];
    expect(lines.filter((l) => l.startsWith('AT+QMTOPEN=0'))).toHaveLength(3);
    expect(lines.filter((l) => /^AT\+QMTSUB=0,\d+,"wb\/fault\/#",1/.test(l))).toHaveLength(2);
    const atLeast = { tx: m.received().length, rx: m.sent().length };
    await s.closePort(undefined);
    await expectJournalHoldsEveryByte(journal, m, atLeast);
  }, 60_000);

  it('switching Auto-reconnect on while a link is down (the broker dropped it) reconnects it at once and re-subscribes', async () => {
    const broker = await mosquitto();
    const m = await tappedModem(broker.url);
    const s = rig.services;
    await openAndConnect(m, broker, 'wb-fault-late-auto');
    expect((await s.mqttSubscribe({ clientIdx: 0, topic: 'wb/late/#', qos: 2 })).ok).toBe(true);
    m.inject({ kind: 'broker-drop', client: 0 });
    await expect.poll(() => client0()?.problem?.code, { timeout: 10_000 }).toBe('qmtstat.1');
    expect(client0()?.reconnect?.phase).toBe('idle');
    expect((await s.setAutoReconnect({ enabled: true, clientIdx: 0 })).ok).toBe(true);
    await expect.poll(() => client0()?.reconnect?.phase, { timeout: 10_000 }).toBe('connected');
    expect(client0()?.state).toBe('connected');
    expect(rig.events('onSubscriptions').at(-1)?.map((x) => [x.topic, x.qos])).toEqual([['wb/late/#', 2]]);
  }, 60_000);

  it('with Auto-reconnect on, reconnects by itself once the broker is back, every attempt visible, and re-subscribes; AT+QMTCLOSE ends the loop', async () => {
    const broker = await mosquitto();
    const m = await tappedModem(broker.url);
    const s = rig.services;
    expect(await s.setAutoReconnect({ enabled: true })).toEqual({ ok: true, value: { enabled: true } });
    const journal = await openAndConnect(m, broker, 'wb-fault-auto');
    expect((await s.mqttSubscribe({ clientIdx: 0, topic: 'wb/auto/#', qos: 1 })).ok).toBe(true);
    expect(client0()?.reconnect).toMatchObject({ auto: true, available: true });

    await broker.kill();
    // Attempts go on while the broker is away, each one shown (waiting, then reconnecting).
    const attempts = () => new Set(rig.events('onModemStatus').map((x) => x.mqtt[0]?.reconnect).filter((x) => x?.phase === 'reconnecting').map((x) => x!.attempt)).size;
    await expect.poll(attempts, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const waiting = rig.events('onModemStatus').map((x) => x.mqtt[0]?.reconnect).find((x) => x?.phase === 'waiting' && x.lastProblem);
    expect(waiting).toMatchObject({ auto: true, delayMs: expect.any(Number), nextAt: expect.any(Number), lastProblem: { code: expect.stringMatching(/^qmtopen\./) } });

    await broker.start();
    await expect.poll(() => client0()?.reconnect?.phase, { timeout: 20_000 }).toBe('connected');
    expect(client0()?.state).toBe('connected');
    expect(rig.events('onSubscriptions').at(-1)?.map((x) => [x.topic, x.qos])).toEqual([['wb/auto/#', 1]]);
    expect((await s.mqttPublish({ clientIdx: 0, topic: 'wb/auto/x', qos: 1, retain: false, payload: 'by itself', encoding: 'text' })).ok).toBe(true);
    await expect.poll(() => messages().map((x) => x.payloadText), { timeout: 10_000 }).toEqual(['by itself']);

    // The broker goes again; the user closes the link while the loop waits: no attempt after that.
    await broker.kill();
    await expect.poll(() => client0()?.reconnect?.phase, { timeout: 10_000 }).toMatch(/waiting|reconnecting/);
    expect((await s.sendAt({ text: 'AT+QMTCLOSE=0' })).ok).toBe(true);
    await expect.poll(() => client0()?.reconnect?.phase, { timeout: 10_000 }).toBe('stopped');
    expect(client0()?.reconnect?.note).toMatch(/You closed the link \(AT\+QMTCLOSE\)/);
    const opensBefore = m.received().length;
    await broker.start();
    // Ten back-off periods with the broker up: the loop would have reconnected by now.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(text(m.received().subarray(opensBefore))).not.toContain('AT+QMTOPEN');
    expect(client0()?.reconnect?.phase).toBe('stopped');

    const atLeast = { tx: m.received().length, rx: m.sent().length };
    await s.closePort(undefined);
    await expectJournalHoldsEveryByte(journal, m, atLeast);
  }, 90_000);
});

describe('faults on the modem side', () => {
  it('a port unplugged mid-command ends the command "port-lost", tells the user, and the re-plugged port opens and works', async () => {
    const s = rig.services;
    // The modem answers ATI, and never answers AT+QPOWD=1 (it is being unplugged).
    const script = tableScript({ ATI: ['\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n'], 'AT+QPOWD=1': [] });
    const peer = await openScriptedPeer(script);
    cleanups.push(() => peer.close());
    const opened = await s.openPort({ path: peer.hostPath });
    const journal = opened.ok ? opened.value.journalPath! : '';
    expect((await s.sendAt({ text: 'ATI' })).ok).toBe(true);
    const pending = s.sendAt({ text: 'AT+QPOWD=1', timeoutMs: 60_000 });
    await peer.waitFor((b) => text(b).includes('AT+QPOWD=1\r'));
    const atLeast = { tx: peer.received().length, rx: peer.sent().length };
    await peer.close();
    const out = await pending;
    expect(out.ok && out.value.kind).toBe('port-lost');
    expect(out.ok && out.value.kind === 'port-lost' ? out.value.problem.title : '').not.toMatch(/at .*\(.*:\d+:\d+\)/);
    await expect.poll(() => rig.events('onPortState').at(-1)?.state, { timeout: 10_000 }).toBe('closed');
    expect(rig.events('onPortState').at(-1)?.problem).toMatchObject({ code: 'port.lost', nextStep: expect.stringMatching(/open the port again/) });
    await expectJournalHoldsEveryByte(journal, peer, atLeast);

    const peer2 = await openScriptedPeer(script);
    cleanups.push(() => peer2.close());
    const again = await s.openPort({ path: peer2.hostPath });
    expect(again.ok && again.value.state).toBe('open');
    const ati = await s.sendAt({ text: 'ATI' });
    expect(ati.ok && ati.value.kind).toBe('ok');
  }, 60_000);

  it('a modem reboot mid-publish: the publish ends with an explanation, the client shows "modem restarted", and Reconnect runs the wizard again and re-subscribes', async () => {
    const broker = await mosquitto();
    const m = await tappedModem(broker.url);
    const journal = await openAndConnect(m, broker, 'wb-fault-reboot');
    const s = rig.services;
    expect((await s.mqttSubscribe({ clientIdx: 0, topic: 'wb/reboot/#', qos: 1 })).ok).toBe(true);
    // The modem restarts as the publish command reaches it.
    let rebooted = false;
    m.onReceive((_c, all) => {
      if (!rebooted && all().includes('AT+QMTPUBEX=0,')) {
        rebooted = true;
        m.inject({ kind: 'reboot' });
      }
    });
    const pub = await s.mqttPublish({ clientIdx: 0, topic: 'wb/reboot/a', qos: 1, retain: false, payload: 'lost \u001a in the reboot', encoding: 'text' });
    expect(rebooted).toBe(true);
    expect(pub.ok).toBe(false);
    if (!pub.ok) expect(pub.problem.title.length).toBeGreaterThan(5);
    await expect.poll(() => client0()?.problem?.code, { timeout: 10_000 }).toBe('modem.restarted');
    expect(client0()?.state).toBe('closed');

    const r = await s.mqttReconnect({ clientIdx: 0 });
    expect(r.ok && r.value.connected).toBe(true);
    // After a restart the PDP context and the MQTT settings are gone: the whole wizard runs.
    expect(r.ok && r.value.steps.map((x) => x.id)).toEqual(['at', 'echo-cmee', 'urc-port', 'identity', 'sim', 'signal', 'registration', 'attach', 'pdp', 'mqtt-config', 'open', 'connect', 'ready', 'subscribe']);
    expect((await s.mqttPublish({ clientIdx: 0, topic: 'wb/reboot/b', qos: 1, retain: false, payload: 'after', encoding: 'text' })).ok).toBe(true);
    await expect.poll(() => messages().map((x) => x.payloadText), { timeout: 10_000 }).toEqual(['after']);

    const atLeast = { tx: m.received().length, rx: m.sent().length };
    await s.closePort(undefined);
    await expectJournalHoldsEveryByte(journal, m, atLeast);
  }, 60_000);

  it('a command never answered times out with an explanation, and the next command works', async () => {
    const m = await tappedModem('mqtt://127.0.0.1:1');
    const s = rig.services;
    const opened = await s.openPort({ path: m.hostPath });
    const journal = opened.ok ? opened.value.journalPath! : '';
    m.inject({ kind: 'silence' });
    const silent = await s.sendAt({ text: 'AT+CSQ', timeoutMs: 400 });
    expect(silent.ok && silent.value.kind).toBe('timeout');
    expect(silent.ok && silent.value.kind === 'timeout' ? silent.value.problem : undefined).toMatchObject({ title: expect.any(String), nextStep: expect.any(String) });
    const next = await s.sendAt({ text: 'AT+CSQ' });
    expect(next.ok && next.value.kind).toBe('ok');
    expect(next.ok && next.value.kind === 'ok' ? next.value.lines.join() : '').toMatch(/\+CSQ: \d+,\d+/);
    const atLeast = { tx: m.received().length, rx: m.sent().length };
    await s.closePort(undefined);
    await expectJournalHoldsEveryByte(journal, m, atLeast);
  }, 30_000);

  it('garbage, NULs and partial lines between commands: every command still completes, every byte is journaled', async () => {
    const m = await tappedModem('mqtt://127.0.0.1:1');
    const s = rig.services;
    const opened = await s.openPort({ path: m.hostPath });
    const journal = opened.ok ? opened.value.journalPath! : '';
    m.inject({ kind: 'garbage' });
    await m.writeRaw(Uint8Array.from([0x00, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect((await s.sendAt({ text: 'AT' })).ok).toBe(true);
    // A URC cut in two, the rest arriving with the next answer; then answers in 1-byte pieces.
    await m.writeRaw('\r\n+QMTSTAT: 3,');
    expect((await s.sendAt({ text: 'AT+CSQ' })).ok).toBe(true);
    m.inject({ kind: 'split-writes', maxWriteSize: 1 });
    const ati = await s.sendAt({ text: 'ATI' });
    expect(ati.ok && ati.value.kind).toBe('ok');
    expect(ati.ok && ati.value.kind === 'ok' ? ati.value.lines : []).toContain('Quectel');
    m.inject({ kind: 'split-writes' });
    m.inject({ kind: 'garbage', bytes: 'ZZ\u0001\u0002' });
    const last = await s.sendAt({ text: 'AT+CGSN' });
    expect(last.ok && last.value.kind).toBe('ok');
    const atLeast = { tx: m.received().length, rx: m.sent().length };
    await s.closePort(undefined);
    await expectJournalHoldsEveryByte(journal, m, atLeast);
  }, 30_000);

  it('a +QMTRECV flood while commands run: the commands complete and every message is counted', async () => {
    const m = await tappedModem('mqtt://127.0.0.1:1');
    const s = rig.services;
    const opened = await s.openPort({ path: m.hostPath });
    const journal = opened.ok ? opened.value.journalPath! : '';
    expect((await s.sendAt({ text: 'ATE0' })).ok).toBe(true);
    const total = 3_000;
    const flood = (async () => {
      for (let i = 0; i < total; i += 100) {
        let chunk = '';
        for (let k = i; k < i + 100; k++) {
          const payload = `{"n":${k},"s":"a, \\"b\\""}`;
          chunk += `\r\n+QMTRECV: 0,${k % 65535},"flood/${k % 7}",${Buffer.byteLength(payload)},"${payload}"\r\n`;
        }
        await m.writeRaw(chunk);
      }
    })();
    const outcomes = [];
    // The answers queue behind up to the whole flood on the wire: on a loaded machine reading it
    // can take longer than AT+CSQ's 300 ms, which is not what this test is about.
    for (let i = 0; i < 20; i++) outcomes.push(await s.sendAt({ text: i % 2 ? 'AT+CSQ' : 'AT+QMTCONN?', timeoutMs: 10_000 }));
    await flood;
    expect(outcomes.map((o) => o.ok && o.value.kind)).toEqual(Array(20).fill('ok'));
    await expect.poll(() => messages().length, { timeout: 20_000 }).toBe(total);
    const got = messages().map((x) => JSON.parse(x.payloadText) as { n: number });
    expect(got.map((x) => x.n)).toEqual(Array.from({ length: total }, (_, i) => i));
    const atLeast = { tx: m.received().length, rx: m.sent().length };
    await s.closePort(undefined);
    await expectJournalHoldsEveryByte(journal, m, atLeast);
  }, 60_000);
});

describe('the bridge', () => {
  it("a client that disconnects mid-request: the service finishes, the journal has the exchange, and the next client is served", async () => {
    const staticDir = fs.mkdtempSync(path.join(rig.dir, 'static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Workbench</title>');
    const bridge = await startBridge({ dispatch: createDispatch(rig.services), hub: rig.host.hub, staticDir });
    cleanups.push(() => bridge.close());
    // The modem answers after a pause, long enough for the client to leave first.
    const peer = await openScriptedPeer(tableScript({ 'AT+COPS?': [{ delayMs: 600 }, '\r\n+COPS: 0,0,"Example",7\r\n\r\nOK\r\n'], AT: ['\r\nOK\r\n'] }));
    cleanups.push(() => peer.close());
    const connect = async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api?token=${bridge.token}`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      return { ws, api: createContractClient({ send: (t) => ws.send(t), onMessage: (fn) => ws.on('message', (d) => fn(String(d))), onClose: (fn) => ws.on('close', fn) }) };
    };
    const first = await connect();
    const opened = await first.api.openPort({ path: peer.hostPath });
    expect(opened.ok).toBe(true);
    const journal = opened.ok ? opened.value.journalPath! : '';
    void first.api.sendAt({ text: 'AT+COPS?' }).catch(() => undefined);
    await peer.waitFor((b) => text(b).includes('AT+COPS?\r'));
    first.ws.terminate();
    // The exchange still completes on the main side and reaches the log and the journal.
    await expect
      .poll(async () => {
        const log = await rig.services.getLog({ from: 0, limit: 1_000_000 });
        return log.ok && log.value.some((e) => e.text === 'OK' && e.dir === 'rx');
      }, { timeout: 10_000 })
      .toBe(true);
    const second = await connect();
    const at = await second.api.sendAt({ text: 'AT' });
    expect(at.ok && at.value.kind).toBe('ok');
    const xs = await second.api.getExchanges();
    expect(xs.ok && xs.value.find((x) => x.command === 'AT+COPS?')?.outcome).toBe('ok');
    second.ws.close();
    const atLeast = { tx: peer.received().length, rx: peer.sent().length };
    await rig.services.closePort(undefined);
    await expectJournalHoldsEveryByte(journal, peer, atLeast);
  }, 30_000);
});
