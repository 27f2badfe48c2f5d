// What the status bar, the wizard and the topics panel show. Plain data.
import type { BringupStepData, BringupStepId, SignalReading } from './bringup';
import type { Problem } from './outcome';
import type { ReconnectState } from './reconnect';
import type { Msg } from './i18n/msg';

export type MqttClientState = 'closed' | 'opening' | 'opened' | 'connecting' | 'connected' | 'disconnecting';

/** The modem as the workbench last saw it; fields stay undefined until a command tells. */
export interface ModemStatus {
  port?: string;
  /** 'EC25 EC25EFAR06A06M4G': the module's name for a person (from `module`). */
  modem?: string;
  module?: BringupStepData['module'];
  firmware?: string;
  imei?: string;
  /** The SIM's ICCID (AT+QCCID) and IMSI (AT+CIMI), as the bring-up read them. */
  iccid?: string;
  imsi?: string;
  /** The last AT+CSQ reading; `text` is it for a person ('-71 dBm (good)'). */
  signal?: Partial<SignalReading> & { quality: string; text: string };
  /** The registration state's name ('home', 'roaming', 'searching' …). */
  registration?: string;
  /** Access technology of the registration ('LTE', …). */
  accessTech?: string;
  operator?: string;
  pdpIp?: string;
  /** One entry per client_idx that has been used. */
  mqtt: Record<number, { state: MqttClientState; server?: string; clientId?: string; problem?: Problem; reconnect?: ReconnectState }>;
}

export interface Subscription {
  clientIdx: number;
  topic: string;
  qos: number;
  /** QoS the broker granted (128 = refused). */
  granted?: number;
}

/** A PUBLISH the modem received (+QMTRECV), with its payload as bytes (base64) and as text. */
export interface ReceivedMessage {
  id: number;
  clientIdx: number;
  msgId: number;
  topic: string;
  payloadBase64: string;
  payloadText: string;
  wall: number;
  /** Log index of the +QMTRECV line that carried it. */
  logIndex?: number;
  /**
   * The QoS it came with, as far as the modem tells: 0 when msgID is 0, else the subscription's
   * granted QoS caps it (granted 1 → 1). Absent when it could be 1 or 2 (see `qosText`).
   */
  qos?: 0 | 1 | 2;
  /** 'QoS 0', 'QoS 1', 'QoS 1 or 2' (+QMTRECV carries no QoS field, protocol.md §3.2). */
  qosText?: string;
}

/** One step of the connection wizard as it runs. */
export interface WizardStepState {
  id: BringupStepId;
  title: string;
  status: 'pending' | 'running' | 'passed' | 'failed' | 'skipped';
  /** What the step found, for a person (in English). */
  detail?: string;
  /** The same as a message, for a reader in another language. */
  detailMsg?: Msg;
  /** What the step found, as fields (read these, not `detail`). */
  data?: BringupStepData;
  problem?: Problem;
}

/** '-71 dBm (good)', '-113 dBm or less (poor)'. */
export function signalText(s: Pick<SignalReading, 'dbm' | 'bound' | 'quality'>): string {
  const bound = s.bound === 'or-less' ? ' or less' : s.bound === 'or-more' ? ' or more' : '';
  return `${s.dbm ?? '?'} dBm${bound} (${s.quality})`;
}

/** 'home (LTE) on Example Telecom'. */
export function registrationText(state: string, tech?: string, operator?: string): string {
  return `${state}${tech ? ` (${tech})` : ''}${operator ? ` on ${operator}` : ''}`;
}

/** 'EC25 EC25EFAR06A06M4G': model and firmware, else the manufacturer. */
export function moduleName(m: NonNullable<BringupStepData['module']>): string {
  return [m.model, m.revision].filter(Boolean).join(' ') || m.manufacturer || 'modem';
}
