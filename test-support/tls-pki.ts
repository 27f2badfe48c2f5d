// Throw-away certificates for the TLS tests (openssl, as electron/simulator/demo-pki.ts): a CA, a
// second unrelated CA, a server certificate for localhost/127.0.0.1, the same server expired, a
// client certificate and key signed by the CA, and the mosquitto.conf lines of a TLS listener.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  /** File paths. */
  ca: string;
  otherCa: string;
  serverCert: string;
  serverKey: string;
  expiredServerCert: string;
  clientCert: string;
  clientKey: string;
  /** A key that belongs to no certificate here. */
  strayKey: string;
  read(file: string): Buffer;
  /** mosquitto.conf lines for a TLS listener on `port` (put them in startMosquitto's extraConfig). */
  listener(port: number, o?: { expired?: boolean; requireCertificate?: boolean }): string;
  remove(): void;
}

export function makeTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-test-pki-'));
  fs.chmodSync(dir, 0o755);
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const f = (n: string) => path.join(dir, n);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=Workbench Test CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=Some Other CA', '-keyout', 'other-ca.key', '-out', 'other-ca.pem']);
  fs.writeFileSync(f('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-out', 'server.pem', '-extfile', 'san.ext']);
  // `openssl ca` is the 3.0 way to give a certificate dates in the past.
  fs.writeFileSync(f('index.txt'), '');
  fs.writeFileSync(f('serial'), '1000\n');
  fs.writeFileSync(f('ca.cnf'), '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n');
  run(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'server.csr', '-out', 'expired.pem', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-extfile', 'san.ext', '-notext']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=wb-device-1', '-keyout', 'client.key', '-out', 'client.csr']);
  run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-out', 'client.pem']);
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'stray.key']);
  for (const n of fs.readdirSync(dir)) fs.chmodSync(f(n), 0o644);
  return {
    dir,
    ca: f('ca.pem'),
    otherCa: f('other-ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    expiredServerCert: f('expired.pem'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
    strayKey: f('stray.key'),
    read: (file) => fs.readFileSync(file),
    listener: (port, o = {}) =>
      [`listener ${port} 127.0.0.1`, `cafile ${f('ca.pem')}`, `certfile ${o.expired ? f('expired.pem') : f('server.pem')}`, `keyfile ${f('server.key')}`, `require_certificate ${o.requireCertificate ? 'true' : 'false'}`].join('\n'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
