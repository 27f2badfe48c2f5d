// The options of the laptop's own MQTT connections (`workbench probe`, and `--report mqtts://` of
// `run` and `bringup`): the TLS files, the server name, the login. One table and one reader, so
// every command spells them the same way and reads the files the same way; a command that has the
// modem's options under these names already takes them with a prefix (`--report-ca`).
import fs from 'node:fs';
import type { OptionSpec } from './args';
import { cliT } from './lang';

export const MQTT_CLIENT_OPTIONS = {
  ca: { type: 'string', value: 'FILE', get help() { return cliT()('cliHelp.clientCa'); } },
  'client-cert': { type: 'string', value: 'FILE', get help() { return cliT()('cliHelp.clientCert'); } },
  'client-key': { type: 'string', value: 'FILE', get help() { return cliT()('cliHelp.clientKey'); } },
  sni: { type: 'string', value: 'NAME', get help() { return cliT()('cliHelp.clientSni'); } },
  seclevel: { type: 'number', value: 'N', integer: true, min: 0, max: 2, get help() { return cliT()('cliHelp.clientSeclevel'); } },
  username: { type: 'string', value: 'U', get help() { return cliT()('cliHelp.username'); } },
  password: { type: 'string', value: 'P', get help() { return cliT()('cliHelp.passwordNeverPrinted'); } },
} as const satisfies Record<string, OptionSpec>;

export type MqttClientOptionName = keyof typeof MQTT_CLIENT_OPTIONS;

type Prefixed<P extends string, O> = { [K in keyof O as `${P}${K & string}`]: O[K] };

/** The table with every name prefixed (`report-` → --report-ca …) and each help put in `lead`'s words when read. */
export function prefixedClientOptions<P extends string>(prefix: P, lead: (help: string) => string): Prefixed<P, typeof MQTT_CLIENT_OPTIONS> {
  return Object.fromEntries(
    Object.entries(MQTT_CLIENT_OPTIONS).map(([k, o]) => [`${prefix}${k}`, { ...o, get help() { return lead(o.help); } }]),
  ) as Prefixed<P, typeof MQTT_CLIENT_OPTIONS>;
}

export interface ClientTlsFiles {
  ca?: Uint8Array;
  clientCert?: Uint8Array;
  clientKey?: Uint8Array;
}

const readFile = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(file === '-' ? 0 : file));

/**
 * Reads the TLS files named on the command line ('-' is standard input); a usage message when
 * the certificate comes without its key (or the other way round) or a file cannot be read.
 * `prefix` is the options' prefix, for the messages ('' for probe, 'report-').
 */
export function readClientTlsFiles(names: { ca?: string | undefined; clientCert?: string | undefined; clientKey?: string | undefined }, prefix = ''): ClientTlsFiles | string {
  if (Boolean(names.clientCert) !== Boolean(names.clientKey)) return `--${prefix}client-cert and --${prefix}client-key go together`;
  try {
    return {
      ...(names.ca ? { ca: readFile(names.ca) } : {}),
      ...(names.clientCert ? { clientCert: readFile(names.clientCert) } : {}),
      ...(names.clientKey ? { clientKey: readFile(names.clientKey) } : {}),
    };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
