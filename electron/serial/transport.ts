// SerialTransport over node-serialport: the one place that touches a real (or PTY) port.
// Stamps are taken here, once per chunk; the journal and the engine reuse them.
import fs from 'node:fs';
import { SerialPort } from 'serialport';
import type { CloseReason, SerialSettings, Stamp } from '../../shared/model';
import { defaultSerialSettings } from '../../shared/model';
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';
import type { Disposable, SerialTransport } from '../at/types';
import { fastBinding } from './fast-binding';

const binding = fastBinding();

export function stampNow(): Stamp {
  return { mono: performance.now(), wall: Date.now() };
}

/** Maps an open() error to a Problem a field engineer can act on. */
export function openProblem(path: string, err: unknown): Problem {
  const msg = err instanceof Error ? err.message : String(err);
  if (/ENOENT|No such file|cannot find|File not found/i.test(msg)) {
    return problem('port.not-found', `There is no serial port at ${path}.`, msg, 'Check that the modem is plugged in and powered, and pick the port again from the list (the device name can change after a replug).', { path });
  }
  if (/EACCES|Permission denied|Access denied/i.test(msg)) {
    return problem(
      'port.permission',
      `Not allowed to open ${path}.`,
      msg,
      process.platform === 'linux'
        ? 'Add your user to the dialout group: `sudo usermod -aG dialout $USER`, then log out and back in.'
        : 'Check that your user may open the port, or close the program that holds it.',
      { path },
    );
  }
  if (/EBUSY|busy|Cannot lock port|locked|in use/i.test(msg)) {
    return problem(
      'port.busy',
      `${path} is in use by another program.`,
      msg,
      process.platform === 'linux'
        ? 'ModemManager often holds modem ports: stop it (`sudo systemctl stop ModemManager`) or close the other program (minicom, screen, another workbench) and retry.'
        : 'Close the other program that has the port open and retry.',
      { path },
    );
  }
  return problem('port.open-failed', `Could not open ${path}.`, msg, 'Check the port path and the cable, then retry.', { path });
}

function validateSettings(s: SerialSettings): void {
  if (!Number.isInteger(s.baudRate) || s.baudRate <= 0) throw new TypeError('"baudRate" must be a positive integer');
  if (![5, 6, 7, 8].includes(s.dataBits)) throw new TypeError('"dataBits" must be 5, 6, 7 or 8');
  if (![1, 1.5, 2].includes(s.stopBits)) throw new TypeError('"stopBits" must be 1, 1.5 or 2');
  if (!['none', 'even', 'odd', 'mark', 'space'].includes(s.parity)) throw new TypeError('"parity" must be none, even, odd, mark or space');
  if (!['none', 'rtscts', 'xonxoff'].includes(s.flowControl)) throw new TypeError('"flowControl" must be none, rtscts or xonxoff');
}

/** Open a port (115200 8N1, no flow control unless told otherwise). Failures are Problems. */
export async function openSerial(path: string, settings: Partial<SerialSettings> = {}): Promise<Outcome<SerialTransport>> {
  if (typeof path !== 'string' || path === '') throw new TypeError('"path" must be a non-empty string');
  const s: SerialSettings = { ...defaultSerialSettings, ...settings };
  validateSettings(s);
  const port = new SerialPort({
    binding,
    path,
    baudRate: s.baudRate,
    dataBits: s.dataBits,
    stopBits: s.stopBits,
    parity: s.parity,
    rtscts: s.flowControl === 'rtscts',
    xon: s.flowControl === 'xonxoff',
    xoff: s.flowControl === 'xonxoff',
    autoOpen: false,
  });
  const opened = await new Promise<unknown>((resolve) => port.open((err) => resolve(err ?? null)));
  if (opened) return fail(openProblem(path, opened));
  return ok(wrap(path, port));
}

function wrap(path: string, port: SerialPort): SerialTransport {
  const byteFns = new Set<(chunk: Uint8Array, at: Stamp) => void>();
  const closeFns = new Set<(reason: CloseReason) => void>();
  let closing = false;
  let closedReason: CloseReason | undefined;
  let lastError: string | undefined;

  const finish = (reason: CloseReason) => {
    if (closedReason) return;
    closedReason = reason;
    clearInterval(watch);
    for (const fn of [...closeFns]) fn(reason);
  };

  // A read error is the usual sign of an unplug, but a device node can also vanish while no read
  // fails (seen with pseudo-terminals): check that the path still exists, once a second.
  const watch = setInterval(() => {
    if (closedReason || closing || process.platform === 'win32' || fs.existsSync(path)) return;
    finish({ kind: 'unplugged', detail: `${path} disappeared (device unplugged or its driver went away)` });
    if (port.isOpen) port.close(() => undefined);
  }, 1000);
  watch.unref?.();

  port.on('data', (chunk: Buffer) => {
    const at = stampNow();
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (const fn of [...byteFns]) fn(bytes, at);
  });
  port.on('error', (err: Error) => {
    lastError = err.message;
  });
  port.on('close', (err?: Error & { disconnected?: boolean }) => {
    if (closing && !err) return finish({ kind: 'requested' });
    if (err?.disconnected) return finish({ kind: 'unplugged', detail: err.message });
    finish(closing ? { kind: 'requested' } : { kind: 'error', detail: err?.message ?? lastError ?? 'the port closed unexpectedly' });
  });

  return {
    path,
    get isOpen() {
      return !closedReason && port.isOpen;
    },
    write(bytes: Uint8Array): Promise<void> {
      if (closedReason || !port.isOpen) return Promise.reject(new Error(`${path} is closed`));
      return new Promise((resolve, reject) => {
        // The write callback fires once the binding has handed the bytes to the OS; drain()
        // (tcdrain) would add a thread-pool round trip per command for nothing.
        port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => (err ? reject(err) : resolve()));
      });
    },
    onBytes(fn): Disposable {
      byteFns.add(fn);
      return { dispose: () => byteFns.delete(fn) };
    },
    onClose(fn): Disposable {
      closeFns.add(fn);
      return { dispose: () => closeFns.delete(fn) };
    },
    close(): Promise<void> {
      if (closedReason) return Promise.resolve();
      closing = true;
      return new Promise((resolve) => {
        if (!port.isOpen) {
          finish({ kind: 'requested' });
          return resolve();
        }
        port.close(() => {
          finish({ kind: 'requested' });
          resolve();
        });
      });
    },
  };
}
