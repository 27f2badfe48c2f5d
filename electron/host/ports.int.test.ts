// Several ports open at once in the services: three Virtual EC20s over real PTYs, each its own
// session (engine, journal, state truth, clients); one shown at a time; "Bring up all" in parallel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PayloadOf } from '../../shared/api';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import { openScriptedPeer, tableScript } from '../../test-support/scripted-peer';
import { readJournal } from '../session/journal';
import { openServicesHost, type ServicesHost } from '../../test-support/services-host';

let rig: ServicesHost;

beforeEach(() => {
  process.env.WORKBENCH_SIM_SPEED = '0';
  rig = openServicesHost('wb-ports-');
});

afterEach(() => rig.close());

const value = <T>(r: { ok: true; value: T } | { ok: false; problem: { title: string } }): T => {
  if (!r.ok) throw new Error(r.problem.title);
  return r.value;
};

async function commandsIn(journal: string): Promise<string[]> {
  const { records } = await readJournal(journal);
  return records.flatMap((r) => ('event' in r && r.event.type === 'command-started' ? [r.event.command] : []));
}

describe('several ports at once', () => {
  it('brings three Virtual EC20s up in parallel, each in its own journal; the faulted one fails alone', async () => {
    const s = rig.services;
    const a = value(await s.addPort({ path: VIRTUAL_PORT_PATH, focus: false }));
    const b = value(await s.addPort({ path: VIRTUAL_PORT_PATH, focus: false, fault: 'sim-missing' }));
    const c = value(await s.addPort({ path: VIRTUAL_PORT_PATH, focus: false }));
    // The first port opened is the one shown; the others opened beside it.
    expect([a.focused, b.focused, c.focused]).toEqual([true, false, false]);
    expect(value(await s.getPortState(undefined)).state).toBe('open');
    expect(new Set([a.journalPath, b.journalPath, c.journalPath]).size).toBe(3);

    const run = value(await s.bringupAllPorts({ clientIdPrefix: 'rackt' }));
    expect(run.summary).toMatchObject({ ports: 3, passed: 2, failed: 1 });
    expect(run.verdicts.map((v) => v.ok)).toEqual([true, false, true]);

    const rows = value(await s.listPortSessions(undefined));
    expect(rows.map((r) => r.state)).toEqual(['open', 'open', 'open']);
    for (const r of [rows[0]!, rows[2]!]) {
      expect(r.bringup?.state).toBe('passed');
      expect(r.mqtt).toHaveLength(6);
      expect(r.mqtt[0]).toEqual({ client: 0, state: 'connected' });
      expect(r.mqtt[1]).toEqual({ client: 1, state: 'closed' });
      expect(r.signal?.dbm).toBeLessThan(0);
      expect(r.registration).toBeTruthy();
      expect(r.lastError).toBeUndefined();
    }
    expect(rows[1]!.bringup?.state).toBe('failed');
    expect(rows[1]!.lastError?.title).toMatch(/SIM/);
    expect(rows[1]!.mqtt[0]!.state).toBe('closed');
    // The overview was pushed as it moved, not only read at the end.
    expect(rig.events('onPortSessions').length).toBeGreaterThan(10);

    // Each journal is complete and its own: every command of its run, none of another port's.
    // (Read once every journal has taken its last batch.)
    await expect.poll(async () => (await commandsIn(rows[2]!.journalPath!)).some((t) => t.includes('"rackt-3"'))).toBe(true);
    const mine = await Promise.all(rows.map((r) => commandsIn(r.journalPath!)));
    expect(mine[0]!.some((t) => t.includes('"rackt-1"'))).toBe(true);
    expect(mine[2]!.some((t) => t.includes('"rackt-3"'))).toBe(true);
    expect(mine[0]!.some((t) => /rackt-[23]/.test(t))).toBe(false);
    expect(mine[2]!.some((t) => /rackt-[12]/.test(t))).toBe(false);
    expect(mine[1]!.some((t) => t.includes('AT+CPIN?'))).toBe(true);
    expect(mine[1]!.some((t) => t.includes('QMTCONN'))).toBe(false);
    for (const m of mine) expect(m[0]).toMatch(/^AT/);
  });

  it('shows the focused port only: a focus switch brings its state, log and wizard; closing one leaves the others running', async () => {
    const s = rig.services;
    const a = value(await s.addPort({ path: VIRTUAL_PORT_PATH, focus: false }));
    const b = value(await s.addPort({ path: VIRTUAL_PORT_PATH, focus: false, fault: 'no-network' }));
    // openPort keeps its one-port contract: refused while the shown port is open.
    const refused = await s.openPort({ path: VIRTUAL_PORT_PATH });
    expect(!refused.ok && refused.problem.code).toBe('port.already-open');

    value(await s.runBringup({ clientId: 'shown-a', tls: false, clientIdx: 0, keepalive: 60 }));
    const logBefore = rig.events('onLogBatch').flat().length;
    expect(value(await s.getModemState(undefined)).clients[0]?.state).toBe('connected');

    rig.seen.length = 0;
    value(await s.focusPort({ id: b.id }));
    expect(rig.events('onFocusChanged')).toEqual([{ id: b.id }]);
    // B's truth, not A's: nothing connected there.
    expect(value(await s.getModemState(undefined)).clients[0]).toBeUndefined();
    expect(value(await s.getWizardSteps(undefined))).toEqual([]);
    const logB = value(await s.getLog({ from: 0, limit: 1_000_000 }));
    expect(logB.some((e) => e.text.includes('shown-a'))).toBe(false);
    // A keeps running in the background, and its lines are not sent while B is shown.
    const sent = await s.sendAt({ text: 'AT+CSQ' });
    expect(value(sent).kind).toBeDefined();
    const onB = value(await s.getLog({ from: 0, limit: 1_000_000 })).length;
    expect(onB).toBeGreaterThan(logB.length);
    const b2 = value(await s.runBringup({ clientId: 'shown-b', tls: false, clientIdx: 0, keepalive: 60 }));
    expect(b2.ready).toBe(false);
    expect(rig.events('onWizardStep').every((st) => st.clientIdx === 0)).toBe(true);
    // Nothing of A reached the renderer after the switch (A's last rows were sent before it).
    const after = rig.seen.slice(rig.seen.findIndex((e) => e.name === 'onFocusChanged'));
    expect(after.filter((e) => e.name === 'onLogBatch').flatMap((e) => e.payload as PayloadOf<'onLogBatch'>).filter((e) => e.text.includes('shown-a'))).toEqual([]);

    // Back to A: its own session, as it was.
    value(await s.focusPort({ id: a.id }));
    expect(value(await s.getModemState(undefined)).clients[0]?.state).toBe('connected');
    const logA = value(await s.getLog({ from: 0, limit: 1_000_000 }));
    expect(logA.length).toBeGreaterThanOrEqual(logBefore);
    expect(logA.some((e) => e.text.includes('shown-a'))).toBe(true);
    expect(logA.some((e) => e.text.includes('shown-b'))).toBe(false);

    // Closing A (shown) leaves B running and shows it; A's row says closed, with nothing stale.
    rig.seen.length = 0;
    value(await s.closePortSession({ id: a.id }));
    expect(rig.events('onFocusChanged')).toEqual([{ id: b.id }]);
    const rows = value(await s.listPortSessions(undefined));
    expect(rows.map((r) => [r.id, r.state, r.focused])).toEqual([
      [a.id, 'closed', false],
      [b.id, 'open', true],
    ]);
    expect(rows[0]!.module).toBeUndefined();
    expect(rows[0]!.mqtt.every((m) => m.state === 'closed')).toBe(true);
    expect(value(await s.getPortState(undefined)).state).toBe('open');
    expect(value(await s.sendAt({ text: 'AT' })).kind).toBe('ok');
    // A closed row is dismissed by closing it again.
    value(await s.closePortSession({ id: a.id }));
    expect(value(await s.listPortSessions(undefined)).map((r) => r.id)).toEqual([b.id]);
  });

  it('a port that cannot be opened leaves no row and does not disturb the open one', async () => {
    const s = rig.services;
    const a = value(await s.addPort({ path: VIRTUAL_PORT_PATH, focus: false }));
    const bad = await s.addPort({ path: '/dev/does-not-exist-ports-test', focus: false });
    expect(bad.ok).toBe(false);
    expect(value(await s.listPortSessions(undefined)).map((r) => [r.id, r.state, r.focused])).toEqual([[a.id, 'open', true]]);
    expect(value(await s.getPortState(undefined)).state).toBe('open');
    // A fault is for a Virtual EC20 only (checked where the arguments enter).
    const { validateArgs } = await import('../../shared/api');
    expect(validateArgs('addPort', { path: '/dev/ttyUSB0', fault: 'sim-missing' }).ok).toBe(false);
    expect(validateArgs('focusPort', { id: '../etc' }).ok).toBe(false);
  });

  it('a port pulled out while another is shown: its row says it is gone, with nothing of the modem left; the shown one is untouched', async () => {
    const s = rig.services;
    const a = value(await s.addPort({ path: VIRTUAL_PORT_PATH, focus: false }));
    const peer = await openScriptedPeer(tableScript({ 'AT+CSQ': ['\r\n+CSQ: 20,99\r\n\r\nOK\r\n'] }));
    const b = value(await s.addPort({ path: peer.hostPath, focus: true }));
    value(await s.sendAt({ text: 'AT+CSQ' }));
    await expect.poll(async () => value(await s.listPortSessions(undefined)).find((r) => r.id === b.id)?.signal?.rssi).toBe(20);
    value(await s.focusPort({ id: a.id }));
    await peer.close();
    await expect.poll(async () => value(await s.listPortSessions(undefined)).find((r) => r.id === b.id)?.state, { timeout: 10_000 }).toBe('lost');
    const gone = value(await s.listPortSessions(undefined)).find((r) => r.id === b.id)!;
    expect(gone.signal).toBeUndefined();
    expect(gone.lastError?.title).toMatch(/went away/);
    // The shown port did not move: A is still shown and open.
    expect(value(await s.getPortState(undefined)).state).toBe('open');
    expect(value(await s.sendAt({ text: 'AT' })).kind).toBe('ok');
  });
});
