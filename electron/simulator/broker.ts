// An embedded MQTT broker (aedes 1.x) for demos and tests: plain TCP, optionally TLS, on
// 127.0.0.1 with a free port. It can refuse the next CONNECT with a real CONNACK code.
import net from 'node:net';
import tls from 'node:tls';
import { Aedes, type AedesOptions } from 'aedes';
import { verifyAliyunConnect, type AliyunDevice } from './aliauth';
import { attachAliyunPlatform, noteAliyunLogin } from './aliyun-platform';

export interface EmbeddedBroker {
  /** mqtt://127.0.0.1:<port> */
  url: string;
  /** mqtts://127.0.0.1:<port> when TLS was asked for. */
  tlsUrl?: string;
  aedes: Aedes;
  /** The broker refuses the next CONNECT with this CONNACK code (aedes can send 2-5). */
  refuseNext(code: 2 | 3 | 4 | 5): void;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer; requestCert?: boolean };
  authenticate?: AedesOptions['authenticate'];
  /**
   * Check CONNECTs whose client ID has the Aliyun `id|params|` form against these devices, as the
   * Aliyun platform would (CONNACK 4 on a bad signature); other clients are let in.
   */
  aliyunDevices?: readonly AliyunDevice[];
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const refusals: number[] = [];
  const aedes = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const code = refusals.shift();
      if (code !== undefined) return done(Object.assign(new Error('refused'), { returnCode: code }), false);
      if (opts.authenticate) return opts.authenticate(client, username, password, done);
      if (opts.aliyunDevices && client.id.includes('|')) {
        const rc = verifyAliyunConnect(opts.aliyunDevices, client.id, username ?? '', password?.toString('utf8') ?? '');
        if (rc !== 0) return done(Object.assign(new Error('bad signature'), { returnCode: rc }), false);
        noteAliyunLogin(client, username ?? '');
      }
      done(null, true);
    },
  });
  if (opts.aliyunDevices) attachAliyunPlatform(aedes);
  const plain = net.createServer(aedes.handle);
  const servers: net.Server[] = [plain];
  const port = await listen(plain);
  let tlsUrl: string | undefined;
  if (opts.tls) {
    const secure = tls.createServer(
      { key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca, requestCert: opts.tls.requestCert, rejectUnauthorized: opts.tls.requestCert ?? false },
      aedes.handle,
    );
    servers.push(secure);
    tlsUrl = `mqtts://127.0.0.1:${await listen(secure)}`;
  }
  // Connections that die mid-handshake (a fault, a refused TLS) must not crash the process.
  for (const s of servers) s.on('tlsClientError', () => undefined);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    tlsUrl,
    aedes,
    refuseNext: (code) => void refusals.push(code),
    close: async () => {
      for (const s of servers) s.close();
      await new Promise<void>((r) => aedes.close(() => r()));
    },
  };
}
