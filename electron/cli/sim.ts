// `workbench sim [--profile P] [--speed X] [--broker URL] [--echo on|off] [--max-write N]`:
// starts the virtual EC20 on a PTY, prints the device path as the first line of stdout (alone),
// and runs until SIGINT/SIGTERM.
import { basicCommands, coverage } from '../simulator/coverage';
import { makeDemoPki, type DemoPki } from '../simulator/demo-pki';
import { isProfileName, profiles } from '../simulator/profiles';
import { startVirtualModem, type VirtualModemOptions } from '../simulator/index';

const HELP = `usage: workbench sim [options]

Starts the virtual EC20 on a pseudo-terminal and prints its device path.

  --profile P     firmware profile: ${Object.keys(profiles).join(', ')} (default EC2X-2018)
  --speed X       delay factor, 1 = realistic, 0 = as fast as possible (default 1)
  --broker URL    send every AT+QMTOPEN to this broker (default: an embedded broker)
  --broker-tls URL  where opens with QMTCFG "ssl" on go (mqtts://host:port; default: --broker)
  --direct        no broker override: QMTOPEN dials the host it names
  --echo on|off   echo at power-up (default on, as the factory setting)
  --max-write N   write the modem's output in pieces of at most N bytes
  --tls           give the embedded broker a TLS listener with a fresh demo CA (its path is printed)
  --coverage      list the AT commands the simulator implements and exit
`;

/** Parses the options; a string is an error message. */
export type SimOptions = VirtualModemOptions & { tls?: boolean };

export function parseSimArgs(args: string[]): SimOptions | string | 'help' | 'coverage' {
  const o: SimOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    const need = () => {
      i++;
      return v;
    };
    switch (a) {
      case '--help':
      case '-h':
        return 'help';
      case '--profile': {
        const p = need();
        if (!p || !isProfileName(p)) return `unknown profile "${p ?? ''}" (one of ${Object.keys(profiles).join(', ')})`;
        o.profile = p;
        break;
      }
      case '--speed': {
        const n = Number(need());
        if (!Number.isFinite(n) || n < 0) return '--speed needs a number >= 0';
        o.speed = n;
        break;
      }
      case '--broker': {
        const u = need();
        if (!u || !/^mqtts?:\/\/[^/]+/.test(u)) return '--broker needs a URL like mqtt://127.0.0.1:1883';
        o.brokerUrl = u;
        break;
      }
      case '--broker-tls': {
        const u = need();
        if (!u || !/^mqtts:\/\/[^/]+/.test(u)) return '--broker-tls needs a URL like mqtts://127.0.0.1:8883';
        o.brokerTlsUrl = u;
        break;
      }
      case '--coverage':
        return 'coverage';
      case '--tls':
        o.tls = true;
        break;
      case '--direct':
        o.embeddedBroker = false;
        break;
      case '--echo': {
        const e = need();
        if (e !== 'on' && e !== 'off') return '--echo needs on or off';
        o.echo = e === 'on';
        break;
      }
      case '--max-write': {
        const n = Number(need());
        if (!Number.isInteger(n) || n < 1) return '--max-write needs a whole number >= 1';
        o.maxWriteSize = n;
        break;
      }
      default:
        return `unknown option "${a ?? ''}"`;
    }
  }
  return o;
}

export async function run(args: string[]): Promise<number> {
  const opts = parseSimArgs(args);
  if (opts === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (opts === 'coverage') {
    const rows = coverage().map((r) => `${r.command.padEnd(14)} ${r.forms.join(', ')}`);
    process.stdout.write([...basicCommands, ...rows].join('\n') + '\n');
    return 0;
  }
  if (typeof opts === 'string') {
    process.stderr.write(`workbench sim: ${opts}\n\n${HELP}`);
    return 2;
  }
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
    process.stderr.write(`workbench sim: the virtual modem did not start: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  process.stdout.write(`${modem.hostPath}\n`);
  if (pki && modem.brokerTlsUrl) {
    process.stderr.write(`TLS opens go to ${modem.brokerTlsUrl}; upload ${pki.caPath} with AT+QFUPL and set it as "cacert".\n`);
  }
  process.stderr.write(
    `virtual ${modem.core.state.profile.model} (${modem.core.state.profile.name}) on ${modem.hostPath}; ` +
      `MQTT opens go to ${modem.brokerUrl || 'the host each QMTOPEN names'}. Ctrl+C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await modem.stop();
  pki?.remove();
  return 0;
}
