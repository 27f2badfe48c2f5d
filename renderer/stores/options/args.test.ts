import { describe, expect, it } from 'vitest';
import { BringupArgs } from '../../../shared/api';
import { MQTT_DEFAULTS } from '../../../shared/mqtt-options';
import { bringupOptionArgs } from './args';
import { initialOptionsState } from './state';

const base = { clientId: 'c', port: 8883, tls: true };

describe("the wizard's Advanced and TLS sections as bring-up arguments", () => {
  it('sends the shared defaults untouched (the same values as the CLI)', () => {
    const args = bringupOptionArgs(initialOptionsState, false);
    const parsed = BringupArgs.parse({ ...base, tls: false, ...args });
    expect(parsed).toMatchObject({ mqttVersion: MQTT_DEFAULTS.mqttVersion, cid: MQTT_DEFAULTS.cid, keepalive: MQTT_DEFAULTS.keepalive, cleanSession: MQTT_DEFAULTS.cleanSession, recvMode: MQTT_DEFAULTS.recvMode });
    expect(parsed.tlsOptions).toBeUndefined();
  });

  it('sends the Will only when on, and a CA picked from disk with its content until it is on the modem', () => {
    const s = {
      ...initialOptionsState,
      mqttOptions: { ...initialOptionsState.mqttOptions, willOn: true, willTopic: 'dev/status', willMessage: 'gone', willQos: '1' as const },
      tlsForm: { ...initialOptionsState.tlsForm, seclevel: '2' as const, ca: 'ca.pem', clientCert: 'c.pem', clientKey: 'c.key' },
      tlsPicked: { ca: { name: 'ca.pem', content: '-----BEGIN CERTIFICATE-----\n', encoding: 'text' as const, uploaded: false }, clientKey: { name: 'c.key', content: 'x', encoding: 'text' as const, uploaded: true } },
    };
    const parsed = BringupArgs.parse({ ...base, ...bringupOptionArgs(s, true) });
    expect(parsed.will).toEqual({ topic: 'dev/status', message: 'gone', qos: 1, retain: false });
    expect(parsed.tlsOptions).toMatchObject({ seclevel: 2, ca: { name: 'ca.pem', content: '-----BEGIN CERTIFICATE-----\n' }, clientCert: { name: 'c.pem' }, clientKey: { name: 'c.key' } });
    expect(parsed.tlsOptions?.clientKey?.content).toBeUndefined();
  });

  it('a field left empty is refused by the schema, naming the field', () => {
    const s = { ...initialOptionsState, mqttOptions: { ...initialOptionsState.mqttOptions, keepalive: '' } };
    const r = BringupArgs.safeParse({ ...base, ...bringupOptionArgs(s, false) });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['keepalive']);
  });
});
