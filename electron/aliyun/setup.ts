// One Aliyun device setup, from whatever the engineer has: the console's device-certificate JSON,
// its MQTT-connection-parameters JSON, a bare triple, or typed fields; then the checks of
// aliyun.md §8 run before anything is sent, and the plan the wizard and `workbench bringup
// --aliyun` follow (host, port, TLS, keepalive and either aliauth or host-side credentials).
// Follows aliyun.md §1 (fields), §2 (endpoints), §5.2 (keepalive) and §7 (the two ways to log in). Pure.
import { msg, translator, type Msg } from '../../shared/i18n';
import { fail, ok, problem, type Outcome } from '../../shared/outcome';
import { checkHostForDevice, checkRegion, parseAliyunHost, resolveEndpoint, secureModeFor, type AliyunInstance } from './endpoints';
import { checkFields } from './fields';
import { ALIYUN_LIMITS, checkKeepalive } from './limits';
import { parseDeviceCertificate, parseMqttParameters, type PastedMqttParameters } from './paste';
import { Secret } from './secret';
import { isSignMethod, signContent, signMqtt, type AliyunDevice, type SignMethod } from './sign';
import { parseMqttClientId } from './verify';

export type AuthWay = 'aliauth' | 'host';

/** Where the device connects: a region of the legacy public instance, an instance id, or a host as pasted. */
export interface EndpointChoice {
  instance?: AliyunInstance;
  host?: string;
  port?: number;
  tls?: boolean;
}

export type AliyunSource =
  | { kind: 'triple'; device: AliyunDevice; endpoint: EndpointChoice; method?: SignMethod; keepalive?: number; clientId?: string; notes: string[] }
  | { kind: 'mqtt-params'; params: PastedMqttParameters; keepalive?: number; notes: string[] };

const str = (o: Record<string, unknown>, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
    const v = k === undefined ? undefined : o[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return undefined;
};

const bool = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : /^(1|true|yes|on|tls)$/i.test(v));

/** Endpoint and options that may travel beside the triple in a file (region, instance id, host, port, tls, method, keepalive, clientId). */
function extrasOf(o: Record<string, unknown>): Pick<Extract<AliyunSource, { kind: 'triple' }>, 'endpoint' | 'method' | 'keepalive' | 'clientId'> & { bad?: string } {
  const endpoint: EndpointChoice = {};
  const instanceId = str(o, 'instanceId', 'iotInstanceId');
  const region = str(o, 'region', 'regionId');
  if (instanceId) endpoint.instance = { kind: 'instance', instanceId, ...(region ? { region } : {}) };
  else if (region) endpoint.instance = { kind: 'legacy-public', region };
  const host = str(o, 'host', 'mqttHostUrl');
  if (host) endpoint.host = host;
  const port = str(o, 'port');
  if (port !== undefined) endpoint.port = Number(port);
  const tls = bool(str(o, 'tls'));
  if (tls !== undefined) endpoint.tls = tls;
  const method = str(o, 'signMethod', 'method');
  const keepalive = str(o, 'keepalive', 'keepAlive');
  const clientId = str(o, 'clientId');
  return {
    endpoint,
    ...(method !== undefined && isSignMethod(method) ? { method } : {}),
    ...(method !== undefined && !isSignMethod(method) ? { bad: `signMethod "${method}" is not hmacsha256, hmacsha1 or hmacmd5` } : {}),
    ...(keepalive !== undefined ? { keepalive: Number(keepalive) } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
  };
}

/**
 * Reads what was pasted or put in a file: either console JSON (aliyun.md §1.1), or a triple as
 * three words ("pk dn ds", "pk,dn,ds") or key=value lines. The device-certificate JSON may carry
 * extra keys: region, instanceId, host, port, tls, signMethod, keepalive, clientId.
 */
export function readAliyunText(text: string): Outcome<AliyunSource> {
  const t = text.trim();
  if (t === '') return fail(problem('aliyun.paste.empty', 'Nothing was pasted.', 'Expected the device certificate JSON, the MQTT connection parameters JSON, or ProductKey, DeviceName and DeviceSecret.', 'Copy the device certificate from the console (Device details → Device certificate → Copy) and paste it.'));
  if (t.startsWith('{')) {
    let o: Record<string, unknown>;
    try {
      const j: unknown = JSON.parse(t);
      if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new Error('not an object');
      o = j as Record<string, unknown>;
    } catch {
      return parseDeviceCertificate(t) as Outcome<never>;
    }
    // The MQTT parameters carry passwd and no DeviceSecret (aliyun.md §1.1).
    if (str(o, 'deviceSecret') === undefined && (str(o, 'passwd', 'password') !== undefined || str(o, 'mqttHostUrl') !== undefined)) {
      const p = parseMqttParameters(t);
      if (!p.ok) return p;
      const keepalive = str(o, 'keepalive', 'keepAlive');
      return ok({ kind: 'mqtt-params', params: p.value, ...(keepalive !== undefined ? { keepalive: Number(keepalive) } : {}), notes: p.value.notes });
    }
    const cert = parseDeviceCertificate(t);
    if (!cert.ok) return cert;
    const extras = extrasOf(o);
    if (extras.bad) return fail(problem('aliyun.paste.signmethod', 'The sign method is not one Aliyun knows.', extras.bad, 'Use hmacsha256 (the console\'s), hmacsha1 or hmacmd5.'));
    const { bad: _bad, ...rest } = extras;
    return ok({ kind: 'triple', device: cert.value.device, ...rest, notes: cert.value.notes });
  }
  // key=value lines (ProductKey=…), else three words.
  const pairs = [...t.matchAll(/^\s*([A-Za-z]+)\s*[=:]\s*"?([^"\r\n]*?)"?\s*,?\s*$/gm)];
  if (pairs.length >= 3) {
    const o = Object.fromEntries(pairs.map((m) => [m[1] ?? '', m[2] ?? '']));
    return readAliyunText(JSON.stringify(o));
  }
  const words = t.split(/[\s,;]+/).filter(Boolean);
  if (words.length === 3) return readAliyunText(JSON.stringify({ ProductKey: words[0], DeviceName: words[1], DeviceSecret: words[2] }));
  return fail(problem('aliyun.paste.unknown', 'This is not a device certificate, MQTT parameters or a triple.', `Read ${words.length} words and no JSON object.`, 'Paste the JSON the console copies, or ProductKey DeviceName DeviceSecret separated by spaces.'));
}

/** What the engineer chose in the wizard or on the command line; unset fields come from the source or defaults. */
export interface SetupChoice {
  auth?: AuthWay;
  instance?: AliyunInstance;
  host?: string;
  port?: number;
  tls?: boolean;
  method?: SignMethod;
  keepalive?: number;
  clientId?: string;
  timestamp?: string;
}

/** One check before sending: what is wrong and how to fix it. */
export interface SetupFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  fix: string;
  /** `message` and `fix` as messages, for a reader in another language (absent: show the English). */
  messageMsg?: Msg;
  fixMsg?: Msg;
}

/** Everything needed to connect, and what to show before sending (the password only on request). */
export interface AliyunPlan {
  auth: AuthWay;
  host: string;
  port: number;
  tls: boolean;
  keepalive: number;
  method: SignMethod;
  productKey: string;
  deviceName: string;
  /** The clientId for AT+QMTCONN: the bare id with aliauth, the full mqttClientId when the host signs. */
  connectClientId: string;
  /** The CONNECT fields as signed on the host (shown for both ways; aliauth's own are the module's). */
  clientId: string;
  username: string;
  /** The signed content (aliyun.md §1.4); undefined for pasted MQTT parameters (signed elsewhere). */
  content?: string;
  password: Secret;
  /** The triple for AT+QMTCFG="aliauth" (absent for pasted MQTT parameters). */
  device?: AliyunDevice;
  findings: SetupFinding[];
}

const DEFAULT_METHOD: SignMethod = 'hmacsha256';
/** The Link SDKs' fixed timestamp (aliyun.md §1.2): not checked for freshness, so credentials stay reproducible. */
export const FIXED_TIMESTAMP = '2524608000000';

const english = translator('en');
/** A finding; a message given as a Msg keeps its English text beside it (logs, --json) and travels as the Msg. */
const finding = (severity: SetupFinding['severity'], code: string, message: string | Msg, fix: string | Msg): SetupFinding => ({
  severity,
  code,
  message: typeof message === 'string' ? message : english(message.key, message.values),
  fix: typeof fix === 'string' ? fix : english(fix.key, fix.values),
  ...(typeof message === 'string' ? {} : { messageMsg: message }),
  ...(typeof fix === 'string' ? {} : { fixMsg: fix }),
});
const fromProblem = (severity: SetupFinding['severity'], p: { code: string; title: string; detail: string; nextStep: string }): SetupFinding => finding(severity, p.code, p.detail ? `${p.title} ${p.detail}` : p.title, p.nextStep);

/**
 * The plan for a source and a choice, with every check of aliyun.md §8 that can be made before
 * sending. A plan whose findings hold an error must not be sent; the findings say why and how to fix.
 */
export function planAliyun(source: AliyunSource, choice: SetupChoice = {}): Outcome<AliyunPlan> {
  const findings: SetupFinding[] = [];
  const auth: AuthWay = choice.auth ?? (source.kind === 'triple' ? 'aliauth' : 'host');
  const keepalive = choice.keepalive ?? source.keepalive ?? ALIYUN_LIMITS.keepalive.recommended;
  const ka = checkKeepalive(keepalive);
  if (!ka.ok) findings.push(fromProblem('error', ka.problem));
  else for (const w of ka.value.warnings) findings.push(finding('warning', 'aliyun.limit.keepalive-low', w, msg('aliyunCheck.keepaliveFix', { seconds: ALIYUN_LIMITS.keepalive.recommended })));

  if (source.kind === 'mqtt-params') {
    const p = source.params;
    if (auth === 'aliauth') {
      findings.push(finding('error', 'aliyun.setup.params-for-aliauth', msg('aliyunCheck.paramsForAliauth'), msg('aliyunCheck.paramsForAliauthFix')));
    }
    if (choice.method && choice.method !== p.method) {
      findings.push(finding('error', 'aliyun.setup.params-method', msg('aliyunCheck.paramsMethod', { signed: p.method, wanted: choice.method }), msg('aliyunCheck.paramsMethodFix', { signed: p.method })));
    }
    const parsed = parseMqttClientId(p.clientId);
    const sm = parsed?.params.get('securemode');
    const host = choice.host ?? p.host;
    const port = choice.port ?? p.port;
    const tls = choice.tls ?? (port === 443 || port === 8883 ? true : sm === '2');
    if (sm !== String(secureModeFor(tls))) {
      findings.push(finding('error', 'aliyun.setup.securemode', msg('aliyunCheck.securemode', { sm: sm ?? '(none)', tls: tls ? 'yes' : 'no', must: secureModeFor(tls) }), msg(tls ? 'aliyunCheck.securemodeFixTls' : 'aliyunCheck.securemodeFixPlain')));
    }
    endpointFindings(findings, host, port, tls, p.productKey);
    for (const n of source.notes.slice(1)) findings.push(finding('warning', 'aliyun.setup.note', n, msg('aliyunCheck.noteFix')));
    return ok({ auth, host, port, tls, keepalive, method: p.method, productKey: p.productKey, deviceName: p.deviceName, connectClientId: p.clientId, clientId: p.clientId, username: p.username, password: p.password, findings });
  }

  const { device } = source;
  for (const f of checkFields({ productKey: device.productKey, deviceName: device.deviceName, deviceSecret: device.deviceSecret })) {
    findings.push(finding(f.severity, `aliyun.field.${f.field}`, f.msg, msg('aliyunCheck.fieldFix')));
  }
  const method = choice.method ?? source.method ?? DEFAULT_METHOD;
  const instance = choice.instance ?? source.endpoint.instance;
  const tls = choice.tls ?? source.endpoint.tls ?? (source.endpoint.port !== undefined ? source.endpoint.port !== 1883 : true);
  const wantedPort = choice.port ?? source.endpoint.port;
  let host = choice.host ?? (choice.instance ? undefined : source.endpoint.host);
  let port = wantedPort ?? (tls ? 8883 : 1883);
  if (instance) {
    const r = resolveEndpoint({ productKey: device.productKey, instance, tls, ...(wantedPort !== undefined ? { port: wantedPort } : {}) });
    if (!r.ok) findings.push(fromProblem('error', r.problem));
    else {
      port = r.value.port;
      for (const w of r.value.warnings) findings.push(finding('warning', 'aliyun.endpoint.note', w, msg(tls ? 'aliyunCheck.endpointNoteFixTls' : 'aliyunCheck.endpointNoteFixPlain')));
      if (host && host.toLowerCase() !== r.value.host.toLowerCase()) {
        findings.push(finding('error', 'aliyun.setup.host-mismatch', msg('aliyunCheck.hostMismatch', { host, kind: instance.kind === 'instance' ? 'instance' : 'region', id: instance.kind === 'instance' ? instance.instanceId : instance.region, derived: r.value.host }), msg('aliyunCheck.hostMismatchFix')));
      }
      host ??= r.value.host;
    }
  }
  // No host: the plan is still made (to show the derived fields), with an error that blocks sending.
  if (!host && !hasErrors(findings)) findings.push(finding('error', 'aliyun.setup.no-endpoint', msg('aliyunCheck.noEndpoint'), msg('aliyunCheck.noEndpointFix')));
  if (host) endpointFindings(findings, host, port, tls, device.productKey);
  host ??= '';
  const clientId = choice.clientId ?? source.clientId ?? `${device.productKey}.${device.deviceName}`;
  const timestamp = choice.timestamp ?? FIXED_TIMESTAMP;
  const cf = checkFields({ clientId, timestamp });
  for (const f of cf) findings.push(finding(f.severity, `aliyun.field.${f.field}`, f.msg, msg('aliyunCheck.clientIdFix')));
  let creds;
  try {
    creds = signMqtt(device, { method, secureMode: secureModeFor(tls), clientId, timestamp });
  } catch (e) {
    return fail(problem('aliyun.setup.unsignable', 'These fields cannot be signed.', (e as Error).message, 'Fix the field named above and try again.'));
  }
  return ok({
    auth,
    host,
    port,
    tls,
    keepalive,
    method,
    productKey: device.productKey,
    deviceName: device.deviceName,
    connectClientId: auth === 'aliauth' ? clientId : creds.clientId,
    clientId: creds.clientId,
    username: creds.username,
    content: signContent({ productKey: device.productKey, deviceName: device.deviceName, clientId, timestamp }),
    password: creds.password,
    device,
    findings,
  });
}

function endpointFindings(findings: SetupFinding[], host: string, port: number, tls: boolean, productKey: string): void {
  if (!parseAliyunHost(host)) {
    findings.push(finding('warning', 'aliyun.host.not-aliyun', msg('aliyunCheck.notAliyun', { host }), msg('aliyunCheck.notAliyunFix', { legacy: '<ProductKey>.iot-as-mqtt.<region>.aliyuncs.com', instance: '<InstanceId>.mqtt.iothub.aliyuncs.com' })));
  } else {
    const h = checkHostForDevice(host, productKey);
    if (!h.ok) findings.push(fromProblem('error', h.problem));
    else if (h.value.kind === 'legacy-public') {
      const r = checkRegion(h.value.region, 'legacy-public');
      if (!r.ok) findings.push(fromProblem('error', r.problem));
    }
  }
  if ((port === 443 || port === 8883) && !tls) findings.push(finding('error', 'aliyun.port.needs-tls', msg('aliyunCheck.portNeedsTls', { port }), msg('aliyunCheck.portNeedsTlsFix')));
  else if (port !== 1883 && port !== 443 && port !== 8883) findings.push(finding('error', 'aliyun.port.unknown', msg('aliyunCheck.portUnknown', { port }), msg('aliyunCheck.portUnknownFix')));
}

export const hasErrors = (findings: readonly SetupFinding[]): boolean => findings.some((f) => f.severity === 'error');

/** The fields a person reads before sending: everything but the password and the secret. */
export function describePlan(plan: AliyunPlan): Record<string, string | number | boolean> {
  return {
    auth: plan.auth,
    host: plan.host,
    port: plan.port,
    tls: plan.tls,
    keepalive: plan.keepalive,
    signMethod: plan.method,
    clientId: plan.clientId,
    username: plan.username,
    ...(plan.content !== undefined ? { content: plan.content } : {}),
    connectClientId: plan.connectClientId,
  };
}

export { Secret };
