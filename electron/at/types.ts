// The seams between the serial transport, the AT engine, the journal and the layers above.
// Implementations: serial/transport.ts (SerialTransport), at/engine.ts (AtEngine),
// session/journal.ts (JournalSink). Kept here so each side can be written and tested alone.
import type { AtOutcome, CloseReason, EngineEvent, JournalRecord, Stamp, UrcLine } from '../../shared/model';

export interface Disposable {
  dispose(): void;
}

/** A byte pipe to a modem: a real serial port, or the PTY of the virtual modem (same code). */
export interface SerialTransport {
  readonly path: string;
  /** One write at a time; the engine queues. Resolves once the bytes are handed to the OS. */
  write(bytes: Uint8Array): Promise<void>;
  onBytes(fn: (chunk: Uint8Array, at: Stamp) => void): Disposable;
  onClose(fn: (reason: CloseReason) => void): Disposable;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

/** A journal record before the journal numbers it (Omit applied to each member of the union). */
export type JournalEntry = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'seq'> : never) : never;

/** Where the journal's records go; bytes are appended before anything interprets them. */
export interface JournalSink {
  append(record: JournalEntry): number;
}

/** What the answer of a command looks like, so the engine knows which lines it may claim. */
export type Expect = { kind: 'none' } | { kind: 'single' | 'multi'; prefix: string };

export interface AtRequest {
  /** 'AT+QMTOPEN=0,"host",1883' — the engine adds the <CR>. */
  text: string;
  /** Which information lines belong to the command; default: derived from the catalogue. */
  expect?: Expect;
  /** Default comes from at/catalogue.ts (the spec's maximum response times). */
  timeoutMs?: number;
  /** Answered on the '> ' prompt: the bytes, then Ctrl+Z, or nothing for fixed-length forms. */
  payload?: { bytes: Uint8Array; end: 'ctrl-z' | 'fixed-length' };
  /** Jump the queue (handshake, ESC). */
  runNext?: boolean;
}

export type UrcMatcher = (line: string) => boolean;

export interface AtEngine {
  /** Never rejects for modem or device reasons: every outcome is a value. */
  send(req: AtRequest, signal?: AbortSignal): Promise<AtOutcome>;
  /** Subscribe to URCs the matcher accepts (decoded lines, in arrival order). */
  onUrc(matcher: UrcMatcher, fn: (u: UrcLine) => void): Disposable;
  onEvent(fn: (e: EngineEvent) => void): Disposable;
  /** Fails every pending command with 'cancelled' and detaches from the transport. */
  dispose(): void;
}
