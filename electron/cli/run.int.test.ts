// `workbench run` as a child process against Virtual EC20s on real PTYs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startVirtualModem, type VirtualModem } from '../simulator/index';
import { cleanupCliRuns, jsonLines, runWorkbench } from '../../test-support/cli-run';

const modems: VirtualModem[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-run-'));
afterEach(async () => {
  for (const m of modems.splice(0)) await m.stop();
});
afterAll(() => {
  cleanupCliRuns();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function modem(): Promise<VirtualModem> {
  const m = await startVirtualModem({ speed: 0, skipPowerUp: true });
  modems.push(m);
  return m;
}

function script(name: string, lines: string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

const CONNECT = [
  '# connect and publish',
  'AT',
  'AT+CPIN?',
  '# expect ^\\+CPIN: READY$',
  'AT+QMTOPEN=0,"${HOST}",${PORT}',
  '# await +QMTOPEN: 0,0 10s',
  'AT+QMTCONN=0,"rack-${DEV}"',
  '# await +QMTCONN: 0,0,0',
  'AT+QMTPUB=0,1,1,0,"rack/${DEV}"',
  '> hello from ${DEV}',
  '# await /^\\+QMTPUB: 0,1,0$/ 5s',
];

describe('workbench run (child process)', { timeout: 60_000 }, () => {
  it('a passing script exits 0 with every line ticked', async () => {
    const m = await modem();
    const f = script('pass.wbs', CONNECT);
    const r = await runWorkbench('run', ['--port', m.hostPath, '--set', `HOST=${m.embedded?.host}`, '--set', `PORT=${m.embedded?.port}`, f], { env: { DEV: 'd1' } });
    expect(r.stderr).toMatch(/journal: /);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ {2}11 {2}# await \^\\\+QMTPUB: 0,1,0\$ {2}→ \+QMTPUB: 0,1,0/);
    expect(r.stdout).toMatch(/^PASSED: 9 steps/m);
  });

  it('a wrong expectation fails at its line, with the answer seen', async () => {
    const m = await modem();
    const f = script('wrong.wbs', ['AT', 'AT+CPIN?', '# expect ^\\+CPIN: SIM PIN$', 'AT+CSQ']);
    const r = await runWorkbench('run', ['--port', m.hostPath, f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED at line 3: # expect \^\\\+CPIN: SIM PIN\$$/m);
    expect(r.stdout).toMatch(/got "\+CPIN: READY", "OK"/);
    expect(r.stdout).not.toMatch(/AT\+CSQ/); // nothing after the failing line runs
  });

  it('a refused connection fails at the await with the catalogue\'s explanation', async () => {
    const m = await modem();
    m.inject({ kind: 'connack-refused', code: 4 });
    const f = script('refused.wbs', CONNECT);
    const r = await runWorkbench('run', ['--port', m.hostPath, '--json', '--set', `HOST=${m.embedded?.host}`, '--set', `PORT=${m.embedded?.port}`, '--set', 'DEV=d2', f]);
    expect(r.code).toBe(1);
    const [port, summary] = jsonLines(r);
    expect(port).toMatchObject({ port: m.hostPath, ok: false, exitCode: 1, at: 'line 8', result: { failure: { line: 8, explanation: { code: expect.stringMatching(/4/), meaning: expect.stringMatching(/user ?name or password/i) } } } });
    expect(summary).toMatchObject({ summary: true, command: 'run', ports: 1, passed: 0, failed: 1 });
  });

  it('an error answer fails at the command unless an expect line asks for it', async () => {
    const m = await modem();
    m.inject({ kind: 'sim-missing', on: true });
    const wanted = await runWorkbench('run', ['--port', m.hostPath, script('want-err.wbs', ['AT+CPIN?', '# expect \\+CME ERROR: 10'])]);
    expect(wanted.code).toBe(0);
    const r = await runWorkbench('run', ['--port', m.hostPath, script('err.wbs', ['AT', 'AT+CPIN?'])]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED at line 2: AT\+CPIN\?$/m);
    expect(r.stdout).toMatch(/SIM/);
    expect(r.stdout).toMatch(/next step: /);
  });

  it('exits 2 on bad usage and missing variables, 3 when the port cannot be opened', async () => {
    expect((await runWorkbench('run', ['--port', '/dev/x'])).code).toBe(2);
    const missing = await runWorkbench('run', ['--port', '/dev/x', script('vars.wbs', ['AT+QMTOPEN=0,"${NOPE_HOST}",1883'])]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\$\{NOPE_HOST\}/);
    const bad = await runWorkbench('run', ['--port', '/dev/x', script('bad.wbs', ['AT', '# expect ('])]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.wbs:2: /);
    expect((await runWorkbench('run', ['--port', '/dev/no-such-modem', script('ok.wbs', ['AT'])])).code).toBe(3);
    expect((await runWorkbench('run', ['--help'])).stdout).toMatch(/# await/);
  });
});
