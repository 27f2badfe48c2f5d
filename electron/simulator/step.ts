// What one interpreter step produces: the next state and timed emissions. Timing is data: the
// runtime waits `delayMs × speed` (after the previous emission of the same step) before acting.
import type { ModemState } from './state';
import { frameLine, frameResponse, utf8 } from './wire';

/** TLS settings the network edge needs, resolved from QSSLCFG and the simulated file system (protocol.md §4.4). */
export interface TlsSetup {
  /** 0 no authentication, 1 verify the server, 2 also present the client certificate. */
  seclevel: number;
  ca?: Uint8Array;
  cert?: Uint8Array;
  key?: Uint8Array;
  /** Files the context names that are not on the file system: the open fails (-1). */
  missing: string[];
  sni: boolean;
  /** QSSLCFG "sslversion": 0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 all the module has. */
  sslversion: number;
  /** QSSLCFG "ciphersuite" as configured ("0XFFFF" = all). */
  ciphersuite: string;
  /** Module time (ms since the epoch) the certificates must be valid at; undefined with ignorelocaltime 1. */
  validAt?: number;
  /** Handshake limit in seconds (QSSLCFG "negotiatetime"). */
  negotiateTimeS: number;
  /** Check the certificate's name against the host dialled (profile switch). */
  verifyHostname: boolean;
}

export interface ConnectOptions {
  clientId: string;
  username?: string;
  password?: string;
  version: 3 | 4;
  clean: boolean;
  keepalive: number;
  will?: { topic: string; payload: Uint8Array; qos: 0 | 1 | 2; retain: boolean };
  /** CONNACK wait per attempt and attempts after the first (QMTCFG "timeout"). */
  pktTimeoutS: number;
  retries: number;
  /** Report each retransmission as a result-1 URC (timeout_notice). */
  notice: boolean;
}

/** Work for the network edge (mqtt-peer.ts). Results come back as NetEvents. */
export type NetOp =
  /** `dns`: the servers set with AT+QIDNSCFG; undefined = the network's (the laptop's resolver). */
  | { type: 'open'; client: number; host: string; port: number; tls?: TlsSetup; dns?: string[] }
  /** AT+QPING (protocol.md §4.3). */
  | { type: 'qping'; host: string; timeoutS: number; count: number; dns?: string[] }
  | { type: 'connect'; client: number; options: ConnectOptions }
  | { type: 'subscribe'; client: number; msgId: number; topics: { topic: string; qos: 0 | 1 | 2 }[] }
  | { type: 'unsubscribe'; client: number; msgId: number; topics: string[] }
  | { type: 'publish'; client: number; msgId: number; qos: 0 | 1 | 2; retain: boolean; topic: string; payload: Uint8Array; resultPrefix: string }
  | { type: 'disconnect'; client: number }
  | { type: 'close'; client: number };

/** What the network edge reports back. */
export type NetEvent =
  | { type: 'opened'; client: number; result: number }
  | { type: 'connack'; client: number; retCode: number }
  | { type: 'connect-failed'; client: number; result: 2 }
  /** CONNECT resent after pkt_timeout without CONNACK (reported with timeout_notice 1). */
  | { type: 'connect-retry'; client: number }
  | { type: 'suback'; client: number; msgId: number; result: number; values: number[] }
  | { type: 'unsuback'; client: number; msgId: number; result: number; value?: number }
  | { type: 'puback'; client: number; msgId: number; result: number; value?: number; resultPrefix: string }
  | { type: 'disconnected'; client: number }
  | { type: 'link-lost'; client: number; code: number }
  | { type: 'ping-failed'; client: number }
  | { type: 'message'; client: number; msgId: number; topic: string; payload: Uint8Array }
  /** One AT+QPING echo: result 0 with the address and round trip, or a 5xx code (protocol.md §4.3, §4.7). */
  | { type: 'qping-reply'; result: number; ip?: string; bytes?: number; timeMs?: number; ttl?: number }
  /** The end of an AT+QPING: the summary, or a 5xx code alone (565 DNS failure). */
  | { type: 'qping-done'; result: number; sent?: number; rcvd?: number; lost?: number; min?: number; max?: number; avg?: number };

/** The events of the MQTT clients (everything but AT+QPING's). */
export type MqttNetEvent = Exclude<NetEvent, { type: 'qping-reply' | 'qping-done' }>;

export type Emission =
  | { kind: 'out'; bytes: Uint8Array; delayMs: number }
  | { kind: 'net'; op: NetOp; delayMs: number }
  /** Restart the modem (AT+CFUN=1,1): drop every link, reset the state, print the power-up URCs. */
  | { kind: 'reboot'; delayMs: number };

export interface Step {
  state: ModemState;
  emissions: Emission[];
}

export const out = (text: string | Uint8Array, delayMs = 0): Emission => ({
  kind: 'out',
  bytes: typeof text === 'string' ? utf8(text) : text,
  delayMs,
});

export const reply = (state: ModemState, lines: readonly string[], final: string, delayMs = 0): Step => ({
  state,
  emissions: [out(frameResponse(lines, final), delayMs)],
});

export const ok = (state: ModemState, lines: readonly string[] = []): Step => reply(state, lines, 'OK');
export const error = (state: ModemState): Step => reply(state, [], 'ERROR');

/**
 * A URC: held back while the modem waits for publish payload (protocol.md §1.5 Uncertain: held), and
 * never seen by the host when AT+QURCCFG="urcport" routes URCs to another port than the host's
 * (protocol.md §1.4, quirk 19: the command said OK, the result went elsewhere).
 */
export function urc(state: ModemState, text: string | Uint8Array, delayMs = 0): Step {
  const bytes = typeof text === 'string' ? utf8(frameLine(text)) : text;
  if (state.urcport !== state.hostPort) return { state, emissions: [] };
  if (state.input.kind === 'payload' && state.profile.holdUrcsDuringPrompt) return { state: { ...state, held: [...state.held, bytes] }, emissions: [] };
  return { state, emissions: [out(bytes, delayMs)] };
}

/** Runs steps one after another, threading the state and concatenating emissions. */
export function chain(first: Step, ...rest: ((s: ModemState) => Step)[]): Step {
  let cur = first;
  for (const f of rest) {
    const next = f(cur.state);
    cur = { state: next.state, emissions: [...cur.emissions, ...next.emissions] };
  }
  return cur;
}
