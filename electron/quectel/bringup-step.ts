// What every bring-up step shares: the runner's options, the context a step runs in, what it
// returns, and the small helpers steps build their answers with. The steps themselves live in
// bringup.ts (the classic sequence) and bringup-tls.ts (the catalogue's checks and TLS).
import type { BringupStepData, BringupStepId } from '../../shared/bringup';
import type { Clock } from '../../shared/clock';
import type { AtOutcome } from '../../shared/model';
import { ok, type Outcome, type Problem } from '../../shared/outcome';
import { TLS_DEFAULTS, type RecvModeOption } from '../../shared/mqtt-options';
import type { AtEngine, AtRequest } from '../at/types';
import { problemFromLine } from './codes';
import { redactCommand } from './commands';
import type { MqttConfig } from './mqtt';
import { translator, type Msg } from '../../shared/i18n';

export interface BringupOptions {
  /** Shown as the detail of the 'port' step (the caller opened the port). */
  portPath?: string;
  /** APN to configure with AT+QICSGP; without it the module's stored context is activated as is. */
  apn?: string;
  apnUsername?: string;
  apnPassword?: string;
  /** PDP context id, 1–16 (default 1). */
  cid?: number;
  server: { host: string; port: number };
  tls?: boolean;
  /** SSL context for TLS (protocol.md §4.4). Default 0; `tlsOptions.sslCtx` wins when given. */
  sslCtx?: number;
  /** The SSL context's options and the certificates to check and upload (with `tls`). */
  tlsOptions?: BringupTlsOptions;
  /** MQTT 3.1 (3) or 3.1.1 (4); default MQTT_DEFAULTS.mqttVersion. */
  mqttVersion?: 3 | 4;
  /** AT+QMTCFG="recv/mode"; default MQTT_DEFAULTS.recvMode (direct push with length). */
  recvMode?: RecvModeOption;
  clientId: string;
  username?: string;
  password?: string;
  /** AT+QMTCFG="aliauth" triple: the module signs the CONNECT itself (aliyun.md §7). */
  aliauth?: { productKey: string; deviceName: string; deviceSecret: string };
  /** client_idx 0–5, default 0. */
  clientIdx?: number;
  /** Seconds, default MQTT_DEFAULTS.keepalive (60, shared/mqtt-options.ts says why). */
  keepalive?: number;
  cleanSession?: boolean;
  pktTimeoutS?: number;
  retryTimes?: number;
  will?: MqttConfig['will'];
  /** How long AT may go unanswered while the module powers up (default 20 s). */
  atWaitMs?: number;
  /** How long to wait for registration (default 90 s), polling every `pollMs` (default 2 s, protocol.md §5.1). */
  registrationWaitMs?: number;
  /** How long a missing signal (+CSQ: 99) may last before the step fails (default 10 s). */
  signalWaitMs?: number;
  /** How long the SIM may stay busy (+CME ERROR: 14) after power-up (default 20 s). */
  simWaitMs?: number;
  pollMs?: number;
  /** Multiplies every result-URC wait (slow links). */
  timeoutScale?: number;
  /** Re-run from this step; earlier steps are reported as skipped. */
  fromStep?: BringupStepId;
  signal?: AbortSignal;
  /** Time for the waits and deadlines (default: the real clock). */
  clock?: Clock;
}

/** A certificate or key for the modem: its name there, and its bytes to upload when missing. */
export interface TlsFile {
  name: string;
  content?: Uint8Array;
  /** Delete a file of that name first and upload this one. */
  replace?: boolean;
}

/** AT+QSSLCFG options of the context the client uses (protocol.md §4.4); defaults TLS_DEFAULTS. */
export interface BringupTlsOptions {
  sslCtx?: number;
  seclevel?: 0 | 1 | 2;
  sni?: boolean;
  ignoreLocalTime?: boolean;
  sslVersion?: number;
  cipherSuite?: string;
  negotiateTimeS?: number;
  ca?: TlsFile;
  clientCert?: TlsFile;
  clientKey?: TlsFile;
}

export interface StepContext {
  engine: AtEngine;
  o: BringupOptions;
  client: number;
  cid: number;
  clock: Clock;
  /** The module's clock as the 'clock' step read it: certificates are checked at this time. */
  moduleTime?: Date;
  /** AT+CMEE=2 is on (the echo-cmee step passed, in this run or the one being retried). */
  verbose?: boolean;
}

/** What a passed step found: the fields, and the same for a person. */
export interface StepFinding {
  detail: string;
  /** The detail as a message, for readers in other languages. */
  detailMsg?: Msg;
  data?: BringupStepData;
}

export interface BringupStep {
  id: BringupStepId;
  title: string;
  /** Why the step does not apply to this bring-up (reported as skipped), or undefined to run it. */
  skip?(ctx: StepContext): string | Msg | undefined;
  run(ctx: StepContext): Promise<Outcome<StepFinding>>;
}

/** What a step found: text the modem gave (kept as is), or a message every reader gets in their language. */
export const found = (detail: string | Msg, data?: BringupStepData): Outcome<StepFinding> => {
  const text = typeof detail === 'string' ? { detail } : { detail: englishText(detail), detailMsg: detail };
  return ok(data ? { ...text, data } : text);
};

/** The English of a message: logs, journals and --json keep it. */
export const englishText = (m: Msg): string => translator('en')(m.key, m.values);

/** The SSL context the client is tied to. */
export const sslCtxOf = (o: BringupOptions): number => o.tlsOptions?.sslCtx ?? o.sslCtx ?? TLS_DEFAULTS.sslCtx;


/** A failed final answer as a catalogue Problem (ERROR read in the command's context). */
export function atProblem(out: Exclude<AtOutcome, { kind: 'ok' }>, req: AtRequest, ctx?: StepContext): Problem {
  // Once the wizard turned verbose errors on, the advice to do so is left out.
  return out.kind === 'modem-error' ? problemFromLine(out.final, { command: redactCommand(req.text), ...(ctx?.verbose ? { verboseErrors: true } : {}) }) : out.problem;
}
