// What the status bar, the wizard and the topics panel show. Plain data.
import type { Problem } from './outcome';

export type MqttClientState = 'closed' | 'opening' | 'opened' | 'connecting' | 'connected' | 'disconnecting';

/** The modem as the workbench last saw it; fields stay undefined until a command tells. */
export interface ModemStatus {
  port?: string;
  /** 'Quectel EC25 EC25EFAR06A06M4G'. */
  modem?: string;
  imei?: string;
  signal?: { dbm?: number; quality: string; text: string };
  registration?: string;
  pdpIp?: string;
  /** One entry per client_idx that has been used. */
  mqtt: Record<number, { state: MqttClientState; server?: string; clientId?: string; problem?: Problem }>;
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
}

/** One step of the connection wizard as it runs. */
export interface WizardStepState {
  id: string;
  title: string;
  status: 'pending' | 'running' | 'passed' | 'failed' | 'skipped';
  detail?: string;
  problem?: Problem;
}
