// The wizard's Advanced and TLS sections as typed in: every MQTT option of AT+QMTCFG and the SSL
// context of AT+QSSLCFG, starting from the one defaults object the CLI reads too.
import type { EmbeddedBrokerAddress } from '../../../shared/api';
import { MQTT_DEFAULTS, TLS_DEFAULTS } from '../../../shared/mqtt-options';

export interface MqttOptionsForm {
  mqttVersion: '3' | '4';
  cid: string;
  keepalive: string;
  cleanSession: boolean;
  pktTimeoutS: string;
  retryTimes: string;
  willOn: boolean;
  willQos: '0' | '1' | '2';
  willRetain: boolean;
  willTopic: string;
  willMessage: string;
  recvBuffered: boolean;
  recvLengthField: boolean;
}

export interface TlsForm {
  sslCtx: string;
  seclevel: '0' | '1' | '2';
  /** Names of files on the modem ('' = none chosen). */
  ca: string;
  clientCert: string;
  clientKey: string;
  sni: boolean;
  ignoreLocalTime: boolean;
}

export type TlsFileRole = 'ca' | 'clientCert' | 'clientKey';

/** A certificate or key picked from disk in the TLS section: kept for the laptop's checks. */
export interface TlsPickedFile {
  content: string;
  encoding: 'text' | 'base64';
  /** On the modem already (uploaded from the TLS section); otherwise the bring-up uploads it. */
  uploaded: boolean;
}

export interface OptionsState {
  mqttOptions: MqttOptionsForm;
  tlsForm: TlsForm;
  /** What was picked from disk for each role, by the name it has on the modem. */
  tlsPicked: Partial<Record<TlsFileRole, TlsPickedFile & { name: string }>>;
  /** The user typed a server port: choosing TLS leaves it alone. */
  portTyped: boolean;
  /** The Virtual EC20's embedded broker, while it is open: the server fields were prefilled with it. */
  embeddedBroker?: EmbeddedBrokerAddress;
}

export const defaultMqttOptions = (): MqttOptionsForm => ({
  mqttVersion: String(MQTT_DEFAULTS.mqttVersion) as '3' | '4',
  cid: String(MQTT_DEFAULTS.cid),
  keepalive: String(MQTT_DEFAULTS.keepalive),
  cleanSession: MQTT_DEFAULTS.cleanSession,
  pktTimeoutS: String(MQTT_DEFAULTS.pktTimeoutS),
  retryTimes: String(MQTT_DEFAULTS.retryTimes),
  willOn: false,
  willQos: '0',
  willRetain: false,
  willTopic: '',
  willMessage: '',
  recvBuffered: MQTT_DEFAULTS.recvMode.buffered,
  recvLengthField: MQTT_DEFAULTS.recvMode.lengthField,
});

export const defaultTlsForm = (): TlsForm => ({
  sslCtx: String(TLS_DEFAULTS.sslCtx),
  seclevel: String(TLS_DEFAULTS.seclevel) as '0' | '1' | '2',
  ca: '',
  clientCert: '',
  clientKey: '',
  sni: TLS_DEFAULTS.sni,
  ignoreLocalTime: TLS_DEFAULTS.ignoreLocalTime,
});

export const initialOptionsState: OptionsState = { mqttOptions: defaultMqttOptions(), tlsForm: defaultTlsForm(), tlsPicked: {}, portTyped: false };
