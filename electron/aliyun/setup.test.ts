import { describe, expect, it } from 'vitest';
import { hasErrors, planAliyun, readAliyunText, type AliyunSource } from './setup';

const SECRET = 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe';
const cert = { ProductKey: 'a1X2bEnP82z', DeviceName: 'meter-0042', DeviceSecret: SECRET };
const params = (o: Record<string, unknown> = {}) =>
  JSON.stringify({ clientId: 'a1X2bEnP82z.meter-0042|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|', username: 'meter-0042&a1X2bEnP82z', mqttHostUrl: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', passwd: 'ab'.repeat(32), port: 1883, ...o });

const read = (text: string): AliyunSource => {
  const r = readAliyunText(text);
  if (!r.ok) throw new Error(r.problem.title);
  return r.value;
};
const codes = (source: AliyunSource, choice = {}) => {
  const p = planAliyun(source, choice);
  if (!p.ok) throw new Error(p.problem.title);
  return p.value.findings.map((f) => `${f.severity}:${f.code}`);
};

describe('readAliyunText', () => {
  it('reads the device certificate in any key casing, a triple of words and key=value lines', () => {
    for (const text of [JSON.stringify(cert), JSON.stringify({ productKey: cert.ProductKey, devicename: cert.DeviceName, deviceSecret: cert.DeviceSecret }), `a1X2bEnP82z meter-0042 ${SECRET}`, `a1X2bEnP82z,meter-0042,${SECRET}`, `ProductKey=a1X2bEnP82z\nDeviceName: meter-0042\nDeviceSecret = "${SECRET}"`]) {
      const s = read(text);
      expect(s.kind).toBe('triple');
      if (s.kind !== 'triple') continue;
      expect([s.device.productKey, s.device.deviceName, s.device.deviceSecret.reveal()]).toEqual(['a1X2bEnP82z', 'meter-0042', SECRET]);
      // The secret cannot leak through JSON or a template string.
      expect(JSON.stringify(s)).not.toContain(SECRET);
    }
  });
  it('reads the MQTT connection parameters and the extra endpoint keys of a file', () => {
    expect(read(params())).toMatchObject({ kind: 'mqtt-params', params: { host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', method: 'hmacsha256', productKey: 'a1X2bEnP82z' } });
    expect(read(JSON.stringify({ ...cert, IotInstanceId: 'iot-06z00ae5m2066i3', port: 443, signMethod: 'hmacsha1', keepalive: 600 }))).toMatchObject({ endpoint: { instance: { kind: 'instance', instanceId: 'iot-06z00ae5m2066i3' }, port: 443 }, method: 'hmacsha1', keepalive: 600 });
  });
  it('refuses what is none of them, saying what to paste', () => {
    for (const text of ['', 'hello', '{"ProductKey":"a1X2bEnP82z"}', '{not json']) expect(readAliyunText(text).ok).toBe(false);
    const r = readAliyunText(JSON.stringify({ ...cert, signMethod: 'sha256' }));
    expect(!r.ok && r.problem.code).toBe('aliyun.paste.signmethod');
  });
});

describe('planAliyun: the checks before sending (aliyun.md §8)', () => {
  const triple = read(JSON.stringify(cert));
  it('a region gives the legacy host; TLS 8883 by default; aliauth connects with the bare id', () => {
    const p = planAliyun(triple, { instance: { kind: 'legacy-public', region: 'cn-shanghai' }, auth: 'aliauth' });
    expect(p.ok && p.value).toMatchObject({ host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 8883, tls: true, connectClientId: 'a1X2bEnP82z.meter-0042', clientId: 'a1X2bEnP82z.meter-0042|securemode=2,signmethod=hmacsha256,timestamp=2524608000000|', findings: [] });
  });
  it('an instance id gives the instance host; host-side signing connects with the full mqttClientId', () => {
    const p = planAliyun(triple, { instance: { kind: 'instance', instanceId: 'iot-06z00ae5m2066i3' }, tls: false, auth: 'host', method: 'hmacsha1' });
    expect(p.ok && p.value).toMatchObject({ host: 'iot-06z00ae5m2066i3.mqtt.iothub.aliyuncs.com', port: 1883, tls: false, connectClientId: 'a1X2bEnP82z.meter-0042|securemode=3,signmethod=hmacsha1,timestamp=2524608000000|' });
    expect(p.ok && p.value.findings.map((f) => f.code)).toEqual(['aliyun.endpoint.note']); // plain TCP is being phased out
  });
  it.each([
    ['keepalive outside 30–1200 s', { keepalive: 20 }, 'error:aliyun.limit.keepalive'],
    ['a region misspelt', { instance: { kind: 'legacy-public', region: 'cn-shangai' } }, 'error:aliyun.region.unknown'],
    ['a host of another ProductKey', { host: 'a1OTHERxxxx.iot-as-mqtt.cn-shanghai.aliyuncs.com' }, 'error:aliyun.host.product-mismatch'],
    ['a host that does not match the region', { instance: { kind: 'legacy-public', region: 'cn-shanghai' }, host: 'a1X2bEnP82z.iot-as-mqtt.ap-southeast-1.aliyuncs.com' }, 'error:aliyun.setup.host-mismatch'],
    ['plain TCP on a TLS-only port', { host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 8883, tls: false }, 'error:aliyun.port.needs-tls'],
    ['no endpoint at all', {}, 'error:aliyun.setup.no-endpoint'],
  ])('%s', (_name, choice, code) => {
    expect(codes(triple, choice)).toContain(code);
  });
  it('the MQTT parameters: no aliauth, no re-signing, securemode must match TLS', () => {
    const p = read(params());
    expect(codes(p, { auth: 'aliauth' })).toContain('error:aliyun.setup.params-for-aliauth');
    expect(codes(p, { method: 'hmacsha1' })).toContain('error:aliyun.setup.params-method');
    expect(codes(p, { tls: false })).toContain('error:aliyun.setup.securemode');
    const fine = planAliyun(p, { tls: true });
    expect(fine.ok && hasErrors(fine.value.findings)).toBe(false);
    expect(fine.ok && fine.value.connectClientId).toBe('a1X2bEnP82z.meter-0042|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|');
  });
  it('a warning for a DeviceSecret shaped like a ProductSecret', () => {
    expect(codes(read(`a1X2bEnP82z meter-0042 0123456789abcdef`), { instance: { kind: 'legacy-public', region: 'cn-shanghai' } })).toContain('warning:aliyun.field.deviceSecret');
  });
});

describe('the wizard\'s region picker', () => {
  it('offers exactly the regions the endpoint table knows', async () => {
    const { ALIYUN_PUBLIC_REGIONS } = await import('../../shared/aliyun');
    const { LEGACY_REGIONS } = await import('./endpoints');
    expect(Object.fromEntries(ALIYUN_PUBLIC_REGIONS)).toEqual(LEGACY_REGIONS);
  });
});
