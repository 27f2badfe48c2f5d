// The AT engine on the host end of a real PTY, a scripted modem on the device end: what the
// engine tests share. Every rig opened is closed by closeRigs() (call it in afterEach).
import type { EngineEvent, JournalRecord, UrcLine } from '../shared/model';
import { createQuectelEngine, type QuectelEngineOptions } from '../electron/quectel/engine';
import type { AtEngine, SerialTransport } from '../electron/at/types';
import { openSerial } from '../electron/serial/transport';
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
