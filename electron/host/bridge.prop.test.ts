// The bridge fuzzed over real HTTP and WebSocket on 127.0.0.1: request paths and header values of
// any form (percent signs, unicode, '..', control bytes, very long), and WebSocket messages of any
// shape (text and binary, JSON and not, requests with wrong names and arguments). The process
// never crashes, every HTTP request gets a status, every well-formed request a typed outcome, and
// the bridge keeps serving afterwards. The properties are shared with bench/fuzz.bench.ts.
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeMessage, openBridgeHarness, type BridgeHarness } from '../../test-support/fuzz-properties';

let h: BridgeHarness;
beforeAll(async () => {
  h = await openBridgeHarness();
});
afterAll(async () => {
  await h.close();
});

/**
 * Sends one HTTP/1.1 request as raw bytes (no client-side checks; it asks the server to close)
 * and resolves with the first status code (0 when none came) and everything the server sent.
 */
function rawRequest(head: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const sock = net.connect(h.bridge.port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const done = () => {
      clearTimeout(timer);
      sock.destroy();
      const text = got.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text });
    };
    const timer = setTimeout(done, 5_000);
    sock.on('error', () => {});
    sock.on('data', (d) => (got = Buffer.concat([got, d])));
    sock.on('close', done);
    sock.write(head);
  });
}

const host = () => `127.0.0.1:${h.bridge.port}`;

const pathPart = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.stringMatching(/^[A-Za-z0-9._~%-]{0,30}$/),
  fc.constantFrom('%', '%%', '%E0%A4%A', '%00', '%2e%2e/', '..', '../..', '/..%2f', '%c0%ae', '\\..\\', '//', 'index.html', '?', '#', ';', '%uD800'),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'a'.repeat(n)),
);
const requestPath = fc.oneof(
  { arbitrary: fc.array(pathPart, { minLength: 1, maxLength: 4 }).map((parts) => '/' + parts.join('/')), weight: 4 },
  { arbitrary: fc.constantFrom('/', '/index.html', '/./index.html', '/x/../index.html', '/%69ndex.html'), weight: 1 },
);
const headerValue = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', ' ', '\t', '\0', 'http://evil.example', 'null'));
const tokenQuery = fc.constantFrom('none', 'right', 'right', 'right', 'wrong');

describe('bridge HTTP (fuzzed)', () => {
  it('answers every request with a status, whatever its path and header values, and keeps serving', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        requestPath,
        tokenQuery,
        fc.record({
          // Mostly the right Host and no Origin, so most requests get past the gates to the files.
          host: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: headerValue, weight: 1 }),
          origin: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.constant('same'), weight: 1 }, { arbitrary: headerValue, weight: 1 }),
          cookie: fc.option(headerValue, { freq: 2 }),
          other: fc.option(headerValue, { freq: 2 }),
        }),
        fc.oneof({ arbitrary: fc.constant('GET'), weight: 5 }, { arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'OPTIONS', 'G\u00e9T', 'get'), weight: 2 }),
        async (p, tok, hd, method) => {
          const query = tok === 'none' ? '' : `${p.includes('?') ? '&' : '?'}token=${tok === 'right' ? h.bridge.token : 'x'}`;
          const lines = [`${method} ${p}${query} HTTP/1.1`, `Host: ${hd.host ?? host()}`, 'Connection: close'];
          if (hd.origin !== null) lines.push(`Origin: ${hd.origin === 'same' ? `http://${host()}` : hd.origin}`);
          if (hd.cookie !== null) lines.push(`Cookie: ${hd.cookie}`);
          if (hd.other !== null) lines.push(`X-Fuzz: ${hd.other}`);
          const { status } = await rawRequest(Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'));
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(600);
          seen.add(status);
        },
      ),
      { numRuns: 200 },
    );
    const ok = await rawRequest(Buffer.from(`GET /?token=${h.bridge.token} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`));
    expect(ok.status).toBe(200);
    // The inputs reach every gate: malformed requests, refusals, missing files, served pages.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 403, 404]));
  });

  it('a path with the token that climbs out of the static folder serves nothing outside it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '..%2f..', '..%5c..', 'etc', 'passwd', '%00'), { minLength: 1, maxLength: 6 }), async (parts) => {
        const { status, text } = await rawRequest(Buffer.from(`GET /${parts.join('/')}?token=${h.bridge.token} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`));
        // '..' segments that URL parsing folds away may land on the page itself, never elsewhere.
        if (status === 200) expect(text).toContain('<!doctype html><title>Workbench</title>');
        else expect([400, 404]).toContain(status);
      }),
      { numRuns: 60 },
    );
  });
});

describe('bridge WebSocket (fuzzed)', () => {
  it('answers every well-formed request with a typed outcome, ignores the rest, and keeps serving', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(bridgeMessage, { minLength: 1, maxLength: 6 }), async (messages) => {
        answered += await h.exchange(messages);
      }),
      { numRuns: 200 },
    );
    expect(answered).toBeGreaterThan(200);
    // Still serving: a plain request on the same socket is answered.
    await h.exchange(['{"t":"req","id":0,"name":"getAppInfo"}']);
    expect(h.logged.join('\n')).not.toContain(h.bridge.token);
  });
});
