// serialport's own binding (open, settings, the fd poller, close), with the reads and writes of
// an open port done on this thread: the port is non-blocking (the binding opens it O_NONBLOCK), so
// once the poller says it is ready a read or write returns at once. The stock unix read and
// write go through libuv's thread pool, two pool round trips per chunk received (the second one
// only to learn EAGAIN), each waking a pool thread: with a rack of ports on two cores that was
// the host's largest cost. The errors are those of the stock ones (a disconnect is flagged
// alike), so the stream above behaves the same. Windows keeps the stock binding.
import fs from 'node:fs';
import { SerialPort } from 'serialport';

type Binding = typeof SerialPort.binding;
type BindingPort = Awaited<ReturnType<Binding['open']>>;

/** The parts of the unix binding's port object used here (plain properties of its JS class). */
interface UnixPort {
  fd: number | null;
  readonly isOpen: boolean;
  poller?: { once(event: 'readable' | 'writable', cb: (err: Error | null) => void): unknown };
  writeOperation: Promise<void> | null;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
  write(buffer: Buffer): Promise<void>;
}

const retry = (code: unknown) => code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';
const canceled = () => Object.assign(new Error('Port is not open'), { canceled: true });

/** As the stock read and write mark an error that means the device went away. */
function flagDisconnect(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException & { disconnect?: boolean };
  if (e.code === 'EBADF' || e.code === 'ENXIO' || e.code === 'UNKNOWN' || e.errno === -1) e.disconnect = true;
  return err;
}

function ready(port: UnixPort, event: 'readable' | 'writable'): Promise<void> {
  return new Promise((resolve, reject) => port.poller!.once(event, (err) => (err ? reject(err) : resolve())));
}

function patch(bound: BindingPort): BindingPort {
  const port = bound as unknown as UnixPort;
  if (typeof port.fd !== 'number' || !port.poller || typeof port.poller.once !== 'function') return bound;
  // A read that filled less than it was offered has emptied the port: the next one would only
  // learn EAGAIN, and a failed readSync costs an Error with its stack, so the next read waits for
  // the poller first (level-triggered: data already there makes it fire at once).
  let drained = false;
  port.read = async (buffer, offset, length) => {
    for (;;) {
      if (!port.isOpen || port.fd === null) throw canceled();
      if (drained) {
        drained = false;
        await ready(port, 'readable');
        continue;
      }
      try {
        const bytesRead = fs.readSync(port.fd, buffer, offset, length, null);
        if (bytesRead > 0) {
          drained = bytesRead < length;
          return { bytesRead, buffer };
        }
      } catch (err) {
        if (!retry((err as NodeJS.ErrnoException).code)) throw flagDisconnect(err);
      }
      if (!port.isOpen) throw canceled();
      await ready(port, 'readable');
    }
  };
  port.write = (buffer) => {
    if (!port.isOpen) return Promise.reject(new Error('Port is not open'));
    port.writeOperation = (async () => {
      let offset = 0;
      while (offset < buffer.length) {
        if (!port.isOpen || port.fd === null) throw new Error('Port is not open');
        try {
          offset += fs.writeSync(port.fd, buffer, offset, buffer.length - offset);
          continue;
        } catch (err) {
          if (!retry((err as NodeJS.ErrnoException).code)) throw flagDisconnect(err);
        }
        await ready(port, 'writable');
      }
      port.writeOperation = null;
    })();
    return port.writeOperation;
  };
  return bound;
}

/**
 * The detected binding with same-thread reads and writes (unix); the stock one elsewhere, or
 * where WORKBENCH_SERIAL_BINDING=stock asks for it (a field engineer ruling out this layer when a
 * USB serial driver behaves oddly).
 */
export function fastBinding(base: Binding = SerialPort.binding, env: NodeJS.ProcessEnv = process.env): Binding {
  if (process.platform === 'win32' || env.WORKBENCH_SERIAL_BINDING === 'stock') return base;
  return { list: () => base.list(), open: async (options: Parameters<Binding['open']>[0]) => patch(await base.open(options)) } as Binding;
}
