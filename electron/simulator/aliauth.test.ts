// The Aliyun signer (checked against openssl as an independent implementation) and the lenient
// broker-side check the embedded broker uses.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { aliyunPassword, verifyAliyunConnect, type SignMethod } from './aliauth';

const dev = { productKey: 'a1X2bEnP82z', deviceName: 'meter-0042', deviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe' };

describe('aliyunPassword', () => {
  it.each([
    ['hmacmd5', 'md5'],
    ['hmacsha1', 'sha1'],
    ['hmacsha256', 'sha256'],
  ] as const)('%s agrees with openssl dgst -%s -hmac', (method, digest) => {
    const content = `clientId${dev.productKey}.${dev.deviceName}deviceName${dev.deviceName}productKey${dev.productKey}timestamp2524608000000`;
    const ours = aliyunPassword({ ...dev, clientId: `${dev.productKey}.${dev.deviceName}`, timestamp: '2524608000000', method });
    const theirs = execFileSync('openssl', ['dgst', `-${digest}`, '-hmac', dev.deviceSecret], { input: content }).toString().trim().split(' ').pop();
    expect(ours).toBe(theirs);
  });
});

describe('verifyAliyunConnect', () => {
  const sign = (method: SignMethod, timestamp?: string, clientId = 'id-1') => aliyunPassword({ ...dev, clientId, timestamp, method });
  const user = `${dev.deviceName}&${dev.productKey}`;

  it.each([
    ['hmacsha1 without timestamp', 'id-1|securemode=3,signmethod=hmacsha1|', sign('hmacsha1')],
    ['hmacsha256 with timestamp, upper-case hex', 'id-1|securemode=2,signmethod=hmacsha256,timestamp=789|', sign('hmacsha256', '789').toUpperCase()],
    ['pairs in another order with whitespace', 'id-1|\n  timestamp=789,\n  signmethod=hmacmd5,\n  securemode=3\n|', sign('hmacmd5', '789')],
    ['no signmethod means hmacmd5', 'id-1|securemode=3|', sign('hmacmd5')],
  ])('accepts %s', (_what, clientId, password) => {
    expect(verifyAliyunConnect([dev], clientId, user, password)).toBe(0);
  });

  it.each([
    ['a wrong secret', 'id-1|signmethod=hmacsha1|', user, aliyunPassword({ ...dev, deviceSecret: 'x', clientId: 'id-1', method: 'hmacsha1' })],
    ['username in the wrong order', 'id-1|signmethod=hmacsha1|', `${dev.productKey}&${dev.deviceName}`, sign('hmacsha1')],
    ['the whole client ID signed instead of the bare id', 'id-1|signmethod=hmacsha1|', user, sign('hmacsha1', undefined, 'id-1|signmethod=hmacsha1|')],
    ['a timestamp signed but not sent', 'id-1|signmethod=hmacsha1|', user, sign('hmacsha1', '789')],
    ['no |…| block', 'id-1', user, sign('hmacsha1')],
  ])('refuses %s with CONNACK 4', (_what, clientId, username, password) => {
    expect(verifyAliyunConnect([dev], clientId, username, password)).toBe(4);
  });
});
