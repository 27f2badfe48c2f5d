// The modem session's reconnecting on a fake clock: after +QMTSTAT, with Auto-reconnect on, the
// first attempt starts exactly 2 s later, re-runs open and connect with the last settings and
// subscribes again; after the user's own AT+QMTDISC a drop starts nothing. The engine here
// answers from a table and sends each command's result URC, so no time passes but the clock's.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../shared/clock';
import type { ModemStatus } from '../../shared/status';
import type { EngineEvent } from '../../shared/model';
import type { AtEngine, AtRequest, UrcMatcher } from '../at/types';
import { okLines } from '../../test-support/answering-engine';
import { manualClock } from '../../test-support/manual-clock';
import { EventHub } from './event-hub';
import { ModemSession } from './modem-session';
import { AutoReconnectSetting } from './reconnect';

/** An MQTT-capable modem as an engine: OK to each command, then the result URC a moment later. */
function mqttEngine(clock: Clock) {
  const listeners = new Set<{ matcher: UrcMatcher; fn: (u: { name: string; text: string; at: { mono: number; wall: number } }) => void }>();
  const sent: Array<{ text: string; at: number }> = [];
  // Engine events as the real engine emits them: the session's state truth folds them.
  const eventFns = new Set<(e: EngineEvent) => void>();
  let nextId = 1;
  const emit = (e: EngineEvent) => eventFns.forEach((fn) => fn(e));
  const at = () => ({ mono: clock.mono(), wall: clock.wall() });
  const urc = (text: string) => {
    emit({ type: 'urc', name: text.slice(1, text.indexOf(':')), text, at: at() });
    for (const l of [...listeners]) if (l.matcher(text)) l.fn({ name: text.slice(1, text.indexOf(':')), text, at: { mono: clock.mono(), wall: clock.wall() } });
  };
  const resultOf = (req: AtRequest): string | undefined => {
    let m: RegExpExecArray | null;
    if ((m = /^AT\+QMTOPEN=(\d+),/.exec(req.text))) return `+QMTOPEN: ${m[1]},0`;
    if ((m = /^AT\+QMTCONN=(\d+),/.exec(req.text))) return `+QMTCONN: ${m[1]},0,0`;
    if ((m = /^AT\+QMTSUB=(\d+),(\d+),"[^"]*",(\d)/.exec(req.text))) return `+QMTSUB: ${m[1]},${m[2]},0,${m[3]}`;
    return undefined;
  };
  const engine: AtEngine = {
    send: async (req) => {
      sent.push({ text: req.text, at: clock.mono() });
      const id = nextId++;
      emit({ type: 'command-started', id, command: req.text, at: at() });
      const result = resultOf(req);
      if (result) clock.setTimeout(() => urc(result), 10);
      const outcome = req.text === 'AT+QMTCONN?' ? okLines('+QMTCONN: 0,3') : okLines();
      emit({ type: 'command-ended', id, command: req.text, outcome, at: at() });
      return outcome;
    },
    onUrc: (matcher, fn) => {
      const l = { matcher, fn };
      listeners.add(l);
      return { dispose: () => void listeners.delete(l) };
    },
    onEvent: (fn) => {
      eventFns.add(fn);
      return { dispose: () => void eventFns.delete(fn) };
    },
    dispose: () => undefined,
  };
  return { engine, sent, urc };
}

/** Lets promise chains run, firing only timers already due (no time passes). */
async function settle(clock: ReturnType<typeof manualClock>): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setImmediate(r));
    clock.advance(0);
  }
}

/** Moves fake time forward in steps, letting each step's work finish. */
async function pass(clock: ReturnType<typeof manualClock>, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10) {
    clock.advance(10);
    await settle(clock);
  }
}

describe('modem session reconnect', () => {
  it('with Auto-reconnect on: the first attempt 2 s after +QMTSTAT opens, connects and re-subscribes; after AT+QMTDISC nothing is tried', async () => {
    const clock = manualClock();
    const { engine, sent, urc } = mqttEngine(clock);
    const hub = new EventHub();
    const statuses: ModemStatus[] = [];
    hub.on((name, payload) => {
      if (name === 'onModemStatus') statuses.push(payload as ModemStatus);
    });
    const auto = new AutoReconnectSetting();
    auto.set(true);
    const session = new ModemSession({ engine, hub, portLabel: '/dev/ttyUSB2', lastLogIndex: () => 0, clock, autoReconnect: auto });
    const up = clock.run(session.bringup({ host: 'broker.example.net', port: 1883, tls: false, clientId: 'wb-1', clientIdx: 0, keepalive: 60, fromStep: 'open' }));
    expect(await up).toMatchObject({ ok: true, value: { ready: true } });
    expect((await clock.run(session.subscribe({ clientIdx: 0, topic: 'site/#', qos: 1 }))).ok).toBe(true);

    const dropAt = clock.mono();
    const before = sent.length;
    urc('+QMTSTAT: 0,1');
    expect(session.getStatus().mqtt[0]).toMatchObject({ state: 'closed', problem: { code: 'qmtstat.1' }, reconnect: { auto: true, phase: 'waiting', attempt: 1, delayMs: 2_000 } });
    expect(session.getSubscriptions()).toEqual([]);
    await pass(clock, 1_990);
    expect(sent.length).toBe(before);
    await pass(clock, 200);
    const again = sent.slice(before);
    expect(again[0]).toEqual({ text: 'AT+QMTOPEN=0,"broker.example.net",1883', at: dropAt + 2_000 });
    expect(again.map((x) => x.text)).toEqual(['AT+QMTOPEN=0,"broker.example.net",1883', 'AT+QMTCONN=0,"wb-1"', 'AT+QMTCONN?', expect.stringMatching(/^AT\+QMTSUB=0,\d+,"site\/#",1$/)]);
    expect(session.getStatus().mqtt[0]).toMatchObject({ state: 'connected', reconnect: { phase: 'connected' } });
    expect(session.getSubscriptions()).toEqual([{ clientIdx: 0, topic: 'site/#', qos: 1, granted: 1 }]);
    expect(statuses.some((s) => s.mqtt[0]?.reconnect?.phase === 'reconnecting')).toBe(true);

    // The user disconnects on purpose: a drop reported afterwards starts no loop.
    session.noteUserCommand('AT+QMTDISC=0');
    const quiet = sent.length;
    urc('+QMTSTAT: 0,1');
    await pass(clock, 5_000);
    expect(sent.length).toBe(quiet);
    expect(session.getStatus().mqtt[0]?.reconnect?.phase).not.toMatch(/waiting|reconnecting/);
    session.dispose();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('Reconnect before any connect is refused with what to do instead', async () => {
    const clock = manualClock();
    const { engine } = mqttEngine(clock);
    const session = new ModemSession({ engine, hub: new EventHub(), portLabel: '/dev/ttyUSB2', lastLogIndex: () => 0, clock });
    const r = await session.reconnect(0);
    expect(r).toMatchObject({ ok: false, problem: { code: 'reconnect.no-settings', nextStep: expect.stringMatching(/wizard/) } });
    session.dispose();
  });
});
