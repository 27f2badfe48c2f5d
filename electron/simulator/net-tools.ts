// The simulated module's IP stack on the laptop's network: name resolution with the context's DNS
// servers, AT+QPING, and the TLS options an EC2x offers (protocol.md §4.3, §4.4).
import dns from 'node:dns';
import net from 'node:net';
import type { SecureVersion } from 'node:tls';
import type { NetEvent } from './step';

/** An error carrying the module's answer code. */
export class NetFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The address of `host`: an IP as given; a name through the servers set with AT+QIDNSCFG (`servers`),
 * or, with none set, through the laptop's resolver (the network's DNS, /etc/hosts included). IPv4
 * first: the default PDP context is IPv4 (protocol.md §4.3 <context_type> 1).
 */
export async function resolveHost(host: string, servers?: readonly string[]): Promise<string> {
  if (net.isIP(host)) return host;
  try {
    if (servers) {
      if (servers.length === 0) throw new NetFailure('ENOTFOUND', 'no DNS server set');
      const r = new dns.promises.Resolver({ timeout: 3000, tries: 2 });
      r.setServers([...servers]);
      const v4 = await r.resolve4(host).catch(() => [] as string[]);
      const found = v4[0] ?? (await r.resolve6(host))[0];
      if (!found) throw new NetFailure('ENOTFOUND', `${host} has no address`);
      return found;
    }
    const v4 = await dns.promises.lookup(host, { family: 4 }).catch(() => undefined);
    return (v4 ?? (await dns.promises.lookup(host))).address;
  } catch (err) {
    if (err instanceof NetFailure) throw err;
    throw new NetFailure('ENOTFOUND', err instanceof Error ? err.message : String(err));
  }
}

/** DNS servers the laptop uses: what the simulated network hands out on PDP activation. */
export function laptopDnsServers(): [string, string] {
  const s = dns.getServers().map((x) => x.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/:53$/, ''));
  return [s[0] ?? '0.0.0.0', s[1] ?? '0.0.0.0'];
}

/**
 * One echo of AT+QPING. ICMP needs privileges a desktop app does not have, so an echo is a TCP
 * connection attempt to port 80 of the address: any answer (SYN-ACK, or a reset from a closed port)
 * proves the host reachable and gives the round trip; silence until the timeout is a lost echo.
 * Simulated: the TTL (64) and the 32-byte size, which TCP does not show.
 */
export function tcpEcho(address: string, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect({ host: address, port: 80 });
    const done = (answered: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered ? Math.max(1, Math.round(performance.now() - t0)) : undefined);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET'));
  });
}

/**
 * Runs AT+QPING: resolves the host (565 on failure), then `count` echoes one second apart (scaled by
 * `speed`), each reported as it comes (569 when lost), then the summary (protocol.md §4.3, quirk 20).
 */
export async function runPing(
  op: { host: string; timeoutS: number; count: number; dns?: string[] },
  speed: number,
  report: (e: NetEvent) => void,
  alive: () => boolean,
): Promise<void> {
  let address: string;
  try {
    address = await resolveHost(op.host, op.dns);
  } catch {
    if (alive()) report({ type: 'qping-done', result: 565 });
    return;
  }
  const times: number[] = [];
  for (let n = 0; n < op.count; n++) {
    if (n > 0) await new Promise((r) => setTimeout(r, 1000 * speed));
    if (!alive()) return;
    const ms = await tcpEcho(address, op.timeoutS * 1000);
    if (!alive()) return;
    if (ms === undefined) report({ type: 'qping-reply', result: 569 });
    else {
      times.push(ms);
      report({ type: 'qping-reply', result: 0, ip: address, bytes: 32, timeMs: ms, ttl: 64 });
    }
  }
  const rcvd = times.length;
  report({
    type: 'qping-done',
    result: 0,
    sent: op.count,
    rcvd,
    lost: op.count - rcvd,
    min: rcvd ? Math.min(...times) : 0,
    max: rcvd ? Math.max(...times) : 0,
    avg: rcvd ? Math.round(times.reduce((a, b) => a + b, 0) / rcvd) : 0,
  });
}

/** OpenSSL names of the QSSLCFG "ciphersuite" codes (IANA numbers; protocol.md §4.4). */
const SUITE_NAMES: Record<string, string> = {
  '0X0035': 'AES256-SHA',
  '0X002F': 'AES128-SHA',
  '0X0005': 'RC4-SHA',
  '0X0004': 'RC4-MD5',
  '0X000A': 'DES-CBC3-SHA',
  '0X003D': 'AES256-SHA256',
  '0XC002': 'ECDH-ECDSA-RC4-SHA',
  '0XC003': 'ECDH-ECDSA-DES-CBC3-SHA',
  '0XC004': 'ECDH-ECDSA-AES128-SHA',
  '0XC005': 'ECDH-ECDSA-AES256-SHA',
  '0XC007': 'ECDHE-ECDSA-RC4-SHA',
  '0XC008': 'ECDHE-ECDSA-DES-CBC3-SHA',
  '0XC009': 'ECDHE-ECDSA-AES128-SHA',
  '0XC00A': 'ECDHE-ECDSA-AES256-SHA',
  '0XC011': 'ECDHE-RSA-RC4-SHA',
  '0XC012': 'ECDHE-RSA-DES-CBC3-SHA',
  '0XC013': 'ECDHE-RSA-AES128-SHA',
  '0XC014': 'ECDHE-RSA-AES256-SHA',
  '0XC00C': 'ECDH-RSA-RC4-SHA',
  '0XC00D': 'ECDH-RSA-DES-CBC3-SHA',
  '0XC00E': 'ECDH-RSA-AES128-SHA',
  '0XC00F': 'ECDH-RSA-AES256-SHA',
  '0XC023': 'ECDHE-ECDSA-AES128-SHA256',
  '0XC024': 'ECDHE-ECDSA-AES256-SHA384',
  '0XC025': 'ECDH-ECDSA-AES128-SHA256',
  '0XC026': 'ECDH-ECDSA-AES256-SHA384',
  '0XC027': 'ECDHE-RSA-AES128-SHA256',
  '0XC028': 'ECDHE-RSA-AES256-SHA384',
  '0XC029': 'ECDH-RSA-AES128-SHA256',
  '0XC02A': 'ECDH-RSA-AES256-SHA384',
  '0XC02F': 'ECDHE-RSA-AES128-GCM-SHA256',
};

/**
 * node:tls options for QSSLCFG "sslversion" and "ciphersuite": the module speaks TLS 1.2 at most
 * and only its own suites ("0XFFFF" = all of them), so a server that insists on TLS 1.3 or on other
 * suites fails the handshake here as it does with a module. Suites OpenSSL no longer has (RC4,
 * static ECDH) fail the same way. undefined: SSL 3.0, which nothing here can speak.
 */
export function tlsVersionOptions(sslversion: number, ciphersuite: string): { minVersion: SecureVersion; maxVersion: SecureVersion; ciphers: string } | undefined {
  const versions: Record<number, [SecureVersion, SecureVersion]> = { 1: ['TLSv1', 'TLSv1'], 2: ['TLSv1.1', 'TLSv1.1'], 3: ['TLSv1.2', 'TLSv1.2'], 4: ['TLSv1', 'TLSv1.2'] };
  const v = versions[sslversion];
  if (!v) return undefined;
  const names = ciphersuite === '0XFFFF' ? Object.values(SUITE_NAMES) : [SUITE_NAMES[ciphersuite] ?? 'NULL'];
  // TLS 1.0/1.1 and SHA-1 suites need OpenSSL's security level 0 to be offered at all.
  return { minVersion: v[0], maxVersion: v[1], ciphers: `${names.join(':')}:@SECLEVEL=0` };
}
