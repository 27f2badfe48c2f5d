// The contract over HTTP + WebSocket on 127.0.0.1, for running the workbench in a browser (and for
// every browser test). Guarded by a per-run token and by Host/Origin checks: a page from another
// site, or a process without the token, gets nothing but a refusal, and the refusal is logged.
//
// The token itself never travels in a cookie: browsers send 127.0.0.1's cookies to every port, so
// any other local server would receive it. The page's assets are fetched with a separate asset key
// (the cookie), which opens static files only; the API socket needs the token itself. No bad
// request, malformed frame or failing service may end the process: the modem's port and the
// journal live in it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_WS_PATH, assetCookieName, type ClientMessage, type ServerMessage } from '../../shared/bridge-protocol';
import { fail, problem } from '../../shared/outcome';
import type { Dispatch } from './dispatch';
import type { EventHub } from './event-hub';

export interface BridgeOptions {
  dispatch: Dispatch;
  hub: EventHub;
  /** Folder of the built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /**
   * Most bytes a client may leave unread before it is disconnected (default 64 MiB): a stalled
   * page must not make the workbench buffer a busy modem's log without bound. The page reloads
   * what it missed from the journal when it connects again.
   */
  maxBufferedBytes?: number;
  log?: (line: string) => void;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  /** Number of refused requests and sockets so far (also logged). */
  refusals(): number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// No 'unsafe-inline' anywhere: React sets styles through the CSSOM, which CSP does not block, and the
// built page links its stylesheet. (The e2e suite fails on any CSP violation.)
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** A request URL as it may be logged: the token's value is never printed. */
export function loggableUrl(raw: string | undefined): string {
  return (raw ?? '').replace(/([?&]token=)[^&#]*/gi, '$1…');
}

/** The decoded path, or undefined for a malformed percent-escape (answered 400, never thrown). */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const assetKey = crypto.randomBytes(24).toString('base64url');
  const maxBuffered = opts.maxBufferedBytes ?? 64 * 1024 * 1024;
  const log = opts.log ?? ((line: string) => process.stderr.write(`[bridge] ${line}\n`));
  const staticRoot = path.resolve(opts.staticDir);
  let refused = 0;
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /**
   * Returns a reason to refuse, or undefined when the request may go on. Static files accept the
   * asset cookie instead of the token; the API socket only the token.
   */
  function check(req: http.IncomingMessage, url: URL, what: 'page' | 'api'): string | undefined {
    // A foreign Host means DNS rebinding or a proxy: refuse before anything else.
    if (!allowedHosts().has(req.headers.host ?? '')) return `foreign Host "${req.headers.host ?? ''}"`;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return `foreign Origin "${origin}"`;
    const given = url.searchParams.get('token');
    if (given !== null) return sameToken(given, token) ? undefined : 'wrong token';
    if (what === 'api') return 'no token';
    const cookie = cookieValue(req.headers.cookie, assetCookieName(port));
    if (cookie === undefined) return 'no token';
    return sameToken(cookie, assetKey) ? undefined : 'wrong asset key';
  }

  function refuse(what: string, reason: string, req: http.IncomingMessage): void {
    refused++;
    log(`refused ${what} ${loggableUrl(req.url)} from ${req.socket.remoteAddress ?? '?'}: ${reason}`);
  }

  const server = http.createServer((req, res) => {
    // WHATWG URL parsing does not throw on a path, only on a broken base; stay defensive anyway.
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request\n');
      return;
    }
    const reason = check(req, url, 'page');
    if (reason) {
      refuse('HTTP request', reason, req);
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Refused: ${reason}. Open the exact URL the workbench printed (it carries the token).\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const rel = url.pathname === '/' ? '/index.html' : decodedPath(url.pathname);
    if (rel === undefined) {
      log(`answered 400 to a malformed path ${loggableUrl(req.url)}`);
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request: malformed percent-escape in the path\n');
      return;
    }
    const file = path.resolve(staticRoot, '.' + rel);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (url.searchParams.has('token')) headers['set-cookie'] = `${assetCookieName(port)}=${assetKey}; Path=/; HttpOnly; SameSite=Strict`;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else {
      const stream = fs.createReadStream(file);
      stream.on('error', (err) => {
        log(`could not read ${path.relative(staticRoot, file)}: ${err.message}`);
        res.destroy();
      });
      stream.pipe(res);
    }
  });
  // A malformed HTTP request (bad header, oversized header) closes that connection, not the process.
  server.on('clientError', (err, socket) => {
    log(`closed a malformed HTTP request: ${err.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  wss.on('error', (err) => log(`WebSocket server error: ${err.message}`));
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (err) => log(`upgrade socket error: ${err.message}`));
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      socket.destroy();
      return;
    }
    const reason = url.pathname !== BRIDGE_WS_PATH ? `unknown path ${url.pathname}` : check(req, url, 'api');
    if (reason) {
      refuse('WebSocket', reason, req);
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const send = (m: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        log(`closed a WebSocket whose client stopped reading (${Math.round(ws.bufferedAmount / 1048576)} MiB unread)`);
        ws.close(1013, 'client too slow: reload the page');
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(m));
    };
    const off = opts.hub.on((name, payload) => send({ t: 'evt', name, payload }));
    ws.on('close', off);
    // Invalid UTF-8, an unmasked or an oversized frame: ws closes this socket with the right code and
    // reports it here. Without this listener the error would end the whole process.
    ws.on('error', (err) => log(`closed a WebSocket after a protocol error: ${err.message}`));
    ws.on('message', (data) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(String(data)) as ClientMessage;
      } catch {
        log('ignored a WebSocket message that is not JSON');
        return;
      }
      if (msg?.t !== 'req' || typeof msg.id !== 'number' || typeof msg.name !== 'string') {
        log('ignored a WebSocket message that is not a request');
        return;
      }
      opts.dispatch(msg.name, msg.args).then(
        (result) => send({ t: 'res', id: msg.id, result }),
        (err: unknown) => {
          // The dispatcher answers service throws itself; this only guards the bridge's own process.
          log(`request ${msg.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          send({ t: 'res', id: msg.id, result: fail(problem('internal', `The workbench failed while handling ${msg.name}`, String(err), 'Export the session and report it.')) });
        },
      );
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    refusals: () => refused,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
