// The options of the laptop's own MQTT connections (`workbench probe`, and `--report mqtts://` of
// `run` and `bringup`): the TLS files, the server name, the login. One table and one reader, so
// every command spells them the same way and reads the files the same way; a command that has the
// modem's options under these names already takes them with a prefix (`--report-ca`).
import fs from 'node:fs';
import type { OptionSpec } from './args';

export const MQTT_CLIENT_OPTIONS = {
  ca: { type: 'string', value: 'FILE', help: 'CA (PEM or DER) the server\'s chain is checked against' },
  'client-cert': { type: 'string', value: 'FILE', help: 'client certificate (PEM), presented to the server' },
  'client-key': { type: 'string', value: 'FILE', help: 'client private key (PEM, unencrypted)' },
  sni: { type: 'string', value: 'NAME', help: 'send this Server Name Indication (and check the certificate against it)' },
  seclevel: { type: 'number', value: 'N', integer: true, min: 0, max: 2, help: '0 the server is not verified, 1 verified (default), 2 also a client certificate (the default with --client-cert)' },
  username: { type: 'string', value: 'U', help: 'MQTT user name' },
  password: { type: 'string', value: 'P', help: 'MQTT password (never printed)' },
} as const satisfies Record<string, OptionSpec>;

export type MqttClientOptionName = keyof typeof MQTT_CLIENT_OPTIONS;

type Prefixed<P extends string, O> = { [K in keyof O as `${P}${K & string}`]: O[K] };

/** The table with every name prefixed (`report-` → --report-ca …) and the help led by `lead`. */
export function prefixedClientOptions<P extends string>(prefix: P, lead: string): Prefixed<P, typeof MQTT_CLIENT_OPTIONS> {
  return Object.fromEntries(Object.entries(MQTT_CLIENT_OPTIONS).map(([k, o]) => [`${prefix}${k}`, { ...o, help: `${lead}${o.help}` }])) as Prefixed<P, typeof MQTT_CLIENT_OPTIONS>;
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
