// The virtual modem's state: plain data, replaced (never mutated in place) by the interpreter.
import { profiles, type FirmwareProfile } from './profiles';

/** protocol.md §6 states of one client_idx. */
export type ClientPhase = 'closed' | 'opening' | 'opened' | 'connecting' | 'connected' | 'disconnecting';

/** QMTCFG values of one client (protocol.md §2.1); defaults per §2.1.x. */
export interface ClientConfig {
  version: 3 | 4;
  pdpcid: number;
  ssl: { enabled: boolean; ctx: number };
  keepalive: number;
  cleanSession: boolean;
  timeout: { pktTimeout: number; retries: number; notice: boolean };
  will: { enabled: false } | { enabled: true; qos: 0 | 1 | 2; retain: boolean; topic: string; message: string };
  recv: { buffered: boolean; withLength: boolean };
  aliauth?: { productKey: string; deviceName: string; deviceSecret: string };
  /** Later-firmware options (protocol.md §2.1.10), kept as their raw value lists. */
  extra: Record<string, string[]>;
}

export interface StoredMessage {
  /** Arrival order, to find the oldest. */
  arrived: number;
  msgId: number;
  topic: string;
  payload: Uint8Array;
}

export interface ClientState {
  phase: ClientPhase;
  host?: string;
  port?: number;
  config: ClientConfig;
  /** AT+QMTRECV buffer, 5 slots (protocol.md §2.10). */
  slots: (StoredMessage | null)[];
}

export interface SslContext {
  sslversion: number;
  ciphersuite: string;
  seclevel: number;
  cacert?: string;
  clientcert?: string;
  clientkey?: string;
  ignorelocaltime: number;
  negotiatetime: number;
  sni: number;
}

export interface PdpContext {
  type: number;
  apn: string;
  user: string;
  password: string;
  auth: number;
  active: boolean;
  ip?: string;
  /** DNS servers set with AT+QIDNSCFG; unset = the ones the network gives (protocol.md §4.3). */
  dns?: [string, string];
}

/** The modem ports a URC can be routed to (protocol.md §1.4). */
export type UrcPort = 'usbat' | 'usbmodem' | 'uart1';
export const URC_PORTS: readonly UrcPort[] = ['usbat', 'usbmodem', 'uart1'];

/**
 * The module's real-time clock (AT+CCLK, 3GPP TS 27.007): its time is the laptop's plus `offsetMs`
 * (0 = set from the network, as NITZ does); `tz` is the zone in quarter hours.
 */
export interface ModuleClock {
  offsetMs: number;
  tz: number;
}

/**
 * How the next received bytes are taken: command lines, publish payload, or a file upload. Raw
 * data is kept as the list of chunks received (never copied while it grows).
 */
export type InputMode =
  | { kind: 'command' }
  | { kind: 'payload'; end: 'ctrl-z' | 'fixed'; length: number; got: Uint8Array[]; gotLength: number; publish: PendingPublish }
  /** `ack`: QFUPL <ackmode> 1, an "A" after every 1024 bytes received (the host waits for it before sending more). */
  | { kind: 'upload'; file: string; size: number; timeoutS: number; ack: boolean; got: Uint8Array[]; gotLength: number };

export interface PendingPublish {
  client: number;
  msgId: number;
  qos: 0 | 1 | 2;
  retain: boolean;
  topic: string;
  resultPrefix: '+QMTPUB' | '+QMTPUBEX';
}

/** Faults that change how the modem answers (faults.ts lists all of them). */
export interface FaultFlags {
  noNetwork: boolean;
  pdpFails: boolean;
  simMissing: boolean;
  /** Commands still to be swallowed without any answer. */
  silentCommands: number;
}

export interface ModemState {
  profile: FirmwareProfile;
  echo: boolean;
  cmee: 0 | 1 | 2;
  /** Power-up progress: commands are taken after RDY, SIM commands after PB DONE (protocol.md §4.6). */
  boot: 'off' | 'rdy' | 'ready';
  cfun: 0 | 1 | 4;
  /** Where URCs go (AT+QURCCFG="urcport"); persists across resets (protocol.md §1.4). */
  urcport: UrcPort;
  /**
   * The modem port the host is attached to. URCs reach the host only when `urcport` names it: a host
   * on "uart1" with the factory "usbat" sees OK for everything and never a URC (protocol.md §1.4, quirk 19).
   */
  hostPort: UrcPort;
  clock: ModuleClock;
  /** DNS servers the network gives on activation, shown by AT+QIDNSCFG until the host sets its own. */
  networkDns: [string, string];
  /** An AT+QPING is running (one at a time). */
  pinging: boolean;
  sim: 'ready' | 'absent';
  pdp: Record<number, PdpContext>;
  ssl: Record<number, SslContext>;
  files: Record<string, Uint8Array>;
  clients: ClientState[];
  input: InputMode;
  /** URCs held back while the modem waits for publish payload (protocol.md §1.5 Uncertain: held). */
  held: Uint8Array[];
  faults: FaultFlags;
  /** Bytes of the command line being typed. */
  lineBuf: number[];
  /** <n> of AT+CREG/CGREG/CEREG (protocol.md §4.2). */
  regN: Record<'CREG' | 'CGREG' | 'CEREG', number>;
}

export function defaultClientConfig(profile: FirmwareProfile): ClientConfig {
  return {
    version: profile.defaultMqttVersion,
    pdpcid: 1,
    ssl: { enabled: false, ctx: 0 },
    keepalive: 120,
    cleanSession: true,
    timeout: { pktTimeout: 5, retries: 3, notice: false },
    will: { enabled: false },
    recv: { buffered: false, withLength: false },
    extra: {},
  };
}

export function closedClient(profile: FirmwareProfile): ClientState {
  return { phase: 'closed', config: defaultClientConfig(profile), slots: [null, null, null, null, null] };
}

export function defaultSslContext(ignorelocaltime: 0 | 1 = 1): SslContext {
  return { sslversion: 4, ciphersuite: '0XFFFF', seclevel: 0, ignorelocaltime, negotiatetime: 300, sni: 0 };
}

export function initialState(profile: FirmwareProfile = profiles['EC2X-2018']): ModemState {
  const ssl: Record<number, SslContext> = {};
  for (let i = 0; i <= 5; i++) ssl[i] = defaultSslContext(profile.ignoreLocalTimeDefault);
  return {
    profile,
    echo: true,
    cmee: profile.cmeeDefault,
    boot: 'off',
    cfun: 1,
    urcport: profile.urcportFactory,
    hostPort: 'usbat',
    clock: { offsetMs: 0, tz: 0 },
    networkDns: ['0.0.0.0', '0.0.0.0'],
    pinging: false,
    sim: 'ready',
    pdp: { 1: { type: 1, apn: '', user: '', password: '', auth: 0, active: false } },
    ssl,
    files: {},
    clients: Array.from({ length: 6 }, () => closedClient(profile)),
    input: { kind: 'command' },
    held: [],
    faults: { noNetwork: false, pdpFails: false, simMissing: false, silentCommands: 0 },
    lineBuf: [],
    regN: { CREG: 0, CGREG: 0, CEREG: 0 },
  };
}

/**
 * State after a reset (power-up, AT+CFUN=1,1): RAM settings and "RAM:" files lost; UFS files, the URC
 * port, the running clock, the host's port and faults kept (protocol.md §1.4, §4.5, §6).
 */
export function resetState(s: ModemState): ModemState {
  const fresh = initialState(s.profile);
  const files = Object.fromEntries(Object.entries(s.files).filter(([n]) => !isRamFile(n)));
  return {
    ...fresh,
    files,
    faults: s.faults,
    urcport: s.urcport,
    hostPort: s.hostPort,
    clock: s.clock,
    networkDns: s.networkDns,
    sim: s.faults.simMissing ? 'absent' : 'ready',
  };
}

/** Files named "RAM:…" live in RAM (protocol.md §4.5). */
export const isRamFile = (name: string): boolean => name.toUpperCase().startsWith('RAM:');
