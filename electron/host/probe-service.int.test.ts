// runProbe through the services, as the app calls it: after the wizard's connect is refused by a
// real mosquitto's password file, the laptop tries the same server with the form's settings; the
// comparison names the credentials, the probe is in the session journal, the diagram's Laptop lane
// and the exports — and the password is in none of what comes back or goes out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import { hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { readJournal } from '../session/journal';
import { createWorkbenchHost, type WorkbenchHost } from './services';

const PASSWORD = 'wrong-svc-password-42';
let locked: Mosquitto;
let host: WorkbenchHost;
let dir: string;

beforeAll(async () => {
  if (!hasMosquitto) return;
  locked = await startMosquitto({ users: { 'device-7': 'right-password' } });
}, 30_000);

afterAll(async () => {
  await locked?.stop();
});

beforeEach(() => {
  process.env.WORKBENCH_SIM_SPEED = '0';
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-svc-probe-'));
  host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir });
});

afterEach(async () => {
  await host.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasMosquitto)('runProbe through the services', { timeout: 60_000 }, () => {
  it('a refused connect, tried from the laptop: the credentials, journalled, drawn in the Laptop lane, exported without the password', async () => {
    const s = host.services;
    expect((await s.openPort({ path: VIRTUAL_PORT_PATH })).ok).toBe(true);
    const wizard = { host: '127.0.0.1', port: locked.port, tls: false, clientId: 'svc-probe', username: 'device-7', password: PASSWORD, clientIdx: 0, keepalive: 60 };
    const run = await s.runBringup(wizard);
    expect(run.ok && run.value).toMatchObject({ ready: false, failedStep: 'connect' });

    const probe = await s.runProbe(wizard);
    if (!probe.ok) throw new Error(probe.problem.title);
    expect(probe.value.result).toMatchObject({ ok: false, stage: 'mqtt', server: { host: '127.0.0.1', port: locked.port, tls: false } });
    expect(probe.value.comparison).toMatchObject({ side: 'server', verdict: expect.stringMatching(/^The server refuses these credentials from both/) });
    expect(JSON.stringify(probe.value)).not.toContain(PASSWORD);

    // The journal holds the probe as an event; the exchanges and the diagram show it.
    const x = await s.getExchanges(undefined);
    expect(x.ok && x.value.filter((e) => e.kind === 'laptop').map((e) => e.command)).toEqual([`laptop probe 127.0.0.1:${locked.port}`]);
    const mermaid = await s.exportDiagram({ format: 'mermaid' });
    expect(mermaid.ok && mermaid.value.text).toContain('participant Laptop');
    expect(mermaid.ok && mermaid.value.text).toMatch(/Server--xLaptop: ✗ CONNACK [45]/);

    const exported = await s.exportSession({ format: 'json', range: { kind: 'all' }, maskIds: false });
    if (!exported.ok) throw new Error(exported.problem.title);
    const text = fs.readFileSync(exported.value.path, 'utf8');
    expect(text).toContain('laptop-probe');
    expect(text).not.toContain(PASSWORD);

    await host.services.closePort(undefined);
    const journals = fs.readdirSync(dir).filter((f) => f.startsWith('session-'));
    const { records } = await readJournal(path.join(dir, journals[0]!));
    const event = records.map((r) => ('event' in r ? r.event : undefined)).find((e) => e?.type === 'laptop-probe');
    expect(event).toMatchObject({ type: 'laptop-probe', ok: false, stage: 'mqtt', verdict: { side: 'server' } });
  });

  it('without an open port the probe still runs: a laptop-only verdict', async () => {
    const r = await host.services.runProbe({ host: '127.0.0.1', port: locked.port, tls: false, clientId: 'svc-probe-2', username: 'device-7', password: 'right-password', clientIdx: 0, keepalive: 60 });
    expect(r.ok && r.value.comparison).toMatchObject({ side: 'unknown', verdict: expect.stringMatching(/accepts these settings and credentials from the laptop/) });
  });
});
