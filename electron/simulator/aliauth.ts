// Credentials the module derives itself when AT+QMTCFG="aliauth" is set (aliyun.md §1, §7).
// Quectel does not document the exact strings; ASSUMPTION (as recommended in aliyun.md §7): no timestamp,
// signmethod hmacsha1, securemode 2 with TLS and 3 with plain TCP, lower-case hex.
import { createHmac } from 'node:crypto';

export type SignMethod = 'hmacmd5' | 'hmacsha1' | 'hmacsha256';

const HASH: Record<SignMethod, string> = { hmacmd5: 'md5', hmacsha1: 'sha1', hmacsha256: 'sha256' };

/** hex(HMAC(deviceSecret, "clientId"+id+"deviceName"+dn+"productKey"+pk["timestamp"+ts])) — aliyun.md §1.4. */
export function aliyunPassword(a: {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  clientId?: string;
  timestamp?: string;
  method: SignMethod;
}): string {
  const content =
    (a.clientId !== undefined ? `clientId${a.clientId}` : '') +
    `deviceName${a.deviceName}productKey${a.productKey}` +
    (a.timestamp !== undefined ? `timestamp${a.timestamp}` : '');
  return createHmac(HASH[a.method], Buffer.from(a.deviceSecret, 'utf8')).update(content, 'utf8').digest('hex');
}

/** What the virtual module puts in CONNECT for `AT+QMTCONN=<idx>,"<clientID>"` with aliauth set. */
export function aliauthCredentials(
  triple: { productKey: string; deviceName: string; deviceSecret: string },
  hostClientId: string,
  tls: boolean,
): { clientId: string; username: string; password: string } {
  return {
    clientId: `${hostClientId}|securemode=${tls ? 2 : 3},signmethod=hmacsha1|`,
    username: `${triple.deviceName}&${triple.productKey}`,
    password: aliyunPassword({ ...triple, clientId: hostClientId, method: 'hmacsha1' }),
  };
}

export interface AliyunDevice {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
}

/**
 * Broker-side check of an Aliyun one-device-one-secret CONNECT (aliyun.md §1.2-1.4), lenient the way the
 * platform is: pairs in any order with whitespace around them, any of the three sign methods
 * (hmacmd5 when none is named, as older docs say), with or without a timestamp, hex in either case.
 * Returns the CONNACK code: 0 accepted, 4 bad user name or password.
 */
export function verifyAliyunConnect(devices: readonly AliyunDevice[], clientId: string, username: string, password: string): 0 | 4 {
  const m = /^([^|]*)\|([^|]*)\|$/s.exec(clientId);
  if (!m) return 4;
  const params = new Map<string, string>();
  for (const pair of (m[2] ?? '').split(',')) {
    const [k, v] = pair.split('=').map((x) => x.trim());
    if (k && v !== undefined) params.set(k, v);
  }
  const amp = username.indexOf('&');
  const deviceName = username.slice(0, amp);
  const productKey = username.slice(amp + 1);
  const device = devices.find((d) => d.deviceName === deviceName && d.productKey === productKey);
  const method = (params.get('signmethod') ?? 'hmacmd5').toLowerCase();
  if (amp < 0 || !device || !(method in HASH)) return 4;
  const bare = (m[1] ?? '').trim();
  const expected = aliyunPassword({
    ...device,
    clientId: bare === '' ? undefined : bare,
    timestamp: params.get('timestamp'),
    method: method as SignMethod,
  });
  return expected.toLowerCase() === password.toLowerCase() ? 0 : 4;
}
