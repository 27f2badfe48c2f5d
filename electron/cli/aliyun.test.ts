// `workbench aliyun sign` against published vectors, and `workbench aliyun check` on pasted text.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { signFromArgs, type SignCliResult } from './aliyun';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function workbench(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'aliyun', ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

const signed = (args: string[]): SignCliResult => {
  const r = signFromArgs(args);
  if (typeof r === 'string' || !('result' in r)) throw new Error(`not signed: ${String(r)}`);
  return r.result;
};

/**
 * Published vectors: each names where it was published. Only hmacsha1 vectors with the expected
 * digest are published (Aliyun's own page and the community examples); for hmacsha256 and hmacmd5
 * no public vector with its digest was found, so those are cross-checked with OpenSSL below.
 */
const PUBLISHED = [
  {
    // Aliyun documentation, "MQTT-TCP connection" (help.aliyun.com document 73742), its signing example; aliyun.md §6 V1.
    source: 'help.aliyun.com/document_detail/73742',
    args: ['--product-key', 'pk', '--device-name', 'device', '--device-secret', 'secret', '--client-id', '12345', '--timestamp', '789', '--method', 'hmacsha1', '--secure-mode', '3'],
    content: 'clientId12345deviceNamedeviceproductKeypktimestamp789',
    password: 'FAFD82A3D602B37FB0FA8B7892F24A477F851A14',
  },
  {
    // "基于开源MQTT自主接入阿里云IoT平台" (Aliyun IoT developer community, author wongxmig), §2 三元组接入示例,
    // republished at https://553668.com/manong/261125.html and blog.csdn.net/weixin_30435261/article/details/101112614.
    source: 'https://553668.com/manong/261125.html',
    args: ['--product-key', 'a14Xib5kdYd', '--device-name', 'light1983432', '--device-secret', 'oLyaKqVxtRvjH284LdhqVgVUx1UPy6zq', '--client-id', 'SN1928339', '--timestamp', '1539421321846', '--method', 'hmacsha1', '--secure-mode', '3'],
    clientId: 'SN1928339|securemode=3,signmethod=hmacsha1,timestamp=1539421321846|',
    username: 'light1983432&a14Xib5kdYd',
    content: 'clientIdSN1928339deviceNamelight1983432productKeya14Xib5kdYdtimestamp1539421321846',
    password: 'b2488041f64f425016b467ee1c94959ebd592ad1',
  },
  {
    // GitHub yaolong-li/01.F103------, App/mqtt/mqtt_config.h: a device's own published credentials.
    source: 'github.com/yaolong-li/01.F103------/blob/HEAD/App/mqtt/mqtt_config.h',
    args: ['--product-key', 'a1c8iNLOevX', '--device-name', 'little', '--device-secret', 'ef87008b74300d18c90dc4ca40c35d08', '--client-id', '34EAE7244CEF', '--timestamp', '789', '--method', 'hmacsha1', '--secure-mode', '3'],
    clientId: '34EAE7244CEF|securemode=3,signmethod=hmacsha1,timestamp=789|',
    username: 'little&a1c8iNLOevX',
    content: 'clientId34EAE7244CEFdeviceNamelittleproductKeya1c8iNLOevXtimestamp789',
    password: '1e86943bd413ee21c8d6072c3b8e66dec1a49d7a',
  },
  {
    // "MQTT---Connect" (haichuangdianzi, 2022-07-15), https://yzsam.com/html/zdtQVx.html: clientId = DeviceName, no timestamp.
    source: 'https://yzsam.com/html/zdtQVx.html',
    args: ['--product-key', 'a1Ze3BcsQ5x', '--device-name', 'XP001', '--device-secret', 'amzS2Q9siGHpSVDVhvDV43661DmfdXtW', '--client-id', 'XP001', '--method', 'hmacsha1', '--secure-mode', '3'],
    clientId: 'XP001|securemode=3,signmethod=hmacsha1|',
    username: 'XP001&a1Ze3BcsQ5x',
    content: 'clientIdXP001deviceNameXP001productKeya1Ze3BcsQ5x',
    password: 'cc4e388e7f1ea1e5bdaf15891b76f2dfcfeffb06',
  },
];

describe('workbench aliyun sign: published hmacsha1 vectors', () => {
  it.each(PUBLISHED)('$source', (v) => {
    const r = signed(v.args);
    expect(r.content).toBe(v.content);
    expect(r.password).toBe(v.password.toLowerCase());
    if (v.clientId) expect(r.clientId).toBe(v.clientId);
    if (v.username) expect(r.username).toBe(v.username);
  });
});

/** OpenSSL's HMAC, an implementation independent of Node's, fed the content on stdin. */
function openssl(hash: string, key: string, content: string): string {
  const r = spawnSync('openssl', ['dgst', `-${hash}`, '-hmac', key], { input: content, encoding: 'utf8' });
  return /=\s*([0-9a-f]+)\s*$/i.exec(r.stdout)?.[1] ?? `openssl failed: ${r.stderr}`;
}

describe('workbench aliyun sign: hmacsha256 and hmacmd5 (no published vector) agree with OpenSSL', () => {
  const device = ['--product-key', 'a1X2bEnP82z', '--device-name', 'meter-0042', '--device-secret', 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe'];
  it.each([
    ['hmacsha256', 'sha256', 64],
    ['hmacmd5', 'md5', 32],
    ['hmacsha1', 'sha1', 40],
  ] as const)('%s', (method, hash, length) => {
    for (const extra of [[], ['--timestamp', '2524608000000'], ['--client-id', '867586040001234', '--timestamp', '1700000000000']]) {
      const r = signed([...device, '--method', method, ...extra]);
      expect(r.password).toHaveLength(length);
      expect(r.password).toBe(openssl(hash, 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe', r.content));
      expect(r.clientId).toMatch(new RegExp(`\\|securemode=2,signmethod=${method}(,timestamp=\\d+)?\\|$`));
    }
  });
  it('hmacsha256 is the default and the console-style clientId is <pk>.<dn>', () => {
    const r = signed(device);
    expect(r.clientId).toBe('a1X2bEnP82z.meter-0042|securemode=2,signmethod=hmacsha256|');
    expect(r.content).toBe('clientIda1X2bEnP82z.meter-0042deviceNamemeter-0042productKeya1X2bEnP82z');
  });
  it('refuses what cannot be signed, naming the option', () => {
    expect(signFromArgs(['--device-name', 'meter-0042', '--device-secret', 'x'])).toBe('--product-key is required');
    expect(signFromArgs([...device, '--method', 'sha256'])).toMatch(/--method must be one of/);
    expect(signFromArgs(['--product-key', 'a1X2bEnP82z', '--device-name', 'me', '--device-secret', 'x'])).toMatch(/^--device-name must be 4 to 32/);
    expect(signFromArgs([...device, '--client-id', 'a|securemode=2|'])).toMatch(/bare id/);
  });
});

describe('workbench aliyun (child process)', { timeout: 60_000 }, () => {
  it('sign --json prints exactly clientId, username, password and content', async () => {
    const r = await workbench(['sign', '--product-key', 'pk', '--device-name', 'device', '--device-secret', '-', '--client-id', '12345', '--timestamp', '789', '--method', 'hmacsha1', '--secure-mode', '3', '--json'], 'secret\n');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, string>;
    expect(Object.keys(o)).toEqual(['clientId', 'username', 'password', 'content']);
    expect(o).toEqual({ clientId: '12345|securemode=3,signmethod=hmacsha1,timestamp=789|', username: 'device&pk', password: 'fafd82a3d602b37fb0fa8b7892f24a477f851a14', content: 'clientId12345deviceNamedeviceproductKeypktimestamp789' });
  });

  it('check: a good certificate passes, a classic mistake fails naming its fix, the secret is never printed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-aliyun-'));
    const good = path.join(dir, 'cert.json');
    fs.writeFileSync(good, JSON.stringify({ ProductKey: 'a1X2bEnP82z', DeviceName: 'meter-0042', DeviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe' }));
    const ok = await workbench(['check', good, '--region', 'cn-shanghai', '--json']);
    expect(ok.code).toBe(0);
    const o = JSON.parse(ok.stdout) as { ok: boolean; plan: Record<string, unknown> };
    expect(o.ok).toBe(true);
    expect(o.plan).toMatchObject({ host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 8883, tls: true, username: 'meter-0042&a1X2bEnP82z' });
    expect(ok.stdout).not.toContain('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe');

    const bad = await workbench(['check', '-', '--region', 'cn-shangai', '--keepalive', '20'], 'a1X2bEnP82z meter-0042 ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/Did you mean "cn-shanghai"/);
    expect(bad.stdout).toMatch(/Keepalive 20 s is outside Aliyun's 30–1200 s/);
    expect(bad.stdout).not.toContain('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe');

    const params = JSON.stringify({ clientId: 'a1X2bEnP82z.meter-0042|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|', username: 'meter-0042&a1X2bEnP82z', mqttHostUrl: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', passwd: 'ab'.repeat(32), port: 1883 });
    const aliauth = await workbench(['check', '-', '--aliauth'], params);
    expect(aliauth.code).toBe(1);
    expect(aliauth.stdout).toMatch(/carry no DeviceSecret/);
    expect((await workbench(['check'])).code).toBe(2);
    expect((await workbench(['nope'])).code).toBe(2);
  });
});
