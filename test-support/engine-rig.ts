// The AT engine on the host end of a real PTY, a scripted modem on the device end: what the
// engine tests share. Every rig opened is closed by closeRigs() (call it in afterEach).
// openMemoryRig() is the same in memory with a manual clock, for timing and routing tests that
// need no PTY: they run in milliseconds and always in the same order.
import type { EngineEvent, JournalRecord, UrcLine } from '../shared/model';
import { createQuectelEngine, type QuectelEngineOptions } from '../electron/quectel/engine';
import type { AtEngine, SerialTransport } from '../electron/at/types';
import { openSerial } from '../electron/serial/transport';
import { createManualClock, type ManualClock } from './manual-clock';
import { createMemoryModem, type MemoryModem } from './memory-modem';
import { openScriptedPeer, type PeerOptions, type Script, type ScriptedPeer } from './scripted-peer';

export interface Rig {
  peer: ScriptedPeer;
  transport: SerialTransport;
  engine: AtEngine;
  /** Every engine event, in order. */
  events: EngineEvent[];
  /** Every URC delivered to subscribers. */
  urcs: UrcLine[];
  /** The journal the engine wrote (kept in memory). */
  journal: JournalRecord[];
}

const open: Rig[] = [];

export async function openRig(script: Script, peerOpts: PeerOptions = {}, engineOpts: QuectelEngineOptions = {}): Promise<Rig> {
  const peer = await openScriptedPeer(script, peerOpts);
  const opened = await openSerial(peer.hostPath);
  if (!opened.ok) {
    await peer.close();
    throw new Error(opened.problem.title);
  }
  const transport = opened.value;
  const journal: JournalRecord[] = [];
  const sink = { append: (r: Omit<JournalRecord, 'seq'>) => journal.push({ seq: journal.length, ...r } as JournalRecord) };
  const engine = createQuectelEngine(transport, { journal: sink, ...engineOpts });
  const events: EngineEvent[] = [];
  const urcs: UrcLine[] = [];
  engine.onEvent((e) => events.push(e));
  engine.onUrc(() => true, (u) => urcs.push(u));
  const r = { peer, transport, engine, events, urcs, journal };
  open.push(r);
  return r;
}

export async function closeRigs(): Promise<void> {
  for (const r of open.splice(0)) {
    r.engine.dispose();
    await r.transport.close();
    await r.peer.close();
  }
}

/** Waits until `cond` holds (polling every 10 ms), or fails after `ms`. */
export async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface MemoryRig {
  clock: ManualClock;
  modem: MemoryModem;
  transport: SerialTransport;
  engine: AtEngine;
  events: EngineEvent[];
  urcs: UrcLine[];
  journal: JournalRecord[];
  /** Lets every queued reaction run (engine writes, modem replies) without moving the clock. */
  settle(): Promise<void>;
  /** Moves the clock by `ms` (firing due timers), then settles. */
  advance(ms: number): Promise<void>;
}

/** Resolves after every pending microtask has run (setImmediate is not on the manual clock). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

/** The engine (with the Quectel stages) over an in-memory transport and scripted modem, on a manual clock. */
export function openMemoryRig(script: Script, modemOpts: { echo?: boolean } = {}, engineOpts: QuectelEngineOptions = {}): MemoryRig {
  const clock = createManualClock();
  const modem = createMemoryModem(clock, script, modemOpts);
  const journal: JournalRecord[] = [];
  const sink = { append: (r: Omit<JournalRecord, 'seq'>) => journal.push({ seq: journal.length, ...r } as JournalRecord) };
  const engine = createQuectelEngine(modem.transport, { journal: sink, clock, ...engineOpts });
  const events: EngineEvent[] = [];
  const urcs: UrcLine[] = [];
  engine.onEvent((e) => events.push(e));
  engine.onUrc(() => true, (u) => urcs.push(u));
  const advance = async (ms: number) => {
    await settle();
    clock.advance(ms);
    await settle();
  };
  return { clock, modem, transport: modem.transport, engine, events, urcs, journal, settle, advance };
}
