import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkFields } from './fields';
import { secret } from './secret';
import { aliauthCommand, hmacHex, signContent, signMqtt, SIGN_METHODS, type AliyunDevice, type SignMethod } from './sign';

const device: AliyunDevice = { productKey: 'a1X2bEnP82z', deviceName: 'pump-01', deviceSecret: secret('3af7bc8812cb475e042a0a5ae377c6a1') };

// aliyun.md §6 test vectors: content string and expected digest, compared case-insensitively.
const VECTORS = [
  {
    id: 'V1',
    device: { productKey: 'pk', deviceName: 'device', deviceSecret: secret('secret') },
    clientId: '12345',
    timestamp: '789',
    method: 'hmacsha1' as const,
    content: 'clientId12345deviceNamedeviceproductKeypktimestamp789',
    expected: 'FAFD82A3D602B37FB0FA8B7892F24A477F851A14',
  },
];

/** Independent HMAC: OpenSSL's command line, fed the content on stdin. */
function opensslHmac(method: SignMethod, key: string, content: string): string {
  const r = spawnSync('openssl', ['dgst', `-${SIGN_METHODS[method].hash}`, '-hmac', key], { input: content, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  const m = /=\s*([0-9a-f]+)\s*$/i.exec(r.stdout);
  if (!m?.[1]) throw new Error(`unexpected openssl output: ${r.stdout}`);
  return m[1];
}

describe('aliyun.md §6 vectors', () => {
  it.each(VECTORS)('$id: content and password match the published digest', (v) => {
    expect(signContent({ ...v.device, clientId: v.clientId, timestamp: v.timestamp })).toBe(v.content);
    const c = signMqtt(v.device, { method: v.method, secureMode: 3, clientId: v.clientId, timestamp: v.timestamp });
    expect(c.password.reveal().toUpperCase()).toBe(v.expected);
    expect(c.clientId).toBe('12345|securemode=3,signmethod=hmacsha1,timestamp=789|');
    expect(c.username).toBe('device&pk');
  });

  it.each(VECTORS)('$id: OpenSSL agrees with the published digest', (v) => {
    expect(opensslHmac(v.method, v.device.deviceSecret.reveal(), v.content).toUpperCase()).toBe(v.expected);
  });
});

describe('signMqtt agrees with openssl dgst -hmac for every method', () => {
  const cases: { clientId?: string; timestamp?: string | number }[] = [
    {},
    { timestamp: 2524608000000 },
    { clientId: 'a1X2bEnP82z&pump-01', timestamp: '1700000000000' },
    { clientId: '' },
    { clientId: '867586040001234' },
  ];
  for (const method of Object.keys(SIGN_METHODS) as SignMethod[]) {
    it.each(cases)(`${method} %j`, (opts) => {
      const c = signMqtt(device, { method, secureMode: 2, ...opts });
      const bare = c.clientId.slice(0, c.clientId.indexOf('|'));
      const ts = opts.timestamp === undefined ? undefined : String(opts.timestamp);
      const content = (bare ? `clientId${bare}` : '') + `deviceName${device.deviceName}productKey${device.productKey}` + (ts ? `timestamp${ts}` : '');
      const pw = c.password.reveal();
      expect(pw).toMatch(/^[0-9a-f]+$/); // lower-case hex, as documented in sign.ts
      expect(pw).toHaveLength(SIGN_METHODS[method].hexLength);
      expect(pw).toBe(opensslHmac(method, device.deviceSecret.reveal(), content));
    });
  }

  it('signs UTF-8 keys like OpenSSL does', () => {
    const k = secret('clé-secrète-ü');
    expect(hmacHex('hmacsha256', k, 'deviceNamedproductKeyp')).toBe(opensslHmac('hmacsha256', 'clé-secrète-ü', 'deviceNamedproductKeyp'));
  });
});

describe('signMqtt field layout (aliyun.md §1.2–1.4)', () => {
  it('defaults the clientId to <pk>.<dn> and signs that bare id', () => {
    const c = signMqtt(device, { method: 'hmacsha256', secureMode: 2 });
    expect(c.clientId).toBe('a1X2bEnP82z.pump-01|securemode=2,signmethod=hmacsha256|');
    expect(c.password.reveal()).toBe(hmacHex('hmacsha256', device.deviceSecret, 'clientIda1X2bEnP82z.pump-01deviceNamepump-01productKeya1X2bEnP82z'));
  });

  it('puts the timestamp in both the block and the content, identically', () => {
    const c = signMqtt(device, { method: 'hmacsha1', secureMode: 3, timestamp: 2524608000000 });
    expect(c.clientId).toBe('a1X2bEnP82z.pump-01|securemode=3,signmethod=hmacsha1,timestamp=2524608000000|');
    expect(c.password.reveal()).toBe(hmacHex('hmacsha1', device.deviceSecret, 'clientIda1X2bEnP82z.pump-01deviceNamepump-01productKeya1X2bEnP82ztimestamp2524608000000'));
  });

  it('an empty clientId leaves the pair out of the content', () => {
    const c = signMqtt(device, { method: 'hmacmd5', secureMode: 2, clientId: '' });
    expect(c.clientId).toBe('|securemode=2,signmethod=hmacmd5|');
    expect(c.password.reveal()).toBe(hmacHex('hmacmd5', device.deviceSecret, 'deviceNamepump-01productKeya1X2bEnP82z'));
  });

  it('username is DeviceName&ProductKey, DeviceName first', () => {
    expect(signMqtt(device, { method: 'hmacsha1', secureMode: 2 }).username).toBe('pump-01&a1X2bEnP82z');
  });

  it('emits no whitespace in the extension block', () => {
    expect(signMqtt(device, { method: 'hmacsha1', secureMode: 2, timestamp: 1 }).clientId).not.toMatch(/\s/);
  });

  it('keeps the password redacted when the credentials are logged', () => {
    const c = signMqtt(device, { method: 'hmacsha256', secureMode: 2 });
    expect(JSON.stringify(c)).not.toContain(c.password.reveal());
    expect(`${c.password}`).toBe('«redacted»');
  });

  it('the same input always gives the same credentials (no clock inside)', () => {
    const a = signMqtt(device, { method: 'hmacsha256', secureMode: 2 });
    const b = signMqtt(device, { method: 'hmacsha256', secureMode: 2 });
    expect(a.password.equals(b.password)).toBe(true);
  });
});

describe('values the spec forbids are rejected with a TypeError naming the field', () => {
  const base = { productKey: 'a1X2bEnP82z', deviceName: 'pump-01', deviceSecret: secret('3af7bc8812cb475e042a0a5ae377c6a1') };
  const cases: [string, Partial<AliyunDevice>, Record<string, unknown>, RegExp][] = [
    // aliyun.md §8.2: signing the whole mqttClientId
    ['a clientId that already carries the |…| block', {}, { clientId: 'a1X2bEnP82z.pump-01|securemode=2,signmethod=hmacsha1|' }, /"clientId" must be the bare id before the first '\|'/],
    ['a clientId longer than 64 characters', {}, { clientId: 'x'.repeat(65) }, /"clientId" must be at most 64 characters, got 65/],
    ['a clientId with a double quote', {}, { clientId: 'dev"1' }, /"clientId" contains a double quote/],
    // aliyun.md §1.1 DeviceName rules
    ['a DeviceName shorter than 4 characters', { deviceName: 'abc' }, {}, /"deviceName" must be 4 to 32 characters, got 3/],
    ['a DeviceName longer than 32 characters', { deviceName: 'd'.repeat(33) }, {}, /"deviceName" must be 4 to 32 characters, got 33/],
    ['a DeviceName with a slash', { deviceName: 'pump/01' }, {}, /"deviceName" may contain only letters, digits and - _ @ \. : \(found "\/"\)/],
    ['a DeviceName with a space inside', { deviceName: 'pump 01' }, {}, /"deviceName" may contain only .*found " "/],
    ['a DeviceName with a quote', { deviceName: 'pump"01' }, {}, /"deviceName" contains a double quote/],
    ['an empty DeviceName', { deviceName: '' }, {}, /"deviceName" is empty/],
    // aliyun.md §8.8 copy/paste typos
    ['a ProductKey with a trailing space', { productKey: 'a1X2bEnP82z ' }, {}, /"productKey" has leading or trailing whitespace/],
    ['a DeviceSecret with a trailing line break', { deviceSecret: secret('3af7bc8812cb475e042a0a5ae377c6a1\n') }, {}, /"deviceSecret" has leading or trailing whitespace/],
    ['a DeviceName typed with full-width characters', { deviceName: 'ｐｕｍｐ-01' }, {}, /"deviceName" contains full-width characters/],
    ['a ProductKey with punctuation', { productKey: 'a1X2b-nP82z' }, {}, /"productKey" must contain letters and digits only/],
    ['an empty DeviceSecret', { deviceSecret: secret('') }, {}, /"deviceSecret" is empty/],
    // API misuse
    ['a plain-string DeviceSecret', { deviceSecret: '3af7bc8812cb475e042a0a5ae377c6a1' as unknown as AliyunDevice['deviceSecret'] }, {}, /"deviceSecret" must be a Secret/],
    ['an unknown sign method (aliyun.md §8.4)', {}, { method: 'hmacsha512' }, /"method" must be one of hmacmd5, hmacsha1, hmacsha256/],
    ['a securemode that is not 2 or 3 (aliyun.md §8.5)', {}, { secureMode: -1 }, /"secureMode" must be 2 \(TLS\) or 3 \(plain TCP\)/],
    ['a timestamp that is not a number', {}, { timestamp: '2024-01-01T00:00:00Z' }, /"timestamp" must be a decimal number/],
  ];
  it.each(cases)('%s', (_what, dev, opts, message) => {
    const call = () => signMqtt({ ...base, ...dev }, { method: 'hmacsha1', secureMode: 2, ...opts } as Parameters<typeof signMqtt>[1]);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('never quotes the DeviceSecret in a rejection', () => {
    const leaked = 'SuperSecretValue0123456789abcdef ';
    try {
      signMqtt({ ...base, deviceSecret: secret(leaked) }, { method: 'hmacsha1', secureMode: 2 });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('SuperSecret');
    }
  });
});

describe('checkFields warnings (soft rules, aliyun.md §1.1 [inferred])', () => {
  it.each([
    [{ productKey: 'a1X2bEnP8' }, 'productKey', /ProductKeys are normally 11/],
    [{ deviceSecret: secret('7jluWm1zql7bt8qK') }, 'deviceSecret', /shape of a ProductSecret/], // aliyun.md §8.12
    [{ deviceSecret: secret('3af7bc8812cb475e042a0a5ae377c6') }, 'deviceSecret', /normally 32/],
  ])('%j warns about %s but does not block signing', (values, field, message) => {
    const f = checkFields(values);
    expect(f).toEqual([expect.objectContaining({ field, severity: 'warning', message: expect.stringMatching(message) })]);
    expect(() => signMqtt({ ...device, ...values } as AliyunDevice, { method: 'hmacsha1', secureMode: 2 })).not.toThrow();
  });

  it('accepts every DeviceName character the console allows', () => {
    expect(checkFields({ deviceName: 'Ab9-_@.:' })).toEqual([]);
  });
});

describe('aliauthCommand (aliyun.md §7)', () => {
  it('builds the module-side AT+QMTCFG="aliauth" text with the clear secret', () => {
    expect(aliauthCommand(0, device)).toBe('AT+QMTCFG="aliauth",0,"a1X2bEnP82z","pump-01","3af7bc8812cb475e042a0a5ae377c6a1"');
    expect(aliauthCommand(5, device)).toMatch(/^AT\+QMTCFG="aliauth",5,/);
  });

  it.each([
    [-1, device, /"client" must be an integer 0–5/],
    [6, device, /"client"/],
    [1.5, device, /"client"/],
    [0, { ...device, deviceSecret: secret('abc"def') }, /"deviceSecret" contains a double quote/],
    [0, { ...device, deviceName: 'x"y"zz' }, /"deviceName" contains a double quote/],
    [0, { ...device, productKey: ' a1X2bEnP82z' }, /"productKey" has leading or trailing whitespace/],
  ])('rejects client %s / a bad triple', (client, dev, message) => {
    expect(() => aliauthCommand(client, dev)).toThrow(TypeError);
    expect(() => aliauthCommand(client, dev)).toThrow(message);
  });
});
