import { describe, expect, it } from 'vitest';
import { BRINGUP_STEPS } from '../../shared/bringup';
import { validateArgs } from '../../shared/api';
import { MQTT_DEFAULTS, TLS_DEFAULTS } from '../../shared/mqtt-options';
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

  it('maps the TLS step and the Advanced options: port 8883 when none was typed, file contents decoded', () => {
    const parsed = validateArgs('runBringup', {
      host: 'iot.example.org', tls: true, clientId: 'id', mqttVersion: 3, cid: 2, cleanSession: false, pktTimeoutS: 10, retryTimes: 5,
      will: { topic: 'dev/status', message: 'offline', qos: 1, retain: true }, recvMode: { buffered: true, lengthField: false },
      tlsOptions: { sslCtx: 2, seclevel: 2, ca: { name: 'ca.pem', content: 'PEM TEXT' }, clientCert: { name: 'client.der', content: Buffer.from([0x30, 0x82]).toString('base64'), encoding: 'base64' }, clientKey: { name: 'client.key' } },
    });
    if (!parsed.ok) throw new Error(parsed.problem.detail);
    const r = bringupOptionsFrom(parsed.value);
    expect(r).toMatchObject({ ok: true, value: { server: { host: 'iot.example.org', port: 8883 }, keepalive: MQTT_DEFAULTS.keepalive, mqttVersion: 3, cid: 2, cleanSession: false, pktTimeoutS: 10, retryTimes: 5, recvMode: { buffered: true, lengthField: false }, sslCtx: 2 } });
    const t = r.ok ? r.value.tlsOptions : undefined;
    expect(t).toMatchObject({ sslCtx: 2, seclevel: 2, sni: TLS_DEFAULTS.sni, ignoreLocalTime: TLS_DEFAULTS.ignoreLocalTime, cipherSuite: '0XFFFF', clientKey: { name: 'client.key', replace: false } });
    expect(t?.ca?.content).toEqual(new TextEncoder().encode('PEM TEXT'));
    expect(t?.clientCert?.content).toEqual(new Uint8Array([0x30, 0x82]));
    expect(t?.clientKey?.content).toBeUndefined();
    // The app's defaults are the CLI's: one object, keepalive 60 s.
    const plain = validateArgs('runBringup', { host: 'h', clientId: 'id' });
    expect(plain.ok && bringupOptionsFrom(plain.value)).toMatchObject({ ok: true, value: { server: { port: 1883 }, keepalive: 60 } });
  });

  it('refuses options no modem could take, before sending anything', async () => {
    const never = {} as AtEngine;
    await expect(runBringup(never, { server: { host: '', port: 1883 }, clientId: 'x' })).rejects.toThrow(/server.host/);
    await expect(runBringup(never, { server: { host: 'h', port: 0 }, clientId: 'x' })).rejects.toThrow(/server.port/);
    await expect(runBringup(never, { server: { host: 'h', port: 1883 }, clientId: 'x', fromStep: 'nope' as never })).rejects.toThrow(/fromStep/);
  });
});
