// A session recorded by `workbench at` on one Virtual EC20, saved with `workbench script`, and
// replayed by `workbench run` on fresh ones: green as it was, and the divergence named when the
// modem is given a fault. Child processes, real PTYs, a real mosquitto.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualModem, type VirtualModem } from '../simulator/index';
import { hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { cleanupCliRuns, jsonLines, runWorkbench } from '../../test-support/cli-run';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-script-'));
let broker: Mosquitto;
const modems: VirtualModem[] = [];

async function modem(): Promise<VirtualModem> {
  const m = await startVirtualModem({ speed: 0, skipPowerUp: true, embeddedBroker: false });
  modems.push(m);
  return m;
}

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  for (const m of modems) await m.stop();
  await broker.stop();
  cleanupCliRuns();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasMosquitto)('a session saved as a script and replayed (child processes)', { timeout: 90_000 }, () => {
  const journal = path.join(dir, 'session.cjsonl');
  const saved = path.join(dir, 'session.wbs');
  it('records a session, saves it with the password left out, and replays it green', async () => {
    const a = await modem();
    const recorded = await runWorkbench('at', ['--port', a.hostPath, '--journal', journal, '--await-urc', '5000', '--linger', '0',
      'AT+CSQ', 'AT+QIACT?', `AT+QMTOPEN=0,"127.0.0.1",${broker.port}`, 'AT+QMTCONN=0,"replay-1","maker","pa55-Word"', 'AT+QMTPUB=0,0,0,0,"line/1" <<< hello', 'AT+QMTDISC=0']);
    expect(recorded.code).toBe(0);
    const s = await runWorkbench('script', [journal, '--out', saved]);
    expect(s.code).toBe(0);
    expect(s.stderr).toMatch(/needs \$\{MQTT_PASSWORD\}/);
    const text = fs.readFileSync(saved, 'utf8');
    expect(text).not.toContain('pa55-Word');
    expect(text).toContain('AT+QMTCONN=0,"replay-1","maker","${MQTT_PASSWORD}"');
    expect(text).toMatch(/^# expect \^\\\+CSQ: -\?\\d\+,-\?\\d\+\$$/m);
    expect(text).toMatch(/^# await \/\^\\\+QMTCONN: 0,0,0\$\/ \d+s$/m);
    expect(text).toContain('> hello');

    const b = await modem();
    const replay = await runWorkbench('run', ['--port', b.hostPath, '--set', 'MQTT_PASSWORD=pa55-Word', saved]);
    expect(replay.stdout).toMatch(/^PASSED: /m);
    expect(replay.code).toBe(0);
    // Without the password the script does not start: it says what to give.
    const bare = await runWorkbench('run', ['--port', b.hostPath, saved]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/MQTT_PASSWORD/);
  });

  it('reports where a faulted Virtual EC20 diverged, with the explanation', async () => {
    const c = await modem();
    c.inject({ kind: 'connack-refused', code: 5 });
    const r = await runWorkbench('run', ['--port', c.hostPath, '--json', '--set', 'MQTT_PASSWORD=pa55-Word', saved]);
    expect(r.code).toBe(1);
    const lines = fs.readFileSync(saved, 'utf8').split('\n');
    const awaitConn = lines.findIndex((l) => l.startsWith('# await /^\\+QMTCONN')) + 1;
    const [port] = jsonLines(r);
    expect(port).toMatchObject({ ok: false, at: `line ${awaitConn}`, result: { failure: { line: awaitConn, message: expect.stringMatching(/\+QMTCONN: 0,0,5/), explanation: { meaning: expect.stringMatching(/authori[sz]ed/i) } } } });

    const d = await modem();
    d.inject({ kind: 'sim-missing', on: true });
    const sim = await runWorkbench('run', ['--port', d.hostPath, '--set', 'MQTT_PASSWORD=x', saved]);
    expect(sim.code).toBe(1);
    // The answers loosened (signal 99,99 is still a signal) pass; the open is where it diverges.
    const awaitOpen = lines.findIndex((l) => l.startsWith('# await /^\\+QMTOPEN')) + 1;
    expect(sim.stdout).toContain(`FAILED at line ${awaitOpen}: # await`);
    expect(sim.stdout).toMatch(/the modem sent "\+QMTOPEN: 0,3"\n.*PDP context/);
  });
});
