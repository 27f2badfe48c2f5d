import { describe, expect, it } from 'vitest';
import { secret } from './secret';
import { hmacHex, signMqtt, type AliyunDevice } from './sign';
import { parseMqttClientId, verifyCredentials } from './verify';

const dev: AliyunDevice = { productKey: 'a1X2bEnP82z', deviceName: 'pump-01', deviceSecret: secret('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe') };
const h = (m: 'hmacmd5' | 'hmacsha1' | 'hmacsha256', content: string) => hmacHex(m, dev.deviceSecret, content);
const CONTENT = 'clientIda1X2bEnP82z.pump-01deviceNamepump-01productKeya1X2bEnP82z';
const CONTENT_TS = `${CONTENT}timestamp1700000000000`;

describe('verifyCredentials accepts what the platform accepts (aliyun.md §1.2–1.4)', () => {
  it('accepts our own signature for every method, with and without timestamp', () => {
    for (const method of ['hmacmd5', 'hmacsha1', 'hmacsha256'] as const) {
      for (const timestamp of [undefined, 1700000000000]) {
        const c = signMqtt(dev, { method, secureMode: 2, ...(timestamp ? { timestamp } : {}) });
        const r = verifyCredentials(dev, c, { tls: true });
        expect(r.ok, `${method} ${timestamp}`).toBe(true);
        if (r.ok) expect(r.value).toMatchObject({ method, secureMode: 2, bareClientId: 'a1X2bEnP82z.pump-01' });
      }
    }
  });

  it('accepts the console form (hmacsha256, pk.dn, timestamp) and upper-case hex (aliyun.md §8.9)', () => {
    const clientId = 'a1X2bEnP82z.pump-01|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|';
    const r = verifyCredentials(dev, { clientId, username: 'pump-01&a1X2bEnP82z', password: h('hmacsha256', CONTENT_TS).toUpperCase() });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.notes.join()).toContain('case-insensitively');
  });

  it('parses the block leniently: any pair order, newlines and spaces, extra SDK keys', () => {
    const clientId = 'a1X2bEnP82z&pump-01_aliyun-iot-device-sdk-js|\n      timestamp=1700000000000,\n  _v=sdk-nodejs-1.2.0, securemode=3 ,signmethod=hmacsha1,lan=JS\n|';
    const content = `clientIda1X2bEnP82z&pump-01_aliyun-iot-device-sdk-jsdeviceNamepump-01productKeya1X2bEnP82ztimestamp1700000000000`;
    const r = verifyCredentials(dev, { clientId, username: 'pump-01&a1X2bEnP82z', password: h('hmacsha1', content) }, { tls: false });
    expect(r.ok && r.value.timestamp).toBe('1700000000000');
    expect(parseMqttClientId(clientId)?.params.get('_v')).toBe('sdk-nodejs-1.2.0');
  });

  it('treats a missing signmethod as hmacmd5 and notes it', () => {
    const r = verifyCredentials(dev, { clientId: 'a1X2bEnP82z.pump-01|securemode=2|', username: 'pump-01&a1X2bEnP82z', password: h('hmacmd5', CONTENT) });
    expect(r.ok && r.value.method).toBe('hmacmd5');
    expect(r.ok && r.value.notes.join()).toContain('hmacmd5');
  });

  it('tolerates a signature without the clientId pair (optional per aliyun.md §1.4) and says so', () => {
    const r = verifyCredentials(dev, { clientId: 'a1X2bEnP82z.pump-01|securemode=2,signmethod=hmacsha1|', username: 'pump-01&a1X2bEnP82z', password: h('hmacsha1', 'deviceNamepump-01productKeya1X2bEnP82z') });
    expect(r.ok && r.value.notes.join()).toContain('without the clientId pair');
  });

  it('accepts a password redacted as a Secret', () => {
    const c = signMqtt(dev, { method: 'hmacsha1', secureMode: 3 });
    expect(verifyCredentials(dev, { ...c, password: c.password }).ok).toBe(true);
  });
});

describe('verifyCredentials names the aliyun.md §8 mistake', () => {
  const user = 'pump-01&a1X2bEnP82z';
  const cid = (block: string) => `a1X2bEnP82z.pump-01|${block}|`;
  const cases: [string, { clientId: string; username: string; password: string }, { tls: boolean } | undefined, string, RegExp][] = [
    ['aliyun.md §8.2 signing the whole mqttClientId', { clientId: cid('securemode=2,signmethod=hmacsha1'), username: user, password: h('hmacsha1', `clientId${cid('securemode=2,signmethod=hmacsha1')}deviceNamepump-01productKeya1X2bEnP82z`) }, undefined, 'signed-whole-clientid', /bare id "a1X2bEnP82z.pump-01"/],
    ['aliyun.md §8.2 a timestamp in the clientId but not in the content', { clientId: cid('securemode=2,signmethod=hmacsha1,timestamp=1700000000000'), username: user, password: h('hmacsha1', CONTENT) }, undefined, 'timestamp-not-signed', /timestamp=1700000000000/],
    ['aliyun.md §8.2 a different timestamp in the content', { clientId: cid('securemode=2,signmethod=hmacsha1,timestamp=1700000000000'), username: user, password: h('hmacsha1', `${CONTENT}timestamp1700000000001`) }, undefined, 'password-wrong', /timestamp other than the one in the clientId/],
    ['aliyun.md §8.3 reversed username', { clientId: cid('securemode=2,signmethod=hmacsha1'), username: 'a1X2bEnP82z&pump-01', password: h('hmacsha1', CONTENT) }, undefined, 'username-reversed', /DeviceName&ProductKey/],
    ['aliyun.md §8.3 a username of another device', { clientId: cid('securemode=2,signmethod=hmacsha1'), username: 'pump-02&a1X2bEnP82z', password: h('hmacsha1', CONTENT) }, undefined, 'username-wrong', /expected "pump-01&a1X2bEnP82z"/],
    ['aliyun.md §8.3 ProductKey and DeviceName swapped in the content', { clientId: cid('securemode=2,signmethod=hmacsha1'), username: user, password: h('hmacsha1', 'clientIda1X2bEnP82z.pump-01deviceNamea1X2bEnP82zproductKeypump-01') }, undefined, 'fields-swapped', /swapped/],
    ['aliyun.md §8.4 sha1 password declared as hmacsha256', { clientId: cid('securemode=2,signmethod=hmacsha256'), username: user, password: h('hmacsha1', CONTENT) }, undefined, 'signmethod-mismatch', /computed with hmacsha1/],
    ['aliyun.md §8.4 console sha256 password with a hand-built sha1 clientId', { clientId: cid('securemode=2,signmethod=hmacsha1'), username: user, password: h('hmacsha256', CONTENT_TS) }, undefined, 'signmethod-mismatch', /length fits hmacsha256/],
    ['aliyun.md §8.4 sha256 password without signmethod (md5 default)', { clientId: cid('securemode=2'), username: user, password: h('hmacsha256', CONTENT) }, undefined, 'signmethod-mismatch', /declares hmacmd5/],
    ['aliyun.md §8.5 securemode=2 on plain TCP', { clientId: cid('securemode=2,signmethod=hmacsha1'), username: user, password: h('hmacsha1', CONTENT) }, { tls: false }, 'securemode-mismatch', /securemode=3/],
    ['aliyun.md §8.5 securemode=3 over TLS', { clientId: cid('securemode=3,signmethod=hmacsha1'), username: user, password: h('hmacsha1', CONTENT) }, { tls: true }, 'securemode-mismatch', /securemode=2/],
    ['a clientId with no |…| block', { clientId: 'a1X2bEnP82z.pump-01', username: user, password: h('hmacsha1', CONTENT) }, undefined, 'clientid-malformed', /CONNACK 2/],
    ['a block without securemode', { clientId: cid('signmethod=hmacsha1'), username: user, password: h('hmacsha1', CONTENT) }, undefined, 'no-securemode', /securemode=2/],
    ['aliyun.md §8.12 a one-type-one-secret token login', { clientId: cid('securemode=-2,authType=connwl'), username: user, password: 'token' }, undefined, 'not-one-device-one-secret', /DeviceSecret/],
    ['an unknown sign method', { clientId: cid('securemode=2,signmethod=hmacsha512'), username: user, password: 'ab' }, undefined, 'bad-signmethod', /hmacsha256/],
    ['a password that is not hex', { clientId: cid('securemode=2,signmethod=hmacsha1'), username: user, password: 'not-a-digest' }, undefined, 'password-not-hex', /32\/40\/64/],
    ['aliyun.md §8.1/§8.8 a password from another DeviceSecret', { clientId: cid('securemode=2,signmethod=hmacsha1'), username: user, password: hmacHex('hmacsha1', secret('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSf'), CONTENT) }, undefined, 'password-wrong', /another region\/instance/],
  ];
  it.each(cases)('%s', (_what, creds, transport, code, message) => {
    const r = verifyCredentials(dev, creds, transport);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe(`aliyun.credentials.${code}`);
      expect(`${r.problem.title} ${r.problem.detail} ${r.problem.nextStep}`).toMatch(message);
      expect(JSON.stringify(r.problem)).not.toContain(dev.deviceSecret.reveal());
    }
  });
});
