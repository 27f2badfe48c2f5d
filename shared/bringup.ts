// The connection wizard's steps as plain data, shared by the main side (which runs them), the
// renderer (which shows them) and the CLI (which prints them): one list of ids, titles and what
// each step checks. No Node, no DOM.
import type { Problem } from './outcome';
import type { MqttClientState, WizardStepState } from './status';
import type { SslContextSettings } from './modem-tls';

/** The bring-up step ids, in the order they run. */
// New steps are only ever inserted: ids are scripted against (`--fromStep`, `--json`). The TLS steps
// report 'skipped' on a plain TCP bring-up.
export const BRINGUP_STEP_IDS = ['port', 'at', 'echo-cmee', 'urc-port', 'identity', 'sim', 'signal', 'registration', 'attach', 'pdp', 'clock', 'tls-files', 'tls-context', 'mqtt-config', 'open', 'connect', 'ready'] as const;

export type BringupStepId = (typeof BRINGUP_STEP_IDS)[number];

export interface BringupStepDefinition {
  id: BringupStepId;
  /** What the wizard, the CLI and the events call the step. */
  title: string;
  /** What the step checks, in a sentence (shown as the step's explanation). */
  checks: string;
}

// A record keyed by id: the compiler refuses a step without a title or a title without a step.
const DEFINITIONS: Record<BringupStepId, Omit<BringupStepDefinition, 'id'>> = {
  port: { title: 'Open the serial port', checks: 'The AT port opens (nothing else holds it).' },
  at: { title: 'Modem answers AT', checks: 'AT gets OK, retried while the module powers up (until RDY).' },
  'echo-cmee': { title: 'Echo off, verbose errors', checks: 'ATE0 and AT+CMEE=2 get OK, so errors come back with their cause.' },
  'urc-port': { title: 'URCs reach this port', checks: 'AT+QURCCFG="urcport" names the port in use; otherwise every command answers OK and no result ever comes.' },
  identity: { title: 'Identify the module', checks: 'ATI names the model and firmware; AT+CGSN gives the IMEI.' },
  sim: { title: 'SIM ready', checks: 'AT+CPIN? says READY (waiting while the SIM is busy after power-up); AT+QCCID and AT+CIMI name the SIM.' },
  signal: { title: 'Signal strength', checks: 'AT+CSQ reports a signal (not 99), waiting a while for coverage.' },
  registration: { title: 'Registered on the network', checks: 'AT+CEREG?, AT+CGREG? or AT+CREG? says registered (home or roaming); AT+COPS? names the operator.' },
  attach: { title: 'Attached for data', checks: 'AT+CGATT? says the module is attached to the packet network.' },
  pdp: { title: 'Mobile data (PDP context)', checks: 'The PDP context is active with an IP address (AT+QICSGP, AT+QIACT).' },
  clock: { title: 'Module clock', checks: 'AT+CCLK? reads the time the module checks certificates against (TLS only).' },
  'tls-files': { title: 'Certificates on the modem', checks: 'The certificates and key pass the laptop\'s checks; AT+QFLST shows them on the modem, or AT+QFUPL uploads them (checksum compared).' },
  'tls-context': { title: 'SSL context', checks: 'AT+QSSLCFG sets the SSL context (version, ciphers, security level, certificates, clock, SNI) and reads it back.' },
  'mqtt-config': { title: 'Configure the MQTT client', checks: 'AT+QMTCFG sets MQTT 3.1.1, the PDP context, TLS, keep-alive and receive mode.' },
  open: { title: 'Open the network connection to the server', checks: 'AT+QMTOPEN reaches the server over TCP or TLS (+QMTOPEN result 0).' },
  connect: { title: 'MQTT connect', checks: 'AT+QMTCONN is accepted by the server (CONNACK 0).' },
  ready: { title: 'Ready', checks: 'AT+QMTCONN? shows the client connected (state 3).' },
};

/** The bring-up steps, in the order they run. */
export const BRINGUP_STEPS: readonly BringupStepDefinition[] = BRINGUP_STEP_IDS.map((id) => ({ id, ...DEFINITIONS[id] }));

export const isBringupStepId = (s: string): s is BringupStepId => (BRINGUP_STEP_IDS as readonly string[]).includes(s);

export const bringupStepTitle = (id: BringupStepId): string => DEFINITIONS[id].title;

export const bringupStepChecks = (id: BringupStepId): string => DEFINITIONS[id].checks;

/** What AT+CSQ measured: the raw answer and what it means. */
export interface SignalReading {
  /** +CSQ: <rssi>,<ber> as the modem sent them (rssi 99 = not known). */
  csq: { rssi: number; ber: number };
  dbm?: number;
  /** rssi 0 and 31 are open-ended: "-113 dBm or less", "-51 dBm or more". */
  bound?: 'or-less' | 'or-more';
  quality: string;
}

/** The registration that passed the step: which command said so, its state and access technology. */
export interface RegistrationReading {
  command: 'CREG' | 'CGREG' | 'CEREG';
  /** <stat> of 3GPP TS 27.007 and its name ('home', 'roaming', …). */
  stat: number;
  state: string;
  /** <AcT> as sent, and its name ('LTE', …). */
  act?: number;
  tech?: string;
}

/** What a step found out, as fields; `detail` says the same for a person. */
export interface BringupStepData {
  module?: { manufacturer?: string; model?: string; revision?: string };
  imei?: string;
  firmware?: string;
  signal?: SignalReading;
  registration?: RegistrationReading;
  operator?: string;
  pdp?: { cid: number; ip?: string; alreadyActive: boolean };
  /** The port AT+QURCCFG="urcport" names, and whether it is the one in use (undefined: cannot tell). */
  urcPort?: { port: string; reachesThisPort?: boolean };
  /** The SIM's ICCID (AT+QCCID) and IMSI (AT+CIMI). */
  simIdentity?: { iccid?: string; imsi?: string };
  /** AT+CGATT? */
  attached?: boolean;
  /** AT+CCLK? as printed, as an ISO time, and whether it looks never set. */
  clock?: { raw: string; iso?: string; unset: boolean };
  /** The certificates and key the SSL context names: on the modem already, or uploaded (checksum verified). */
  tlsFiles?: Array<{ role: 'ca' | 'client-cert' | 'client-key'; name: string; size?: number; uploaded: boolean; checksum?: string }>;
  /** The SSL context the client uses, as read back. */
  tls?: { ctx: number; settings?: SslContextSettings };
  /** The MQTT client the step moved, and where it is now. */
  mqtt?: { client: number; state: MqttClientState; server?: string; clientId?: string };
}

/** One step event as the runner emits it; the same shape the wizard view renders. */
export interface BringupStepEvent extends WizardStepState {
  id: BringupStepId;
  status: 'running' | 'passed' | 'failed' | 'skipped';
  data?: BringupStepData;
  /** The MQTT client index whose run this is (the host adds it: each client runs its own wizard). */
  clientIdx?: number;
}

/** How a bring-up ended: ready, or the step that failed with the catalogue's explanation. */
export interface BringupResult {
  ok: boolean;
  /** The failed step (or the last step run). */
  step: BringupStepId;
  problem?: Problem;
  steps: BringupStepEvent[];
}

/** Everything the passed steps found, merged in order (a later step's field wins). */
export function mergeStepData(steps: readonly BringupStepEvent[]): BringupStepData {
  return Object.assign({}, ...steps.filter((s) => s.status === 'passed' && s.data).map((s) => s.data));
}
