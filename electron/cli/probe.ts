// `workbench probe --server HOST:PORT …`: the laptop tries the MQTT server a modem failed to reach,
// with the same TLS files and CONNECT fields, stage by stage (DNS, TCP, TLS, CONNECT, optionally a
// round trip). Each stage prints as it ends (a JSON line with --json), then a verdict
// {ok, stage, code, explanation}. Exit 0 the server accepts, 1 a stage failed, 2 bad usage.
import fs from 'node:fs';
import { defaultPortFor, MQTT_DEFAULTS, TLS_DEFAULTS } from '../../shared/mqtt-options';
import { probeVerdictLine, type ProbeStage, type ProbeStageId } from '../../shared/probe';
import { planAliyun, readAliyunText } from '../aliyun/setup';
import { runProbe, type ProbeSettings } from '../probe/probe';
import { helpText, parseCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliLang, cliT } from './lang';
import { msgIn } from '../../shared/protocol/localize';
import { localProblem, problemLines } from './say';
import { readClientTlsFiles } from './mqtt-client-options';
import { probeStageTitle } from '../../shared/i18n/messages/probe';

export const PROBE_COMMAND_LINE = {
  command: 'probe',
  synopsis: '--server HOST[:PORT] [options]',
  get description() { return cliT()('cliHelpConnect.probeDescription'); },
  options: {
    server: { type: 'string', value: 'HOST[:PORT]', get help() { return cliT()('cliHelpConnect.probeServer', { port: MQTT_DEFAULTS.port, tlsPort: MQTT_DEFAULTS.tlsPort }); } },
    tls: { type: 'boolean', get help() { return cliT()('cliHelpConnect.probeTls'); } },
    ca: { type: 'string', value: 'FILE', get help() { return cliT()('cliHelpConnect.probeCa'); } },
    'client-cert': { type: 'string', value: 'FILE', get help() { return cliT()('cliHelpConnect.probeClientCert'); } },
    'client-key': { type: 'string', value: 'FILE', get help() { return cliT()('cliHelpConnect.probeClientKey'); } },
    sni: { type: 'string', value: 'NAME', get help() { return cliT()('cliHelpConnect.probeSni'); } },
    seclevel: { type: 'number', value: 'N', integer: true, min: 0, max: 2, get help() { return cliT()('cliHelpConnect.probeSeclevel', { seclevel: TLS_DEFAULTS.seclevel }); } },
    'ssl-version': { type: 'number', value: 'N', integer: true, min: 0, max: 4, get help() { return cliT()('cliHelpConnect.probeSslVersion', { version: TLS_DEFAULTS.sslVersion }); } },
    'cipher-suite': { type: 'string', value: '0XNNNN', get help() { return cliT()('cliHelpConnect.probeCipherSuite', { suite: TLS_DEFAULTS.cipherSuite }); } },
    'ignore-local-time': { type: 'number', value: '0|1', integer: true, min: 0, max: 1, get help() { return cliT()('cliHelpConnect.probeIgnoreLocalTime', { value: TLS_DEFAULTS.ignoreLocalTime ? 1 : 0 }); } },
    'client-id': { type: 'string', value: 'ID', get help() { return cliT()('cliHelpConnect.probeClientId'); } },
    username: { type: 'string', value: 'U', get help() { return cliT()('cliHelp.username'); } },
    password: { type: 'string', value: 'P', get help() { return cliT()('cliHelp.passwordNeverPrinted'); } },
    aliyun: { type: 'string', value: 'FILE', get help() { return cliT()('cliHelpConnect.probeAliyun'); } },
    'mqtt-version': { type: 'number', value: '3|4', integer: true, min: 3, max: 4, get help() { return cliT()('cliHelpConnect.mqttVersion', { version: MQTT_DEFAULTS.mqttVersion }); } },
    keepalive: { type: 'number', value: 'S', integer: true, min: 0, max: 3600, get help() { return cliT()('cliHelpConnect.probeKeepalive', { keepalive: MQTT_DEFAULTS.keepalive }); } },
    'no-clean-session': { type: 'boolean', get help() { return cliT()('cliHelpConnect.probeNoCleanSession'); } },
    roundtrip: { type: 'string', value: 'TOPIC', get help() { return cliT()('cliHelpConnect.probeRoundtrip'); } },
    timeout: { type: 'number', value: 'S', above: 0, max: 300, get help() { return cliT()('cliHelpConnect.probeTimeout'); } },
    json: { type: 'boolean', get help() { return cliT()('cliHelpConnect.probeJson'); } },
  },
  get notes() { return cliT()('cliHelpConnect.probeNotes'); },
} as const satisfies CommandSpec;

const readFile = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(file === '-' ? 0 : file));

/** The command line → probe settings, or a usage message. Files are read here. */
export function probeSettingsFromArgs(args: string[]): ProbeSettings | { help: true } | string {
  const parsed = parseCommandLine(PROBE_COMMAND_LINE, args);
  if (parsed.kind === 'help') return { help: true };
  if (parsed.kind === 'error') return parsed.message;
  if (parsed.positionals.length) return `unexpected argument "${parsed.positionals[0]}"`;
  const v = parsed.values;
  if (v.aliyun && (v.username !== undefined || v.password !== undefined)) return '--aliyun brings its own credentials: leave out --username and --password';
  if (!v.server && !v.aliyun) return 'give --server HOST[:PORT] (or --aliyun FILE)';
  const files = readClientTlsFiles({ ca: v.ca, clientCert: v['client-cert'], clientKey: v['client-key'] });
  if (typeof files === 'string') return files;
  let host = '';
  let port: number | undefined;
  if (v.server) {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(v.server);
    if (!m) return `--server "${v.server}" is not HOST or HOST:PORT`;
    host = m[1]!.replace(/^\[|\]$/g, '');
    if (m[2] !== undefined) {
      port = Number(m[2]);
      if (port < 1 || port > 65535) return '--server: the port must be 1–65535';
    }
  }
  let login: Pick<ProbeSettings, 'clientId' | 'username' | 'password' | 'keepalive'> & { tls?: boolean } = {
    clientId: v['client-id'] ?? `wb-probe-${Math.random().toString(36).slice(2, 10)}`,
    ...(v.username !== undefined ? { username: v.username } : {}),
    ...(v.password !== undefined ? { password: v.password } : {}),
    keepalive: v.keepalive ?? MQTT_DEFAULTS.keepalive,
  };
  if (v.aliyun) {
    let text: string;
    try {
      text = Buffer.from(readFile(v.aliyun)).toString('utf8');
    } catch (err) {
      return `--aliyun: ${err instanceof Error ? err.message : String(err)}`;
    }
    const source = readAliyunText(text);
    if (!source.ok) return `--aliyun: ${source.problem.title} ${source.problem.nextStep}`;
    // The laptop signs on the host side: it has no "aliauth" (aliyun.md §7 is the module's).
    const plan = planAliyun(source.value, { auth: 'host', ...(host ? { host } : {}), ...(port ? { port } : {}), ...(v.tls ? { tls: true } : {}), ...(v.keepalive !== undefined ? { keepalive: v.keepalive } : {}) });
    if (!plan.ok) return `--aliyun: ${plan.problem.title} ${plan.problem.nextStep}`;
    const p = plan.value;
    host = p.host;
    port = p.port;
    login = { clientId: p.clientId, username: p.username, password: p.password.reveal(), keepalive: p.keepalive, tls: p.tls };
  }
  const tls = Boolean(v.tls || login.tls);
  const cipherSuite = v['cipher-suite'] ?? TLS_DEFAULTS.cipherSuite;
  if (!/^0[xX][0-9a-fA-F]{1,4}$/.test(cipherSuite)) return '--cipher-suite is hex like 0XFFFF or 0X0035';
  const seclevel = (v.seclevel ?? (files.clientCert ? 2 : v.ca ? TLS_DEFAULTS.seclevel : tls && !v.ca ? 0 : TLS_DEFAULTS.seclevel)) as 0 | 1 | 2;
  if (seclevel >= 1 && tls && !files.ca && v.seclevel !== undefined) return `--seclevel ${seclevel} verifies the server: give the modem's CA with --ca`;
  const { tls: _t, ...fields } = login;
  return {
    host,
    port: port ?? defaultPortFor(tls),
    tls,
    ...(tls
      ? { tlsOptions: { seclevel, sslVersion: v['ssl-version'] ?? TLS_DEFAULTS.sslVersion, cipherSuite: cipherSuite.toUpperCase(), sni: v.sni !== undefined, ...(v.sni ? { sniName: v.sni } : {}), ignoreLocalTime: (v['ignore-local-time'] ?? (TLS_DEFAULTS.ignoreLocalTime ? 1 : 0)) === 1, ...files } }
      : {}),
    mqttVersion: (v['mqtt-version'] ?? MQTT_DEFAULTS.mqttVersion) as 3 | 4,
    ...fields,
    cleanSession: !v['no-clean-session'],
    ...(v.roundtrip ? { roundtripTopic: v.roundtrip } : {}),
    ...(v.timeout ? { timeoutMs: v.timeout * 1000 } : {}),
  };
}

/** The stage's name in the CLI's language. */
const stageTitle = (stage: ProbeStageId): string => probeStageTitle(cliT(), stage);

function stageText(s: ProbeStage): string {
  const mark = s.status === 'passed' ? '✔' : s.status === 'failed' ? '✖' : '–';
  const t = cliT();
  const lines = [`${mark} ${stageTitle(s.stage)} (${s.ms} ms): ${msgIn(cliLang(), s.detailMsg, s.detail)}`];
  if (s.tls) {
    for (const c of s.tls.chain) lines.push(`    ${t('cliOut.chainLine', { role: c.role, subject: c.subject, issuer: c.issuer, from: c.validFrom, to: c.validTo })}`);
    if (s.tls.modemCompatibility) lines.push(`    ${t('cliOut.modemCompat', { text: msgIn(cliLang(), s.tls.modemCompatibilityMsg, s.tls.modemCompatibility) })}`);
    s.tls.notes.forEach((n, i) => lines.push(`    ${t('cliOut.note', { text: msgIn(cliLang(), s.tls?.noteMsgs?.[i], n) })}`));
  }
  if (s.problem) lines.push(problemLines(s.problem, '    ', 'next').trimEnd());
  return lines.join('\n');
}

/** The verdict's explanation for a person, in the CLI's language (--json keeps the English one). */
function humanExplanation(r: Parameters<typeof probeVerdictLine>[0]): string {
  const p = r.problem ? localProblem(r.problem) : undefined;
  return p ? `${p.title} ${p.nextStep}` : '';
}

export async function run(args: string[]): Promise<number> {
  const settings = probeSettingsFromArgs(args);
  if (typeof settings === 'string') return reportUsageError(PROBE_COMMAND_LINE, settings);
  if ('help' in settings) {
    process.stdout.write(helpText(PROBE_COMMAND_LINE));
    return 0;
  }
  const json = args.includes('--json');
  if (!json) process.stdout.write(`${cliT()(settings.tls ? 'cliOut.probingTls' : 'cliOut.probing', { host: settings.host, port: settings.port })}\n`);
  const result = await runProbe(settings, (s) => process.stdout.write((json ? JSON.stringify(s) : stageText(s)) + '\n'));
  const verdict = probeVerdictLine(result);
  if (json) process.stdout.write(JSON.stringify(verdict) + '\n');
  else process.stdout.write(`${result.ok ? cliT()('cliOut.probeAccepted', { host: settings.host, port: settings.port }) : cliT()('cliOut.probeFailed', { stage: stageTitle(result.stage), explanation: humanExplanation(result) })}\n`);
  return result.ok ? 0 : 1;
}
