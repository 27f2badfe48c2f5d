// `workbench bringup --aliyun` as a child process against the virtual EC20, whose broker checks
// Aliyun logins like the platform: the right triple connects, a wrong secret is refused with the
// Aliyun explanation, for both ways of logging in (aliyun.md §7).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBringupArgs } from './bringup';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function workbench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'bringup', ...args], { cwd: root, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const SECRET = 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-aliyun-bringup-'));
const file = (name: string, o: object) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, JSON.stringify(o));
  return f;
};
const good = file('good.json', { ProductKey: 'a1X2bEnP82z', DeviceName: 'meter-0042', DeviceSecret: SECRET, region: 'cn-shanghai' });
const wrong = file('wrong.json', { ProductKey: 'a1X2bEnP82z', DeviceName: 'meter-0042', DeviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSX', region: 'cn-shanghai' });

describe('workbench bringup --aliyun arguments', () => {
  it('derives the server and the login from the file', () => {
    expect(parseBringupArgs(['--port', 'virtual', '--aliyun', good])).toMatchObject({ options: { server: { host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 1883 }, tls: false, clientId: expect.stringMatching(/^a1X2bEnP82z\.meter-0042\|securemode=3,signmethod=hmacsha256/), username: 'meter-0042&a1X2bEnP82z', password: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(parseBringupArgs(['--port', '/dev/ttyUSB2', '--aliyun', good, '--aliauth'])).toMatchObject({ options: { server: { port: 8883 }, tls: true, clientId: 'a1X2bEnP82z.meter-0042', aliauth: { productKey: 'a1X2bEnP82z', deviceName: 'meter-0042', deviceSecret: SECRET } } });
    expect(parseBringupArgs(['--port', 'virtual', '--aliauth'])).toMatch(/--aliauth needs --aliyun/);
    expect(parseBringupArgs(['--port', 'virtual', '--aliyun', good, '--keepalive', '10'])).toMatch(/Keepalive 10 s is outside/);
    expect(parseBringupArgs(['--port', 'virtual', '--aliyun', good, '--username', 'u'])).toMatch(/leave out --username/);
  });
});

describe('workbench bringup --aliyun against the virtual EC20 (child process)', { timeout: 90_000 }, () => {
  for (const way of ['host', 'aliauth'] as const) {
    const extra = way === 'aliauth' ? ['--aliauth'] : [];
    it(`${way}: the right triple connects`, async () => {
      const r = await workbench('--port', 'virtual', '--aliyun', good, ...extra, '--json');
      expect(r.code).toBe(0);
      const last = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
      expect(last).toMatchObject({ ok: true, step: 'ready', data: { mqtt: { state: 'connected', server: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com:1883' } } });
      expect(r.stdout).not.toContain(SECRET);
    });
    it(`${way}: a wrong secret is refused with CONNACK 4 and the Aliyun explanation`, async () => {
      const r = await workbench('--port', 'virtual', '--aliyun', wrong, ...extra);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/✗ MQTT connect/);
      expect(r.stdout).toMatch(/\+QMTCONN: 0,0,4/);
      expect(r.stdout).toMatch(/wrong DeviceSecret/);
      expect(r.stdout).toMatch(/FAILED at "connect"/);
      expect(r.stdout).not.toContain('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSX');
    });
  }
});
