// `workbench bringup --port PATH …`: runs the connection wizard on a modem and prints each step
// as it passes or fails, then a one-line verdict. Exit 0 ready, 1 a step failed, 2 bad usage,
// 3 the port could not be opened. `--port virtual` starts the virtual EC20 for the run.
import type { BringupStepData, BringupStepEvent } from '../../shared/bringup';
import { bringupStepTitle, isBringupStepId, mergeStepData } from '../../shared/bringup';
import type { Problem } from '../../shared/outcome';
import { createQuectelEngine } from '../quectel/engine';
import type { SerialTransport } from '../at/types';
import { runBringup, type BringupOptions, type BringupTlsOptions, type TlsFile } from '../quectel/bringup';
import { defaultPortFor, MQTT_DEFAULTS, TLS_DEFAULTS, type RecvModeOption } from '../../shared/mqtt-options';
import fs from 'node:fs';
import { setMaxListeners } from 'node:events';
import { openSerial } from '../serial/transport';
import { helpText, parseCommandLine, reportUsageError, type CommandSpec } from './args';

import type { Fault } from '../simulator/faults';
import { aliyunBringup } from './bringup-aliyun';
import { bringupVerdictJson, runBringupOnPort } from '../rack/bringup-port';
import { faultsByPort } from '../rack/faults';
import { expandPorts, portLabels, rackExitCode, runRack, verdictTable } from '../rack/rack';
import { openReport, redactedReportMessage, shownTarget, type ReportConnection, type ReportSink } from '../rack/report';
import { cliT } from './lang';
import { REPORT_OPTIONS, reportArgs } from './report-options';
import { localProblem, problemLines } from './say';
import { msgText } from '../../shared/i18n';
import { stepTitleKey } from '../../shared/i18n/messages/steps';

/** Faults a demo can inject into the virtual modem; 'broker-unreachable' points its opens at a closed port. */
const FAULTS: Record<string, Fault | 'broker-unreachable'> = {
  'sim-missing': { kind: 'sim-missing', on: true },
  'no-network': { kind: 'no-network', on: true },
  'pdp-fails': { kind: 'pdp-fails', on: true },
  'connack-refused': { kind: 'connack-refused', code: 4 },
  'broker-unreachable': 'broker-unreachable',
};

/** Every option of `workbench bringup`, its help and its checks. */
export const BRINGUP_COMMAND_LINE = {
  command: 'bringup',
  synopsis: '--port PATH [options]',
  get description() { return cliT()('cliHelpConnect.bringupDescription'); },
  options: {
    port: { type: 'string', value: 'PATH', multiple: true, get help() { return cliT()('cliHelpConnect.bringupPort'); } },
    apn: { type: 'string', value: 'APN', get help() { return cliT()('cliHelpConnect.bringupApn'); } },
    server: { type: 'string', value: 'HOST[:PORT]', get help() { return cliT()('cliHelpConnect.bringupServer', { port: MQTT_DEFAULTS.port, tlsPort: MQTT_DEFAULTS.tlsPort }); } },
    tls: { type: 'boolean', get help() { return cliT()('cliHelpConnect.bringupTls'); } },
    'ssl-ctx': { type: 'number', value: 'N', integer: true, min: 0, max: 5, get help() { return cliT()('cliHelpConnect.bringupSslCtx', { sslCtx: TLS_DEFAULTS.sslCtx }); } },
    seclevel: { type: 'number', value: 'N', integer: true, min: 0, max: 2, get help() { return cliT()('cliHelpConnect.bringupSeclevel', { seclevel: TLS_DEFAULTS.seclevel }); } },
    sni: { type: 'boolean', get help() { return cliT()('cliHelpConnect.bringupSni'); } },
    ca: { type: 'string', value: 'FILE', get help() { return cliT()('cliHelpConnect.bringupCa', { name: TLS_DEFAULTS.caName }); } },
    'client-cert': { type: 'string', value: 'FILE', get help() { return cliT()('cliHelpConnect.bringupClientCert', { name: TLS_DEFAULTS.clientCertName }); } },
    'client-key': { type: 'string', value: 'FILE', get help() { return cliT()('cliHelpConnect.bringupClientKey', { name: TLS_DEFAULTS.clientKeyName }); } },
    'ignore-local-time': { type: 'number', value: '0|1', integer: true, min: 0, max: 1, get help() { return cliT()('cliHelpConnect.bringupIgnoreLocalTime', { value: TLS_DEFAULTS.ignoreLocalTime ? 1 : 0 }); } },
    'client-id': { type: 'string', value: 'ID', get help() { return cliT()('cliHelpConnect.bringupClientId'); } },
    username: { type: 'string', value: 'U', get help() { return cliT()('cliHelp.username'); } },
    password: { type: 'string', value: 'P', get help() { return cliT()('cliHelpConnect.password'); } },
    'client-idx': { type: 'number', value: 'N', integer: true, min: 0, max: 5, get help() { return cliT()('cliHelpConnect.bringupClientIdx'); } },
    'mqtt-version': { type: 'number', value: '3|4', integer: true, min: 3, max: 4, get help() { return cliT()('cliHelpConnect.mqttVersion', { version: MQTT_DEFAULTS.mqttVersion }); } },
    cid: { type: 'number', value: 'N', integer: true, min: 1, max: 16, get help() { return cliT()('cliHelpConnect.bringupCid', { cid: MQTT_DEFAULTS.cid }); } },
    keepalive: { type: 'number', value: 'S', integer: true, min: 0, max: 3600, get help() { return cliT()('cliHelpConnect.bringupKeepalive', { keepalive: MQTT_DEFAULTS.keepalive }); } },
    'clean-session': { type: 'boolean', get help() { return cliT()('cliHelpConnect.bringupCleanSession', { clean: MQTT_DEFAULTS.cleanSession ? 'on' : 'off' }); } },
    'no-clean-session': { type: 'boolean', get help() { return cliT()('cliHelpConnect.bringupNoCleanSession'); } },
    'pkt-timeout': { type: 'number', value: 'S', integer: true, min: 1, max: 60, get help() { return cliT()('cliHelpConnect.bringupPktTimeout', { seconds: MQTT_DEFAULTS.pktTimeoutS }); } },
    retries: { type: 'number', value: 'N', integer: true, min: 0, max: 10, get help() { return cliT()('cliHelpConnect.bringupRetries', { retries: MQTT_DEFAULTS.retryTimes }); } },
    'will-topic': { type: 'string', value: 'T', get help() { return cliT()('cliHelpConnect.bringupWillTopic'); } },
    'will-message': { type: 'string', value: 'M', get help() { return cliT()('cliHelpConnect.bringupWillMessage'); } },
    'will-qos': { type: 'number', value: 'Q', integer: true, min: 0, max: 2, get help() { return cliT()('cliHelpConnect.bringupWillQos'); } },
    'will-retain': { type: 'boolean', get help() { return cliT()('cliHelpConnect.bringupWillRetain'); } },
    'recv-mode': { type: 'string', value: 'M[,L]', get help() { return cliT()('cliHelpConnect.bringupRecvMode', { buffered: MQTT_DEFAULTS.recvMode.buffered ? 1 : 0, length: MQTT_DEFAULTS.recvMode.lengthField ? 1 : 0 }); } },
    from: { type: 'string', value: 'STEP', get help() { return cliT()('cliHelpConnect.bringupFrom'); } },
    'timeout-scale': { type: 'number', value: 'X', above: 0, get help() { return cliT()('cliHelpConnect.bringupTimeoutScale'); } },
    fault: { type: 'string', value: 'F', multiple: true, get help() { return cliT()('cliHelpConnect.bringupFault', { faults: Object.keys(FAULTS).join(', ') }); } },
    aliyun: { type: 'string', value: 'FILE', get help() { return cliT()('cliHelpConnect.bringupAliyun'); } },
    aliauth: { type: 'boolean', get help() { return cliT()('cliHelpConnect.bringupAliauth'); } },
    'journal-dir': { type: 'string', value: 'DIR', get help() { return cliT()('cliHelpConnect.bringupJournalDir'); } },
    ...REPORT_OPTIONS,
    json: { type: 'boolean', get help() { return cliT()('cliHelpConnect.bringupJson'); } },
  },
  get notes() { return cliT()('cliHelpConnect.bringupNotes'); },
} as const satisfies CommandSpec;

export interface BringupCliArgs {
  /** The first port (the only one, usually). */
  port: string;
  /** Every --port given, in order (globs not yet expanded). */
  ports: string[];
  journalDir?: string;
  report?: string;
  /** How to reach a report broker: TLS and login (--report-…). */
  reportConnection?: ReportConnection;
  /** --client-id was given (rack runs number it per port), not generated. */
  clientIdGiven?: boolean;
  /** What the Aliyun checks found worth knowing (not blocking), printed before the run. */
  warnings?: string[];
  faults: string[];
  json: boolean;
  timeoutScale: number;
  /** --port virtual without --server: the virtual modem's embedded broker is dialled (its address is known once it runs). */
  embeddedServer?: boolean;
  options: Omit<BringupOptions, 'signal'>;
}

/** Parses the options; a string is an error message. */
export function parseBringupArgs(args: string[]): BringupCliArgs | string | 'help' {
  const parsed = parseCommandLine(BRINGUP_COMMAND_LINE, args);
  if (parsed.kind !== 'ok') return parsed.kind === 'help' ? 'help' : parsed.message;
  const v = parsed.values;
  const ports = v.port ?? [];
  const port = ports[0];
  const virtualOnly = ports.length > 0 && ports.every((p) => p === 'virtual');
  let server = v.server;
  const json = v.json ?? false;
  const timeoutScale = v['timeout-scale'] ?? 1;
  const faults = v.fault ?? [];
  // LABEL=F names one port of a rack (checked against the labels once the ports are known).
  const faultKind = (f: string) => f.slice(f.lastIndexOf('=') + 1);
  const unknownFault = faults.map(faultKind).find((f) => !(f in FAULTS));
  if (unknownFault !== undefined) return `unknown fault "${unknownFault}" (one of ${Object.keys(FAULTS).join(', ')})`;
  if (v.from !== undefined && !isBringupStepId(v.from)) return `unknown step "${v.from}"`;
  const o: Partial<BringupOptions> = {
    ...(v.apn !== undefined ? { apn: v.apn } : {}),
    ...(v.tls ? { tls: true } : {}),
    ...(v['client-id'] !== undefined ? { clientId: v['client-id'] } : {}),
    ...(v.username !== undefined ? { username: v.username } : {}),
    ...(v.password !== undefined ? { password: v.password } : {}),
    ...(v['client-idx'] !== undefined ? { clientIdx: v['client-idx'] } : {}),
    ...(v.keepalive !== undefined ? { keepalive: v.keepalive } : {}),
    ...(v.from !== undefined && isBringupStepId(v.from) ? { fromStep: v.from } : {}),
  };
  if (!port) return '--port is required';
  if (faults.some((f) => !f.includes('=')) && !virtualOnly && !ports.includes('virtual')) return '--fault only works with --port virtual';
  const ra = reportArgs(v);
  if (typeof ra === 'string') return ra;
  if (v.aliauth && v.aliyun === undefined) return '--aliauth needs --aliyun FILE';
  const warnings: string[] = [];
  if (v.aliyun !== undefined) {
    if (o.username !== undefined || o.password !== undefined) return '--aliyun signs the login itself: leave out --username and --password';
    const ali = aliyunBringup(v.aliyun, { aliauth: v.aliauth ?? false, virtual: port === 'virtual', tls: v.tls ?? false, ...(server !== undefined ? { server } : {}), ...(v.keepalive !== undefined ? { keepalive: v.keepalive } : {}), ...(v['client-id'] !== undefined ? { clientId: v['client-id'] } : {}) });
    if (typeof ali === 'string') return ali;
    server = ali.server;
    warnings.push(...ali.warnings);
    Object.assign(o, ali.options);
    if (ali.clientId !== undefined) o.clientId = ali.clientId;
  }
  const embeddedServer = virtualOnly && server === undefined;
  // A placeholder until the virtual modem runs and its embedded broker's port is known.
  server ??= virtualOnly ? 'broker.example.net' : undefined;
  if (!server) return '--server HOST[:PORT] is required';
  const m = /^(.+?)(?::(\d{1,5}))?$/.exec(server);
  const serverPort = m?.[2] !== undefined ? Number(m[2]) : defaultPortFor(v.tls);
  if (!m?.[1] || m[1].includes(':') || serverPort < 1 || serverPort > 65535) return '--server needs HOST or HOST:PORT, e.g. broker.example.net:1883';
  if (o.password !== undefined && o.username === undefined) return '--password needs --username as well (AT+QMTCONN takes the password after the user name)';
  if (v['clean-session'] && v['no-clean-session']) return '--clean-session and --no-clean-session contradict each other';
  const willGiven = v['will-message'] !== undefined || v['will-qos'] !== undefined || v['will-retain'] !== undefined;
  if (willGiven && v['will-topic'] === undefined) return '--will-message, --will-qos and --will-retain need --will-topic';
  for (const [name, val] of [['--apn', o.apn], ['--client-id', o.clientId], ['--username', o.username], ['--password', o.password], ['--server', m[1]], ['--will-topic', v['will-topic']], ['--will-message', v['will-message']]] as const) {
    if (val !== undefined && /["\r\n\u201c\u201d]/.test(val)) return `${name} cannot contain quotes or line breaks (AT strings have no escaping)`;
  }
  let recvMode: RecvModeOption | undefined;
  if (v['recv-mode'] !== undefined) {
    const rm = /^([01])(?:,([01]))?$/.exec(v['recv-mode'].trim());
    if (!rm) return '--recv-mode takes 0 or 1, optionally with the length flag: 0,1';
    recvMode = { buffered: rm[1] === '1', lengthField: rm[2] !== undefined ? rm[2] === '1' : MQTT_DEFAULTS.recvMode.lengthField };
  }
  const tlsGiven = (['ssl-ctx', 'seclevel', 'sni', 'ca', 'client-cert', 'client-key', 'ignore-local-time'] as const).filter((k) => v[k] !== undefined);
  if (tlsGiven.length && !v.tls) return `--${tlsGiven[0]} needs --tls`;
  let tlsOptions: BringupTlsOptions | undefined;
  if (v.tls && tlsGiven.length) {
    const read = (flag: string, file: string | undefined, name: string): TlsFile | string | undefined => {
      if (file === undefined) return undefined;
      try {
        // The file given is the one to use: it replaces a file of that name on the modem.
        return { name, content: new Uint8Array(fs.readFileSync(file)), replace: true };
      } catch (err) {
        return `${flag} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`;
      }
    };
    const ca = read('--ca', v.ca, TLS_DEFAULTS.caName);
    const clientCert = read('--client-cert', v['client-cert'], TLS_DEFAULTS.clientCertName);
    const clientKey = read('--client-key', v['client-key'], TLS_DEFAULTS.clientKeyName);
    for (const f of [ca, clientCert, clientKey]) if (typeof f === 'string') return f;
    const files = { ca, clientCert, clientKey } as Record<string, TlsFile | undefined>;
    const seclevel = (v.seclevel ?? (files.clientCert && files.clientKey ? 2 : TLS_DEFAULTS.seclevel)) as 0 | 1 | 2;
    tlsOptions = {
      sslCtx: v['ssl-ctx'] ?? TLS_DEFAULTS.sslCtx,
      seclevel,
      sni: v.sni ?? TLS_DEFAULTS.sni,
      ignoreLocalTime: v['ignore-local-time'] !== undefined ? v['ignore-local-time'] === 1 : TLS_DEFAULTS.ignoreLocalTime,
      ...(files.ca ? { ca: files.ca } : {}),
      ...(files.clientCert ? { clientCert: files.clientCert } : {}),
      ...(files.clientKey ? { clientKey: files.clientKey } : {}),
    };
  }
  return {
    port,
    ports,
    ...(v['journal-dir'] !== undefined ? { journalDir: v['journal-dir'] } : {}),
    ...(ra ? { report: ra.target, reportConnection: ra.connection } : {}),
    ...(o.clientId !== undefined ? { clientIdGiven: true } : {}),
    ...(warnings.length ? { warnings } : {}),
    faults,
    json,
    timeoutScale,
    ...(embeddedServer ? { embeddedServer } : {}),
    options: {
      ...o,
      portPath: port,
      server: { host: m[1], port: serverPort },
      clientId: o.clientId ?? `wb-${Math.random().toString(36).slice(2, 10)}`,
      timeoutScale,
      ...(v['mqtt-version'] !== undefined ? { mqttVersion: v['mqtt-version'] as 3 | 4 } : {}),
      ...(v.cid !== undefined ? { cid: v.cid } : {}),
      ...(v['clean-session'] ? { cleanSession: true } : v['no-clean-session'] ? { cleanSession: false } : {}),
      ...(v['pkt-timeout'] !== undefined ? { pktTimeoutS: v['pkt-timeout'] } : {}),
      ...(v.retries !== undefined ? { retryTimes: v.retries } : {}),
      ...(v['will-topic'] !== undefined ? { will: { topic: v['will-topic'], message: v['will-message'] ?? '', qos: (v['will-qos'] ?? 0) as 0 | 1 | 2, retain: v['will-retain'] ?? false } } : {}),
      ...(recvMode ? { recvMode } : {}),
      ...(tlsOptions ? { tlsOptions, sslCtx: tlsOptions.sslCtx ?? TLS_DEFAULTS.sslCtx } : {}),
    },
  };
}

const mark = { passed: '✓', failed: '✗', skipped: '–', running: '…' } as const;

function printStep(e: BringupStepEvent, json: boolean): void {
  if (e.status === 'running') return;
  if (json) {
    process.stdout.write(JSON.stringify(e) + '\n');
    return;
  }
  const detail = msgText(cliT(), e.detailMsg, e.detail);
  const line = `${mark[e.status]} ${cliT()(stepTitleKey(e.id))}${detail ? ` — ${detail}` : ''}`;
  const p = e.problem;
  process.stdout.write(p ? `${line}\n${problemLines(p, '    ')}` : `${line}\n`);
}

function verdict(json: boolean, ok: boolean, step: string, p?: Problem, data: BringupStepData = {}): void {
  if (json) {
    process.stdout.write(JSON.stringify(bringupVerdictJson(ok, step, p, data)) + '\n');
    return;
  }
  const t = cliT();
  const lp = p && localProblem(p);
  process.stdout.write(`${ok ? t('cliOut.ready') : t('cliOut.failedAt', { step, title: lp?.title ?? t('cliOut.unknownProblem'), next: lp?.nextStep ?? '' })}\n`);
}

export async function run(args: string[]): Promise<number> {
  const a = parseBringupArgs(args);
  if (a === 'help') {
    process.stdout.write(helpText(BRINGUP_COMMAND_LINE));
    return 0;
  }
  if (typeof a === 'string') return reportUsageError(BRINGUP_COMMAND_LINE, a);
  for (const w of a.warnings ?? []) process.stderr.write(`${cliT()('cliOut.note', { text: w })}\n`);
  if (a.ports.length > 1 || a.ports.some((p) => /[*?]/.test(p)) || a.report !== undefined || a.faults.some((f) => f.includes('='))) return rack(a);
  let stopVirtual: (() => Promise<void>) | undefined;
  let path = a.port;
  if (a.port === 'virtual') {
    try {
      const { startVirtualModem } = await import('../simulator/index');
      const unreachable = a.faults.includes('broker-unreachable');
      // TLS to the embedded broker: it gets a TLS listener with a throw-away demo CA, uploaded to the
      // modem as the CA unless --ca names another (so the demo shows the whole certificate path).
      const demoTls = a.options.tls === true && a.embeddedServer === true && !unreachable;
      const pki = demoTls ? (await import('../simulator/demo-pki')).makeDemoPki() : undefined;
      const vm = await startVirtualModem({
        speed: 0.2,
        skipPowerUp: true,
        ...(unreachable ? { brokerUrl: 'mqtt://127.0.0.1:9', embeddedBroker: false } : {}),
        ...(pki ? { embeddedBrokerTls: { key: pki.key, cert: pki.cert } } : {}),
      }).catch((err: unknown) => {
        pki?.remove();
        throw err;
      });
      // The module dials what it is told: with no --server, that is its embedded broker.
      if (a.embeddedServer && vm.embedded) a.options.server = { host: vm.embedded.host, port: (a.options.tls ? vm.embedded.tlsPort : undefined) ?? vm.embedded.port };
      if (pki && !a.options.tlsOptions?.ca) {
        a.options.tlsOptions = { ...a.options.tlsOptions, ca: { name: TLS_DEFAULTS.caName, content: new Uint8Array(fs.readFileSync(pki.caPath)), replace: true } };
        process.stderr.write(`${cliT()('cliOut.demoTls', { name: TLS_DEFAULTS.caName })}\n`);
      }
      for (const f of a.faults) {
        const fault = FAULTS[f];
        if (fault && fault !== 'broker-unreachable') vm.inject(fault);
      }
      path = vm.hostPath;
      stopVirtual = async () => {
        await vm.stop();
        pki?.remove();
      };
    } catch (err) {
      const p: Problem = { code: 'virtual.start-failed', title: cliT()('cliOut.virtualStartFailedTitle'), detail: err instanceof Error ? err.message : String(err), nextStep: cliT()('cliOut.virtualStartFailedNext') };
      printStep({ id: 'port', title: bringupStepTitle('port'), status: 'failed', problem: p }, a.json);
      verdict(a.json, false, 'port', p);
      return 3;
    }
  }
  let transport: SerialTransport | undefined;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const opened = await openSerial(path);
    if (!opened.ok) {
      printStep({ id: 'port', title: bringupStepTitle('port'), status: 'failed', problem: opened.problem }, a.json);
      verdict(a.json, false, 'port', opened.problem);
      return 3;
    }
    transport = opened.value;
    const engine = createQuectelEngine(transport, { timeoutScale: a.timeoutScale });
    try {
      const r = await runBringup(engine, { ...a.options, signal: controller.signal }, (e) => printStep(e, a.json));
      verdict(a.json, r.ok, r.step, r.problem, mergeStepData(r.steps));
      if (r.ok) return 0;
      return r.problem?.code.startsWith('port.') ? 3 : 1;
    } finally {
      engine.dispose();
    }
  } finally {
    process.off('SIGINT', onSignal);
    await transport?.close().catch(() => undefined);
    await stopVirtual?.();
  }
}

/**
 * Several ports (or a report): each brought up in parallel with its own session and journal, one
 * progress line per step prefixed with the port, then the table of verdicts (or, with --json, one
 * object per port and the summary).
 */
async function rack(a: BringupCliArgs): Promise<number> {
  const ports = await expandPorts(a.ports);
  if (ports.length === 0) return reportUsageError(BRINGUP_COMMAND_LINE, `no port matches ${a.ports.join(', ')}`);
  const labels = portLabels(ports);
  const byPort = faultsByPort(a.faults, ports, labels, ['broker-unreachable']);
  if (typeof byPort === 'string') return reportUsageError(BRINGUP_COMMAND_LINE, byPort);
  const t = cliT();
  let report: ReportSink | undefined;
  if (a.report !== undefined) {
    try {
      report = await openReport(a.report, a.reportConnection);
    } catch (err) {
      const error = redactedReportMessage(err instanceof Error ? err.message : String(err), a.report, a.reportConnection);
      process.stderr.write(`${t('cliRack.reportUnreachable', { command: 'workbench bringup', target: shownTarget(a.report), error })}\n`);
      return 3;
    }
  }
  const controller = new AbortController();
  // Every port's engine listens to the one Ctrl+C signal.
  setMaxListeners(0, controller.signal);
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const { verdicts, summary, reportError } = await runRack('bringup', ports, async (port, i) => {
      const label = labels[i] ?? port;
      const kinds = byPort[i] ?? [];
      const unreachable = kinds.includes('broker-unreachable');
      const faults = kinds.map((f) => FAULTS[f]).filter((f): f is Fault => f !== undefined && f !== 'broker-unreachable');
      const clientId = a.clientIdGiven && ports.length > 1 ? `${a.options.clientId}-${i + 1}` : a.clientIdGiven ? a.options.clientId : `wb-${Math.random().toString(36).slice(2, 10)}`;
      const v = await runBringupOnPort(port, {
        options: { ...a.options, clientId },
        ...(a.embeddedServer ? { embeddedServer: true } : {}),
        timeoutScale: a.timeoutScale,
        faults,
        // A Virtual EC20 told another server needs no broker of its own (eight brokers cost a rack time).
        ...(unreachable ? { virtual: { brokerUrl: 'mqtt://127.0.0.1:9', embeddedBroker: false } } : a.embeddedServer ? {} : { virtual: { embeddedBroker: false } }),
        ...(a.journalDir ? { journalDir: a.journalDir } : {}),
        signal: controller.signal,
        onJournal: (j) => process.stderr.write(`[${label}] ${t('cliRack.journal', { path: j })}\n`),
        onStep: (e) => {
          if (e.status === 'running' || a.json) return;
          const detail = msgText(cliT(), e.detailMsg, e.detail);
          process.stdout.write(`[${label}] ${mark[e.status]} ${cliT()(stepTitleKey(e.id))}${detail ? ` — ${detail}` : ''}${e.problem ? ` — ${localProblem(e.problem).title}` : ''}\n`);
        },
      });
      const row = { ...v, port: label };
      if (a.json) process.stdout.write(JSON.stringify(row) + '\n');
      return row;
    }, report);
    if (a.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else process.stdout.write(`\n${verdictTable(verdicts, t)}${t('cliRack.bringupSummary', { passed: summary.passed, ports: summary.ports, seconds: (summary.durationMs / 1000).toFixed(1) })}\n`);
    if (report && a.report !== undefined) {
      await report.close().catch(() => undefined);
      if (reportError) process.stderr.write(`${t('cliRack.reportIncomplete', { command: 'workbench bringup', target: report.target, error: redactedReportMessage(reportError.message, a.report, a.reportConnection) })}\n`);
      else process.stderr.write(`${t('cliRack.reportSent', { target: report.target })}\n`);
    }
    const code = rackExitCode(verdicts);
    return code === 0 && reportError ? 1 : code;
  } finally {
    process.off('SIGINT', onSignal);
  }
}
