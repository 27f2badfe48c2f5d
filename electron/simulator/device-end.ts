// The simulator's end of its PTY pair: bytes in, bytes out, closed at stop. On the host's thread
// it is serialport's SerialPort, as before; on a simulator thread (sim-worker.ts) it is Node's
// own tty streams, because serialport's native poller is not safe to use from two threads of one
// process (the host's ports run on the main thread). Both watch the fd with the event loop, never
// a blocking read that would keep the process alive (toolchain.md).
import fs from 'node:fs';
import tty from 'node:tty';

export interface DeviceEnd {
  onData(fn: (bytes: Uint8Array) => void): void;
  /** Resolves once the bytes are written; with `drain`, once the relay has read them too (if the end can tell). */
  write(bytes: Uint8Array, drain: boolean): Promise<void>;
  close(): Promise<void>;
}

export type DeviceEndKind = 'serialport' | 'tty';

export function openDeviceEnd(devicePath: string, kind: DeviceEndKind): Promise<DeviceEnd> {
  return kind === 'tty' ? openTtyEnd(devicePath) : openSerialEnd(devicePath);
}

async function openSerialEnd(devicePath: string): Promise<DeviceEnd> {
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path: devicePath, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => {
    port.once('open', () => resolve());
    port.once('error', reject);
  });
  // A host closing its end is not an error for the modem.
  port.on('error', () => undefined);
  return {
    onData: (fn) => port.on('data', (d: Buffer) => fn(new Uint8Array(d))),
    write: (bytes, drain) =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        // tcdrain holds a libuv pool thread until the relay has read the bytes: with a rack of
        // modems the four pool threads wait in it and every port's reads queue behind. Only
        // pieces meant to arrive apart (maxWriteSize) wait for it.
        port.write(Buffer.from(bytes), () => (drain ? port.drain(() => resolve()) : resolve()));
      }),
    close: async () => {
      if (port.isOpen) await new Promise<void>((r) => port.close(() => r()));
    },
  };
}

async function openTtyEnd(devicePath: string): Promise<DeviceEnd> {
  // Two descriptors of the one device: a tty stream reads or writes, not both. The relay set the
  // line raw; O_NOCTTY keeps it from becoming this process's terminal.
  const flags = fs.constants.O_RDWR | fs.constants.O_NOCTTY;
  const rfd = fs.openSync(devicePath, flags);
  const wfd = fs.openSync(devicePath, flags);
  const input = new tty.ReadStream(rfd);
  const output = new tty.WriteStream(wfd);
  input.on('error', () => undefined);
  output.on('error', () => undefined);
  let open = true;
  return {
    onData: (fn) => input.on('data', (d: Buffer) => fn(new Uint8Array(d))),
    // A tty stream has no tcdrain: written is as far as it can tell (maxWriteSize pieces may meet in the relay).
    write: (bytes) =>
      new Promise<void>((resolve) => {
        if (!open) return resolve();
        output.write(bytes, () => resolve());
      }),
    close: async () => {
      if (!open) return;
      open = false;
      await Promise.all([input, output].map((s) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r()).destroy()))));
    },
  };
}
