// The virtual modem in-process, without a PTY: the same ModemCore behind a duplex-like object,
// for fast tests of everything above the serial port.
import { ModemCore, type ModemCoreOptions } from './modem';
import type { Fault } from './faults';

export interface SimulatorStream {
  /** Bytes from the host to the modem. */
  write(bytes: Uint8Array | string): void;
  /** Bytes from the modem to the host. Returns an unsubscribe function. */
  onData(fn: (bytes: Uint8Array) => void): () => void;
  inject(f: Fault): void;
  readonly core: ModemCore;
  close(): void;
}

export function createSimulatorStream(opts: Omit<ModemCoreOptions, 'write'> = {}): SimulatorStream {
  const listeners = new Set<(b: Uint8Array) => void>();
  const core = new ModemCore({
    ...opts,
    write: async (bytes) => {
      for (const fn of listeners) fn(bytes);
    },
  });
  core.start();
  return {
    write: (b) => core.receive(typeof b === 'string' ? new TextEncoder().encode(b) : b),
    onData: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    inject: (f) => core.inject(f),
    core,
    close: () => {
      core.stop();
      listeners.clear();
    },
  };
}
