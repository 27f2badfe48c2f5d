// Virtual EC20s off the host's thread: a rack of them (workbench bringup --port virtual …, the
// app's Rack tab) would otherwise share one Node thread with the host's engines and journals. A
// few simulator threads (sim-worker.ts), started on first use and kept for the next run, each run
// several modems; the host makes each PTY pair (one shared relay) and opens its host end with
// serialport as for real hardware, the thread drives the device end as startVirtualModem does.
// An idle thread does not keep the process alive, so a CLI exits as soon as its work is done.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Fault } from './faults';
import { startVirtualModem, type VirtualModem, type VirtualModemOptions } from './index';
import type { ObservedPacket } from './mqtt-peer';
import { createPtyPair, type PtyPair } from './pty-pair';
import type { ToHost, ToWorker } from './worker-protocol';

/** A Virtual EC20 on a simulator thread: the VirtualModem API without the in-thread objects. */
export type ThreadVirtualModem = Omit<VirtualModem, 'core' | 'broker'>;

export interface ThreadVirtualModemOptions extends VirtualModemOptions {
  /** Injected before the host can send its first byte (inject() right after start may race it). */
  faults?: readonly Fault[];
}

interface Pending {
  resolve(m: Extract<ToHost, { type: 'started' }>): void;
  reject(err: Error): void;
}

interface SimThread {
  worker: Worker;
  /** It has started a modem (a thread that dies before that cannot run here at all). */
  proven: boolean;
  /** Modems started or starting on it. */
  modems: number;
  starting: Map<number, Pending>;
  stopping: Map<number, () => void>;
  packets: Map<number, (p: ObservedPacket) => void>;
  /** Why it ended, once it has (every later request fails with it). */
  dead?: Error;
}

const threads: SimThread[] = [];
let nextId = 0;
/** Why no simulator thread can run in this process (one died before starting any modem). */
let unusable: Error | undefined;

/** How many simulator threads at most (WORKBENCH_SIM_THREADS; 0 = run modems on the host's thread). */
export function simulatorThreadLimit(): number {
  const env = process.env.WORKBENCH_SIM_THREADS;
  if (env !== undefined && env !== '' && Number.isFinite(Number(env))) return Math.max(0, Math.floor(Number(env)));
  // One core stays the host's; on a laptop of two, one thread runs every modem (a second one
  // costs more CPU than it saves: each has its own heap and message traffic).
  return Math.min(4, Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) - 1));
}

/**
 * The thread's entry: the TypeScript source beside this file (run through tsx, as the CLI and the
 * tests run) or the bundle's sim-worker.js (electron.vite.config.ts builds it beside the main entry).
 */
let entryFound: { url: URL; typescript: boolean } | undefined | null = null;
function entry(): { url: URL; typescript: boolean } | undefined {
  if (entryFound === null) entryFound = findEntry();
  return entryFound;
}

function findEntry(): { url: URL; typescript: boolean } | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./sim-worker.ts', here), typescript: true };
  for (const rel of ['./sim-worker.js', '../sim-worker.js']) {
    const url = new URL(rel, here);
    if (url.protocol === 'file:' && fs.existsSync(fileURLToPath(url))) return { url, typescript: false };
  }
  return undefined;
}

// A worker does not get the ESM loader hooks of tsx (Node 20 keeps them off worker threads), so
// the TypeScript entry is loaded through tsx's require hook, which lives in the thread itself.
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx);
require(workerData.entry);
`;

function spawnThread(): SimThread {
  const e = entry();
  if (!e) throw new Error('the simulator thread entry (sim-worker) is missing');
  const worker = e.typescript
    ? new Worker(TS_BOOTSTRAP, { eval: true, workerData: { entry: fileURLToPath(e.url), tsx: createRequire(import.meta.url).resolve('tsx/cjs') } })
    : new Worker(e.url);
  const t: SimThread = { worker, proven: false, modems: 0, starting: new Map(), stopping: new Map(), packets: new Map() };
  worker.on('message', (m: ToHost) => {
    switch (m.type) {
      case 'started':
        t.proven = true;
        t.starting.get(m.id)?.resolve(m);
        t.starting.delete(m.id);
        break;
      case 'failed':
        t.starting.get(m.id)?.reject(new Error(m.message));
        t.starting.delete(m.id);
        break;
      case 'packet':
        t.packets.get(m.id)?.(m.packet);
        break;
      case 'stopped':
        t.stopping.get(m.id)?.();
        t.stopping.delete(m.id);
        break;
    }
  });
  const end = (err: Error) => {
    t.dead ??= err;
    if (!t.proven) unusable ??= err;
    const i = threads.indexOf(t);
    if (i >= 0) threads.splice(i, 1);
    for (const p of t.starting.values()) p.reject(err);
    for (const done of t.stopping.values()) done();
    t.starting.clear();
    t.stopping.clear();
  };
  worker.on('error', (err) => end(err));
  worker.on('exit', (code) => end(new Error(`the simulator thread exited with code ${code}`)));
  worker.unref();
  threads.push(t);
  return t;
}

/** Keeps the process alive only while the thread has a modem (or one starting or stopping). */
function hold(t: SimThread): void {
  if (t.modems > 0 || t.starting.size > 0 || t.stopping.size > 0) t.worker.ref();
  else t.worker.unref();
}

/** The least busy thread; a new one while there are fewer than the limit and all are busy. */
function pickThread(limit: number): SimThread {
  const idle = threads.filter((t) => !t.dead).sort((a, b) => a.modems - b.modems)[0];
  if (idle && (idle.modems === 0 || threads.length >= limit)) return idle;
  return spawnThread();
}

/**
 * Starts the simulator threads before they are needed (a bench warms them before timing), up to
 * `count` (default the limit).
 */
export function warmSimulatorThreads(count = simulatorThreadLimit()): void {
  if (!entry()) return;
  while (threads.length < count) spawnThread();
}

/** How many simulator threads are running. */
export const simulatorThreadCount = (): number => threads.length;

/** Ends every simulator thread (their modems with them). */
export async function closeSimulatorThreads(): Promise<void> {
  await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
}

const send = (t: SimThread, m: ToWorker) => {
  if (!t.dead) t.worker.postMessage(m);
};

async function startHere(opts: VirtualModemOptions, faults: readonly Fault[]): Promise<ThreadVirtualModem> {
  const vm = await startVirtualModem(opts);
  for (const f of faults) vm.inject(f);
  return vm;
}

/**
 * startVirtualModem on a simulator thread (the same options; `faults` injected at start). Where
 * no thread can run (WORKBENCH_SIM_THREADS=0, no entry in this build, a thread that died before
 * its first modem) or `maxWriteSize` is set, it is startVirtualModem.
 */
export async function startVirtualModemWorker(opts: ThreadVirtualModemOptions = {}): Promise<ThreadVirtualModem> {
  const { faults = [], ...modemOpts } = opts;
  const limit = simulatorThreadLimit();
  // Pieces meant to arrive apart (maxWriteSize) need serialport's tcdrain: the host's thread.
  if (limit === 0 || modemOpts.maxWriteSize || unusable || !entry()) return startHere(modemOpts, faults);
  const pair: PtyPair = await createPtyPair();
  const t = pickThread(limit);
  const id = ++nextId;
  t.modems++;
  let started: Extract<ToHost, { type: 'started' }>;
  try {
    started = await new Promise((resolve, reject) => {
      if (t.dead) return reject(t.dead);
      t.starting.set(id, { resolve, reject });
      hold(t);
      send(t, { type: 'start', id, hostPath: pair.hostPath, devicePath: pair.devicePath, opts: modemOpts, faults: [...faults] });
    });
  } catch (err) {
    t.modems--;
    hold(t);
    await pair.close();
    // A build whose thread cannot load (a packaged app that cannot read the entry) still runs
    // its modems, on this thread.
    if (unusable && !t.proven) return startHere(modemOpts, faults);
    throw err;
  }
  const listeners = new Set<(p: ObservedPacket) => void>();
  let stopped: Promise<void> | undefined;
  return {
    hostPath: pair.hostPath,
    brokerUrl: started.brokerUrl,
    ...(started.brokerTlsUrl ? { brokerTlsUrl: started.brokerTlsUrl } : {}),
    ...(started.redirect ? { redirect: started.redirect } : {}),
    ...(started.embedded ? { embedded: started.embedded } : {}),
    inject: (fault) => send(t, { type: 'inject', id, fault }),
    setProfile: (profile) => send(t, { type: 'profile', id, profile }),
    setClock: (at) => send(t, { type: 'clock', id, at }),
    onPacket: (fn) => {
      if (listeners.size === 0) {
        t.packets.set(id, (p) => listeners.forEach((l) => l(p)));
        send(t, { type: 'packets', id });
      }
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    stop: () =>
      (stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          if (t.dead) return resolve();
          t.stopping.set(id, resolve);
          hold(t);
          send(t, { type: 'stop', id });
        });
        t.packets.delete(id);
        t.modems--;
        hold(t);
        await pair.close();
      })()),
  };
}
