// The MQTT and TLS options of a bring-up, and their defaults: one object read by the wizard's
// Advanced section, the contract's schema, the bring-up runner and `workbench bringup`, so the
// app and the CLI send the same AT+QMTCFG / AT+QSSLCFG values. No Node, no DOM.

/** Will message of AT+QMTCFG="will" (protocol.md §2.1.7). */
export interface WillOption {
  topic: string;
  message: string;
  qos: 0 | 1 | 2;
  retain: boolean;
}

/** Where a received message goes (AT+QMTCFG="recv/mode", protocol.md §2.1.8). */
export interface RecvModeOption {
  /** false: pushed inside +QMTRECV (mode 0); true: buffered, read with AT+QMTRECV (mode 1). */
  buffered: boolean;
  /** The payload length comes before the payload. */
  lengthField: boolean;
}

export const MQTT_DEFAULTS = {
  /** MQTT 3.1.1: the module's own default differs between notes (protocol.md §2.1.1), so it is always set. */
  mqttVersion: 4 as 3 | 4,
  /** PDP context id (protocol.md §2.1.2, §4.3). */
  cid: 1,
  /**
   * 60 s, not the module's 120: the example session of protocol.md §5.1 uses 60, it sits inside the
   * 30–1200 s cloud brokers accept (protocol.md §8, "+QMTCONN: i,0,3"), and mobile NATs often drop
   * idle mappings well before two minutes — the "+QMTSTAT: i,2" row of protocol.md §8.
   */
  keepalive: 60,
  /** Clean session, the module's default (protocol.md §2.1.5). */
  cleanSession: true,
  /** The module's defaults: 5 s per packet, 3 retries (protocol.md §2.1.6). */
  pktTimeoutS: 5,
  retryTimes: 3,
  /** Length-framed direct push: payloads with quotes, commas or line breaks stay readable (protocol.md §2.1.8). */
  recvMode: { buffered: false, lengthField: true } as RecvModeOption,
  /** Plain MQTT and MQTT over TLS (protocol.md §5.1, §5.2). */
  port: 1883,
  tlsPort: 8883,
} as const;

/** The SSL context options of AT+QSSLCFG a bring-up sets (protocol.md §4.4). */
export const TLS_DEFAULTS = {
  sslCtx: 0,
  /** 1: verify the server against the CA. 0 would accept any server; 2 adds a client certificate. */
  seclevel: 1 as 0 | 1 | 2,
  /** 4: every version the firmware has (protocol.md §4.4 default). */
  sslVersion: 4 as 0 | 1 | 2 | 3 | 4,
  /** 0XFFFF: every suite (protocol.md §4.4 default), sent unquoted (protocol.md quirk 9). */
  cipherSuite: '0XFFFF',
  /**
   * 1, the module's usual default: a module whose clock was never set (1980 after power-up) would
   * otherwise refuse every certificate. The laptop-side check still warns about expired ones.
   */
  ignoreLocalTime: true,
  /** Off by default on the module; old firmware answers ERROR to the option (protocol.md §4.4). */
  sni: false,
  /** Handshake limit in seconds (protocol.md §4.4 default). */
  negotiateTimeS: 300,
  /** The names the files get on the modem when they are uploaded (protocol.md §5.2). */
  caName: 'ca.pem',
  clientCertName: 'client.pem',
  clientKeyName: 'client.key',
} as const;

/** The server port when none was typed: 8883 with TLS, 1883 without. */
export function defaultPortFor(tls: boolean | undefined): number {
  return tls ? MQTT_DEFAULTS.tlsPort : MQTT_DEFAULTS.port;
}
