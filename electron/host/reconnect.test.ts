// The automatic reconnect's schedule on a fake clock: the back-off doubles from 2 s up to 60 s,
// the loop stops on success, after the last attempt, and when the user ends it.
import { describe, expect, it } from 'vitest';
import type { ReconnectState } from '../../shared/reconnect';
import { manualClock } from '../../test-support/manual-clock';
import { AutoReconnectSetting, reconnectDelayMs, Reconnector, type AttemptResult } from './reconnect';

const refused = { code: 'qmtopen.5', title: 'Network connection error.', detail: '+QMTOPEN: 0,5', nextStep: '' };

function setup(results: AttemptResult[], policy = {}) {
  const clock = manualClock();
  const auto = new AutoReconnectSetting();
  const attempts: Array<{ n: number; at: number }> = [];
  const states: ReconnectState[] = [];
  const r = new Reconnector({
    clock,
    policy,
    isAuto: (c) => auto.get(c),
    available: () => true,
    attempt: async (_c, n) => {
      attempts.push({ n, at: clock.mono() });
      return results.shift() ?? { connected: false, problem: refused };
    },
    report: (_c, s) => states.push(s),
  });
  return { clock, auto, attempts, states, r };
}

/** Lets the attempt's promise chain settle between timer firings. */
const settle = () => new Promise((r) => setImmediate(r));

async function advanceBy(clock: ReturnType<typeof manualClock>, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    clock.advance(1000);
    await settle();
  }
}

describe('reconnect back-off', () => {
  it('doubles from 2 s and is capped at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => reconnectDelayMs(n))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('does nothing after a drop while automatic reconnecting is off (the default)', async () => {
    const { clock, attempts, r, states } = setup([]);
    r.linkDropped(0);
    await advanceBy(clock, 120_000);
    expect(attempts).toEqual([]);
    expect(states.at(-1)).toMatchObject({ auto: false, phase: 'idle' });
  });

  it('tries at 2 s, then 4 s and 8 s later, and stops when an attempt connects', async () => {
    const { clock, auto, attempts, r, states } = setup([{ connected: false, problem: refused }, { connected: false, problem: refused }, { connected: true }]);
    auto.set(true);
    r.linkDropped(0);
    expect(states.at(-1)).toMatchObject({ phase: 'waiting', attempt: 1, delayMs: 2_000, maxAttempts: 8 });
    await advanceBy(clock, 60_000);
    expect(attempts).toEqual([{ n: 1, at: 2_000 }, { n: 2, at: 6_000 }, { n: 3, at: 14_000 }]);
    expect(states.at(-1)).toMatchObject({ phase: 'connected' });
    expect(states.some((s) => s.phase === 'waiting' && s.lastProblem?.code === 'qmtopen.5')).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('gives up after the last attempt and says so', async () => {
    const { clock, auto, attempts, r, states } = setup([], { maxAttempts: 3 });
    auto.set(true, 0);
    r.linkDropped(0);
    await advanceBy(clock, 600_000);
    expect(attempts.map((a) => a.n)).toEqual([1, 2, 3]);
    expect(states.at(-1)).toMatchObject({ phase: 'gave-up', lastProblem: { code: 'qmtopen.5' }, note: expect.stringMatching(/3 automatic attempts/) });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stops for good when the user closes the link, and when the switch is turned off', async () => {
    const { clock, auto, attempts, r, states } = setup([]);
    auto.set(true);
    r.linkDropped(0);
    await advanceBy(clock, 3_000);
    expect(attempts).toHaveLength(1);
    r.stop(0, 'You closed the link (AT+QMTDISC).');
    await advanceBy(clock, 300_000);
    expect(attempts).toHaveLength(1);
    expect(states.at(-1)).toMatchObject({ phase: 'stopped', note: 'You closed the link (AT+QMTDISC).' });

    r.linkDropped(0);
    auto.set(false);
    r.autoChanged();
    await advanceBy(clock, 300_000);
    expect(attempts).toHaveLength(1);
    expect(states.at(-1)).toMatchObject({ phase: 'stopped', auto: false });
  });

  it('a drop reported while the loop runs starts no second loop', async () => {
    const { clock, auto, attempts, r } = setup([]);
    auto.set(true);
    r.linkDropped(0);
    r.linkDropped(0);
    await advanceBy(clock, 2_000);
    r.linkDropped(0);
    await advanceBy(clock, 4_000);
    expect(attempts.map((a) => a.at)).toEqual([2_000, 6_000]);
    r.dispose();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a connect after the loop stopped clears what the loop left', async () => {
    const { clock, auto, r, states } = setup([]);
    auto.set(true);
    r.linkDropped(0);
    await advanceBy(clock, 3_000);
    r.stop(0, 'The connection wizard took over.');
    r.refresh(0);
    expect(states.at(-1)).toEqual({ auto: true, available: true, phase: 'idle' });
  });
});
