// The virtual EC20's TLS, file system and network checks against a real mosquitto with TLS, driven
// with raw AT over a PTY (protocol.md §4.4, §4.5, §5.2, §8): certificates uploaded with QFUPL (the
// checksum computed here, independently), the SSL context set with QSSLCFG, opens at seclevel 1 and 2,
// and every way the open fails on a module.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { HostPort } from './host-port';
import { startVirtualModem, type VirtualModem, type VirtualModemOptions } from './index';

/** 16-bit XOR over big-endian byte pairs, an odd last byte padded with 0x00 (protocol.md §4.5). */
function checksum(b: Buffer): string {
  const padded = b.length % 2 ? Buffer.concat([b, Buffer.from([0])]) : b;
  let x = 0;
  for (let i = 0; i < padded.length; i += 2) x ^= padded.readUInt16BE(i);
  return x.toString(16);
}

let dir = '';
const file = (n: string) => fs.readFileSync(path.join(dir, n));

/** A CA, a server certificate for localhost/127.0.0.1, a client certificate, another CA, and an expired server certificate. */
function makePki(): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=Test CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=Other CA', '-keyout', 'other-ca.key', '-out', 'other-ca.pem']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '2', '-days', '30', '-out', 'server.pem', '-extfile', 'san.ext']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=device-0042', '-keyout', 'client.key', '-out', 'client.csr']);
  run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '3', '-days', '30', '-out', 'client.pem']);
  // A server certificate that was valid in January 2020 only (openssl ca can set both dates).
  fs.writeFileSync(
    path.join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca=d\n[d]\ndir=.\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n',
  );
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '10\n');
  run(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'server.csr', '-out', 'expired.pem', '-notext', '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-extfile', 'san.ext']);
  for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const run = hasMosquitto ? describe : describe.skip;

run('TLS of the virtual EC20 against a real mosquitto', { timeout: 60_000 }, () => {
  let mosquitto: Mosquitto | undefined;
  /** Listeners: server-authenticated, client certificate required, expired server certificate. */
  const ports = { tls: 0, mutual: 0, expired: 0, tls13: 0 };
  let modem: VirtualModem | undefined;
  let host: HostPort | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-tls-'));
    fs.chmodSync(dir, 0o755);
    makePki();
    ports.tls = await freePort();
    ports.mutual = await freePort();
    ports.expired = await freePort();
    ports.tls13 = await freePort();
    const listener = (port: number, cert: string, extra = '') =>
      `listener ${port} 127.0.0.1\ncafile ${path.join(dir, 'ca.pem')}\ncertfile ${path.join(dir, cert)}\nkeyfile ${path.join(dir, 'server.key')}\n${extra}`;
    mosquitto = await startMosquitto({
      extraConfig: [listener(ports.tls, 'server.pem'), listener(ports.mutual, 'server.pem', 'require_certificate true\n'), listener(ports.expired, 'expired.pem'), listener(ports.tls13, 'server.pem', 'tls_version tlsv1.3\n')].join(''),
    });
  }, 60_000);

  afterAll(async () => {
    await mosquitto?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await host?.close();
    await modem?.stop();
    host = modem = undefined;
  });

  async function start(opts: VirtualModemOptions = {}): Promise<HostPort> {
    modem = await startVirtualModem({ speed: 0, skipPowerUp: true, embeddedBroker: false, ...opts });
    host = await HostPort.open(modem.hostPath);
    expect(await host.command('ATE0')).toEqual(['ATE0', 'OK']);
    expect(await host.command('AT+QIACT=1')).toEqual(['OK']);
    return host;
  }

  async function upload(h: HostPort, name: string, data: Buffer): Promise<void> {
    expect(await h.command(`AT+QFUPL="${name}",${data.length},10`)).toEqual(['CONNECT']);
    await h.write(data);
    expect(await h.waitForLine(/^OK$/)).toEqual([`+QFUPL: ${data.length},${checksum(data)}`, 'OK']);
  }

  async function sslContext(h: HostPort, ctx: number, settings: string[]): Promise<void> {
    for (const s of settings) expect(await h.command(`AT+QSSLCFG=${s.replace('#', String(ctx))}`)).toEqual(['OK']);
    expect(await h.command(`AT+QMTCFG="ssl",0,1,${ctx}`)).toEqual(['OK']);
  }

  async function openResult(h: HostPort, hostName: string, port: number): Promise<string> {
    expect(await h.command(`AT+QMTOPEN=0,"${hostName}",${port}`)).toEqual(['OK']);
    return (await h.waitForLine(/^\+QMTOPEN: 0,/, 30_000)).at(-1) ?? '';
  }

  it('uploads the CA (checksum verified), opens at seclevel 1 and connects', async () => {
    const h = await start();
    await upload(h, 'ca.pem', file('ca.pem'));
    expect(await h.command('AT+QFUPL="ca.pem",10,10')).toEqual(['+CME ERROR: 407']);
    expect(await h.command('AT+QFLST')).toEqual([`+QFLST: "ca.pem",${file('ca.pem').length}`, 'OK']);
    await sslContext(h, 1, ['"sslversion",#,4', '"ciphersuite",#,0XFFFF', '"seclevel",#,1', '"cacert",#,"ca.pem"', '"ignorelocaltime",#,0']);
    expect(await h.command('AT+QSSLCFG="cacert",1')).toEqual(['+QSSLCFG: "cacert",1,"ca.pem"', 'OK']);
    expect(await h.command('AT+QSSLCFG="ciphersuite",1')).toEqual(['+QSSLCFG: "ciphersuite",1,0XFFFF', 'OK']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,0');
    expect(await h.command('AT+QMTCONN=0,"tls-level-1"')).toEqual(['OK']);
    await h.waitForLine('+QMTCONN: 0,0,0');
  });

  it('presents the client certificate at seclevel 2 (require_certificate true); without it the open fails', async () => {
    const h = await start();
    await upload(h, 'ca.pem', file('ca.pem'));
    await upload(h, 'client.pem', file('client.pem'));
    await upload(h, 'client.key', file('client.key'));
    await sslContext(h, 2, ['"seclevel",#,1', '"cacert",#,"ca.pem"', '"clientcert",#,"client.pem"', '"clientkey",#,"client.key"']);
    // seclevel 1 does not present the certificate: the broker refuses the handshake (protocol.md §8).
    expect(await openResult(h, '127.0.0.1', ports.mutual)).toBe('+QMTOPEN: 0,-1');
    expect(await h.command('AT+QSSLCFG="seclevel",2,2')).toEqual(['OK']);
    // A key that does not belong to the certificate fails the open too (protocol.md §8).
    await upload(h, 'wrong.key', file('other-ca.key'));
    expect(await h.command('AT+QSSLCFG="clientkey",2,"wrong.key"')).toEqual(['OK']);
    expect(await openResult(h, '127.0.0.1', ports.mutual)).toBe('+QMTOPEN: 0,-1');
    expect(await h.command('AT+QSSLCFG="clientkey",2,"client.key"')).toEqual(['OK']);
    expect(await openResult(h, '127.0.0.1', ports.mutual)).toBe('+QMTOPEN: 0,0');
    expect(await h.command('AT+QMTCONN=0,"tls-level-2"')).toEqual(['OK']);
    await h.waitForLine('+QMTCONN: 0,0,0');
  });

  it('a wrong CA, or a CA file that is not on the module, fails the open with -1', async () => {
    const h = await start();
    await upload(h, 'other-ca.pem', file('other-ca.pem'));
    await sslContext(h, 0, ['"seclevel",#,1', '"cacert",#,"other-ca.pem"']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,-1');
    expect(await h.command('AT+QMTOPEN?')).toEqual(['OK']);
    expect(await h.command('AT+QSSLCFG="cacert",0,"missing.pem"')).toEqual(['OK']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,-1');
    // seclevel 0 checks nothing: the same context opens.
    expect(await h.command('AT+QSSLCFG="seclevel",0,0')).toEqual(['OK']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,0');
  });

  it('the certificate is judged at the module clock: expired fails with ignorelocaltime 0, passes with 1 or a clock inside its validity', async () => {
    const h = await start();
    await upload(h, 'ca.pem', file('ca.pem'));
    await sslContext(h, 3, ['"seclevel",#,1', '"cacert",#,"ca.pem"', '"ignorelocaltime",#,0']);
    expect(await openResult(h, 'localhost', ports.expired)).toBe('+QMTOPEN: 0,-1');
    expect(await h.command('AT+QSSLCFG="ignorelocaltime",3,1')).toEqual(['OK']);
    expect(await openResult(h, 'localhost', ports.expired)).toBe('+QMTOPEN: 0,0');
    expect(await h.command('AT+QMTCLOSE=0')).toEqual(['OK']);
    await h.waitForLine('+QMTCLOSE: 0,0');
    // A valid certificate and a module clock in 2040: refused with 0, accepted with 1.
    expect(await h.command('AT+CCLK="40/06/01,08:00:00+08"')).toEqual(['OK']);
    expect(await h.command('AT+CCLK?')).toEqual(['+CCLK: "40/06/01,08:00:00+08"', 'OK']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,0');
    expect(await h.command('AT+QMTCLOSE=0')).toEqual(['OK']);
    await h.waitForLine('+QMTCLOSE: 0,0');
    expect(await h.command('AT+QSSLCFG="ignorelocaltime",3,0')).toEqual(['OK']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,-1');
  });

  it('the module clock can start elsewhere and be moved by the clock fault', async () => {
    const h = await start({ clock: { at: '2040-01-01T00:00:00Z', tz: 0 } });
    expect((await h.command('AT+CCLK?'))[0]).toMatch(/^\+CCLK: "40\/01\/01,00:00:0\d\+00"$/);
    await upload(h, 'ca.pem', file('ca.pem'));
    await sslContext(h, 3, ['"seclevel",#,1', '"cacert",#,"ca.pem"', '"ignorelocaltime",#,0']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,-1');
    modem?.inject({ kind: 'clock', at: new Date().toISOString() });
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,0');
  });

  it('sends SNI only when "sni" is 1, and checks the certificate names the host', async () => {
    const seen: (string | false | null)[] = [];
    const open: net.Socket[] = [];
    const listen = async (cert: string, key: string) => {
      // Keeps each connection open, as a broker waiting for CONNECT does.
      const srv = tls.createServer({ cert: file(cert), key: file(key) }, (sock) => void open.push(sock));
      srv.on('secureConnection', (sock) => seen.push(sock.servername));
      srv.on('tlsClientError', () => undefined);
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      return srv;
    };
    const good = await listen('server.pem', 'server.key');
    // A certificate of the right CA that names someone else (device-0042, no SAN).
    const misnamed = await listen('client.pem', 'client.key');
    try {
      const h = await start({ profile: 'LTE-LATER' });
      await upload(h, 'ca.pem', file('ca.pem'));
      await sslContext(h, 5, ['"seclevel",#,1', '"cacert",#,"ca.pem"', '"sni",#,1']);
      expect(await openResult(h, 'localhost', (good.address() as net.AddressInfo).port)).toBe('+QMTOPEN: 0,0');
      expect(await h.command('AT+QMTCLOSE=0')).toEqual(['OK']);
      await h.waitForLine('+QMTCLOSE: 0,0');
      expect(await h.command('AT+QSSLCFG="sni",5,0')).toEqual(['OK']);
      expect(await openResult(h, 'localhost', (good.address() as net.AddressInfo).port)).toBe('+QMTOPEN: 0,0');
      expect(seen).toEqual(['localhost', false]);
      expect(await h.command('AT+QMTCLOSE=0')).toEqual(['OK']);
      await h.waitForLine('+QMTCLOSE: 0,0');
      expect(await openResult(h, '127.0.0.1', (misnamed.address() as net.AddressInfo).port)).toBe('+QMTOPEN: 0,-1');
    } finally {
      for (const sock of open) sock.destroy();
      good.close();
      misnamed.close();
    }
  });

  it('sslversion and ciphersuite limit what the module offers: TLS 1.2 at most, its own suites', async () => {
    const h = await start();
    await upload(h, 'ca.pem', file('ca.pem'));
    await sslContext(h, 4, ['"seclevel",#,1', '"cacert",#,"ca.pem"', '"sslversion",#,3', '"ciphersuite",#,0XC02F']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,0');
    expect(await h.command('AT+QMTCLOSE=0')).toEqual(['OK']);
    await h.waitForLine('+QMTCLOSE: 0,0');
    // A server that speaks TLS 1.3 only cannot be reached by an EC2x ("all" stops at TLS 1.2).
    expect(await h.command('AT+QSSLCFG="sslversion",4,4')).toEqual(['OK']);
    expect(await openResult(h, 'localhost', ports.tls13)).toBe('+QMTOPEN: 0,-1');
    // TLS 1.0 only: refused by a current server.
    expect(await h.command('AT+QSSLCFG="sslversion",4,1')).toEqual(['OK']);
    expect(await openResult(h, 'localhost', ports.tls)).toBe('+QMTOPEN: 0,-1');
  });

  it('a refusal fault is honoured on a server other than the embedded broker (forced), and the next CONNECT is accepted', async () => {
    const h = await start();
    expect(await openResult(h, '127.0.0.1', mosquitto?.port ?? 0)).toBe('+QMTOPEN: 0,0');
    modem?.inject({ kind: 'connack-refused', code: 5, client: 0 });
    expect(await h.command('AT+QMTCONN=0,"refused-here"')).toEqual(['OK']);
    expect(await h.waitForLine('+QMTSTAT: 0,1')).toEqual(['+QMTCONN: 0,0,5', '+QMTSTAT: 0,1']);
    expect(await openResult(h, '127.0.0.1', mosquitto?.port ?? 0)).toBe('+QMTOPEN: 0,0');
    expect(await h.command('AT+QMTCONN=0,"accepted-now"')).toEqual(['OK']);
    await h.waitForLine('+QMTCONN: 0,0,0');
  });

  it('the module dials what it is told: nothing listening fails with 5, a plain CONNECT to a TLS port never connects', async () => {
    const h = await start();
    const closed = await freePort();
    expect(await openResult(h, '127.0.0.1', closed)).toBe('+QMTOPEN: 0,5');
    await sslContext(h, 0, ['"seclevel",#,0']);
    expect(await openResult(h, '127.0.0.1', closed)).toBe('+QMTOPEN: 0,5');
    expect(await h.command('AT+QMTCFG="ssl",0,0')).toEqual(['OK']);
    expect(await openResult(h, '127.0.0.1', ports.tls)).toBe('+QMTOPEN: 0,0');
    expect(await h.command('AT+QMTCONN=0,"clear-to-tls"')).toEqual(['OK']);
    // protocol.md §8: "no CONNACK: TLS expected on that port" ends in +QMTSTAT (1, 3 or 4), never +QMTCONN: 0,0,0.
    const stat = (await h.waitForLine(/^\+QMTSTAT: 0,/, 30_000)).at(-1);
    expect(stat).toMatch(/^\+QMTSTAT: 0,[134]$/);
  });
});

describe('AT+QPING, AT+QIDNSCFG, AT+QURCCFG on the laptop network', { timeout: 60_000 }, () => {
  let modem: VirtualModem | undefined;
  let host: HostPort | undefined;
  afterEach(async () => {
    await host?.close();
    await modem?.stop();
    host = modem = undefined;
  });

  async function start(opts: VirtualModemOptions = {}): Promise<HostPort> {
    modem = await startVirtualModem({ speed: 0, skipPowerUp: true, ...opts });
    host = await HostPort.open(modem.hostPath);
    expect(await host.command('ATE0')).toEqual(['ATE0', 'OK']);
    return host;
  }

  it('QPING answers OK, one +QPING per echo and a summary; an unknown name gives 565; an inactive context 561', async () => {
    const h = await start();
    expect(await h.command('AT+QPING=1,"127.0.0.1",2,3')).toEqual(['OK']);
    await h.waitForLine('+QPING: 561');
    expect(await h.command('AT+QIACT=1')).toEqual(['OK']);
    expect(await h.command('AT+QPING=1,"localhost",2,3')).toEqual(['OK']);
    const lines = await h.waitForLine(/^\+QPING: 0,3,/, 20_000);
    expect(lines.slice(0, 3).every((l) => /^\+QPING: 0,"127\.0\.0\.1",32,\d+,64$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^\+QPING: 0,3,3,0,\d+,\d+,\d+$/);
    expect(await h.command('AT+QPING=1,"no-such-host.invalid"')).toEqual(['OK']);
    await h.waitForLine('+QPING: 565', 20_000);
  });

  it('QIDNSCFG: the network DNS once active, the host can set its own, and a dead DNS server makes QMTOPEN by name fail with 4', async () => {
    const h = await start();
    expect(await h.command('AT+QIDNSCFG=1')).toEqual(['+QIDNSCFG: 1,"0.0.0.0","0.0.0.0"', 'OK']);
    expect(await h.command('AT+QIACT=1')).toEqual(['OK']);
    expect((await h.command('AT+QIDNSCFG=1'))[0]).toMatch(/^\+QIDNSCFG: 1,"[^"]+","[^"]+"$/);
    expect(await h.command('AT+QIDNSCFG=1,"not-an-address"')).toEqual(['ERROR']);
    // 127.0.0.9 answers no DNS: the name does not resolve (protocol.md §8 "+QMTOPEN: i,4").
    expect(await h.command('AT+QIDNSCFG=1,"127.0.0.9","127.0.0.9"')).toEqual(['OK']);
    expect(await h.command('AT+QIDNSCFG=1')).toEqual(['+QIDNSCFG: 1,"127.0.0.9","127.0.0.9"', 'OK']);
    expect(await h.command('AT+QMTOPEN=0,"broker.workbench.test",1883')).toEqual(['OK']);
    await h.waitForLine('+QMTOPEN: 0,4', 30_000);
    // An address needs no DNS: the embedded broker opens.
    expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${modem?.embedded?.port ?? 0}`)).toEqual(['OK']);
    await h.waitForLine('+QMTOPEN: 0,0');
  });

  it('URCs routed to another port than the host\'s never arrive: OK but never a URC (quirk 19)', async () => {
    const h = await start();
    expect(await h.command('AT+QURCCFG=?')).toEqual(['+QURCCFG: "urcport",("usbat","usbmodem","uart1")', 'OK']);
    expect(await h.command('AT+QURCCFG="urcport"')).toEqual(['+QURCCFG: "urcport","usbat"', 'OK']);
    expect(await h.command('AT+QURCCFG="urcport","uart1"')).toEqual(['OK']);
    expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${modem?.embedded?.port ?? 0}`)).toEqual(['OK']);
    expect(await h.quietFor(500)).toEqual([]);
    expect(await h.command('AT+QMTOPEN?')).toEqual([`+QMTOPEN: 0,"127.0.0.1",${modem?.embedded?.port ?? 0}`, 'OK']);
    expect(await h.command('AT+QURCCFG="urcport","usbat"')).toEqual(['OK']);
    expect(await h.command('AT+QMTCLOSE=0')).toEqual(['OK']);
    await h.waitForLine('+QMTCLOSE: 0,0');
  });
});
