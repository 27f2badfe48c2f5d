// Credentials the module derives itself when AT+QMTCFG="aliauth" is set (aliyun-iot-mqtt.md §1, §7).
// Quectel does not document the exact strings; ASSUMPTION (as recommended in §7): no timestamp,
// signmethod hmacsha1, securemode 2 with TLS and 3 with plain TCP, lower-case hex.
import { createHmac } from 'node:crypto';

export type SignMethod = 'hmacmd5' | 'hmacsha1' | 'hmacsha256';

const HASH: Record<SignMethod, string> = { hmacmd5: 'md5', hmacsha1: 'sha1', hmacsha256: 'sha256' };

/** hex(HMAC(deviceSecret, "clientId"+id+"deviceName"+dn+"productKey"+pk["timestamp"+ts])) — §1.4. */
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
