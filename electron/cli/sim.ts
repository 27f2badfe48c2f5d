// `workbench sim [--profile P] [--speed X] [--broker URL] [--echo on|off] [--max-write N]`:
// starts the virtual EC20 on a PTY, prints the device path as the first line of stdout (alone),
// and runs until SIGINT/SIGTERM. The module dials the servers it is told; the embedded broker's
// address is printed on stderr.
import { basicCommands, coverage } from '../simulator/coverage';
import { makeDemoPki, type DemoPki } from '../simulator/demo-pki';
import { isProfileName, profiles } from '../simulator/profiles';
import { startVirtualModem, type VirtualModemOptions } from '../simulator/index';
import { helpText, parseCommandLine, reportUsageError, type CommandSpec } from './args';
import { cliT } from './lang';

/** Every option of `workbench sim`, its help and its checks. */
export const SIM_COMMAND_LINE = {
  command: 'sim',
  synopsis: '[options]',
  get description() { return cliT()('cliHelp.simDescription'); },
  options: {
    profile: { type: 'string', value: 'P', get help() { return cliT()('cliHelp.simProfile', { profiles: Object.keys(profiles).join(', ') }); } },
    speed: { type: 'number', value: 'X', min: 0, get help() { return cliT()('cliHelp.simSpeed'); } },
    broker: { type: 'string', value: 'URL', get help() { return cliT()('cliHelp.simBroker'); } },
    'broker-tls': { type: 'string', value: 'URL', get help() { return cliT()('cliHelp.simBrokerTls'); } },
    direct: { type: 'boolean', get help() { return cliT()('cliHelp.simDirect'); } },
    'redirect-to-embedded': { type: 'boolean', get help() { return cliT()('cliHelp.simRedirect'); } },
    echo: { type: 'string', value: 'on|off', get help() { return cliT()('cliHelp.simEcho'); } },
    'max-write': { type: 'number', value: 'N', integer: true, min: 1, get help() { return cliT()('cliHelp.simMaxWrite'); } },
    tls: { type: 'boolean', get help() { return cliT()('cliHelp.simTls'); } },
    coverage: { type: 'boolean', get help() { return cliT()('cliHelp.simCoverage'); } },
  },
} as const satisfies CommandSpec;

/** The options of the virtual modem, plus whether its embedded broker also listens with TLS. */
export type SimOptions = VirtualModemOptions & { tls?: boolean };

/** Parses the options; a string is an error message. */
export function parseSimArgs(args: string[]): SimOptions | string | 'help' | 'coverage' {
  const parsed = parseCommandLine(SIM_COMMAND_LINE, args);
  if (parsed.kind !== 'ok') return parsed.kind === 'help' ? 'help' : parsed.message;
  const v = parsed.values;
  if (v.coverage) return 'coverage';
  const o: SimOptions = {};
  if (v.profile !== undefined) {
    if (!isProfileName(v.profile)) return `unknown profile "${v.profile}" (one of ${Object.keys(profiles).join(', ')})`;
    o.profile = v.profile;
  }
  if (v.speed !== undefined) o.speed = v.speed;
  if (v.broker !== undefined) {
    if (!/^mqtts?:\/\/[^/]+/.test(v.broker)) return '--broker needs a URL like mqtt://127.0.0.1:1883';
    o.brokerUrl = v.broker;
  }
  if (v['broker-tls'] !== undefined) {
    if (!/^mqtts:\/\/[^/]+/.test(v['broker-tls'])) return '--broker-tls needs a URL like mqtts://127.0.0.1:8883';
    o.brokerTlsUrl = v['broker-tls'];
  }
  if (v.tls) o.tls = true;
  // --direct (dial the host each QMTOPEN names) is the default now: accepted and changes nothing.
  if (v['redirect-to-embedded']) {
    if (v.direct || v.broker !== undefined) return '--redirect-to-embedded cannot be combined with --direct or --broker';
    o.redirectToEmbedded = true;
  }
  if (v.echo !== undefined) {
    if (v.echo !== 'on' && v.echo !== 'off') return '--echo needs on or off';
    o.echo = v.echo === 'on';
  }
  if (v['max-write'] !== undefined) o.maxWriteSize = v['max-write'];
  return o;
}

export async function run(args: string[]): Promise<number> {
  const opts = parseSimArgs(args);
  if (opts === 'help') {
    process.stdout.write(helpText(SIM_COMMAND_LINE));
    return 0;
  }
  if (opts === 'coverage') {
    const rows = coverage().map((r) => `${r.command.padEnd(14)} ${r.forms.join(', ')}`);
    process.stdout.write([...basicCommands, ...rows].join('\n') + '\n');
    return 0;
  }
  if (typeof opts === 'string') return reportUsageError(SIM_COMMAND_LINE, opts);
  const { tls, ...modemOpts } = opts;
  let modem;
  let pki: DemoPki | undefined;
  try {
    if (tls) {
      pki = makeDemoPki();
      modemOpts.embeddedBrokerTls = { key: pki.key, cert: pki.cert };
    }
    modem = await startVirtualModem(modemOpts);
  } catch (err) {
    pki?.remove();
    process.stderr.write(`${cliT()('cliOut.simDidNotStart', { error: err instanceof Error ? err.message : String(err) })}\n`);
    return 1;
  }
  process.stdout.write(`${modem.hostPath}\n`);
  const e = modem.embedded;
  if (pki && e?.tlsPort) {
    process.stderr.write(`${cliT()('cliOut.simTls', { host: e.host, port: e.tlsPort, ca: pki.caPath, cert: pki.clientCertPath, key: pki.clientKeyPath })}\n`);
  }
  const t = cliT();
  const where =
    modem.redirect ? t('cliOut.simRedirect', { target: modem.redirect })
    : e ? t('cliOut.simDialsEmbedded', { host: e.host, port: e.port })
    : t('cliOut.simDials');
  process.stderr.write(`${t('cliOut.simRunning', { model: modem.core.state.profile.model, name: modem.core.state.profile.name, path: modem.hostPath, where })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await modem.stop();
  pki?.remove();
  return 0;
}
