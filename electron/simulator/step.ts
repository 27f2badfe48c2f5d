// What one interpreter step produces: the next state and timed emissions. Timing is data: the
// runtime waits `delayMs × speed` (after the previous emission of the same step) before acting.
import type { ModemState } from './state';
import { frameLine, frameResponse, utf8 } from './wire';

/** TLS settings the network edge needs, resolved from QSSLCFG and the simulated file system. */
export interface TlsSetup {
  seclevel: number;
  ca?: Uint8Array;
  cert?: Uint8Array;
  key?: Uint8Array;
  sni: boolean;
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2';
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
  | { type: 'open'; client: number; host: string; port: number; tls?: TlsSetup }
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
  | { type: 'suback'; client: number; msgId: number; result: number; values: number[] }
  | { type: 'unsuback'; client: number; msgId: number; result: number; value?: number }
  | { type: 'puback'; client: number; msgId: number; result: number; value?: number; resultPrefix: string }
  | { type: 'disconnected'; client: number }
  | { type: 'link-lost'; client: number; code: number }
  | { type: 'ping-failed'; client: number }
  | { type: 'message'; client: number; msgId: number; topic: string; payload: Uint8Array };

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
 * A URC: held back while the modem waits for publish payload (protocol.md §1.5 Uncertain: held), dropped when
 * URC routing is faithful and the URC port is not this UART (protocol.md §1.4, quirk 19).
 */
export function urc(state: ModemState, text: string | Uint8Array, delayMs = 0): Step {
  const bytes = typeof text === 'string' ? utf8(frameLine(text)) : text;
  if (state.faults.urcRouting && state.urcport !== 'uart1') return { state, emissions: [] };
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
