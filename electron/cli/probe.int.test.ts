// `workbench probe` as a child process against a real mosquitto: a JSON line per stage, then the
// verdict object; exit 0 accepted, 1 a stage failed, 2 bad usage. The password never printed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { makeTestPki, type TestPki } from '../../test-support/tls-pki';
import { probeSettingsFromArgs } from './probe';

const root = path.resolve(import.meta.dirname, '../..');
function workbench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'probe', ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

let pki: TestPki;
let broker: Mosquitto;
let locked: Mosquitto;
let tlsPort = 0;

beforeAll(async () => {
  if (!hasMosquitto) return;
  pki = makeTestPki();
  tlsPort = await freePort();
  broker = await startMosquitto({ extraConfig: pki.listener(tlsPort) });
  locked = await startMosquitto({ users: { 'device-7': 'right-password' } });
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  await locked?.stop();
  pki?.remove();
});

describe.skipIf(!hasMosquitto)('workbench probe (child process)', { timeout: 60_000 }, () => {
  it('TLS with the right CA: five stage lines, then {ok: true}; exit 0', async () => {
    const r = await workbench('--server', `localhost:${tlsPort}`, '--tls', '--ca', pki.ca, '--json');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.slice(0, 5).map((l) => [l.stage, l.status])).toEqual([['dns', 'passed'], ['tcp', 'passed'], ['tls', 'passed'], ['mqtt', 'passed'], ['roundtrip', 'skipped']]);
    expect(out[2]).toMatchObject({ tls: { caVerifies: true, hostMatches: true, chain: expect.arrayContaining([expect.objectContaining({ role: 'server', subject: 'CN=localhost' })]) } });
    expect(out[5]).toEqual({ ok: true, stage: 'mqtt', code: null, explanation: null });
  });

  it('TLS with a wrong CA: the TLS stage fails with the catalogue code; exit 1', async () => {
    const r = await workbench('--server', `localhost:${tlsPort}`, '--tls', '--ca', pki.otherCa, '--json');
    expect(r.code).toBe(1);
    expect(lines(r.stdout).at(-1)).toMatchObject({ ok: false, stage: 'tls', code: 'tls.ca-not-issuer', explanation: expect.stringMatching(/did not sign/) });
  });

  it('a wrong password is refused at CONNECT; the password is not printed; exit 1', async () => {
    const r = await workbench('--server', `127.0.0.1:${locked.port}`, '--username', 'device-7', '--password', 'wrong-secret-pw', '--json');
    expect(r.code).toBe(1);
    expect(lines(r.stdout).at(-1)).toMatchObject({ ok: false, stage: 'mqtt', code: expect.stringMatching(/^connack\.[45]$/) });
    expect(r.stdout + r.stderr).not.toContain('wrong-secret-pw');
    const good = await workbench('--server', `127.0.0.1:${locked.port}`, '--username', 'device-7', '--password', 'right-password', '--roundtrip', 'probe/rt');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/✔ Subscribe and publish/);
  });

  it('a closed port: exit 1 at TCP', async () => {
    const r = await workbench('--server', `127.0.0.1:${await freePort()}`, '--json');
    expect(r.code).toBe(1);
    expect(lines(r.stdout).at(-1)).toMatchObject({ ok: false, stage: 'tcp', code: 'laptop.tcp-refused' });
  });

  it('--lang zh-CN: the stage lines and the verdict in Chinese; --json the same in both languages', async () => {
    const port = await freePort();
    const zh = await workbench('--server', `127.0.0.1:${port}`, '--lang', 'zh-CN');
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain(`✖ TCP 连接 (`);
    expect(zh.stdout).toContain(`到 127.0.0.1:${port} 的 TCP 连接被拒绝：该端口没有服务在监听`);
    expect(zh.stdout).toContain('– MQTT CONNECT (0 ms): 未执行：之前的阶段已失败');
    expect(zh.stdout).toMatch(/失败于TCP 连接：服务器拒绝了 TCP 连接/);
    const good = await workbench('--server', `127.0.0.1:${broker.port}`, '--roundtrip', 'probe/zh', '--lang', 'zh-CN');
    expect(good.stdout).toContain('✔ MQTT CONNECT (');
    expect(good.stdout).toContain('CONNACK 0：连接已接受');
    expect(good.stdout).toContain('已订阅“probe/zh”，发布并收回了消息');
    const noMs = (out: string) => out.replace(/"ms":\d+/g, '');
    const [en, cn] = await Promise.all([workbench('--server', `127.0.0.1:${port}`, '--json'), workbench('--server', `127.0.0.1:${port}`, '--json', '--lang', 'zh-CN')]);
    expect(noMs(cn.stdout)).toBe(noMs(en.stdout));
    expect(lines(en.stdout)[1]).toMatchObject({ detail: `TCP to 127.0.0.1:${port} refused: nothing listens there` });
  });

  it('bad usage: exit 2 with one line naming the mistake', async () => {
    expect((await workbench()).code).toBe(2);
    const r = await workbench('--server', 'h:1', '--client-cert', 'x.pem');
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/--client-cert and --client-key go together/) });
  });
});

describe('probeSettingsFromArgs', () => {
  it('takes the default ports and the modem\'s defaults', () => {
    expect(probeSettingsFromArgs(['--server', 'broker.example.net', '--client-id', 'x'])).toMatchObject({ host: 'broker.example.net', port: 1883, tls: false, mqttVersion: 4, keepalive: 60, cleanSession: true, clientId: 'x' });
    expect(probeSettingsFromArgs(['--server', 'broker.example.net', '--tls', '--sni', 'sni.example.net'])).toMatchObject({ port: 8883, tls: true, tlsOptions: { seclevel: 0, sni: true, sniName: 'sni.example.net' } });
    expect(probeSettingsFromArgs(['--server', '[::1]:1884', '--mqtt-version', '3'])).toMatchObject({ host: '::1', port: 1884, mqttVersion: 3 });
  });
  it('refuses --aliyun with --password, and a port out of range', () => {
    expect(probeSettingsFromArgs(['--aliyun', 'f.json', '--password', 'p'])).toMatch(/--aliyun brings its own credentials/);
    expect(probeSettingsFromArgs(['--server', 'h:70000'])).toMatch(/1–65535/);
    expect(probeSettingsFromArgs(['--server', 'h', '--mqtt-version', '5'])).toMatch(/mqtt-version/);
  });
});

describe('probeSettingsFromArgs --aliyun', () => {
  it('signs on the host side from the pasted triple: server, TLS, client ID and credentials come from it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-probe-ali-'));
    const file = path.join(dir, 'device.txt');
    fs.writeFileSync(file, 'a1X2bEnP82z meter-0042 ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe');
    try {
      const s = probeSettingsFromArgs(['--aliyun', file, '--server', 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com:8883', '--tls']);
      if (typeof s === 'string' || 'help' in s) throw new Error(String(s));
      expect(s).toMatchObject({ host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 8883, tls: true, username: 'meter-0042&a1X2bEnP82z', clientId: expect.stringMatching(/^a1X2bEnP82z\.meter-0042\|securemode=2/) });
      expect(s.password).toMatch(/^[0-9a-f]{64}$/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
