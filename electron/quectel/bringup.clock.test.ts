// The bring-up's waits, windows and deadlines on a fake clock: the modem is faked at the AtEngine
// seam (answers by command, after a delay on the same clock), so minutes of modem time run in
// milliseconds and every assertion on time is exact. What only a PTY shows stays in
// bringup.int.test.ts.
import { describe, expect, it } from 'vitest';
import { bringupStepTitle, type BringupStepEvent } from '../../shared/bringup';
import type { Clock } from '../../shared/clock';
import type { AtOutcome } from '../../shared/model';
import type { AtEngine, AtRequest } from '../at/types';
import { runBringup, type BringupOptions } from './bringup';

/** A clock that moves only when `run` finds nothing left to do but wait for the next timer. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
  };
  /** Settles `p`, firing timers in time order whenever everything else is waiting. */
  async function run<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      // One macrotask turn lets every promise chain that does not wait for a timer settle.
      await new Promise((r) => setImmediate(r));
      if (settled) return p;
      const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) throw new Error('the bring-up waits for something no timer will bring');
      timers.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
  }
  return { clock, run, pending: () => timers.size };
}

type Answer = AtOutcome | { afterMs: number; outcome: AtOutcome };
const okLines = (...lines: string[]): AtOutcome => ({ kind: 'ok', lines, final: 'OK' });
const error = (final = 'ERROR'): AtOutcome => ({ kind: 'modem-error', lines: [], final, problem: { code: 'error', title: 'The modem rejected the command', detail: final, nextStep: '' } });
const silent = (req: AtRequest): Answer => ({
  afterMs: req.timeoutMs ?? 300,
  outcome: { kind: 'timeout', lines: [], afterMs: req.timeoutMs ?? 300, problem: { code: 'timeout', title: 'No answer', detail: req.text, nextStep: '' } },
});

/** A modem that answers each command from `script` (by its text), after a delay on `clock`. */
function fakeModem(clock: Clock, script: (req: AtRequest, now: number) => Answer) {
  const sent: Array<{ text: string; at: number }> = [];
  const engine: AtEngine = {
    send: (req) => {
      sent.push({ text: req.text, at: clock.now() });
      const a = script(req, clock.now());
      if (!('outcome' in a)) return Promise.resolve(a);
      return new Promise((resolve) => clock.setTimeout(() => resolve(a.outcome), a.afterMs));
    },
    onUrc: () => ({ dispose: () => undefined }),
    onEvent: () => ({ dispose: () => undefined }),
    dispose: () => undefined,
  };
  return { engine, sent, count: (text: string) => sent.filter((s) => s.text === text).length };
}

/** A healthy EC25 up to an active PDP context; AT+QMTOPEN is refused so the run stops at "open". */
function healthy(req: AtRequest): Answer {
  switch (req.text) {
    case 'ATI':
      return okLines('Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G');
    case 'AT+CGSN':
      return okLines('866758040123456');
    case 'AT+CPIN?':
      return okLines('+CPIN: READY');
    case 'AT+CSQ':
      return okLines('+CSQ: 21,99');
    case 'AT+CEREG?':
      return okLines('+CEREG: 0,5');
    case 'AT+CGREG?':
    case 'AT+CREG?':
      return okLines(`+${req.text.slice(3, -1)}: 0,5`);
    case 'AT+COPS?':
      return okLines('+COPS: 0,0,"Example Telecom",7');
    case 'AT+QIACT?':
      return okLines('+QIACT: 1,1,1,"10.64.3.7"');
    case 'AT+QMTCONN?':
      return okLines();
  }
  if (req.text.startsWith('AT+QMTOPEN=')) return error();
  return okLines();
}

const options: BringupOptions = { server: { host: 'broker.example.net', port: 1883 }, clientId: 'wb-clock' };

async function bringUp(script: (req: AtRequest, now: number) => Answer, extra: Partial<BringupOptions> = {}) {
  const { clock, run, pending } = fakeClock();
  const modem = fakeModem(clock, script);
  const events: BringupStepEvent[] = [];
  const started = performance.now();
  const result = await run(runBringup(modem.engine, { ...options, clock, ...extra }, (e) => events.push(e)));
  return { result, events, modem, clock, realMs: performance.now() - started, pending };
}

describe('bring-up timing on a fake clock', () => {
  it('repeats AT through the power-up window and gives up when it closes (20 s default, scaled)', async () => {
    const plain = await bringUp((req) => (req.text === 'AT' ? silent(req) : healthy(req)));
    expect(plain.result).toMatchObject({ ok: false, step: 'at', problem: { code: 'bringup.no-at' } });
    // Each try waits out its 1.5 s timeout; the last one starts before the 20 s window closes.
    expect(plain.modem.count('AT')).toBe(14);
    expect(plain.clock.now()).toBe(21_000);
    expect(plain.realMs).toBeLessThan(2_000);

    const slow = await bringUp((req) => (req.text === 'AT' ? silent(req) : healthy(req)), { timeoutScale: 2 });
    expect(slow.modem.count('AT')).toBe(27);
    expect(slow.clock.now()).toBe(40_500);
  });

  it('pauses 500 ms after an immediate refusal and passes once the module answers OK', async () => {
    const { result, events, modem, clock } = await bringUp((req, now) => (req.text === 'AT' && now < 3_000 ? error() : healthy(req)));
    expect(result.step).toBe('open');
    expect(modem.sent.filter((s) => s.text === 'AT').map((s) => s.at)).toEqual([0, 500, 1_000, 1_500, 2_000, 2_500, 3_000]);
    expect(events.find((e) => e.id === 'at' && e.status === 'passed')?.detail).toBe('OK (after 7 tries)');
    expect(clock.now()).toBe(3_000);
  });

  it('waits for a busy SIM, polling, and fails with the SIM error once the window has passed', async () => {
    const busy = (until: number) => (req: AtRequest, now: number) => (req.text === 'AT+CPIN?' && now < until ? error('+CME ERROR: 14') : healthy(req));
    const ready = await bringUp(busy(5_000), { pollMs: 2_000 });
    expect(ready.events.find((e) => e.id === 'sim' && e.status === 'passed')).toBeDefined();
    expect(ready.modem.sent.filter((s) => s.text === 'AT+CPIN?').map((s) => s.at)).toEqual([0, 2_000, 4_000, 6_000]);

    const never = await bringUp(busy(Infinity), { pollMs: 2_000, simWaitMs: 20_000 });
    expect(never.result.step).toBe('sim');
    expect(never.result.problem?.code).toMatch(/14/);
    // Polls at 0, 2, … 20 s are inside the window; the one at 22 s is past it.
    expect(never.clock.now()).toBe(22_000);
    expect(never.modem.count('AT+CPIN?')).toBe(12);
  });

  it('waits up to signalWaitMs for a signal (+CSQ: 99) and then names the missing signal', async () => {
    const r = await bringUp((req) => (req.text === 'AT+CSQ' ? okLines('+CSQ: 99,99') : healthy(req)), { signalWaitMs: 10_000, pollMs: 2_000 });
    expect(r.result).toMatchObject({ ok: false, step: 'signal', problem: { code: 'csq.99' } });
    expect(r.clock.now()).toBe(12_000);
  });

  it('polls registration until the network accepts, and fails after registrationWaitMs when it never does', async () => {
    const searching = (until: number) => (req: AtRequest, now: number) => (/^AT\+C(E|G)?REG\?$/.test(req.text) && now < until ? okLines(`+${req.text.slice(3, -1)}: 0,2`) : healthy(req));
    const late = await bringUp(searching(30_000));
    expect(late.events.find((e) => e.id === 'registration' && e.status === 'passed')).toBeDefined();
    expect(late.modem.sent.filter((s) => s.text === 'AT+CEREG?').at(-1)?.at).toBe(30_000);

    const never = await bringUp(searching(Infinity));
    expect(never.result).toMatchObject({ ok: false, step: 'registration' });
    expect(never.result.problem?.detail).toMatch(/after 90 s/);
    expect(never.clock.now()).toBe(92_000);
    expect(never.realMs).toBeLessThan(2_000);
  });

  it('stops a wait at once when cancelled, leaving no timer behind', async () => {
    const controller = new AbortController();
    const r = await bringUp(
      (req, now) => {
        if (now >= 10_000) controller.abort();
        return /REG\?$/.test(req.text) ? okLines(`+${req.text.slice(3, -1)}: 0,2`) : healthy(req);
      },
      { signal: controller.signal },
    );
    expect(r.result).toMatchObject({ ok: false, step: 'registration', problem: { code: 'bringup.cancelled' } });
    expect(r.clock.now()).toBe(10_000);
    expect(r.pending()).toBe(0);
  });

  it('reports what each step found as typed fields beside the detail text', async () => {
    const { events } = await bringUp(healthy);
    const data = Object.fromEntries(events.filter((e) => e.status === 'passed').map((e) => [e.id, e.data]));
    expect(data.identity).toEqual({ module: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G' }, firmware: 'EC25EFAR06A06M4G', imei: '866758040123456' });
    expect(data.signal).toEqual({ signal: { csq: { rssi: 21, ber: 99 }, dbm: -71, quality: expect.any(String) } });
    expect(data.registration).toEqual({ registration: { command: 'CEREG', stat: 5, state: 'roaming', act: 7, tech: 'LTE' }, operator: 'Example Telecom' });
    expect(data.pdp).toEqual({ pdp: { cid: 1, ip: '10.64.3.7', alreadyActive: true } });
    expect(events.find((e) => e.id === 'signal' && e.status === 'passed')?.detail).toMatch(/^-71 dBm \(\w+\)$/);
    // Every event carries the shared definition's title, running or ended.
    for (const e of events) expect(e.title).toBe(bringupStepTitle(e.id));
  });
});
