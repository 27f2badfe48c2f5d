// The state truth end to end on the Virtual EC20: whatever moves the modem (the wizard, a re-run,
// the console, the broker), every event the views listen to says the same thing at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PayloadOf } from '../../shared/api';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import { openServicesHost, type ServicesHost } from '../../test-support/services-host';

let rig: ServicesHost;
const wizard = { clientId: 'truth-1', tls: false, clientIdx: 0, keepalive: 60 };

beforeEach(() => {
  process.env.WORKBENCH_SIM_SPEED = '0';
  rig = openServicesHost('wb-truth-');
});

afterEach(() => rig.close());

describe('state truth on the virtual EC20', () => {
  it('a wizard re-run (AT+QMTDISC) drops the old subscription everywhere; closing the port clears every view', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    expect((await s.runBringup(wizard)).ok).toBe(true);
    await s.mqttSubscribe({ clientIdx: 0, topic: 'truth/#', qos: 1 });
    expect(rig.last('onSubscriptions')).toEqual([{ clientIdx: 0, topic: 'truth/#', qos: 1, granted: 1 }]);
    expect(rig.last('onModemState')?.clients[0]).toMatchObject({ state: 'connected', subscriptions: [{ topic: 'truth/#', qos: 1, granted: 1 }] });

    const rerun = await s.runBringup(wizard);
    expect(rerun.ok && rerun.value.ready).toBe(true);
    expect(rig.seen.some((e) => e.name === 'onModemState' && (e.payload as PayloadOf<'onModemState'>).clients[0]?.state === 'closed')).toBe(true);
    expect(rig.last('onSubscriptions')).toEqual([]);
    expect((await s.getSubscriptions(undefined)).ok && (await s.getSubscriptions(undefined))).toMatchObject({ value: [] });
    expect(rig.last('onModemStatus')?.mqtt[0]?.state).toBe('connected');

    await s.closePort(undefined);
    expect(rig.last('onModemState')).toEqual({ port: { state: 'closed', path: VIRTUAL_PORT_PATH }, modem: {}, network: {}, clients: {} });
    expect(rig.last('onModemStatus')).toEqual({ mqtt: {} });
    expect(rig.last('onSubscriptions')).toEqual([]);
  });

  it('a command typed in the console moves the truth like the wizard does', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    expect((await s.runBringup(wizard)).ok).toBe(true);
    await s.sendAt({ text: 'AT+QMTDISC=0' });
    await expect.poll(() => rig.last('onModemStatus')?.mqtt[0]?.state, { timeout: 10_000 }).toBe('closed');
    expect(rig.last('onModemState')?.clients[0]?.lastLine).toBe('+QMTDISC: 0,0');
  });

  it('"Retry from here" at connect after a refused CONNECT opens the network again, then connects', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    await s.demoInjectFault({ kind: 'connack-refused', code: 4 });
    const refused = await s.runBringup(wizard);
    expect(refused.ok && refused.value.failedStep).toBe('connect');
    // The broker closes the network after a refused CONNACK (+QMTSTAT: 0,1).
    await expect.poll(() => rig.last('onModemState')?.clients[0]?.state, { timeout: 10_000 }).toBe('closed');
    rig.seen.length = 0;
    const retry = await s.runBringup({ ...wizard, fromStep: 'connect' });
    expect(retry.ok && retry.value).toEqual({ ready: true });
    const ran = rig.seen.filter((e) => e.name === 'onWizardStep').map((e) => e.payload as PayloadOf<'onWizardStep'>).filter((e) => e.status === 'passed').map((e) => e.id);
    expect(ran).toEqual(['open', 'connect', 'ready']);
    expect(rig.last('onModemStatus')?.mqtt[0]).toMatchObject({ state: 'connected' });
    expect(rig.last('onModemStatus')?.mqtt[0]?.problem).toBeUndefined();
  });

  it('subscribes several filters at once with each one\'s granted QoS; Disconnect and Close network end the link on purpose', async () => {
    const s = rig.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    expect((await s.runBringup(wizard)).ok).toBe(true);
    const sub = await s.mqttSubscribe({ clientIdx: 0, topic: 'multi/a', qos: 1, more: [{ topic: 'multi/b/#', qos: 2 }] });
    expect(sub.ok && sub.value.all?.map((x) => [x.topic, x.granted])).toEqual([['multi/a', 1], ['multi/b/#', 2]]);
    expect(rig.last('onModemState')?.clients[0]?.subscriptions).toEqual([{ topic: 'multi/a', qos: 1, granted: 1 }, { topic: 'multi/b/#', qos: 2, granted: 2 }]);
    await s.mqttPublish({ clientIdx: 0, topic: 'multi/a', qos: 1, retain: false, payload: 'x', encoding: 'text' });
    await expect.poll(() => rig.last('onMqttMessage')?.qosText, { timeout: 10_000 }).toBe('QoS 1');

    expect((await s.mqttDisconnect({ clientIdx: 0 })).ok).toBe(true);
    expect(rig.last('onModemState')?.clients[0]).toMatchObject({ state: 'closed', subscriptions: [] });
    const again = await s.mqttCloseNetwork({ clientIdx: 0 });
    expect(again.ok ? undefined : again.problem.code).toBe('mqtt.closed');
  });
});
