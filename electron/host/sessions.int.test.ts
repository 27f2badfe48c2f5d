// The session list and export around a live session on the Virtual EC20 (a real PTY): the open
// session is listed as live and exports from its journal as it is being written; once the port
// closes it is listed with its port, modem and outcome, and still opens and exports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import type { Outcome } from '../../shared/outcome';
import { createWorkbenchHost, type WorkbenchHost } from './services';

const PASSWORD = 'Int3gration-Secret';
let host: WorkbenchHost;
let data: string;

beforeEach(() => {
  process.env.WORKBENCH_SIM_SPEED = '0';
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sessions-int-'));
  host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: path.join(data, 'journals') });
});

afterEach(async () => {
  await host.shutdown();
  fs.rmSync(data, { recursive: true, force: true });
});

function value<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(`${o.problem.title}: ${o.problem.detail}`);
  return o.value;
}

describe('sessions of the virtual EC20', () => {
  it('lists the live session, exports it while open, and keeps it listed and reopenable after close', async () => {
    const s = host.services;
    value(await s.openPort({ path: VIRTUAL_PORT_PATH }));
    // The module boots after the port opens: wait until it answers AT.
    await expect.poll(async () => (await s.sendAt({ text: 'AT' })).ok && ((await s.sendAt({ text: 'AT' })) as { value: { kind: string } }).value.kind, { timeout: 15_000 }).toBe('ok');
    expect(value(await s.sendAt({ text: 'ATI' })).kind).toBe('ok');
    // The module dials what it is told: the embedded broker's address is in the port state.
    const broker = value(await s.getPortState(undefined)).embeddedBroker;
    value(await s.sendAt({ text: `AT+QMTOPEN=0,"${broker?.host ?? ''}",${broker?.port ?? 0}` }));
    await expect.poll(async () => value(await s.getLog({ from: 0, limit: 100_000 })).some((e) => e.text.startsWith('+QMTOPEN: 0,0')), { timeout: 10_000 }).toBe(true);
    value(await s.sendAt({ text: `AT+QMTCONN=0,"int-test","user","${PASSWORD}"` }));
    await expect.poll(async () => value(await s.getLog({ from: 0, limit: 100_000 })).some((e) => e.text.startsWith('+QMTCONN: 0,0,0')), { timeout: 10_000 }).toBe(true);

    const [live] = value(await s.listSessions(undefined));
    expect(live).toMatchObject({ live: true, outcome: 'live', port: VIRTUAL_PORT_PATH });
    expect(live!.lines).toBe(value(await s.getLog({ from: 0, limit: 100_000 })).length);

    // Exported while the port is open: every line logged so far, none of the password.
    const out = value(await s.exportSession({ format: 'text', range: { kind: 'all' }, maskIds: false }));
    const text = fs.readFileSync(out.path, 'utf8');
    expect(text).toContain('+QMTCONN: 0,0,0');
    expect(text).not.toContain(PASSWORD);
    expect(out.rows).toBe(live!.lines);

    value(await s.closePort(undefined));
    const [closed] = value(await s.listSessions(undefined));
    expect(closed).toMatchObject({ path: live!.path, live: false, outcome: 'connected', port: VIRTUAL_PORT_PATH });
    expect(closed!.outcomeText).toMatch(/^connected/);
    expect(closed!.modem).toMatch(/^Quectel EC2\d/);
    const opened = value(await s.openJournalFile({ path: closed!.path }));
    expect(opened.lines).toBe(closed!.lines);
    expect(value(await s.getOpenedSession(undefined))).toEqual(opened);
    // Opening a port again ends the recording: the views show the new live session.
    value(await s.openPort({ path: VIRTUAL_PORT_PATH }));
    expect(value(await s.getOpenedSession(undefined))).toBeNull();
    expect(await s.openJournalFile({ path: closed!.path })).toMatchObject({ ok: false, problem: { code: 'journal.port-open' } });
  });
});
