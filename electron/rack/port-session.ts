// One port's session for the rack runners: the port opened (or a Virtual EC20 started for
// "virtual"), its own engine and its own journal, and everything closed again afterwards. The
// I/O edge of `workbench run` and `workbench bringup` with several ports, and of the app's runs.
import path from 'node:path';
import type { AtEngine } from '../at/types';
import type { Problem } from '../../shared/outcome';
import { createQuectelEngine } from '../quectel/engine';
import { openSerial } from '../serial/transport';
import { defaultJournalDir, JOURNAL_EXTENSION } from '../session/journal';
import { openIndexedJournalAsync } from '../session/recording-index';
import { defaultKeyDir, fileKeyStore, type KeyStore } from '../session/key-store';
import type { Fault, VirtualModemOptions } from '../simulator/index';

export interface PortSessionOptions {
  /** Where the journal goes (default: the user data folder). */
  journalDir?: string;
  /** A word in the journal's file name ("run", "bringup"). */
  label: string;
  /** The app name written in the journal's first record. */
  app: string;
  timeoutScale?: number;
  /** "virtual": the Virtual EC20's delay factor (default 0.2, as the other commands). */
  virtualSpeed?: number;
  /** "virtual": faults injected before the run. */
  faults?: Fault[];
  /** "virtual": how the Virtual EC20 is started (e.g. no embedded broker). */
  virtual?: VirtualModemOptions;
}

export interface PortSession {
  /** The port as asked for ("virtual" included). */
  port: string;
  /** The device opened. */
  device: string;
  engine: AtEngine;
  journalPath: string;
  /** The Virtual EC20's embedded broker, for "virtual" ports that have one. */
  embedded?: { host: string; port: number; tlsPort?: number };
  close(): Promise<void>;
}

let counter = 0;

// One key store for every session of the process (it reads the key file once), for as long as
// the folders it was made for are the ones asked for.
let keys: { where: string; store: KeyStore } | undefined;
function keyStore(): KeyStore {
  const where = `${defaultKeyDir()}\u0000${defaultJournalDir()}`;
  if (keys?.where !== where) keys = { where, store: fileKeyStore({ journalDir: defaultJournalDir() }) };
  return keys.store;
}
let virtualCounter = 0;

// Loaded on the first "virtual" port only (a rack of real ports never needs it), then kept: an
// import() per port goes through the module loader's resolution again every time.
let workerPool: Promise<typeof import('../simulator/worker-pool')> | undefined;

function fileName(label: string, port: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = port === 'virtual' ? `virtual${++virtualCounter}` : path.basename(port).replace(/[^A-Za-z0-9_-]/g, '_');
  return `${label}-${stamp}-${base}-${process.pid}-${++counter}${JOURNAL_EXTENSION}`;
}

/** Opens the port with its engine and journal; a Problem when it cannot be opened (exit 3). */
export async function openPortSession(port: string, opts: PortSessionOptions): Promise<{ ok: true; session: PortSession } | { ok: false; problem: Problem }> {
  let device = port;
  let stopVirtual: (() => Promise<void>) | undefined;
  let embedded: PortSession['embedded'];
  if (port === 'virtual') {
    try {
      // A rack runs many at once: each on a simulator thread, off this one (worker-pool.ts).
      const { startVirtualModemWorker } = await (workerPool ??= import('../simulator/worker-pool'));
      const vm = await startVirtualModemWorker({ speed: opts.virtualSpeed ?? 0.2, skipPowerUp: true, ...opts.virtual, faults: opts.faults ?? [] });
      device = vm.hostPath;
      stopVirtual = () => vm.stop();
      if (vm.embedded) embedded = { host: vm.embedded.host, port: vm.embedded.port, ...(vm.embedded.tlsPort !== undefined ? { tlsPort: vm.embedded.tlsPort } : {}) };
    } catch (err) {
      return { ok: false, problem: { code: 'virtual.start-failed', title: 'The virtual modem did not start.', detail: err instanceof Error ? err.message : String(err), nextStep: 'Install socat (`sudo apt-get install socat`) and retry.' } };
    }
  }
  const opened = await openSerial(device);
  if (!opened.ok) {
    await stopVirtual?.();
    return { ok: false, problem: opened.problem };
  }
  const transport = opened.value;
  const dir = opts.journalDir ?? defaultJournalDir();
  // Made off this thread: a rack's sessions all start at once.
  const journal = await openIndexedJournalAsync(path.join(dir, fileName(opts.label, port)), { keys: keyStore() });
  const t0 = { mono: performance.now(), wall: Date.now() };
  journal.append({ ...t0, event: { type: 'session-started', app: opts.app, version: '0.1.0' } });
  journal.append({ ...t0, event: { type: 'port-opened', path: device, settings: { baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' } } });
  const engine = createQuectelEngine(transport, { journal, timeoutScale: opts.timeoutScale ?? 1 });
  return {
    ok: true,
    session: {
      port,
      device,
      engine,
      journalPath: journal.path,
      ...(embedded ? { embedded } : {}),
      close: async () => {
        engine.dispose();
        await transport.close().catch(() => undefined);
        await journal.close();
        await stopVirtual?.();
      },
    },
  };
}
