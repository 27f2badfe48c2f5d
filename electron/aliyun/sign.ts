// One-device-one-secret MQTT CONNECT fields, and the module-side AT+QMTCFG="aliauth" alternative.
// Follows aliyun.md §1.2 (mqttClientId = <id>|securemode=…,signmethod=…[,timestamp=…]|),
// aliyun.md §1.3 (username = DeviceName&ProductKey), §1.4 (content = params sorted by name, HMAC keyed by the
// DeviceSecret, hex) and aliyun.md §7 (aliauth). Vector V1 of §6 is checked in sign.test.ts. Pure apart from
// Node's HMAC.
import { createHmac } from 'node:crypto';
import type { SecureMode } from './endpoints';
import { assertFields } from './fields';
import { Secret } from './secret';

export type SignMethod = 'hmacmd5' | 'hmacsha1' | 'hmacsha256';

/** signmethod → Node hash and digest length in hex characters (aliyun.md §1.4: 32/40/64). */
export const SIGN_METHODS: Readonly<Record<SignMethod, { hash: string; hexLength: number }>> = {
  hmacmd5: { hash: 'md5', hexLength: 32 },
  hmacsha1: { hash: 'sha1', hexLength: 40 },
  hmacsha256: { hash: 'sha256', hexLength: 64 },
};

export const isSignMethod = (v: unknown): v is SignMethod => typeof v === 'string' && Object.hasOwn(SIGN_METHODS, v);

export interface AliyunDevice {
  productKey: string;
  deviceName: string;
  deviceSecret: Secret;
}

export interface SignOptions {
  method: SignMethod;
  /** 2 with TLS, 3 with plain TCP (aliyun.md §1.2); see secureModeFor in endpoints.ts. */
  secureMode: SecureMode;
  /**
   * Milliseconds since epoch, or omitted. The platform does not check freshness on MQTT login
   * (aliyun.md §1.2: official SDKs send a fixed 2050 value), so callers may pass a fixed value for
   * reproducible credentials. The core reads no clock.
   */
  timestamp?: string | number;
  /**
   * The bare clientId (before '|'). Defaults to "<ProductKey>.<DeviceName>" like the console and the
   * C Link SDK; an empty string sends no id and leaves the clientId pair out of the signed content.
   */
  clientId?: string;
}

export interface MqttCredentials {
  /** The full mqttClientId with its |…| extension block, for AT+QMTCONN's <clientID>. */
  clientId: string;
  /** DeviceName&ProductKey — DeviceName first (aliyun.md §1.3). */
  username: string;
  /** The lower-case hex HMAC; it logs a device in, so it is kept redacted like the secret. */
  password: Secret;
}

/** The signed content of aliyun.md §1.4: "clientId"+id+"deviceName"+dn+"productKey"+pk["timestamp"+ts], pairs sorted by name. */
export function signContent(p: { productKey: string; deviceName: string; clientId?: string; timestamp?: string }): string {
  const pairs: [string, string | undefined][] = [
    ['clientId', p.clientId || undefined],
    ['deviceName', p.deviceName],
    ['productKey', p.productKey],
    ['timestamp', p.timestamp],
  ];
  return pairs
    .filter((kv): kv is [string, string] => kv[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => k + v)
    .join('');
}

/**
 * hex(HMAC_method(key, content)), both UTF-8 (aliyun.md §1.4). Lower-case: the console, Node, Python and Go
 * SDKs emit lower case and the platform compares case-insensitively, so either would do.
 */
export function hmacHex(method: SignMethod, key: Secret, content: string): string {
  if (!isSignMethod(method)) throw new TypeError(`"method" must be one of ${Object.keys(SIGN_METHODS).join(', ')}`);
  return createHmac(SIGN_METHODS[method].hash, Buffer.from(key.reveal(), 'utf8')).update(content, 'utf8').digest('hex');
}

/** The CONNECT clientId/username/password for host-side signing (aliyun.md §1.2–1.4). Invalid fields throw TypeError. */
export function signMqtt(device: AliyunDevice, opts: SignOptions): MqttCredentials {
  if (!(device?.deviceSecret instanceof Secret)) throw new TypeError('"deviceSecret" must be a Secret (wrap it with secret())');
  if (!isSignMethod(opts.method)) throw new TypeError(`"method" must be one of ${Object.keys(SIGN_METHODS).join(', ')}`);
  if (opts.secureMode !== 2 && opts.secureMode !== 3) throw new TypeError('"secureMode" must be 2 (TLS) or 3 (plain TCP)');
  const clientId = opts.clientId ?? `${device.productKey}.${device.deviceName}`;
  const timestamp = opts.timestamp === undefined ? undefined : String(opts.timestamp);
  assertFields({ productKey: device.productKey, deviceName: device.deviceName, deviceSecret: device.deviceSecret, clientId, timestamp });

  const block = [`securemode=${opts.secureMode}`, `signmethod=${opts.method}`, ...(timestamp !== undefined ? [`timestamp=${timestamp}`] : [])].join(',');
  const content = signContent({ productKey: device.productKey, deviceName: device.deviceName, clientId, timestamp });
  return {
    clientId: `${clientId}|${block}|`,
    username: `${device.deviceName}&${device.productKey}`,
    password: new Secret(hmacHex(opts.method, device.deviceSecret, content)),
  };
}

/** Quectel MQTT client indexes (AT+QMTCFG <client_idx>). */
const CLIENT_IDX = { min: 0, max: 5 } as const;

/**
 * AT+QMTCFG="aliauth",<idx>,"<pk>","<dn>","<ds>" (aliyun.md §7): the module signs itself, and the host then
 * sends AT+QMTCONN=<idx>,"<any clientID>" without username and password. The returned text carries
 * the DeviceSecret in clear — it is meant for the wire only; the module also echoes it back on the
 * read form, so both lines need the journal's redaction. One-device-one-secret only: there is no AT
 * path for a ProductSecret.
 */
export function aliauthCommand(client: number, device: AliyunDevice): string {
  if (!Number.isInteger(client) || client < CLIENT_IDX.min || client > CLIENT_IDX.max) throw new TypeError(`"client" must be an integer ${CLIENT_IDX.min}–${CLIENT_IDX.max}`);
  if (!(device?.deviceSecret instanceof Secret)) throw new TypeError('"deviceSecret" must be a Secret (wrap it with secret())');
  assertFields({ productKey: device.productKey, deviceName: device.deviceName, deviceSecret: device.deviceSecret });
  return `AT+QMTCFG="aliauth",${client},"${device.productKey}","${device.deviceName}","${device.deviceSecret.reveal()}"`;
}
