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
  get description() { return cliT()('cliHelp.signDescription'); },
  options: {
    'product-key': { type: 'string', value: 'PK', get help() { return cliT()('cliHelp.signProductKey'); } },
    'device-name': { type: 'string', value: 'DN', get help() { return cliT()('cliHelp.signDeviceName'); } },
    'device-secret': { type: 'string', value: 'DS', get help() { return cliT()('cliHelp.signDeviceSecret'); } },
    'client-id': { type: 'string', value: 'ID', get help() { return cliT()('cliHelp.signClientId'); } },
    timestamp: { type: 'string', value: 'TS', get help() { return cliT()('cliHelp.signTimestamp'); } },
    method: { type: 'string', value: 'M', get help() { return cliT()('cliHelp.signMethod', { methods: Object.keys(SIGN_METHODS).join(', ') }); } },
    'secure-mode': { type: 'number', value: 'N', integer: true, min: 2, max: 3, get help() { return cliT()('cliHelp.signSecureMode'); } },
    json: { type: 'boolean', get help() { return cliT()('cliHelp.signJson'); } },
  },
  get notes() { return cliT()('cliHelp.signNotes'); },
} as const satisfies CommandSpec;

export const ALIYUN_CHECK_COMMAND_LINE = {
  command: 'aliyun check',
  synopsis: '[options] FILE|-',
  get description() { return cliT()('cliHelp.checkDescription'); },
  positionals: { name: 'FILE', get help() { return cliT()('cliHelp.checkFile'); } },
  options: {
    aliauth: { type: 'boolean', get help() { return cliT()('cliHelp.checkAliauth'); } },
    region: { type: 'string', value: 'R', get help() { return cliT()('cliHelp.checkRegion'); } },
    instance: { type: 'string', value: 'ID', get help() { return cliT()('cliHelp.checkInstance'); } },
    host: { type: 'string', value: 'HOST', get help() { return cliT()('cliHelp.checkHost'); } },
    port: { type: 'number', value: 'N', integer: true, min: 1, max: 65535, get help() { return cliT()('cliHelp.checkPort'); } },
    tls: { type: 'string', value: 'on|off', get help() { return cliT()('cliHelp.checkTls'); } },
    method: { type: 'string', value: 'M', get help() { return cliT()('cliHelp.checkMethod'); } },
    keepalive: { type: 'number', value: 'S', integer: true, min: 0, max: 3600, get help() { return cliT()('cliHelp.checkKeepalive'); } },
    json: { type: 'boolean', get help() { return cliT()('cliHelp.checkJson'); } },
  },
  get notes() { return cliT()('cliHelp.checkNotes'); },
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
