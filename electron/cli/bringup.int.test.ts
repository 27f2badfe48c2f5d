// `workbench bringup` as a child process against the virtual EC20 (real PTY, real broker).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BRINGUP_STEP_IDS } from '../../shared/bringup';
import { MQTT_DEFAULTS } from '../../shared/mqtt-options';
import { parseBringupArgs } from './bringup';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function workbench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'bringup', ...args], { cwd: root, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('workbench bringup arguments', () => {
  it('reads the server, credentials and scale', () => {
    const a = parseBringupArgs(['--port', '/dev/ttyUSB2', '--server', 'broker.example.net:8883', '--tls', '--client-id', 'id', '--username', 'u', '--password', 'p', '--timeout-scale', '2']);
    expect(a).toMatchObject({ port: '/dev/ttyUSB2', timeoutScale: 2, options: { server: { host: 'broker.example.net', port: 8883 }, tls: true, clientId: 'id', username: 'u', password: 'p' } });
  });
  it('takes every MQTT option, with the app\'s defaults when left out', () => {
    const plain = parseBringupArgs(['--port', 'p', '--server', 'h']);
    expect(plain).toMatchObject({ options: { server: { host: 'h', port: 1883 } } });
    // Nothing given means the runner applies MQTT_DEFAULTS, the same object the app's contract uses.
    expect(typeof plain === 'object' ? plain.options.keepalive : 'none').toBeUndefined();
    expect(MQTT_DEFAULTS.keepalive).toBe(60);
    const all = parseBringupArgs(['--port', 'p', '--server', 'h', '--mqtt-version', '3', '--cid', '2', '--keepalive', '30', '--no-clean-session', '--pkt-timeout', '10', '--retries', '5',
      '--will-topic', 'dev/1/status', '--will-message', 'offline', '--will-qos', '1', '--will-retain', '--recv-mode', '1,0']);
    expect(all).toMatchObject({ options: { mqttVersion: 3, cid: 2, keepalive: 30, cleanSession: false, pktTimeoutS: 10, retryTimes: 5, will: { topic: 'dev/1/status', message: 'offline', qos: 1, retain: true }, recvMode: { buffered: true, lengthField: false } } });
  });
  it('defaults the port to 8883 with --tls and reads the certificate files', () => {
    expect(parseBringupArgs(['--port', 'p', '--server', 'h', '--tls'])).toMatchObject({ options: { server: { port: 8883 }, tls: true } });
    expect(parseBringupArgs(['--port', 'p', '--server', 'h:1884', '--tls'])).toMatchObject({ options: { server: { port: 1884 } } });
    const pem = fileURLToPath(import.meta.url); // any readable file: the laptop check happens in the bring-up
    const a = parseBringupArgs(['--port', 'p', '--server', 'h', '--tls', '--ca', pem, '--client-cert', pem, '--client-key', pem, '--sni', '--ignore-local-time', '0', '--ssl-ctx', '2']);
    expect(a).toMatchObject({ options: { sslCtx: 2, tlsOptions: { sslCtx: 2, seclevel: 2, sni: true, ignoreLocalTime: false, ca: { name: 'ca.pem', replace: true }, clientCert: { name: 'client.pem' }, clientKey: { name: 'client.key' } } } });
  });
  it.each([
    [[], /--port is required/],
    [['--port', '/dev/ttyUSB2'], /--server/],
    [['--port', 'x', '--server', 'h:99999'], /HOST:PORT/],
    [['--port', 'x', '--server', 'h', '--ca', 'ca.pem'], /--ca needs --tls/],
    [['--port', 'x', '--server', 'h', '--tls', '--ca', '/no/such/ca.pem'], /no such file/],
    [['--port', 'x', '--server', 'h', '--will-qos', '1'], /--will-topic/],
    [['--port', 'x', '--server', 'h', '--clean-session', '--no-clean-session'], /contradict/],
    [['--port', 'x', '--server', 'h', '--recv-mode', '2'], /--recv-mode/],
    [['--port', 'x', '--server', 'h', '--mqtt-version', '5'], /3–4/],
    [['--port', 'x', '--server', 'h:1', '--password', 'p'], /--username/],
    [['--port', 'x', '--server', 'h:1', '--client-id', 'a"b'], /quotes/],
    [['--port', 'x', '--server', 'h:1', '--from', 'nowhere'], /unknown step/],
    [['--port', 'x', '--server', 'h:1', '--timeout-scale', '0'], /> 0/],
  ])('rejects %j', (args, msg) => {
    expect(parseBringupArgs(args)).toMatch(msg);
  });
});

describe('workbench bringup (child process)', { timeout: 90_000 }, () => {
  it('brings the virtual modem up and prints one JSON object per step and a verdict', async () => {
    const r = await workbench('--port', 'virtual', '--apn', 'internet.example', '--client-id', 'wb-cli-test', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(BRINGUP_STEP_IDS.length + 1);
    const tlsOnly = ['clock', 'tls-files', 'tls-context'];
    expect(lines.slice(0, -1).map((l) => [l.id, l.status])).toEqual(BRINGUP_STEP_IDS.map((id) => [id, tlsOnly.includes(id) ? 'skipped' : 'passed']));
    const verdict = lines.at(-1);
    expect(verdict).toMatchObject({ ok: true, step: 'ready', code: null, explanation: null });
    // What the steps found, as fields: on each step object and merged in the verdict.
    const signal = lines.find((l) => l.id === 'signal');
    expect(signal).toMatchObject({ detail: expect.stringMatching(/dBm/), data: { signal: { dbm: expect.any(Number), csq: { rssi: expect.any(Number) } } } });
    expect(verdict?.data).toMatchObject({
      imei: expect.stringMatching(/^\d{15}$/),
      registration: { state: expect.stringMatching(/^(home|roaming)$/) },
      pdp: { ip: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) },
      mqtt: { client: 0, state: 'connected' },
    });
  });
  it('stops at the step a demo fault belongs to, exiting 1 with the explanation', async () => {
    const r = await workbench('--port', 'virtual', '--fault', 'sim-missing', '--json');
    expect(r.code).toBe(1);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(last).toMatchObject({ ok: false, step: 'sim' });
    expect(String(last.code)).toMatch(/^(cme\.10|cpin\.NOT INSERTED)$/);
    expect(parseBringupArgs(['--port', '/dev/ttyUSB2', '--server', 'h:1', '--fault', 'no-network'])).toMatch(/only works with --port virtual/);
  });

  it('a server where nothing listens (127.0.0.1 port 1) stops at the open with the catalogue explanation', async () => {
    const r = await workbench('--port', 'virtual', '--server', '127.0.0.1:1', '--json');
    expect(r.code).toBe(1);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(last).toMatchObject({ ok: false, step: 'open', code: expect.stringMatching(/^qmtopen\.(5|-1)$/), explanation: expect.stringMatching(/network connection/i), nextStep: expect.stringMatching(/QPING/) });
  });

  it('exits 3 when the port cannot be opened, 2 on bad usage', async () => {
    const r = await workbench('--port', '/dev/no-such-modem', '--server', 'h:1883', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ ok: false, step: 'port', code: 'port.not-found' });
    expect((await workbench('--port')).code).toBe(2);
  });
});
