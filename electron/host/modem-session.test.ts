// The status bar's view of the modem is read from the step events' typed data: a step with an
// empty detail still fills it, and no detail text is ever parsed.
import { describe, expect, it } from 'vitest';
import { bringupStepTitle, type BringupStepEvent, type BringupStepId } from '../../shared/bringup';
import type { ModemStatus } from '../../shared/status';
import { answeringEngine, healthyEc25 } from '../../test-support/answering-engine';
import { manualClock } from '../../test-support/manual-clock';
import { EventHub } from './event-hub';
import { ModemSession, statusAfterStep } from './modem-session';

const link = { client: 0, server: 'broker.example.net:1883', clientId: 'wb-1' };
const passed = (id: BringupStepId, data: BringupStepEvent['data']): BringupStepEvent => ({ id, title: bringupStepTitle(id), status: 'passed', detail: '', ...(data ? { data } : {}) });
const start: ModemStatus = { port: '/dev/ttyUSB2', mqtt: {} };

describe('status bar from step data', () => {
  it('takes module, IMEI, firmware, signal, registration, operator and IP from fields, with an empty detail', () => {
    const steps = [
      passed('identity', { module: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G' }, firmware: 'EC25EFAR06A06M4G', imei: '866758040123456' }),
      passed('signal', { signal: { csq: { rssi: 21, ber: 99 }, dbm: -71, quality: 'good' } }),
      passed('registration', { registration: { command: 'CEREG', stat: 5, state: 'roaming', act: 7, tech: 'LTE' }, operator: 'Example Telecom' }),
      passed('pdp', { pdp: { cid: 1, ip: '10.64.3.7', alreadyActive: false } }),
    ];
    const s = steps.reduce((st, e) => statusAfterStep(st, e, link), start);
    expect(s).toEqual({
      port: '/dev/ttyUSB2',
      mqtt: {},
      modem: 'EC25 EC25EFAR06A06M4G',
      module: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G' },
      firmware: 'EC25EFAR06A06M4G',
      imei: '866758040123456',
      signal: { csq: { rssi: 21, ber: 99 }, dbm: -71, quality: 'good', text: '-71 dBm (good)' },
      registration: 'roaming',
      accessTech: 'LTE',
      operator: 'Example Telecom',
      pdpIp: '10.64.3.7',
    });
    expect(start).toEqual({ port: '/dev/ttyUSB2', mqtt: {} });
  });

  it('ignores detail text entirely: a detail that looks like data changes nothing', () => {
    const e: BringupStepEvent = { id: 'identity', title: bringupStepTitle('identity'), status: 'passed', detail: 'EC21, IMEI 111111111111111' };
    expect(statusAfterStep(start, e, link)).toBe(start);
  });

  it('follows the MQTT client: opening and connecting while the steps run, then what their data says', () => {
    const running = (id: BringupStepId): BringupStepEvent => ({ id, title: bringupStepTitle(id), status: 'running' });
    let s: ModemStatus = { ...start, mqtt: { 0: { state: 'closed', problem: { code: 'qmtstat.1', title: 'dropped', detail: '', nextStep: '' } } } };
    s = statusAfterStep(s, running('open'), link);
    expect(s.mqtt[0]).toEqual({ state: 'opening', server: link.server });
    s = statusAfterStep(s, passed('open', { mqtt: { client: 0, state: 'opened', server: link.server } }), link);
    expect(s.mqtt[0]).toEqual({ state: 'opened', server: link.server });
    s = statusAfterStep(s, running('connect'), link);
    expect(s.mqtt[0]).toEqual({ state: 'connecting', server: link.server, clientId: 'wb-1' });
    s = statusAfterStep(s, passed('connect', { mqtt: { client: 0, state: 'connected', server: link.server, clientId: 'wb-1' } }), link);
    expect(s.mqtt[0]).toEqual({ state: 'connected', server: link.server, clientId: 'wb-1' });
  });

  it('leaves the status as it was for failed and skipped steps', () => {
    const failed: BringupStepEvent = { id: 'signal', title: bringupStepTitle('signal'), status: 'failed', problem: { code: 'csq.99', title: 'No signal', detail: '', nextStep: '' } };
    expect(statusAfterStep(start, failed, link)).toBe(start);
    expect(statusAfterStep(start, { id: 'pdp', title: bringupStepTitle('pdp'), status: 'skipped', detail: 'not re-run' }, link)).toBe(start);
  });
});

describe('modem session bring-up', () => {
  it('publishes each step event and a status built from its data; a failed open closes the client with the problem', async () => {
    const clock = manualClock();
    const { engine } = answeringEngine(clock, healthyEc25);
    const hub = new EventHub();
    const steps: BringupStepEvent[] = [];
    const statuses: ModemStatus[] = [];
    hub.on((name, payload) => {
      if (name === 'onWizardStep') steps.push(payload as BringupStepEvent);
      if (name === 'onModemStatus') statuses.push(payload as ModemStatus);
    });
    const session = new ModemSession({ engine, hub, portLabel: '/dev/ttyUSB2', lastLogIndex: () => 0, clock });
    const r = await clock.run(session.bringup({ host: 'broker.example.net', port: 1883, tls: false, clientId: 'wb-1', clientIdx: 2, keepalive: 60, fromStep: 'port' }));
    expect(r).toMatchObject({ ok: true, value: { ready: false, failedStep: 'open' } });
    expect(steps.filter((e) => e.status !== 'running').map((e) => [e.id, e.status])).toEqual([
      ['port', 'passed'], ['at', 'passed'], ['echo-cmee', 'passed'], ['urc-port', 'passed'], ['identity', 'passed'], ['sim', 'passed'], ['signal', 'passed'],
      ['registration', 'passed'], ['attach', 'passed'], ['pdp', 'passed'], ['clock', 'skipped'], ['tls-files', 'skipped'], ['tls-context', 'skipped'], ['mqtt-config', 'passed'], ['open', 'failed'],
    ]);
    expect(session.getStatus()).toMatchObject({
      modem: 'EC25 EC25EFAR06A06M4G',
      imei: '866758040123456',
      firmware: 'EC25EFAR06A06M4G',
      signal: { dbm: -71, csq: { rssi: 21, ber: 99 } },
      registration: 'roaming',
      accessTech: 'LTE',
      operator: 'Example Telecom',
      pdpIp: '10.64.3.7',
      mqtt: { 2: { state: 'closed', server: 'broker.example.net:1883', problem: { code: expect.any(String) } } },
    });
    expect(statuses.at(-1)).toEqual(session.getStatus());
    session.dispose();
  });
});
