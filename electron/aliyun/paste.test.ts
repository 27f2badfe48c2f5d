import { describe, expect, it } from 'vitest';
import { parseDeviceCertificate, parseMqttParameters } from './paste';
import { secret } from './secret';
import { signMqtt } from './sign';
import { verifyCredentials } from './verify';

describe('parseDeviceCertificate (aliyun.md §1.1)', () => {
  it.each([
    '{"ProductKey":"a1X2bEnP82z","DeviceName":"pump-01","DeviceSecret":"ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe"}',
    '{"productKey":"a1X2bEnP82z","deviceName":"pump-01","deviceSecret":"ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe"}',
    '  {"productkey":"a1X2bEnP82z", "DEVICENAME":"pump-01", "devicesecret":"ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe"}\n',
  ])('reads %s in any key casing', (text) => {
    const r = parseDeviceCertificate(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.device.productKey).toBe('a1X2bEnP82z');
      expect(r.value.device.deviceName).toBe('pump-01');
      expect(r.value.device.deviceSecret.reveal()).toBe('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe');
      expect(JSON.stringify(r.value)).not.toContain('ga7XA6Kd');
    }
  });

  it('trims stray whitespace and says so (aliyun.md §8.8)', () => {
    const r = parseDeviceCertificate('{"ProductKey":" a1X2bEnP82z","DeviceName":"pump-01\\t","DeviceSecret":"ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe "}');
    expect(r.ok && r.value.notes).toEqual(['Removed whitespace around productKey.', 'Removed whitespace around deviceName.', 'Removed whitespace around deviceSecret.']);
  });

  it.each([
    ['not JSON', 'ProductKey=a1X2bEnP82z', 'aliyun.paste.not-json'],
    ['a missing secret', '{"ProductKey":"a1X2bEnP82z","DeviceName":"pump-01"}', 'aliyun.paste.missing-field'],
    ['a full-width DeviceName', '{"ProductKey":"a1X2bEnP82z","DeviceName":"ｐｕｍｐ01","DeviceSecret":"ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe"}', 'aliyun.paste.deviceName'],
    ['a ProductKey with a dash', '{"ProductKey":"a1X2b-nP82z","DeviceName":"pump-01","DeviceSecret":"ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe"}', 'aliyun.paste.productKey'],
  ])('rejects %s', (_what, text, code) => {
    const r = parseDeviceCertificate(text);
    expect(!r.ok && r.problem.code).toBe(code);
  });
});

describe('parseMqttParameters (aliyun.md §1.1 console copy)', () => {
  const device = { productKey: 'a1X2bEnP82z', deviceName: 'pump-01', deviceSecret: secret('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe') };
  const signed = signMqtt(device, { method: 'hmacsha256', secureMode: 2, timestamp: 1700000000000 });
  const text = JSON.stringify({ clientId: signed.clientId, username: signed.username, mqttHostUrl: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', passwd: signed.password.reveal(), port: 1883 });

  it('reads the console block and the credentials verify against the triple', () => {
    const r = parseMqttParameters(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ productKey: 'a1X2bEnP82z', deviceName: 'pump-01', method: 'hmacsha256', port: 1883, host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com' });
    expect(r.value.notes[0]).toContain('no DeviceSecret');
    expect(JSON.stringify(r.value)).not.toContain(signed.password.reveal());
    expect(verifyCredentials(device, r.value, { tls: true }).ok).toBe(true);
  });

  it.each([
    ['a cut password', { passwd: signed.password.reveal().slice(0, 40) }, 'aliyun.paste.password'],
    ['a clientId without its block', { clientId: 'a1X2bEnP82z.pump-01' }, 'aliyun.paste.clientid'],
    ['no port', { port: undefined }, 'aliyun.paste.missing-field'],
    ['a username without &', { username: 'pump-01' }, 'aliyun.paste.username'],
  ])('rejects %s', (_what, change, code) => {
    const r = parseMqttParameters(JSON.stringify({ ...JSON.parse(text), ...change }));
    expect(!r.ok && r.problem.code).toBe(code);
  });

  it('notes a host built for another ProductKey', () => {
    const r = parseMqttParameters(JSON.stringify({ ...JSON.parse(text), mqttHostUrl: 'k0leyWHxYT1.iot-as-mqtt.cn-shanghai.aliyuncs.com' }));
    expect(r.ok && r.value.notes.join()).toContain('ProductKey k0leyWHxYT1');
  });
});
