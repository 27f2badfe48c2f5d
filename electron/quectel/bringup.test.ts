import { describe, expect, it } from 'vitest';
import { BRINGUP_STEPS } from '../../shared/bringup';
import { bringupOptionsFrom, bringupSteps, runBringup } from './bringup';
import type { AtEngine } from '../at/types';

describe('bring-up steps as data', () => {
  it('has the wizard steps in order, with the shared titles', () => {
    expect(bringupSteps.map((s) => s.id)).toEqual(['port', 'at', 'echo-cmee', 'urc-port', 'identity', 'sim', 'signal', 'registration', 'attach', 'pdp', 'clock', 'tls-files', 'tls-context', 'mqtt-config', 'open', 'connect', 'ready']);
    expect(bringupSteps.map((s) => s.title)).toEqual(BRINGUP_STEPS.map((s) => s.title));
  });

  it('maps the contract request onto runner options', () => {
    const r = bringupOptionsFrom({ host: 'broker.example.net', port: 8883, tls: true, clientId: 'id', clientIdx: 1, keepalive: 60, apn: 'internet', fromStep: 'open' }, { portPath: '/dev/ttyUSB2' });
    expect(r).toEqual({ ok: true, value: { portPath: '/dev/ttyUSB2', server: { host: 'broker.example.net', port: 8883 }, tls: true, clientId: 'id', clientIdx: 1, keepalive: 60, apn: 'internet', fromStep: 'open' } });
    expect(bringupOptionsFrom({ port: 1883, tls: false, clientId: 'id', clientIdx: 0, keepalive: 60 })).toMatchObject({ ok: false, problem: { code: 'bringup.no-host' } });
  });

  it('refuses options no modem could take, before sending anything', async () => {
    const never = {} as AtEngine;
    await expect(runBringup(never, { server: { host: '', port: 1883 }, clientId: 'x' })).rejects.toThrow(/server.host/);
    await expect(runBringup(never, { server: { host: 'h', port: 0 }, clientId: 'x' })).rejects.toThrow(/server.port/);
    await expect(runBringup(never, { server: { host: 'h', port: 1883 }, clientId: 'x', fromStep: 'nope' as never })).rejects.toThrow(/fromStep/);
  });
});
