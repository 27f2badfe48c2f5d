// `workbench run --fault`: a session saved with `workbench script` replays green on a fresh
// Virtual EC20 started by the command line, and with a fault given on the command line (all
// virtual ports, or one port of a rack by its label) the divergence is reported: exit 1, the
// failing line named, the catalogue's explanation. Child processes, real PTYs, a real mosquitto.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualModem, type VirtualModem } from '../simulator/index';
import { hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { cleanupCliRuns, jsonLines, runWorkbench } from '../../test-support/cli-run';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-run-fault-'));
let broker: Mosquitto;
let recorder: VirtualModem | undefined;
const saved = path.join(dir, 'session.wbs');

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await recorder?.stop();
  await broker.stop();
  cleanupCliRuns();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lineOf = (prefix: string) => fs.readFileSync(saved, 'utf8').split('\n').findIndex((l) => l.startsWith(prefix)) + 1;

describe.skipIf(!hasMosquitto)('workbench run --fault on Virtual EC20s (child processes)', { timeout: 120_000 }, () => {
  it('a saved session replays green on a fresh Virtual EC20 from the command line', async () => {
    recorder = await startVirtualModem({ speed: 0, skipPowerUp: true, embeddedBroker: false });
    const journal = path.join(dir, 'session.cjsonl');
    const recorded = await runWorkbench('at', ['--port', recorder.hostPath, '--journal', journal, '--await-urc', '5000', '--linger', '0',
      'AT+CPIN?', 'AT+QIACT?', `AT+QMTOPEN=0,"127.0.0.1",${broker.port}`, 'AT+QMTCONN=0,"fault-replay"', 'AT+QMTDISC=0']);
    expect(recorded.code).toBe(0);
    expect((await runWorkbench('script', [journal, '--out', saved])).code).toBe(0);
    const r = await runWorkbench('run', ['--port', 'virtual', saved]);
    expect(r.stdout).toMatch(/^PASSED: /m);
    expect(r.code).toBe(0);
  });

  it('with --fault the divergence is named: the failing line and the catalogue\'s explanation', async () => {
    const refused = await runWorkbench('run', ['--port', 'virtual', '--fault', 'connack-refused', saved]);
    expect(refused.code).toBe(1);
    const awaitConn = lineOf('# await /^\\+QMTCONN');
    expect(awaitConn).toBeGreaterThan(0);
    expect(refused.stdout).toContain(`FAILED at line ${awaitConn}: # await`);
    expect(refused.stdout).toMatch(/\+QMTCONN: 0,0,4/);
    expect(refused.stdout).toMatch(/user ?name or password/i);
    expect(refused.stdout).toMatch(/next step: /);
    expect(refused.stderr).toMatch(/note: virtual runs with the fault connack-refused/);

    const sim = await runWorkbench('run', ['--port', 'virtual', '--fault', 'sim-missing', '--json', saved]);
    expect(sim.code).toBe(1);
    const [port] = jsonLines(sim);
    expect(port).toMatchObject({ ok: false, exitCode: 1, at: `line ${lineOf('AT+CPIN?')}`, result: { failure: { explanation: { meaning: expect.stringMatching(/SIM/) } } } });
  });

  it('in a rack, LABEL=KIND faults one port; the others pass; the table says where it stopped', async () => {
    const r = await runWorkbench('run', ['--port', 'virtual', '--port', 'virtual', '--fault', 'virtual#2=pdp-fails', saved]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^virtual#1 +PASSED/m);
    expect(r.stdout).toMatch(/^virtual#2 +FAILED +line \d+ /m);
    expect(r.stdout).toMatch(/^1 of 2 passed in /m);
    // The same run in Chinese: the table and the summary, the technical tokens as they are.
    const zh = await runWorkbench('run', ['--lang', 'zh-CN', '--port', 'virtual', '--port', 'virtual', '--fault', 'virtual#2=pdp-fails', saved]);
    expect(zh.code).toBe(1);
    expect(zh.stdout).toMatch(/^端口 +结论 +停在 +用时 +详情$/m);
    expect(zh.stdout).toMatch(/^virtual#2 +失败 +第 \d+ 行 /m);
    expect(zh.stdout).toMatch(/^2 个端口中 1 个通过/m);
  });

  it('refuses faults it cannot apply', async () => {
    const unknown = await runWorkbench('run', ['--port', 'virtual', '--fault', 'melted', saved]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown fault "melted"/);
    const real = await runWorkbench('run', ['--port', '/dev/null', '--fault', 'sim-missing', saved]);
    expect(real.code).toBe(2);
    const label = await runWorkbench('run', ['--port', 'virtual', '--port', 'virtual', '--fault', 'virtual#3=sim-missing', saved]);
    expect(label.code).toBe(2);
    expect(label.stderr).toMatch(/no port virtual#3/);
  });
});
