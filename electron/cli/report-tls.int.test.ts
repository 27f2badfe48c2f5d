// `--report mqtts://…` to a factory broker that wants TLS, a client certificate and a password:
// a real mosquitto with such a listener, `workbench run` and `workbench bringup` as child
// processes against Virtual EC20s, the verdicts read back with mosquitto_sub speaking the same TLS.
// The password never shows in what the command prints.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { makeTestPki, type TestPki } from '../../test-support/tls-pki';
import { cleanupCliRuns, jsonLines, runWorkbench } from '../../test-support/cli-run';

const PASSWORD = 'Factory-S3cret-7731';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-report-tls-'));
fs.chmodSync(dir, 0o755);
let pki: TestPki;
let broker: Mosquitto;
let tlsPort: number;
const script = path.join(dir, 'at.wbs');

beforeAll(async () => {
  pki = makeTestPki();
  const passwd = path.join(dir, 'passwd');
  execFileSync('mosquitto_passwd', ['-b', '-c', passwd, 'station7', PASSWORD]);
  fs.chmodSync(passwd, 0o644);
  tlsPort = await freePort();
  // Later global lines win: no anonymous client, on any listener.
  broker = await startMosquitto({ extraConfig: [`allow_anonymous false`, `password_file ${passwd}`, pki.listener(tlsPort, { requireCertificate: true })].join('\n') });
  fs.writeFileSync(script, 'AT\nAT+CPIN?\n# expect ^\\+CPIN: READY$\n');
});
afterAll(async () => {
  await broker?.stop();
  pki?.remove();
  cleanupCliRuns();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** mosquitto_sub over the same TLS (CA, client certificate, login), collecting `count` messages. */
function subscribe(topic: string, count: number): { ready: Promise<void>; messages: Promise<string[]> } {
  const sub = spawn('stdbuf', ['-oL', 'mosquitto_sub', '-h', '127.0.0.1', '-p', String(tlsPort), '--cafile', pki.ca, '--cert', pki.clientCert, '--key', pki.clientKey, '-u', 'station7', '-P', PASSWORD, '-t', topic, '-q', '1', '-C', String(count), '-W', '30', '-d'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let ready: () => void = () => undefined;
  const readyP = new Promise<void>((r) => (ready = r));
  sub.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (/SUBACK/.test(out)) ready();
  });
  const messages = new Promise<string[]>((resolve) => sub.on('close', () => resolve(out.split('\n').filter((l) => l.startsWith('{')))));
  return { ready: readyP, messages };
}

const tlsArgs = () => ['--report-ca', pki.ca, '--report-client-cert', pki.clientCert, '--report-client-key', pki.clientKey];
const target = (topic: string) => `mqtts://127.0.0.1:${tlsPort}/${topic}`;

describe.skipIf(!hasMosquitto)('--report mqtts:// with a client certificate and a password (child processes)', { timeout: 120_000 }, () => {
  it('workbench run publishes each port\'s verdict and the summary; mosquitto_sub reads them back', async () => {
    const sub = subscribe('line/7/run', 3);
    await sub.ready;
    const r = await runWorkbench('run', ['--port', 'virtual', '--port', 'virtual', '--report', target('line/7/run'), ...tlsArgs(), '--report-username', 'station7', '--report-password', PASSWORD, script]);
    expect(r.stderr).toContain(`report: sent to mqtts://127.0.0.1:${tlsPort}/line/7/run`);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    const got = (await sub.messages).map((m) => JSON.parse(m) as Record<string, unknown>);
    expect(got.map((m) => m.kind).sort()).toEqual(['port', 'port', 'summary']);
    expect(got.find((m) => m.kind === 'summary')).toMatchObject({ command: 'run', ports: 2, passed: 2, station: os.hostname() });
    expect(JSON.stringify(got)).not.toContain(PASSWORD);
  });

  it('workbench bringup reports with the login in the URL, --json stays one object per port', async () => {
    const sub = subscribe('line/7/bringup', 2);
    await sub.ready;
    const url = `mqtts://station7:${encodeURIComponent(PASSWORD)}@127.0.0.1:${tlsPort}/line/7/bringup`;
    const r = await runWorkbench('bringup', ['--port', 'virtual', '--json', '--report', url, ...tlsArgs()]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    const [port, summary] = jsonLines(r);
    expect(port).toMatchObject({ ok: true, result: { step: 'ready' } });
    expect(summary).toMatchObject({ summary: true, passed: 1 });
    const got = (await sub.messages).map((m) => JSON.parse(m) as Record<string, unknown>);
    expect(got.map((m) => m.kind)).toEqual(['port', 'summary']);
  });

  it('a wrong password, or no client certificate, is refused (exit 3) without the password printed', async () => {
    const wrong = await runWorkbench('run', ['--port', 'virtual', '--report', `mqtts://station7:Wrong-${PASSWORD}@127.0.0.1:${tlsPort}/line/7/x`, ...tlsArgs(), script]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(new RegExp(`the report destination mqtts://127\\.0\\.0\\.1:${tlsPort}/line/7/x could not be reached`));
    expect(wrong.stderr).toMatch(/Not authorized/);
    expect(wrong.stdout + wrong.stderr).not.toContain(PASSWORD);
    const noCert = await runWorkbench('run', ['--port', 'virtual', '--report', target('line/7/x'), '--report-ca', pki.ca, '--report-username', 'station7', '--report-password', PASSWORD, script]);
    expect(noCert.code).toBe(3);
    expect(noCert.stderr).toMatch(/certificate required/);
    expect(noCert.stdout + noCert.stderr).not.toContain(PASSWORD);
    // A broker certificate from another CA is not trusted.
    const otherCa = await runWorkbench('run', ['--port', 'virtual', '--report', target('line/7/x'), '--report-ca', pki.otherCa, '--report-client-cert', pki.clientCert, '--report-client-key', pki.clientKey, '--report-username', 'station7', '--report-password', PASSWORD, script]);
    expect(otherCa.code).toBe(3);
    expect(otherCa.stderr).toMatch(/certificate/i);
  });

  it('refuses TLS options without TLS, and half a client certificate', async () => {
    const plain = await runWorkbench('run', ['--port', 'virtual', '--report', `mqtt://127.0.0.1:${broker.port}/t`, '--report-ca', pki.ca, script]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/--report-ca needs TLS: write mqtts:\/\//);
    const half = await runWorkbench('bringup', ['--port', 'virtual', '--report', target('t'), '--report-client-cert', pki.clientCert]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--report-client-cert and --report-client-key go together/);
    const noReport = await runWorkbench('run', ['--port', 'virtual', '--report-password', PASSWORD, script]);
    expect(noReport.code).toBe(2);
    expect(noReport.stderr).not.toContain(PASSWORD);
  });
});
