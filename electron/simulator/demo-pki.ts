// A throw-away CA and server certificate for the embedded broker's TLS listener (openssl, as in
// the toolchain notes), so TLS bring-ups can be demonstrated offline: upload ca.pem with AT+QFUPL.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DemoPki {
  dir: string;
  /** PEM of the CA the host uploads as "cacert". */
  caPath: string;
  key: Buffer;
  cert: Buffer;
  /** A client certificate and key signed by the same CA, for seclevel 2 (protocol.md §4.4). */
  clientCertPath: string;
  clientKeyPath: string;
  remove(): void;
}

export function makeDemoPki(): DemoPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-demo-pki-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  try {
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=Workbench Demo CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
    fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-out', 'server.pem', '-extfile', 'san.ext']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=workbench-demo-device', '-keyout', 'client.key', '-out', 'client.csr']);
    run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-out', 'client.pem']);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`openssl could not make the demo certificates (${err instanceof Error ? err.message : String(err)}); install openssl`, { cause: err });
  }
  return {
    dir,
    caPath: path.join(dir, 'ca.pem'),
    key: fs.readFileSync(path.join(dir, 'server.key')),
    cert: fs.readFileSync(path.join(dir, 'server.pem')),
    clientCertPath: path.join(dir, 'client.pem'),
    clientKeyPath: path.join(dir, 'client.key'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
