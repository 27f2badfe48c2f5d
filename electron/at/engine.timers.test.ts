// The engine's timing behaviour on a manual clock over an in-memory transport: command timeouts
// from the catalogue, the prompt and payload window, the grace windows after a reboot or a
// cancel, dispose clearing every timer, and listener errors reported without stopping routing.
// Seconds of modem time run in microseconds, always in the same order.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../shared/model';
import { openMemoryRig } from '../../test-support/engine-rig';
import { tableScript } from '../../test-support/scripted-peer';
import { realClock } from './clock';
import { createAtEngine } from './engine';
import { createMemoryModem } from '../../test-support/memory-modem';

const enc = new TextEncoder();
const OK = '\r\nOK\r\n';
const lines = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'line' ? [`${e.dir}:${e.kind}:${e.text}${e.commandId !== undefined ? `#${e.commandId}` : ''}`] : []));

/** Records when (on the rig's clock) a promise settles. */
function track<T>(p: Promise<T>, clock: { mono(): number }) {
  const r: { value?: T; at?: number } = {};
  void p.then((v) => {
    r.value = v;
    r.at = clock.mono();
  });
  return r;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('command timeouts (catalogue, manual clock)', () => {
  it('a silent modem: AT+CPIN? times out at its catalogue 10 s, not a millisecond before', async () => {
    const { engine, advance, clock } = openMemoryRig(() => []);
    const out = track(engine.send({ text: 'AT+CPIN?' }), clock);
    await advance(9_999);
    expect(out.value).toBeUndefined();
    await advance(1);
    expect(out.value).toMatchObject({ kind: 'timeout', afterMs: 10_000, lines: [], problem: { code: 'at.timeout' } });
    expect(out.value?.kind === 'timeout' && out.value.problem.title).toBe('No final answer to AT+CPIN? within 10000 ms.');
  });

  it('a command missing from the catalogue gets 2 s; timeoutScale multiplies every catalogue timeout', async () => {
    const plain = openMemoryRig(() => []);
    const a = track(plain.engine.send({ text: 'AT+XYZ' }), plain.clock);
    await plain.advance(2_000);
    expect(a.value?.kind).toBe('timeout');

    const slow = openMemoryRig(() => [], {}, { timeoutScale: 3 });
    const b = track(slow.engine.send({ text: 'AT+QIACT?' }), slow.clock);
    await slow.advance(14_999);
    expect(b.value).toBeUndefined();
    await slow.advance(1);
    expect(b.value).toMatchObject({ kind: 'timeout', afterMs: 15_000 });
  });

  it('the lines received before the timeout are kept in the outcome and named in the problem', async () => {
    const { engine, advance, clock } = openMemoryRig(tableScript({ 'AT+CSQ': ['\r\n+CSQ: 21,99\r\n'] }));
    const out = track(engine.send({ text: 'AT+CSQ' }), clock);
    await advance(2_000);
    expect(out.value).toMatchObject({ kind: 'timeout', lines: ['+CSQ: 21,99'], problem: { detail: 'Lines received so far: +CSQ: 21,99' } });
  });

  it('a late OK after a timeout is logged against the timed-out command, and the next command waits for its own', async () => {
    const { engine, advance, clock, events, modem } = openMemoryRig(
      tableScript({ 'AT+QIACT=1': [{ delayMs: 900 }, OK], 'AT+CSQ': [{ delayMs: 50 }, '\r\n+CSQ: 20,99\r\n', OK] }),
    );
    const first = track(engine.send({ text: 'AT+QIACT=1', timeoutMs: 300 }), clock);
    await advance(300);
    expect(first.value?.kind).toBe('timeout');
    await advance(600);
    expect(lines(events)).toContain('rx:final:OK#1');
    const next = track(engine.send({ text: 'AT+CSQ' }), clock);
    await advance(50);
    expect(next.value).toEqual({ kind: 'ok', lines: ['+CSQ: 20,99'], final: 'OK' });
    expect(modem.commands).toEqual(['AT+QIACT=1', 'AT+CSQ']);
  });
});

describe('the default clock', () => {
  it('with no clock given the engine runs on the process clock, so vitest fake timers drive it too', async () => {
    vi.useFakeTimers();
    try {
      const modem = createMemoryModem(realClock, () => []);
      const engine = createAtEngine(modem.transport);
      const out = engine.send({ text: 'AT+CPIN?' });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await out).toMatchObject({ kind: 'timeout', afterMs: 10_000 });
      engine.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('prompt and payload (manual clock)', () => {
  const PUB = 'AT+QMTPUB=0,0,0,0,"t"';

  it('no prompt: the publish times out at its catalogue 10 s, and a late prompt is answered with ESC, never with the payload', async () => {
    const { engine, advance, clock, modem, events } = openMemoryRig(tableScript({ [PUB]: [{ delayMs: 12_000 }, '\r\n> '] }));
    const out = track(engine.send({ text: PUB, payload: { bytes: enc.encode('x'), end: 'ctrl-z' } }), clock);
    await advance(10_000);
    expect(out.value?.kind).toBe('timeout');
    await advance(2_000);
    expect(lines(events).slice(-2)).toEqual(['rx:prompt:> #1', 'tx:command:<ESC>']);
    expect([...modem.received()]).not.toContain(0x1a);
    expect(modem.received().at(-1)).toBe(0x1b);
  });

  it('prompt and payload, then no final: the timeout counts from the command, the payload was sent once', async () => {
    let got: Uint8Array | null = null;
    const { engine, advance, clock } = openMemoryRig(tableScript({ [PUB]: [{ delayMs: 4_000 }, '\r\n> ', { awaitPayload: 'ctrl-z', then: (p) => ((got = p), []) }] }));
    const out = track(engine.send({ text: PUB, payload: { bytes: enc.encode('21.5'), end: 'ctrl-z' } }), clock);
    await advance(4_000);
    expect(new TextDecoder().decode(got!)).toBe('21.5');
    await advance(5_999);
    expect(out.value).toBeUndefined();
    await advance(1);
    expect(out.value).toMatchObject({ kind: 'timeout', afterMs: 10_000 });
  });
});

describe('grace windows (manual clock)', () => {
  it('after RDY fails the command in flight, its slot is held 1 s: the next command goes out only then', async () => {
    const { engine, advance, clock, modem, urcs } = openMemoryRig(tableScript({ 'AT+COPS=?': [{ delayMs: 50 }, '\r\nRDY\r\n'], AT: [OK] }));
    const first = track(engine.send({ text: 'AT+COPS=?' }), clock);
    const second = track(engine.send({ text: 'AT' }), clock);
    await advance(50);
    expect(first.value).toMatchObject({ kind: 'modem-restarted', line: 'RDY', problem: { code: 'at.modem-restarted' } });
    expect(first.at).toBe(50);
    expect(urcs.map((u) => u.name)).toEqual(['RDY']);
    await advance(999);
    expect(modem.commands).toEqual(['AT+COPS=?']);
    await advance(1);
    expect(modem.commands).toEqual(['AT+COPS=?', 'AT']);
    expect(second.value).toEqual({ kind: 'ok', lines: [], final: 'OK' });
  });

  it('a late final inside the reboot grace window is absorbed by the failed command, not taken by the next one', async () => {
    const { engine, advance, clock, modem, events } = openMemoryRig(tableScript({ 'AT+COPS=?': [{ delayMs: 50 }, '\r\nRDY\r\n', { delayMs: 400 }, OK], AT: [{ delayMs: 10 }, '\r\nERROR\r\n'] }));
    void engine.send({ text: 'AT+COPS=?' });
    const second = track(engine.send({ text: 'AT' }), clock);
    await advance(449);
    expect(modem.commands).toEqual(['AT+COPS=?']);
    await advance(1);
    // The late OK released the slot at once; AT got its own answer (ERROR), not the late OK.
    expect(lines(events)).toContain('rx:final:OK#1');
    expect(modem.commands).toEqual(['AT+COPS=?', 'AT']);
    await advance(10);
    expect(second.value?.kind).toBe('modem-error');
    expect(second.at).toBe(460);
  });

  it('the reboot grace window scales with timeoutScale and can be set', async () => {
    const { engine, advance, modem } = openMemoryRig(tableScript({ 'AT+COPS=?': ['\r\nRDY\r\n'], AT: [OK] }), {}, { restartGraceMs: 200, timeoutScale: 2 });
    void engine.send({ text: 'AT+COPS=?' });
    void engine.send({ text: 'AT' });
    await advance(399);
    expect(modem.commands).toEqual(['AT+COPS=?']);
    await advance(1);
    expect(modem.commands).toEqual(['AT+COPS=?', 'AT']);
  });

  it('a cancelled command resolves at once; its slot waits for the modem\'s final or 2 s', async () => {
    const { engine, advance, clock, modem } = openMemoryRig(tableScript({ 'AT+QIACT=1': [], AT: [OK] }));
    const ctl = new AbortController();
    const first = track(engine.send({ text: 'AT+QIACT=1' }, ctl.signal), clock);
    const second = track(engine.send({ text: 'AT' }), clock);
    await advance(100);
    ctl.abort();
    await advance(0);
    expect(first.value).toMatchObject({ kind: 'cancelled', problem: { code: 'at.cancelled' } });
    await advance(1_999);
    expect(modem.commands).toEqual(['AT+QIACT=1']);
    await advance(1);
    expect(modem.commands).toEqual(['AT+QIACT=1', 'AT']);
    expect(second.value?.kind).toBe('ok');
  });
});

describe('cancel before the prompt (manual clock)', () => {
  it('resolves cancelled at once and answers the late prompt with ESC; the modem abandons the input and the next command runs', async () => {
    const PUB = 'AT+QMTPUB=0,0,0,0,"t"';
    let abandoned = false;
    const { engine, advance, clock, modem } = openMemoryRig(
      tableScript({ [PUB]: [{ delayMs: 1_000 }, '\r\n> ', { awaitPayload: 'ctrl-z', then: (p) => ((abandoned = p === null), [OK]) }], AT: [OK] }),
    );
    const ctl = new AbortController();
    const pub = track(engine.send({ text: PUB, payload: { bytes: enc.encode('x'), end: 'ctrl-z' } }, ctl.signal), clock);
    const next = track(engine.send({ text: 'AT' }), clock);
    await advance(10);
    ctl.abort();
    await advance(0);
    expect(pub.value?.kind).toBe('cancelled');
    await advance(990);
    expect(abandoned).toBe(true);
    expect(next.value?.kind).toBe('ok');
    expect(next.at).toBe(1_000);
    expect([...modem.received()]).not.toContain(0x1a);
    expect(modem.commands).toEqual([PUB, 'AT']);
  });
});

describe('dispose and listener errors', () => {
  it('dispose clears every timer: command timeout, grace hold and a held +QMTRECV window', async () => {
    const { engine, advance, clock, modem, urcs } = openMemoryRig(tableScript({ 'AT+QIACT=1': [] }));
    const ctl = new AbortController();
    const held = track(engine.send({ text: 'AT+QIACT=1' }, ctl.signal), clock);
    const queued = track(engine.send({ text: 'AT+CSQ' }), clock);
    await advance(10);
    ctl.abort();
    modem.send('\r\n+QMTRECV: 0,0,"t","no closing quote yet\r\n');
    await advance(0);
    expect(clock.pendingTimers()).toBe(2);
    engine.dispose();
    await advance(0);
    expect(clock.pendingTimers()).toBe(0);
    expect(held.value?.kind).toBe('cancelled');
    expect(queued.value).toMatchObject({ kind: 'cancelled', problem: { code: 'at.engine-disposed' } });
    // The held message is delivered as it was, not lost.
    expect(urcs.map((u) => u.text)).toEqual(['+QMTRECV: 0,0,"t","no closing quote yet']);
    await advance(60_000);
    expect(modem.commands).toEqual(['AT+QIACT=1']);
  });

  it('a throwing event or URC listener is reported with its stack; routing and the other listeners go on', async () => {
    const { clock, modem } = openMemoryRig(() => []);
    const reported: Array<{ where: string; stack: string }> = [];
    const engine = createAtEngine(modem.transport, { clock, onListenerError: (err, where) => reported.push({ where, stack: err instanceof Error ? (err.stack ?? '') : String(err) }) });
    modem.setScript(tableScript({ 'AT+CSQ': ['\r\n+CEREG: 1\r\n\r\n+CSQ: 9,99\r\n', OK] }));
    engine.onEvent(() => {
      throw new Error('event listener bug');
    });
    engine.onUrc(() => true, () => {
      throw new Error('urc listener bug');
    });
    const seen: string[] = [];
    engine.onUrc(() => true, (u) => seen.push(u.text));
    const out = await engine.send({ text: 'AT+CSQ' });
    expect(out).toEqual({ kind: 'ok', lines: ['+CSQ: 9,99'], final: 'OK' });
    expect(seen).toEqual(['+CEREG: 1']);
    expect(reported.filter((r) => r.where === 'urc')).toHaveLength(1);
    expect(reported.find((r) => r.where === 'urc')!.stack).toMatch(/urc listener bug\n\s+at /);
    expect(reported.filter((r) => r.where === 'event').length).toBeGreaterThan(3);
    expect(reported.find((r) => r.where === 'event')!.stack).toMatch(/event listener bug\n\s+at /);
  });

  it('by default a listener error goes to console.error with its stack', async () => {
    const errors: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    const { engine, modem } = openMemoryRig(() => []);
    engine.onUrc(() => true, () => {
      throw new Error('subscriber bug');
    });
    modem.send('\r\n+QMTSTAT: 0,1\r\n');
    expect(errors).toHaveLength(1);
    expect(String(errors[0]![0])).toMatch(/URC listener threw/);
    expect(String(errors[0]![1])).toMatch(/subscriber bug\n\s+at /);
  });
});

describe('requests', () => {
  it('programmer errors throw TypeError naming the field', () => {
    const { engine } = openMemoryRig(() => []);
    expect(() => engine.send({ text: '' })).toThrow(/"text"/);
    expect(() => engine.send({ text: 'AT', timeoutMs: 0 })).toThrow(/"timeoutMs"/);
    expect(() => engine.send({ text: 'AT\r' })).toThrow(/"text"/);
  });
});

describe('in-memory transport contract', () => {
  it('the device vanishing fails pending commands with port-lost; later sends fail at once', async () => {
    const { engine, modem, clock, events, advance } = openMemoryRig(() => []);
    const a = track(engine.send({ text: 'AT+QIACT=1' }), clock);
    const b = track(engine.send({ text: 'AT+CSQ' }), clock);
    await advance(10);
    modem.unplug();
    await advance(0);
    expect(a.value).toMatchObject({ kind: 'port-lost', problem: { code: 'port.lost' } });
    expect(b.value?.kind).toBe('port-lost');
    expect(events.filter((e) => e.type === 'port-closed')).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
    expect((await engine.send({ text: 'AT' })).kind).toBe('port-lost');
    await expect(modem.transport.write(new Uint8Array([0x41]))).rejects.toThrow(/closed/);
  });

  it('our own close reports "requested" once; the engine then answers sends with port.closed', async () => {
    const { engine, transport, events } = openMemoryRig(() => []);
    const reasons: string[] = [];
    transport.onClose((r) => reasons.push(r.kind));
    await transport.close();
    await transport.close();
    expect(reasons).toEqual(['requested']);
    expect(transport.isOpen).toBe(false);
    expect(events.filter((e) => e.type === 'port-closed')).toHaveLength(1);
    expect(await engine.send({ text: 'AT' })).toMatchObject({ kind: 'port-lost', problem: { code: 'port.closed' } });
  });

  it('with echo on (ATE1), the in-memory modem echoes each command like the PTY peer', async () => {
    const { engine, events, advance } = openMemoryRig(tableScript({ 'AT+CSQ': ['\r\n+CSQ: 21,99\r\n', OK] }), { echo: true });
    const out = engine.send({ text: 'AT+CSQ' });
    await advance(0);
    expect(await out).toEqual({ kind: 'ok', lines: ['+CSQ: 21,99'], final: 'OK' });
    expect(lines(events).filter((l) => l.startsWith('rx:'))).toEqual(['rx:echo:AT+CSQ#1', 'rx:response:+CSQ: 21,99#1', 'rx:final:OK#1']);
  });
});
