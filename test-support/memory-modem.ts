// A SerialTransport in memory with a scripted modem behind it, timed by an injected clock: for
// engine tests that are about timing and routing, not about the PTY. It keeps the transport
// contract of electron/serial/transport.ts: chunks are stamped at this edge, writes resolve once
// the bytes are handed over and reject after close, close() reports 'requested' exactly once,
// a lost device reports its reason once and fails later writes.
// The modem answers each CR-terminated command line with the same Script steps as the PTY peer
// (test-support/scripted-peer.ts); a { delayMs } step waits on the clock.
import type { CloseReason, Stamp } from '../shared/model';
import type { Clock } from '../electron/at/clock';
import type { Disposable, SerialTransport } from '../electron/at/types';
import { concatBytes } from '../shared/bytes';
import { createHostInput, isPayloadWait } from './host-input';
import type { Script, Step } from './scripted-peer';

export interface MemoryModem {
  transport: SerialTransport;
  /** Command lines the host sent, in order. */
  readonly commands: string[];
  /** Every byte the host wrote. */
  received(): Uint8Array;
  /** Bytes from the modem, now, as one chunk stamped with the clock (or with `at`: a late-stamped chunk). */
  send(data: string | Uint8Array, at?: Stamp): void;
  setScript(script: Script): void;
  /** The device goes away: the transport closes with this reason. */
  unplug(detail?: string): void;
}

const enc = new TextEncoder();

export function createMemoryModem(clock: Clock, script: Script, opts: { echo?: boolean; path?: string } = {}): MemoryModem {
  const byteFns = new Set<(chunk: Uint8Array, at: Stamp) => void>();
  const closeFns = new Set<(reason: CloseReason) => void>();
  const rx: Uint8Array[] = [];
  const commands: string[] = [];
  let closed: CloseReason | undefined;
  let current = script;
  let echo = opts.echo ?? false;

  const deliver = (data: string | Uint8Array, stamp?: Stamp) => {
    if (closed) return;
    const bytes = typeof data === 'string' ? enc.encode(data) : data;
    const at = stamp ?? { mono: clock.mono(), wall: clock.wall() };
    for (const fn of [...byteFns]) fn(bytes, at);
  };

  const finish = (reason: CloseReason) => {
    if (closed) return;
    closed = reason;
    for (const fn of [...closeFns]) fn(reason);
  };

  /** Runs steps in order; writes go out on a microtask (after the host's write resolved), delays on the clock. */
  const run = (steps: Step[]) => {
    const next = (i: number): void => {
      if (i >= steps.length || closed) return;
      const step = steps[i]!;
      // A real modem takes payload from the moment its prompt leaves: enter payload mode first.
      const following = steps[i + 1];
      if (isPayloadWait(following)) input.awaitPayload(following);
      if (typeof step === 'string' || step instanceof Uint8Array) {
        deliver(step);
        return next(i + 1);
      }
      if ('delayMs' in step) {
        clock.setTimeout(() => next(i + 1), step.delayMs);
        return;
      }
      // The rest of the exchange continues in then().
      if (i === 0) input.awaitPayload(step);
    };
    queueMicrotask(() => next(0));
  };

  const input = createHostInput((line) => {
    commands.push(line);
    const steps: Step[] = echo ? [line + '\r'] : [];
    if (/^ATE0$/i.test(line.trim())) echo = false;
    if (/^ATE1$/i.test(line.trim())) echo = true;
    run([...steps, ...(current(line) ?? [])]);
  }, run);

  const transport: SerialTransport = {
    path: opts.path ?? 'memory:modem',
    get isOpen() {
      return !closed;
    },
    write(bytes) {
      if (closed) return Promise.reject(new Error(`${transport.path} is closed`));
      rx.push(bytes.slice());
      input.push(bytes);
      return Promise.resolve();
    },
    onBytes(fn): Disposable {
      byteFns.add(fn);
      return { dispose: () => byteFns.delete(fn) };
    },
    onClose(fn): Disposable {
      closeFns.add(fn);
      return { dispose: () => closeFns.delete(fn) };
    },
    close() {
      finish({ kind: 'requested' });
      return Promise.resolve();
    },
  };

  return {
    transport,
    commands,
    received: () => concatBytes(rx),
    send: (data, at) => deliver(data, at),
    setScript: (s) => {
      current = s;
    },
    unplug: (detail = `${transport.path} disappeared`) => finish({ kind: 'unplugged', detail }),
  };
}
