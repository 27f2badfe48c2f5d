// Reads what engineers paste from the Aliyun console: the "device certificate" triple JSON and the
// "MQTT connection parameters" JSON. Follows aliyun.md §1.1 (both formats; key casing of
// the triple varies) and aliyun.md §8.8 (stray whitespace is trimmed and reported; bad characters refused).
// Pure; secrets come out wrapped in Secret.
import { fail, ok, problem, type Outcome } from '../../shared/outcome';
import { parseAliyunHost } from './endpoints';
import { checkFields, type Finding } from './fields';
import { Secret } from './secret';
import { isSignMethod, SIGN_METHODS, type AliyunDevice, type SignMethod } from './sign';
import { parseMqttClientId } from './verify';

export interface PastedTriple {
  device: AliyunDevice;
  /** Soft findings (warnings) and the fields that had whitespace trimmed. */
  notes: string[];
}

const notJson = (what: string) => fail<never>(problem('aliyun.paste.not-json', `The pasted ${what} is not JSON.`, 'Expected the JSON block the console copies, e.g. {"ProductKey":"…","DeviceName":"…","DeviceSecret":"…"}.', 'Use the console\'s copy button and paste the whole block.'));

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const j: unknown = JSON.parse(text.trim());
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A value by key in any letter case (productkey, ProductKey, productKey …). */
function pick(o: Record<string, unknown>, key: string): unknown {
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : o[k];
}

/** {"ProductKey":"…","DeviceName":"…","DeviceSecret":"…"} in any key casing → a checked triple. */
export function parseDeviceCertificate(text: string): Outcome<PastedTriple> {
  const o = parseObject(text);
  if (!o) return notJson('device certificate');
  const notes: string[] = [];
  const values: Record<'productKey' | 'deviceName' | 'deviceSecret', string> = { productKey: '', deviceName: '', deviceSecret: '' };
  for (const field of ['productKey', 'deviceName', 'deviceSecret'] as const) {
    const v = pick(o, field);
    if (typeof v !== 'string') return fail(problem('aliyun.paste.missing-field', `The pasted block has no ${field}.`, `Found keys: ${Object.keys(o).join(', ') || 'none'}.`, 'Paste the device certificate (Device details → Device certificate → Copy).'));
    if (v !== v.trim()) notes.push(`Removed whitespace around ${field}.`);
    values[field] = v.trim();
  }
  const deviceSecret = new Secret(values.deviceSecret);
  const findings = checkFields({ ...values, deviceSecret });
  const error = findings.find((f) => f.severity === 'error');
  if (error) return fail(fieldProblem(error));
  return ok({ device: { productKey: values.productKey, deviceName: values.deviceName, deviceSecret }, notes: [...notes, ...findings.map((f) => f.message)] });
}

export interface PastedMqttParameters {
  clientId: string;
  username: string;
  password: Secret;
  host: string;
  port: number;
  productKey: string;
  deviceName: string;
  method: SignMethod;
  /** These parameters carry no DeviceSecret: usable for a host-side CONNECT, not for re-signing or aliauth. */
  notes: string[];
}

/** {"clientId":"…|securemode=2,signmethod=hmacsha256,timestamp=…|","username":"dn&pk","mqttHostUrl":"…","passwd":"…","port":1883}. */
export function parseMqttParameters(text: string): Outcome<PastedMqttParameters> {
  const o = parseObject(text);
  if (!o) return notJson('MQTT connection parameters');
  const clientId = pick(o, 'clientId');
  const username = pick(o, 'username');
  const host = pick(o, 'mqttHostUrl');
  const passwd = pick(o, 'passwd') ?? pick(o, 'password');
  const port = pick(o, 'port');
  const missing = Object.entries({ clientId, username, mqttHostUrl: host, passwd }).filter(([, v]) => typeof v !== 'string').map(([k]) => k);
  const portNumber = typeof port === 'number' ? port : typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : undefined;
  if (missing.length || portNumber === undefined) return fail(problem('aliyun.paste.missing-field', `The pasted parameters lack ${[...missing, ...(portNumber === undefined ? ['port'] : [])].join(', ')}.`, `Found keys: ${Object.keys(o).join(', ')}.`, 'Paste the whole block from Device details → MQTT connection parameters.'));
  const cid = (clientId as string).trim();
  const user = (username as string).trim();
  const pw = (passwd as string).trim();
  const hostName = (host as string).trim();

  const parsed = parseMqttClientId(cid);
  const method = parsed?.params.get('signmethod') ?? '';
  if (!parsed || !isSignMethod(method)) return fail(problem('aliyun.paste.clientid', 'The clientId has no |…signmethod=…| block.', cid, 'Paste the clientId exactly as the console shows it, |…| included.'));
  const amp = user.indexOf('&');
  if (amp < 1) return fail(problem('aliyun.paste.username', 'The username is not DeviceName&ProductKey.', user, 'Paste the username exactly as the console shows it.'));
  const deviceName = user.slice(0, amp);
  const productKey = user.slice(amp + 1);
  if (!/^[0-9a-f]+$/i.test(pw) || pw.length !== SIGN_METHODS[method].hexLength) {
    return fail(problem('aliyun.paste.password', `The password is not a ${method} digest (${SIGN_METHODS[method].hexLength} hex characters).`, `Got ${pw.length} characters.`, 'Copy the passwd value again; it may have been cut.'));
  }
  const h = parseAliyunHost(hostName);
  const notes = ['These parameters carry no DeviceSecret: they can log in from the host side as they are, but cannot be re-signed or used with AT+QMTCFG="aliauth".'];
  if (!h) notes.push(`${hostName} is not a recognised Aliyun IoT host.`);
  else if (h.kind === 'legacy-public' && h.productKey !== productKey) notes.push(`The host names ProductKey ${h.productKey} but the username names ${productKey}.`);
  return ok({ clientId: cid, username: user, password: new Secret(pw), host: hostName, port: portNumber, productKey, deviceName, method, notes });
}

function fieldProblem(f: Finding) {
  return problem(`aliyun.paste.${f.field}`, `The pasted ${f.field} is not valid.`, f.message, 'Copy the value again from the console; retype characters that look alike (0/O, l/1) if needed.');
}
