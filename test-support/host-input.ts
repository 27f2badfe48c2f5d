// How a scripted modem (on a PTY or in memory) reads what the host sends: CR-terminated command
// lines (LF ignored, blank lines skipped) and, after a prompt, payload bytes up to ^Z (ESC
// abandons it) or exactly n bytes (binary-safe: ^Z and ESC are data there, protocol.md §1.5).
import type { Step } from './scripted-peer';

export type PayloadWait = Extract<Step, { awaitPayload: unknown }>;

export interface HostInput {
  push(bytes: Iterable<number>): void;
  /** From the next byte on, bytes are payload for `wait` (then() gets null when ESC abandons it). */
  awaitPayload(wait: PayloadWait): void;
}

export const isPayloadWait = (s: Step | undefined): s is PayloadWait => typeof s === 'object' && !(s instanceof Uint8Array) && 'awaitPayload' in s;

/** `onLine` gets each command line; `onPayload` the steps then() returned for a finished payload. */
export function createHostInput(onLine: (line: string) => void, onPayload: (steps: Step[]) => void): HostInput {
  const dec = new TextDecoder();
  let lineBuf: number[] = [];
  let payload: { wait: PayloadWait; bytes: number[] } | undefined;
  const done = (p: Uint8Array | null) => {
    const wait = payload!.wait;
    payload = undefined;
    onPayload(wait.then(p));
  };
  return {
    awaitPayload(wait) {
      payload = { wait, bytes: [] };
    },
    push(bytes) {
      for (const b of bytes) {
        if (payload) {
          const until = payload.wait.awaitPayload;
          if (until === 'ctrl-z' && (b === 0x1a || b === 0x1b)) done(b === 0x1a ? new Uint8Array(payload.bytes) : null);
          else {
            payload.bytes.push(b);
            if (typeof until === 'number' && payload.bytes.length === until) done(new Uint8Array(payload.bytes));
          }
          continue;
        }
        if (b === 0x0d) {
          const line = dec.decode(new Uint8Array(lineBuf));
          lineBuf = [];
          if (line.trim() !== '') onLine(line);
        } else if (b !== 0x0a) lineBuf.push(b);
      }
    },
  };
}
