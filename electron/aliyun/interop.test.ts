// The host-side signer and the virtual EC20's broker-side check are written independently from the
// same reference (aliyun.md §1.2–1.4, §7); each must accept what the other produces.
import { describe, expect, it } from 'vitest';
import { aliauthCredentials, verifyAliyunConnect } from '../simulator/aliauth';
import { secret } from './secret';
import { signMqtt, type SignMethod } from './sign';
import { verifyCredentials } from './verify';

const triple = { productKey: 'a1X2bEnP82z', deviceName: 'pump-01', deviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe' };
const device = { ...triple, deviceSecret: secret(triple.deviceSecret) };

describe('signer ↔ virtual broker', () => {
  const methods: SignMethod[] = ['hmacmd5', 'hmacsha1', 'hmacsha256'];
  it.each(methods.flatMap((m) => [[m, undefined], [m, 2524608000000]] as const))('the virtual broker accepts our %s credentials (timestamp %s)', (method, timestamp) => {
    const c = signMqtt(device, { method, secureMode: 2, ...(timestamp ? { timestamp } : {}) });
    expect(verifyAliyunConnect([triple], c.clientId, c.username, c.password.reveal())).toBe(0);
  });

  it('the virtual broker refuses them for another DeviceSecret', () => {
    const c = signMqtt({ ...device, deviceSecret: secret('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSf') }, { method: 'hmacsha1', secureMode: 3 });
    expect(verifyAliyunConnect([triple], c.clientId, c.username, c.password.reveal())).toBe(4);
  });

  it.each([true, false])('our checker accepts what the virtual module signs with aliauth (tls %s)', (tls) => {
    for (const hostClientId of ['pump-01', '0', 'a1X2bEnP82z.pump-01']) {
      const c = aliauthCredentials(triple, hostClientId, tls);
      const r = verifyCredentials(device, c, { tls });
      expect(r.ok, hostClientId).toBe(true);
    }
  });
});
