// `workbench aliyun sign …` prints the MQTT CONNECT fields of an Aliyun one-device-one-secret
// device (aliyun.md §1.2–1.4); `workbench aliyun check FILE|-` runs the checks of aliyun.md §8 on
// a pasted console JSON or triple. Exit 0 fine, 1 the check found an error, 2 bad usage.
import fs from 'node:fs';
import { readAliyunText, planAliyun, describePlan, hasErrors, type AuthWay, type SetupChoice } from '../aliyun/setup';
import { checkFields } from '../aliyun/fields';
import { Secret } from '../aliyun/secret';
import { isSignMethod, signContent, signMqtt, SIGN_METHODS, type SignMethod } from '../aliyun/sign';
import { helpText, parseCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliT } from './lang';
import { msgText } from '../../shared/i18n';
import { nextLine, problemLines } from './say';

export const ALIYUN_SIGN_COMMAND_LINE = {
  command: 'aliyun sign',
  synopsis: '--product-key PK --device-name DN --device-secret DS [options]',
  description: 'Prints the MQTT clientId, username, password and the signed content for an Aliyun device (one device, one secret).',
  options: {
    'product-key': { type: 'string', value: 'PK', help: 'ProductKey of the device' },
    'device-name': { type: 'string', value: 'DN', help: 'DeviceName' },
    'device-secret': { type: 'string', value: 'DS', help: 'DeviceSecret (or "-" to read it from stdin, keeping it out of the shell history)' },
    'client-id': { type: 'string', value: 'ID', help: 'the bare clientId before "|" (default <ProductKey>.<DeviceName>)' },
    timestamp: { type: 'string', value: 'TS', help: 'milliseconds since 1970 to sign (default: none)' },
    method: { type: 'string', value: 'M', help: `sign method: ${Object.keys(SIGN_METHODS).join(', ')} (default hmacsha256)` },
    'secure-mode': { type: 'number', value: 'N', integer: true, min: 2, max: 3, help: '2 for TLS, 3 for plain TCP (default 2)' },
    json: { type: 'boolean', help: 'one JSON object: {"clientId","username","password","content"}' },
  },
  notes: 'exit codes: 0 signed, 2 bad usage or fields that cannot be signed',
} as const satisfies CommandSpec;

export const ALIYUN_CHECK_COMMAND_LINE = {
  command: 'aliyun check',
  synopsis: '[options] FILE|-',
  description: 'Checks a pasted device certificate JSON, MQTT connection parameters JSON or "ProductKey DeviceName DeviceSecret" before it is used.',
  positionals: { name: 'FILE', help: 'the file holding what the console copied, or - for stdin' },
  options: {
    aliauth: { type: 'boolean', help: 'check for AT+QMTCFG="aliauth" (the modem signs) instead of host-side signing' },
    region: { type: 'string', value: 'R', help: 'region of the legacy public instance, e.g. cn-shanghai' },
    instance: { type: 'string', value: 'ID', help: 'instance id (iot-…) of a new public or Enterprise instance' },
    host: { type: 'string', value: 'HOST', help: 'the MQTT host to check against the device' },
    port: { type: 'number', value: 'N', integer: true, min: 1, max: 65535, help: 'port: 1883, 443 or 8883' },
    tls: { type: 'string', value: 'on|off', help: 'TLS on or off (default: from the port, else on)' },
    method: { type: 'string', value: 'M', help: 'sign method (default hmacsha256)' },
    keepalive: { type: 'number', value: 'S', integer: true, min: 0, max: 3600, help: 'keepalive seconds (Aliyun: 30–1200)' },
    json: { type: 'boolean', help: 'print {"ok","findings":[{severity,code,message,fix}],"plan":{…}} (never the secret or password)' },
  },
  notes: 'exit codes: 0 no errors (warnings may be printed), 1 an error was found, 2 bad usage or unreadable input',
} as const satisfies CommandSpec;

const TOP = `usage: workbench aliyun <sign|check> [options]

  sign    print the MQTT CONNECT fields for a device triple
  check   check a pasted console JSON or triple before using it

Run \`workbench aliyun sign --help\` or \`workbench aliyun check --help\` for the options.
`;

function readAll(file: string): string {
  return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
}

export interface SignCliResult {
  clientId: string;
  username: string;
  password: string;
  content: string;
}

/** Parses and signs; a string is a usage error. */
export function signFromArgs(args: string[], stdin: () => string = () => readAll('-')): SignCliResult | { json: boolean; result: SignCliResult } | string | 'help' {
  const parsed = parseCommandLine(ALIYUN_SIGN_COMMAND_LINE, args);
  if (parsed.kind !== 'ok') return parsed.kind === 'help' ? 'help' : parsed.message;
  const v = parsed.values;
  const productKey = v['product-key'];
  const deviceName = v['device-name'];
  let ds = v['device-secret'];
  if (productKey === undefined) return '--product-key is required';
  if (deviceName === undefined) return '--device-name is required';
  if (ds === undefined) return '--device-secret is required';
  if (ds === '-') ds = stdin().trim();
  const method = v.method ?? 'hmacsha256';
  if (!isSignMethod(method)) return `--method must be one of ${Object.keys(SIGN_METHODS).join(', ')}`;
  const deviceSecret = new Secret(ds);
  const error = checkFields({ productKey, deviceName, deviceSecret }).find((f) => f.severity === 'error');
  if (error) return error.message.replace(/^"(\w+)"/, (_m, f: string) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  try {
    const clientId = v['client-id'];
    const timestamp = v.timestamp;
    const c = signMqtt({ productKey, deviceName, deviceSecret }, { method: method as SignMethod, secureMode: (v['secure-mode'] ?? 2) as 2 | 3, ...(clientId !== undefined ? { clientId } : {}), ...(timestamp !== undefined ? { timestamp } : {}) });
    const bare = clientId ?? `${productKey}.${deviceName}`;
    const result = { clientId: c.clientId, username: c.username, password: c.password.reveal(), content: signContent({ productKey, deviceName, clientId: bare, ...(timestamp !== undefined ? { timestamp } : {}) }) };
    return { json: v.json ?? false, result };
  } catch (e) {
    return (e as Error).message;
  }
}

async function runSign(args: string[]): Promise<number> {
  const r = signFromArgs(args);
  if (r === 'help') {
    process.stdout.write(helpText(ALIYUN_SIGN_COMMAND_LINE));
    return 0;
  }
  if (typeof r === 'string') return reportUsageError(ALIYUN_SIGN_COMMAND_LINE, r);
  const { json, result } = r as { json: boolean; result: SignCliResult };
  // The password is what the user asked for: printed, as the console's own tool does.
  if (json) process.stdout.write(JSON.stringify({ clientId: result.clientId, username: result.username, password: result.password, content: result.content }) + '\n');
  else process.stdout.write(`mqttClientId: ${result.clientId}\nusername:     ${result.username}\npassword:     ${result.password}\ncontent:      ${result.content}\n`);
  return 0;
}

/** The choice the check options describe; a string is a usage error. */
export function checkChoiceFromArgs(values: Record<string, unknown>): SetupChoice | string {
  const c: SetupChoice = {};
  const region = values.region as string | undefined;
  const instance = values.instance as string | undefined;
  if (region !== undefined && instance !== undefined) return '--region and --instance are alternatives: give one';
  if (instance !== undefined) c.instance = { kind: 'instance', instanceId: instance };
  if (region !== undefined) c.instance = { kind: 'legacy-public', region };
  if (values.host !== undefined) c.host = values.host as string;
  if (values.port !== undefined) c.port = values.port as number;
  const tls = values.tls as string | undefined;
  if (tls !== undefined) {
    if (tls !== 'on' && tls !== 'off') return '--tls needs on or off';
    c.tls = tls === 'on';
  }
  const method = values.method as string | undefined;
  if (method !== undefined) {
    if (!isSignMethod(method)) return `--method must be one of ${Object.keys(SIGN_METHODS).join(', ')}`;
    c.method = method;
  }
  if (values.keepalive !== undefined) c.keepalive = values.keepalive as number;
  c.auth = (values.aliauth ? 'aliauth' : 'host') satisfies AuthWay;
  return c;
}

async function runCheck(args: string[]): Promise<number> {
  const parsed = parseCommandLine(ALIYUN_CHECK_COMMAND_LINE, args);
  if (parsed.kind === 'help') {
    process.stdout.write(helpText(ALIYUN_CHECK_COMMAND_LINE));
    return 0;
  }
  if (parsed.kind === 'error') return reportUsageError(ALIYUN_CHECK_COMMAND_LINE, parsed.message);
  if (parsed.positionals.length !== 1) return reportUsageError(ALIYUN_CHECK_COMMAND_LINE, 'give one FILE, or - for stdin');
  const choice = checkChoiceFromArgs(parsed.values);
  if (typeof choice === 'string') return reportUsageError(ALIYUN_CHECK_COMMAND_LINE, choice);
  let text: string;
  try {
    text = readAll(parsed.positionals[0] ?? '-');
  } catch (e) {
    process.stderr.write(`workbench aliyun check: ${(e as Error).message}\n`);
    return 2;
  }
  const json = parsed.values.json ?? false;
  const source = readAliyunText(text);
  if (!source.ok) {
    const p = source.problem;
    if (json) process.stdout.write(JSON.stringify({ ok: false, findings: [{ severity: 'error', code: p.code, message: `${p.title} ${p.detail}`.trim(), fix: p.nextStep }] }) + '\n');
    else process.stdout.write(`✗ ${problemLines(p, '    ', 'fix').trimStart()}`);
    return 1;
  }
  const plan = planAliyun(source.value, choice);
  if (!plan.ok) {
    const p = plan.problem;
    if (json) process.stdout.write(JSON.stringify({ ok: false, findings: [{ severity: 'error', code: p.code, message: `${p.title} ${p.detail}`.trim(), fix: p.nextStep }] }) + '\n');
    else process.stdout.write(`✗ ${problemLines(p, '    ', 'fix').trimStart()}`);
    return 1;
  }
  const { findings } = plan.value;
  const bad = hasErrors(findings);
  if (json) {
    process.stdout.write(JSON.stringify({ ok: !bad, kind: source.value.kind, findings, plan: describePlan(plan.value) }) + '\n');
  } else {
    const t = cliT();
    process.stdout.write(`${t(source.value.kind === 'triple' ? 'cliOut.aliyunDeviceCert' : 'cliOut.aliyunMqttParams', { device: plan.value.deviceName, product: plan.value.productKey })}\n`);
    for (const [k, val] of Object.entries(describePlan(plan.value))) process.stdout.write(`  ${k.padEnd(16)} ${String(val)}\n`);
    for (const f of findings) process.stdout.write(`${f.severity === 'error' ? '✗' : '!'} ${msgText(t, f.messageMsg, f.message)}\n    ${nextLine(msgText(t, f.fixMsg, f.fix), 'fix')}\n`);
    process.stdout.write(`${t(bad ? 'cliOut.aliyunNotReady' : 'cliOut.aliyunReady')}\n`);
  }
  return bad ? 1 : 0;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'sign') return runSign(rest);
  if (sub === 'check') return runCheck(rest);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    (sub ? process.stdout : process.stderr).write(TOP);
    return sub ? 0 : 2;
  }
  process.stderr.write(`${cliT()('cliOut.aliyunUnknownSub', { sub })}\n\n${TOP}`);
  return 2;
}
