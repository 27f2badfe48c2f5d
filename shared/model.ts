// Plain data shared by the main side and the renderer. No Node, no DOM, no Electron here.
import type { ProbeStage, ProbeStageId } from './probe';
import type { Msg } from './i18n/msg';
import type { Problem } from './outcome';

/** When something happened: monotonic ms (performance.now-like, for durations) and wall-clock epoch ms. */
export interface Stamp {
  mono: number;
  wall: number;
}

export type Direction = 'tx' | 'rx';

/** What one line (or byte run) on the wire is, as the engine understood it. */
export type LineKind = 'command' | 'echo' | 'response' | 'final' | 'urc' | 'prompt' | 'raw';

/** Serial line settings; the usual 115200 8N1 without flow control are the defaults. */
export interface SerialSettings {
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 1.5 | 2;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  flowControl: 'none' | 'rtscts' | 'xonxoff';
}

export const defaultSerialSettings: SerialSettings = {
  baudRate: 115200,
  dataBits: 8,
  stopBits: 1,
  parity: 'none',
  flowControl: 'none',
};

/** Why a port closed. 'requested' is our own close; the others are the world. */
export type CloseReason =
  | { kind: 'requested' }
  | { kind: 'unplugged'; detail: string }
  | { kind: 'error'; detail: string };

/** A serial port as listed by the OS, with USB metadata when there is any. */
export interface PortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  /** USB interface number (a Quectel module exposes several). */
  interfaceNumber?: number;
  /** A role guessed from the USB IDs ('AT', 'modem', 'NMEA', 'diagnostic'), if known. */
  role?: string;
  /** A human label ("Quectel EC25 — AT port"). */
  label?: string;
  /** The label as a message, for a reader in another language (absent: show `label`). */
  labelMsg?: Msg;
  /** True for the built-in virtual EC20. */
  virtual?: boolean;
}

/** How an AT command ended. Modem-side failures carry a Problem explaining them. */
export type AtOutcome =
  | { kind: 'ok'; lines: string[]; final: string }
  | { kind: 'modem-error'; lines: string[]; final: string; problem: Problem }
  | { kind: 'timeout'; lines: string[]; afterMs: number; problem: Problem }
  | { kind: 'port-lost'; lines: string[]; problem: Problem }
  | { kind: 'modem-restarted'; lines: string[]; line: string; problem: Problem }
  | { kind: 'cancelled'; lines: string[]; problem: Problem };

/** A decoded unsolicited line. */
export interface UrcLine {
  /** The URC name without '+' and ':' (e.g. 'QMTSTAT'), or the whole word for bare ones ('RDY'). */
  name: string;
  text: string;
  at: Stamp;
  /** The line's bytes when they are not valid UTF-8 (a binary +QMTRECV payload, line noise). */
  raw?: Uint8Array;
}

/** Structured events the engine emits; they go into the journal beside the bytes. */
export type EngineEvent =
  | { type: 'command-started'; id: number; command: string; at: Stamp }
  | { type: 'command-ended'; id: number; command: string; outcome: AtOutcome; at: Stamp }
  | { type: 'line'; dir: Direction; kind: LineKind; text: string; commandId?: number; at: Stamp }
  | { type: 'urc'; name: string; text: string; at: Stamp }
  | { type: 'port-closed'; reason: CloseReason; at: Stamp };

/**
 * A secret inside a text or byte run: [start, end) offsets (characters of a text, bytes of a byte
 * record). Marked where the secret is born (the Quectel layer), masked by the views.
 */
export type SecretRange = [start: number, end: number];

/**
 * One row of the journal: raw bytes (base64) or a structured event. `secret` marks the secret
 * byte ranges of `bytes`, or the ranges of the event's `text` (`command` for command events);
 * journals written before the marking have none, and exports still detect their secrets.
 */
export type JournalRecord =
  | { seq: number; mono: number; wall: number; dir: Direction; bytes: string; secret?: SecretRange[] }
  | { seq: number; mono: number; wall: number; event: EngineEvent | SessionEvent; secret?: SecretRange[] };

/** Session-level happenings that are not engine events (port opened, note added …). */
export type SessionEvent =
  | { type: 'session-started'; app: string; version: string }
  | { type: 'port-opened'; path: string; settings: SerialSettings }
  | { type: 'note'; text: string }
  /**
   * The laptop's probe of the modem's server (electron/probe): its stages, and the verdict of the
   * comparison with the modem's bring-up. Drawn in the diagram's "Laptop" lane; no secret in it.
   */
  | { type: 'laptop-probe'; host: string; port: number; tls: boolean; ok: boolean; stage: ProbeStageId; stages: ProbeStage[]; verdict?: { side: string; text: string; nextStep: string; textMsg?: Msg; nextStepMsg?: Msg } };

/** One row of the log view: a line on the wire, in order. */
export interface LogEntry {
  /** Position in the session log, from 0. */
  index: number;
  mono: number;
  wall: number;
  dir: Direction;
  kind: LineKind;
  /** The text with control bytes rendered visibly (<CR>, <LF>, \xNN). */
  text: string;
  /** Id of the command exchange this line belongs to, if any. */
  exchangeId?: number;
  /** MQTT client_idx (0–5) the line concerns, when known: the QMT line's own or its exchange's. */
  clientIdx?: number;
  /** MQTT topic (or first topic filter) the line concerns: SUB/UNS/PUB commands, +QMTRECV, and their exchange's lines. */
  topic?: string;
  /** Secret parts of `text` (a password, a DeviceSecret, a key upload): masked until revealed. */
  secret?: SecretRange[];
}

/** An MQTT/TCP packet that an AT exchange implies between the modem and the server. */
export interface ImpliedPacket {
  name: string; // 'CONNECT', 'CONNACK', 'SYN', 'PUBLISH', …
  /** 'laptop': a packet of the laptop's probe (a "laptop" exchange), drawn in the Laptop lane. */
  from: 'modem' | 'server' | 'laptop';
  detail?: string;
  /** The detail as a message, for a reader in another language (a laptop probe's stages). */
  detailMsg?: Msg;
  failed?: boolean;
  /** True when the packet is only a guess (e.g. the QoS of an incoming PUBLISH is not reported). */
  uncertain?: boolean;
}

/** One AT exchange: a command, its answer, and the later URCs that complete it. */
export interface Exchange {
  id: number;
  command: string;
  startedMono: number;
  endedMono?: number;
  /** Log indexes of the lines that belong to this exchange. */
  entries: number[];
  outcome: 'ok' | 'error' | 'timeout' | 'pending' | 'port-lost' | 'reboot' | 'cancelled';
  /** Completion URC (e.g. '+QMTCONN: 0,0,0'), if one came. */
  result?: string;
  implied: ImpliedPacket[];
  problem?: Problem;
  /** 'command' for an AT exchange, 'urc' for a standalone URC, 'power-up' for the boot banner. */
  kind?: 'command' | 'urc' | 'power-up' | 'laptop';
  /** MQTT client_idx the exchange concerns, when it has one. */
  client?: number;
  /** Log index of the line that completed the exchange (its result URC). */
  resultEntry?: number;
  /** A laptop probe's verdict as messages: its failure note in the reader's language. */
  verdictMsg?: { title: Msg; nextStep: Msg };
}
