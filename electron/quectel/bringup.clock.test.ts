// The bring-up's waits, windows and deadlines on a fake clock: the modem is faked at the AtEngine
// seam (answers by command, after a delay on the same clock), so minutes of modem time run in
// milliseconds and every assertion on time is exact. What only a PTY shows stays in
// bringup.int.test.ts.
import { describe, expect, it } from 'vitest';
import { bringupStepTitle, type BringupStepEvent } from '../../shared/bringup';
import { answeringEngine, healthyEc25 as healthy, modemError as error, okLines, silent, type Answer } from '../../test-support/answering-engine';
import { manualClock } from '../../test-support/manual-clock';
import type { AtRequest } from '../at/types';
import { runBringup, type BringupOptions } from './bringup';

const options: BringupOptions = { server: { host: 'broker.example.net', port: 1883 }, clientId: 'wb-clock' };

async function bringUp(script: (req: AtRequest, now: number) => Answer, extra: Partial<BringupOptions> = {}) {
  const clock = manualClock();
  const modem = answeringEngine(clock, script);
  const events: BringupStepEvent[] = [];
  const started = performance.now();
  const result = await clock.run(runBringup(modem.engine, { ...options, clock, ...extra }, (e) => events.push(e)));
  return { result, events, modem, clock, realMs: performance.now() - started };
}

describe('bring-up timing on a fake clock', () => {
  it('repeats AT through the power-up window and gives up when it closes (20 s default, scaled)', async () => {
    const plain = await bringUp((req) => (req.text === 'AT' ? silent(req) : healthy(req)));
    expect(plain.result).toMatchObject({ ok: false, step: 'at', problem: { code: 'bringup.no-at' } });
    // Each try waits out its 1.5 s timeout; the last one starts before the 20 s window closes.
    expect(plain.modem.count('AT')).toBe(14);
    expect(plain.clock.mono()).toBe(21_000);
    expect(plain.realMs).toBeLessThan(2_000);

    const slow = await bringUp((req) => (req.text === 'AT' ? silent(req) : healthy(req)), { timeoutScale: 2 });
    expect(slow.modem.count('AT')).toBe(27);
    expect(slow.clock.mono()).toBe(40_500);
  });

  it('pauses 500 ms after an immediate refusal and passes once the module answers OK', async () => {
    const { result, events, modem, clock } = await bringUp((req, now) => (req.text === 'AT' && now < 3_000 ? error() : healthy(req)));
    expect(result.step).toBe('open');
    expect(modem.sent.filter((s) => s.text === 'AT').map((s) => s.at)).toEqual([0, 500, 1_000, 1_500, 2_000, 2_500, 3_000]);
    expect(events.find((e) => e.id === 'at' && e.status === 'passed')?.detail).toBe('OK (after 7 tries)');
    expect(clock.mono()).toBe(3_000);
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
    expect(never.clock.mono()).toBe(22_000);
    expect(never.modem.count('AT+CPIN?')).toBe(12);
  });

  it('waits up to signalWaitMs for a signal (+CSQ: 99) and then names the missing signal', async () => {
    const r = await bringUp((req) => (req.text === 'AT+CSQ' ? okLines('+CSQ: 99,99') : healthy(req)), { signalWaitMs: 10_000, pollMs: 2_000 });
    expect(r.result).toMatchObject({ ok: false, step: 'signal', problem: { code: 'csq.99' } });
    expect(r.clock.mono()).toBe(12_000);
  });

  it('polls registration until the network accepts, and fails after registrationWaitMs when it never does', async () => {
    const searching = (until: number) => (req: AtRequest, now: number) => (/^AT\+C(E|G)?REG\?$/.test(req.text) && now < until ? okLines(`+${req.text.slice(3, -1)}: 0,2`) : healthy(req));
    const late = await bringUp(searching(30_000));
    expect(late.events.find((e) => e.id === 'registration' && e.status === 'passed')).toBeDefined();
    expect(late.modem.sent.filter((s) => s.text === 'AT+CEREG?').at(-1)?.at).toBe(30_000);

    const never = await bringUp(searching(Infinity));
    expect(never.result).toMatchObject({ ok: false, step: 'registration' });
    expect(never.result.problem?.detail).toMatch(/after 90 s/);
    expect(never.clock.mono()).toBe(92_000);
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
    expect(r.clock.mono()).toBe(10_000);
    expect(r.clock.pendingTimers()).toBe(0);
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
