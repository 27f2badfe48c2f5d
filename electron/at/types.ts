// The seams between the serial transport, the AT engine, the journal and the layers above.
// Implementations: serial/transport.ts (SerialTransport), at/engine.ts (AtEngine),
// session/journal.ts (JournalSink). Kept here so each side can be written and tested alone.
import type { AtOutcome, CloseReason, EngineEvent, JournalRecord, Stamp, UrcLine } from '../../shared/model';
import type { InlineLengthRule } from './framer';

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
  /**
   * Optional: the same byte record as append({ mono, wall, dir, bytes: <base64> }), given as the
   * bytes themselves (read before it returns, not kept), so a sink that reads them (the journal
   * marks secrets in them and writes them as text) need not decode the base64 again.
   */
  appendBytes?(mono: number, wall: number, dir: 'rx' | 'tx', bytes: Uint8Array): number;
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
  /**
   * True when no command is in flight (nor held for a late final) and none is queued: what a
   * background job (radio sampling) waits for, so it never slips between someone else's commands.
   * Optional for engines that stand in for the real one in tests.
   */
  isIdle?(): boolean;
  /** Fails every pending command with 'cancelled' and detaches from the transport. */
  dispose(): void;
}

/**
 * A line the engine offers to an open URC assembly. `standalone` is true when the line would be
 * something on its own (a final result or a URC table row), so an assembly can refuse it unless
 * it is certainly part of its payload.
 */
export interface OfferedLine {
  /** The line as framed (terminators dropped, not trimmed): payload bytes count as sent. */
  raw: string;
  /** The line trimmed. */
  text: string;
  standalone: boolean;
}

/**
 * A URC whose text continues past its first line (a payload that spans lines, or a header whose
 * payload follows on the next line). The engine holds the following lines for it, logged as URC
 * lines, until it completes, refuses a line, or its window passes; then the engine delivers one
 * URC with the assembled text, stamped with the first line's time.
 */
export interface UrcAssembly {
  /** From the first line: how long further lines may still belong to it. */
  readonly windowMs: number;
  /**
   * The next line, in arrival order. 'take': part of it, more may follow. 'complete': part of it,
   * and the last. 'refuse': not part of it; the URC is delivered as it is and the line is routed
   * as if no assembly were open.
   */
  offer(line: OfferedLine): 'take' | 'complete' | 'refuse';
  /** The URC text assembled so far (what is delivered when it ends). */
  text(): string;
}

/**
 * The engine's extension point for modem-family knowledge it must not hold itself (e.g. the
 * Quectel +QMTRECV payload forms, electron/quectel/recv-stage.ts). Every hook is optional.
 */
export interface LineStage {
  /** For diagnostics. */
  readonly name: string;
  /**
   * A line head that announces how many raw bytes follow inside the line; the framer copies
   * them verbatim (CR, LF, quotes included). At most one stage of an engine may give one.
   */
  readonly inlineLength?: InlineLengthRule;
  /**
   * A URC line (matched to the URC table row `name`, not claimed by the command in flight):
   * return an assembly to hold the following lines for it, or undefined to deliver it now.
   */
  openUrc?(text: string, name: string): UrcAssembly | undefined;
  /**
   * Whether the next line continues the command's last information line `last` (a payload
   * spanning lines); `joined` lines have already been joined to it. Finals never reach this.
   */
  continuesResponse?(last: string, joined: number): boolean;
}
