// Every client at once on the Virtual EC20: each client index runs its own wizard (runs of two
// clients take turns on the one AT port, neither refuses the other), its step events name it, and
// one client's Disconnect leaves the other connected.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BringupStepEvent } from '../../shared/bringup';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import { createWorkbenchHost, type WorkbenchHost } from './services';

let host: WorkbenchHost;
let dir: string;
const steps: BringupStepEvent[] = [];

beforeEach(() => {
  process.env.WORKBENCH_SIM_SPEED = '0';
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-clients-'));
  steps.length = 0;
  host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir });
  host.hub.on((name, payload) => {
    if (name === 'onWizardStep') steps.push(payload as BringupStepEvent);
  });
});

afterEach(async () => {
  await host.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('every client at once', () => {
  it('runs two clients\' wizards side by side; a second run of the same client is refused; one Disconnect leaves the other up', async () => {
    const s = host.services;
    await s.openPort({ path: VIRTUAL_PORT_PATH });
    const a = s.runBringup({ clientId: 'multi-0', tls: false, clientIdx: 0, keepalive: 60 });
    const b = s.runBringup({ clientId: 'multi-1', tls: false, clientIdx: 1, keepalive: 60 });
    const again = await s.runBringup({ clientId: 'multi-1', tls: false, clientIdx: 1, keepalive: 60 });
    expect(again.ok ? 'ran' : again.problem.title).toBe('The wizard of client 1 is already running');
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.ok && ra.value.ready).toBe(true);
    expect(rb.ok && rb.value.ready).toBe(true);
    // Each event names its client; each client passed every step it ran.
    expect(new Set(steps.map((e) => e.clientIdx))).toEqual(new Set([0, 1]));
    for (const idx of [0, 1]) expect(steps.filter((e) => e.clientIdx === idx && e.id === 'ready').at(-1)?.status).toBe('passed');
    const kept = await s.getWizardSteps(undefined);
    expect(kept.ok && kept.value.filter((e) => e.id === 'ready').map((e) => e.clientIdx).sort()).toEqual([0, 1]);

    expect((await s.mqttDisconnect({ clientIdx: 1 })).ok).toBe(true);
    const truth = await s.getModemState(undefined);
    expect(truth.ok && [truth.value.clients[0]?.state, truth.value.clients[1]?.state]).toEqual(['connected', 'closed']);
  }, 60_000);
});
