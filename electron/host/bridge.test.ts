// The bridge over real HTTP and WebSocket on 127.0.0.1: the token and Origin/Host rules, and the
// contract round trip with validation errors that name the field.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createContractClient } from '../../shared/contract-client';
import { ok } from '../../shared/outcome';
import { startBridge, type Bridge } from './bridge';
import { createDispatch, type Services } from './dispatch';
import { EventHub } from './event-hub';

const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-static-'));
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Workbench</title>');
const calls: unknown[] = [];
const services = {
  getAppInfo: async () => ok({ mode: 'browser', version: 't', platform: 'linux', simulatorAvailable: true, journalDir: '/tmp' }),
  openPort: async (args: unknown) => {
    calls.push(args);
    return ok({ state: 'open' });
  },
} as unknown as Services;
const hub = new EventHub();
const logged: string[] = [];
let bridge: Bridge;

beforeAll(async () => {
  bridge = await startBridge({ dispatch: createDispatch(services), hub, staticDir, log: (l) => logged.push(l) });
});
afterAll(async () => {
  await bridge.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: bridge.port, path: pathAndQuery, headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Opens a WebSocket by hand, sends one raw frame, and resolves true when the bridge closes it. */
function rawFrame(frame: Buffer): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(bridge.port, '127.0.0.1');
    let upgraded = false;
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, 5000);
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(upgraded);
    });
    sock.on('data', (d) => {
      if (!upgraded && d.toString('latin1').startsWith('HTTP/1.1 101')) {
        upgraded = true;
        sock.write(frame);
      } else if (!upgraded) reject(new Error(`no upgrade: ${d.toString('latin1').split('\r\n')[0]}`));
    });
    sock.write(
      [`GET /api?token=${bridge.token} HTTP/1.1`, `Host: 127.0.0.1:${bridge.port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', '', ''].join('\r\n'),
    );
  });
}

describe('headless bridge', () => {
  it('serves the page with the token, with a CSP, and sets an asset cookie that is not the token', async () => {
    const r = await get(`/?token=${bridge.token}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain(`wb_assets_${bridge.port}=`);
    // Browsers send 127.0.0.1's cookies to every port: the token must never be in one.
    expect(setCookie).not.toContain(bridge.token);
    const assetCookie = setCookie.split(';')[0]!;
    const viaCookie = await get('/index.html', { cookie: assetCookie });
    expect(viaCookie.status).toBe(200);
    expect((await get('/index.html', { cookie: `wb_assets_${bridge.port}=${bridge.token}` })).status).toBe(403);
    expect((await get('/index.html', { cookie: `wb_token=${bridge.token}` })).status).toBe(403);
    // The asset key opens files only, never the API.
    await expect(openSocket('', { cookie: assetCookie })).rejects.toThrow(/403/);
  });

  it('never prints the token in its refusal log lines', async () => {
    logged.length = 0;
    await get(`/?token=${bridge.token}`, { origin: 'http://evil.example' });
    await expect(openSocket(`?token=${bridge.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged.join('\n')).not.toContain(bridge.token);
  });

  it('answers a malformed percent-escape in the path with 400 and keeps serving', async () => {
    const r = await get(`/%E0%A4%A?token=${bridge.token}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/malformed/);
    expect((await get(`/?token=${bridge.token}`)).status).toBe(200);
  });

  it.each([
    ['an invalid UTF-8 text frame', Buffer.from([0x81, 0x83, 1, 2, 3, 4, 0xc3 ^ 1, 0x28 ^ 2, 0xff ^ 3])],
    ['an unmasked frame', Buffer.from([0x81, 0x02, 0x7b, 0x7d])],
    ['a frame announcing more than 16 MiB', Buffer.concat([Buffer.from([0x82, 0xff]), Buffer.from([0, 0, 0, 0, 0x01, 0x10, 0, 0]), Buffer.from([1, 2, 3, 4])])],
  ])('survives %s: that socket is closed, the bridge keeps answering', async (_what, frame) => {
    logged.length = 0;
    const closed = await rawFrame(frame);
    expect(closed).toBe(true);
    expect(logged.join('\n')).toMatch(/protocol error/);
    const ws = await openSocket(`?token=${bridge.token}`);
    const client = createContractClient({ send: (t) => ws.send(t), onMessage: (fn) => ws.on('message', (d) => fn(String(d))), onClose: (fn) => ws.on('close', fn) });
    const info = await client.getAppInfo();
    expect(info.ok).toBe(true);
    ws.close();
  });

  it('refuses and logs a page request without a token, with a wrong token, or from a foreign Origin', async () => {
    const before = bridge.refusals();
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=not-the-token')).status).toBe(403);
    expect((await get(`/?token=${bridge.token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${bridge.token}`, { host: 'evil.example' })).status).toBe(403);
    expect(bridge.refusals() - before).toBe(4);
    expect(logged.join('\n')).toMatch(/no token/);
    expect(logged.join('\n')).toMatch(/wrong token/);
    expect(logged.join('\n')).toMatch(/foreign Origin "http:\/\/evil.example"/);
    expect(logged.join('\n')).toMatch(/foreign Host/);
  });

  it('refuses a WebSocket without the token, with a wrong token, or from a foreign Origin', async () => {
    const before = bridge.refusals();
    await expect(openSocket('')).rejects.toThrow(/403/);
    await expect(openSocket('?token=wrong')).rejects.toThrow(/403/);
    await expect(openSocket(`?token=${bridge.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    expect(bridge.refusals() - before).toBe(3);
  });

  it('answers contract requests over the socket and relays events', async () => {
    const ws = await openSocket(`?token=${bridge.token}`, { origin: `http://127.0.0.1:${bridge.port}` });
    const client = createContractClient({
      send: (t) => ws.send(t),
      onMessage: (fn) => ws.on('message', (d) => fn(String(d))),
      onClose: (fn) => ws.on('close', fn),
    });
    const info = await client.getAppInfo();
    expect(info.ok && info.value.mode).toBe('browser');
    const states: unknown[] = [];
    client.onPortState((s) => states.push(s));
    hub.emit('onPortState', { state: 'opening', path: '/dev/ttyUSB2' });
    await expect.poll(() => states.length).toBe(1);
    expect(states[0]).toEqual({ state: 'opening', path: '/dev/ttyUSB2' });
    ws.close();
  });

  it('rejects arguments that fail validation with a typed error naming the field, before any service runs', async () => {
    const ws = await openSocket(`?token=${bridge.token}`);
    const client = createContractClient({
      send: (t) => ws.send(t),
      onMessage: (fn) => ws.on('message', (d) => fn(String(d))),
      onClose: (fn) => ws.on('close', fn),
    });
    const before = calls.length;
    const bad = await client.openPort({ path: 42 } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problem.code).toBe('invalid-argument');
      // In the user's words: the field's label, not the code's name for it.
      expect(bad.problem.title).toBe('Device path must be text');
    }
    const unknownField = await client.openPort({ path: '/dev/ttyUSB2', baud: 9600 } as never);
    expect(!unknownField.ok && unknownField.problem.title).toContain('baud');
    const badSetting = await client.openPort({ path: '/dev/ttyUSB2', settings: { parity: 'sometimes' } } as never);
    expect(!badSetting.ok && badSetting.problem.title).toContain('settings.parity');
    expect(calls.length).toBe(before);
    const good = await client.openPort({ path: '/dev/ttyUSB2' });
    expect(good.ok).toBe(true);
    expect(calls.at(-1)).toEqual({ path: '/dev/ttyUSB2' });
    ws.close();
  });

  it('disconnects a client that stopped reading instead of buffering for it without bound', async () => {
    const small = await startBridge({ dispatch: createDispatch(services), hub, staticDir, log: (l) => logged.push(l), maxBufferedBytes: 256 * 1024 });
    try {
      logged.length = 0;
      const ws = new WebSocket(`ws://127.0.0.1:${small.port}/api?token=${small.token}`);
      await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      // The client stops reading: the server's socket buffer fills up.
      (ws as unknown as { _socket: net.Socket })._socket.pause();
      const big = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 400 && !logged.some((l) => /stopped reading/.test(l)); i++) {
        hub.emit('onPortState', { state: 'open', path: big });
        await new Promise((r) => setImmediate(r));
      }
      expect(logged.join('\n')).toMatch(/stopped reading/);
      (ws as unknown as { _socket: net.Socket })._socket.resume();
      await closed;
    } finally {
      await small.close();
    }
  });
});
