// Checks a set of CONNECT credentials against the device triple and says which classic mistake
// produced a wrong one. Follows aliyun.md §1.2–1.4 (how the platform reads the fields,
// leniently: pairs in any order, whitespace around them, either hex case) and aliyun.md §8 items 2–5 and 9.
// Used for pasted console parameters and for credentials the engineer built by hand. Pure.
import { fail, ok, problem, type Outcome } from '../../shared/outcome';
import { secureModeFor, type SecureMode } from './endpoints';
import { Secret } from './secret';
import { hmacHex, isSignMethod, signContent, SIGN_METHODS, type AliyunDevice, type SignMethod } from './sign';

export interface ParsedClientId {
  bareClientId: string;
  params: Map<string, string>;
}

/** Split "<id>|k=v,k=v|" leniently (aliyun.md §1.2: the Node SDK sends newlines and spaces between pairs). */
export function parseMqttClientId(mqttClientId: string): ParsedClientId | undefined {
  const first = mqttClientId.indexOf('|');
  const last = mqttClientId.lastIndexOf('|');
  if (first < 0 || last === first || mqttClientId.slice(last + 1).trim() !== '') return undefined;
  const params = new Map<string, string>();
  for (const pair of mqttClientId.slice(first + 1, last).split(',')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const k = pair.slice(0, eq).trim();
    if (k) params.set(k, pair.slice(eq + 1).trim());
  }
  return { bareClientId: mqttClientId.slice(0, first), params };
}

export interface Verified {
  method: SignMethod;
  secureMode: SecureMode;
  bareClientId: string;
  timestamp?: string;
  /** Accepted, but worth knowing. */
  notes: string[];
}

const refuse = (code: string, title: string, detail: string, nextStep: string): Outcome<Verified> => fail(problem(`aliyun.credentials.${code}`, title, detail, nextStep));

/**
 * Would Aliyun accept these CONNECT fields for this device? When not, the Problem names the
 * mistake (signed the whole clientId, reversed username, method mismatch, timestamp mismatch,
 * securemode vs transport) and the CONNACK code the platform answers with.
 */
export function verifyCredentials(
  device: AliyunDevice,
  creds: { clientId: string; username: string; password: string | Secret },
  transport?: { tls: boolean },
): Outcome<Verified> {
  const password = (creds.password instanceof Secret ? creds.password.reveal() : creds.password).trim();
  const notes: string[] = [];
  const parsed = parseMqttClientId(creds.clientId);
  if (!parsed) {
    return refuse('clientid-malformed', 'The MQTT clientId has no |…| parameter block.', `Got ${JSON.stringify(creds.clientId)}; expected <clientId>|securemode=2,signmethod=hmacsha256|. The platform answers CONNACK 2 (identifier rejected).`, 'Append |securemode=<2 for TLS, 3 for TCP>,signmethod=<method>| to the clientId, or let the workbench sign.');
  }
  const { bareClientId, params } = parsed;

  const sm = params.get('securemode');
  if (sm === undefined) return refuse('no-securemode', 'The clientId block has no securemode.', creds.clientId, 'Add securemode=2 (TLS) or securemode=3 (plain TCP).');
  if (sm === '-2') return refuse('not-one-device-one-secret', 'securemode=-2 is one-type-one-secret (registration or token login).', 'Its password is a registration signature or a deviceToken, not a DeviceSecret signature, so it cannot be checked against the triple.', 'For AT+QMTCFG="aliauth" or host-side signing use securemode=2 or 3 with the DeviceSecret.');
  if (sm !== '2' && sm !== '3') return refuse('bad-securemode', `securemode=${sm} is not a direct-connection mode.`, 'Only 2 (TLS) and 3 (plain TCP) apply to a modem; the others are legacy SDK modes.', 'Use securemode=2 with TLS or 3 with plain TCP.');
  const secureMode = Number(sm) as SecureMode;
  // aliyun.md §1.2/§8.5: server behaviour on a mismatch is undocumented, so the wizard treats it as an error.
  if (transport && secureModeFor(transport.tls) !== secureMode) {
    return refuse('securemode-mismatch', `securemode=${sm} does not match a ${transport.tls ? 'TLS' : 'plain TCP'} connection.`, 'securemode must be 2 with TLS and 3 with plain TCP.', `Sign again with securemode=${secureModeFor(transport.tls)}, or ${transport.tls ? 'turn TLS off' : 'turn TLS on (AT+QMTCFG="ssl")'}.`);
  }

  const declared = params.get('signmethod') ?? 'hmacmd5';
  if (!params.has('signmethod')) notes.push('No signmethod in the clientId: older documents say the platform then assumes hmacmd5. Send it explicitly.');
  if (!isSignMethod(declared)) return refuse('bad-signmethod', `signmethod=${declared} is not supported.`, 'Aliyun accepts hmacmd5, hmacsha1 and hmacsha256.', 'Use signmethod=hmacsha256 (what the console uses) or hmacsha1.');

  const { productKey: pk, deviceName: dn } = device;
  if (creds.username === `${pk}&${dn}`) {
    return refuse('username-reversed', 'The username is ProductKey&DeviceName; Aliyun expects DeviceName&ProductKey.', `Got "${creds.username}". The platform answers CONNACK 4 (bad user name or password).`, `Use the username "${dn}&${pk}".`);
  }
  if (creds.username !== `${dn}&${pk}`) {
    return refuse('username-wrong', 'The username does not belong to this device.', `Got "${creds.username}", expected "${dn}&${pk}" (case-sensitive, no spaces).`, `Use the username "${dn}&${pk}".`);
  }

  if (!/^[0-9a-f]+$/i.test(password)) return refuse('password-not-hex', 'The password is not a hex digest.', `A signed password is ${Object.values(SIGN_METHODS).map((m) => m.hexLength).join('/')} hex characters.`, 'Copy the whole password, or let the workbench sign.');
  const timestamp = params.get('timestamp');
  const sign = (method: SignMethod, content: string) => hmacHex(method, device.deviceSecret, content);
  const matches = (method: SignMethod, content: string) => sign(method, content) === password.toLowerCase();
  const content = (o: { clientId?: string; timestamp?: string; swap?: boolean }) => signContent({ productKey: o.swap ? dn : pk, deviceName: o.swap ? pk : dn, clientId: o.clientId, timestamp: o.timestamp });

  const verified = (extra: string[] = []): Outcome<Verified> => ok({ method: declared, secureMode, bareClientId, ...(timestamp !== undefined ? { timestamp } : {}), notes: [...notes, ...extra] });
  if (matches(declared, content({ clientId: bareClientId, timestamp }))) {
    if (/[A-F]/.test(password)) notes.push('Upper-case hex: accepted, the platform compares case-insensitively.');
    return verified();
  }
  // aliyun.md §1.4 makes clientId optional in the content; whether the platform accepts a signature without
  // it when the clientId is non-empty is not confirmed, so accept it and say so.
  if (bareClientId && matches(declared, content({ timestamp }))) return verified(['The password was signed without the clientId pair; the documents allow it, but SDKs always include it.']);

  // Not accepted: find the mistake.
  const byLength = (Object.keys(SIGN_METHODS) as SignMethod[]).find((m) => SIGN_METHODS[m].hexLength === password.length);
  if (password.length !== SIGN_METHODS[declared].hexLength) {
    const really = byLength && matches(byLength, content({ clientId: bareClientId, timestamp })) ? ` It was computed with ${byLength}.` : byLength ? ` Its length fits ${byLength}.` : '';
    return refuse('signmethod-mismatch', `The clientId declares ${declared}, but the password is ${password.length} hex characters, not ${SIGN_METHODS[declared].hexLength}.${really}`, 'signmethod must name the HMAC the password was computed with — a console password (hmacsha256) needs the console clientId. The platform answers CONNACK 4.', `Sign again with ${declared}, or declare signmethod=${byLength ?? 'hmacsha256'}.`);
  }
  const m = declared;
  if (matches(m, content({ clientId: creds.clientId, timestamp }))) {
    return refuse('signed-whole-clientid', 'The password was signed over the whole MQTT clientId, |…| block included.', `The signed clientId must be the bare id "${bareClientId}", the part before the first '|'. The platform answers CONNACK 4.`, 'Sign "clientId" + the bare id only, or let the workbench sign.');
  }
  if (timestamp !== undefined && matches(m, content({ clientId: bareClientId }))) {
    return refuse('timestamp-not-signed', 'The clientId carries timestamp= but the password was signed without it.', `timestamp=${timestamp} must appear in the signed content too, with the same value.`, 'Sign again including "timestamp" + the same value, or remove timestamp= from the clientId.');
  }
  if (matches(m, content({ clientId: bareClientId, timestamp, swap: true }))) {
    return refuse('fields-swapped', 'ProductKey and DeviceName were swapped in the signed content.', 'The content is "deviceName" + DeviceName + "productKey" + ProductKey, in that order.', 'Sign again with the fields in their places, or let the workbench sign.');
  }
  return refuse(
    'password-wrong',
    'The password does not match this DeviceSecret.',
    `Checked ${m} over clientId/deviceName/productKey${timestamp !== undefined ? '/timestamp' : ''}. Likely: a different DeviceSecret (copied from another device or a typo), a timestamp other than the one in the clientId, or a device created in another region/instance. The platform answers CONNACK 4.`,
    'Copy the DeviceSecret again from the console (Device details → DeviceSecret → View), and check the region or instance of the endpoint.',
  );
}
