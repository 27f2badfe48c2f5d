import { describe, expect, it } from 'vitest';
import { checkHostForDevice, checkRegion, isAliyunEndpoint, mqttHost, parseAliyunHost, resolveEndpoint, secureModeFor, type AliyunInstance } from './endpoints';

const PK = 'a1X2bEnP82z';

describe('mqttHost (aliyun.md §2.1)', () => {
  it.each<[AliyunInstance, string]>([
    [{ kind: 'legacy-public', region: 'cn-shanghai' }, 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com'],
    [{ kind: 'legacy-public', region: 'ap-southeast-1' }, 'a1X2bEnP82z.iot-as-mqtt.ap-southeast-1.aliyuncs.com'],
    [{ kind: 'legacy-public', region: ' EU-Central-1 ' }, 'a1X2bEnP82z.iot-as-mqtt.eu-central-1.aliyuncs.com'],
    [{ kind: 'instance', instanceId: 'iot-06z00ae5m2066i3' }, 'iot-06z00ae5m2066i3.mqtt.iothub.aliyuncs.com'],
    [{ kind: 'instance', instanceId: 'iot-cn-nif1yb6ig1h', region: 'cn-beijing' }, 'iot-cn-nif1yb6ig1h.mqtt.iothub.aliyuncs.com'],
  ])('%j → %s', (instance, host) => {
    expect(mqttHost(PK, instance)).toBe(host);
  });

  it.each<[string, AliyunInstance, string]>([
    ['a ProductKey with a dot', { kind: 'legacy-public', region: 'cn-shanghai' }, '"productKey"'],
    ['an instance id without iot-', { kind: 'instance', instanceId: '06z00ae5m2066i3' }, '"instanceId"'],
    ['a region that is not a region id', { kind: 'legacy-public', region: 'Shanghai China' }, '"region"'],
  ])('rejects %s with a TypeError naming the field', (_what, instance, field) => {
    const pk = _what.startsWith('a ProductKey') ? 'a1X2.bEnP82z' : PK;
    expect(() => mqttHost(pk, instance)).toThrow(TypeError);
    expect(() => mqttHost(pk, instance)).toThrow(field);
  });
});

describe('checkRegion (aliyun.md §2.2)', () => {
  it.each(['cn-shanghai', 'ap-southeast-1', 'ap-northeast-1', 'us-west-1', 'us-east-1', 'eu-central-1'])('accepts legacy region %s', (r) => {
    expect(checkRegion(r)).toEqual({ ok: true, value: r });
  });

  it.each(['cn-beijing', 'cn-shenzhen'])('accepts %s for Enterprise instances only', (r) => {
    expect(checkRegion(r, 'instance').ok).toBe(true);
    const legacy = checkRegion(r, 'legacy-public');
    expect(legacy.ok).toBe(false);
    if (!legacy.ok) expect(legacy.problem.detail).toContain('only for Enterprise instances');
  });

  it.each([
    ['cn-shangai', 'cn-shanghai'],
    ['ap-southeast1', 'ap-southeast-1'],
    ['eu-centrl-1', 'eu-central-1'],
    ['singapore', 'ap-southeast-1'],
  ])('rejects the mistyped %s and suggests %s (aliyun.md §8.1)', (typed, suggested) => {
    const r = checkRegion(typed);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('aliyun.region.unknown');
      expect(r.problem.nextStep).toContain(`"${suggested}"`);
    }
  });

  it('rejects a region unknown to Aliyun IoT without inventing a suggestion', () => {
    const r = checkRegion('cn-hangzhou-zz-9');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.nextStep).toContain('console');
  });
});

describe('resolveEndpoint (aliyun.md §2.3 ports and TLS)', () => {
  const legacy: AliyunInstance = { kind: 'legacy-public', region: 'cn-shanghai' };

  it.each<[{ tls?: boolean; port?: number }, { port: number; tls: boolean; secureMode: 2 | 3; rootCa: string | null }]>([
    [{}, { port: 8883, tls: true, secureMode: 2, rootCa: 'aliyun-iot-self-signed' }],
    [{ tls: false }, { port: 1883, tls: false, secureMode: 3, rootCa: null }],
    [{ tls: true, port: 1883 }, { port: 1883, tls: true, secureMode: 2, rootCa: 'globalsign-root-r1' }],
    [{ tls: true, port: 443 }, { port: 443, tls: true, secureMode: 2, rootCa: 'globalsign-root-r1' }],
    [{ tls: true, port: 8883 }, { port: 8883, tls: true, secureMode: 2, rootCa: 'aliyun-iot-self-signed' }],
  ])('%j → %j', (opts, expected) => {
    const r = resolveEndpoint({ productKey: PK, instance: legacy, ...opts });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ host: `${PK}.iot-as-mqtt.cn-shanghai.aliyuncs.com`, ...expected });
  });

  it('warns that plain TCP may be refused, and that the GlobalSign root expires', () => {
    const plain = resolveEndpoint({ productKey: PK, instance: legacy, tls: false });
    expect(plain.ok && plain.value.warnings.join()).toContain('Plain TCP');
    const r1 = resolveEndpoint({ productKey: PK, instance: legacy, tls: true, port: 443 });
    expect(r1.ok && r1.value.warnings.join()).toContain('2028-01-28');
  });

  it.each<[number, string]>([
    [443, 'aliyun.port.needs-tls'],
    [8883, 'aliyun.port.needs-tls'],
  ])('refuses plain TCP on port %i', (port, code) => {
    const r = resolveEndpoint({ productKey: PK, instance: legacy, tls: false, port });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe(code);
  });

  it('refuses a port Aliyun does not serve', () => {
    const r = resolveEndpoint({ productKey: PK, instance: legacy, port: 8884 });
    expect(!r.ok && r.problem.code).toBe('aliyun.port.unknown');
  });

  it('refuses a mistyped legacy region before building a host (aliyun.md §8.1)', () => {
    const r = resolveEndpoint({ productKey: PK, instance: { kind: 'legacy-public', region: 'cn-shangai' } });
    expect(!r.ok && r.problem.code).toBe('aliyun.region.unknown');
  });

  it('turns a malformed instance id into a Problem', () => {
    const r = resolveEndpoint({ productKey: PK, instance: { kind: 'instance', instanceId: 'my instance' } });
    expect(!r.ok && r.problem.code).toBe('aliyun.endpoint.invalid');
  });

  it('securemode follows the transport', () => {
    expect(secureModeFor(true)).toBe(2);
    expect(secureModeFor(false)).toBe(3);
  });
});

describe('isAliyunEndpoint / parseAliyunHost', () => {
  it.each([
    ['a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', { kind: 'legacy-public', productKey: 'a1X2bEnP82z', region: 'cn-shanghai', knownRegion: true }],
    ['k0leyWHxYT1.iot-as-mqtt.us-east-1.aliyuncs.com.', { kind: 'legacy-public', productKey: 'k0leyWHxYT1', region: 'us-east-1', knownRegion: true }],
    ['iot-06z00ae5m2066i3.mqtt.iothub.aliyuncs.com', { kind: 'instance', instanceId: 'iot-06z00ae5m2066i3' }],
    ['IOT-CN-NIF1YB6IG1H.MQTT.IOTHUB.ALIYUNCS.COM', { kind: 'instance', instanceId: 'iot-cn-nif1yb6ig1h' }],
    ['ipv6.itls.cn-shanghai.aliyuncs.com', { kind: 'ipv6', region: 'cn-shanghai' }],
  ])('%s is an Aliyun endpoint', (host, parsed) => {
    expect(isAliyunEndpoint(host)).toBe(true);
    expect(parseAliyunHost(host)).toEqual(parsed);
  });

  it.each([
    'broker.emqx.io',
    'iot-as-mqtt.cn-shanghai.aliyuncs.com',
    'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com.evil.example',
    'iot-auth.cn-shanghai.aliyuncs.com',
    'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com:1883',
    '',
  ])('%j is not', (host) => {
    expect(isAliyunEndpoint(host)).toBe(false);
  });
});

describe('checkHostForDevice (aliyun.md §8.1)', () => {
  it('accepts the device own legacy host and an instance host', () => {
    expect(checkHostForDevice(`${PK}.iot-as-mqtt.cn-shanghai.aliyuncs.com`, PK).ok).toBe(true);
    expect(checkHostForDevice('iot-06z00ae5m2066i3.mqtt.iothub.aliyuncs.com', PK).ok).toBe(true);
  });

  it.each([
    ['k0leyWHxYT1.iot-as-mqtt.cn-shanghai.aliyuncs.com', 'aliyun.host.product-mismatch', `${PK}.iot-as-mqtt.cn-shanghai`],
    ['a1x2benp82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', 'aliyun.host.product-mismatch', 'letter case'],
    [`${PK}.iot-as-mqtt.cn-shangai.aliyuncs.com`, 'aliyun.host.region-unknown', 'cn-shanghai'],
    ['mqtt.example.com', 'aliyun.host.not-aliyun', 'iot-as-mqtt'],
  ])('rejects %s with %s', (host, code, hint) => {
    const r = checkHostForDevice(host, PK);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe(code);
      expect(`${r.problem.detail} ${r.problem.nextStep}`).toContain(hint);
    }
  });
});
