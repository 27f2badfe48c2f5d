// Fetches a TLS server's certificate chain from the laptop, without trusting it, so the CA and the
// names can be checked before the modem tries (cert-check.ts). The laptop's path to the server may
// differ from the modem's: a failure here is a note, never a verdict.
import tls from 'node:tls';
import { isIP } from 'node:net';

export type ProbeResult = { ok: true; chain: Uint8Array[] } | { ok: false; reason: string };

export function fetchServerChain(host: string, port: number, timeoutMs = 4_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(r);
    };
    // Not verified on purpose: the point is to look at what the server presents.
    const socket = tls.connect({ host, port, rejectUnauthorized: false, ...(isIP(host) ? {} : { servername: host }) }, () => {
      const chain: Uint8Array[] = [];
      let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (c?.raw && !seen.has(c.fingerprint256)) {
        seen.add(c.fingerprint256);
        chain.push(new Uint8Array(c.raw));
        c = c.issuerCertificate;
      }
      done(chain.length ? { ok: true, chain } : { ok: false, reason: 'the server sent no certificate' });
    });
    socket.setTimeout(timeoutMs, () => done({ ok: false, reason: `no TLS answer within ${timeoutMs / 1000} s` }));
    socket.on('error', (err) => done({ ok: false, reason: err.message }));
  });
}
