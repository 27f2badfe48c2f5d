// What the modem is, as the main process derives it from the journal (electron/host/modem-state.ts):
// the port, the module, the network and each MQTT client with its subscriptions. Every view
// shows this and nothing it guessed. Plain data.
import type { MqttClientState } from './status';

export const CLIENT_INDEXES = [0, 1, 2, 3, 4, 5] as const;

export interface ClientSubscription {
  topic: string;
  /** QoS asked for in AT+QMTSUB. */
  qos: number;
  /** QoS the broker granted (128 = refused); absent while the SUBACK is awaited. */
  granted?: number;
}

export interface ClientTruth {
  state: MqttClientState;
  /** 'host:port' of the last AT+QMTOPEN. */
  server?: string;
  clientId?: string;
  /** Granted (or refused, 128) subscriptions of the live session; dropped when the client closes. */
  subscriptions: ClientSubscription[];
  /** The line that last moved this client ('+QMTSTAT: 0,1', '+QMTCONN: 0,0,4'). */
  lastLine?: string;
  /** CONNACK return code of a refused CONNECT; the broker closes the network after it (protocol.md §6). */
  refusedConnack?: number;
}

export interface ModemTruth {
  port: { state: 'closed' | 'open'; path?: string };
  modem: { name?: string; firmware?: string; imei?: string; /** The last RDY seen (wall ms). */ restartedAt?: number };
  network: {
    /** The last +CSQ: rssi, ber and dBm (absent when 99). */
    signal?: { rssi: number; ber: number; dbm?: number };
    /** Registration state name ('home', 'roaming', 'searching' …). */
    registration?: string;
    accessTech?: string;
    operator?: string;
    pdpIp?: string;
  };
  /** Each client index the session has touched. */
  clients: Partial<Record<number, ClientTruth>>;
}

export const closedTruth = (): ModemTruth => ({ port: { state: 'closed' }, modem: {}, network: {}, clients: {} });
