// Replays the reference's example sessions (protocol.md §5.1 and §5.2) against the virtual
// modem over a real PTY, the host side being a plain serialport SerialPort. Blank lines are
// ignored; where the reference allows alternatives ("OK or +CME ERROR: 405") any of them passes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostPort } from './host-port';
import { startVirtualModem, type VirtualModem } from './index';

type Want = string | RegExp;
/** A host line and the modem's answer; `or` lists accepted alternatives of the whole answer. */
type Row =
  | { send: string; expect: Want[]; or?: Want[][] }
  | { urc: Want }
  | { payload: string | Uint8Array; expect: Want[] }
  | { prompt: string };

const matches = (got: string[], want: Want[]) =>
  got.length === want.length && want.every((w, i) => (typeof w === 'string' ? got[i] === w : w.test(got[i] ?? '')));

async function replay(host: HostPort, rows: Row[]): Promise<void> {
  for (const row of rows) {
    if ('urc' in row) {
      const lines = await host.waitForLine(row.urc);
      expect(lines, `URC ${String(row.urc)}`).toHaveLength(1);
    } else if ('prompt' in row) {
      await host.write(`${row.prompt}\r`);
      await host.waitForPrompt();
    } else if ('payload' in row) {
      await host.write(row.payload);
      expect(await host.waitForLine(/^(OK|ERROR)$/)).toEqual(row.expect);
    } else {
      let got = await host.command(row.send);
      // The reference omits the echo of commands sent while echo is still on (before ATE0).
      if (got[0] === row.send && row.expect[0] !== row.send) got = got.slice(1);
      const options = [row.expect, ...(row.or ?? [])];
      expect(options.some((o) => matches(got, o)), `${row.send} answered ${JSON.stringify(got)}`).toBe(true);
    }
  }
}

const powerUp: Row[] = ['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'].map((u) => ({ urc: u }));

/** protocol.md §5.1 steps 1-12: up to an active PDP context. */
const bringUp: Row[] = [
  { send: 'AT', expect: ['OK'] },
  { send: 'ATE0', expect: ['ATE0', 'OK'] },
  { send: 'AT+CMEE=2', expect: ['OK'] },
  { send: 'AT+QURCCFG="urcport","uart1"', expect: ['OK'] },
  { send: 'AT+CPIN?', expect: ['+CPIN: READY', 'OK'] },
  { send: 'AT+CSQ', expect: ['+CSQ: 21,99', 'OK'] },
  { send: 'AT+CEREG?', expect: [/^\+CEREG: 0,[15]$/, 'OK'] },
  { send: 'AT+COPS?', expect: [/^\+COPS: 0,0,".+",7$/, 'OK'] },
  { send: 'AT+QICSGP=1,1,"internet.example","","",1', expect: ['OK'] },
  { send: 'AT+QIACT=1', expect: ['OK'] },
  { send: 'AT+QIACT?', expect: [/^\+QIACT: 1,1,1,"\d+\.\d+\.\d+\.\d+"$/, 'OK'] },
];

describe('protocol.md §5.1 plain TCP session, direct receive with length', () => {
  let modem: VirtualModem;
  let host: HostPort;
  let outside: mqtt.MqttClient;
  const seen: { topic: string; payload: string }[] = [];

  beforeAll(async () => {
    // The reference session names an invented server: redirect it to the embedded broker. Its host is on
    // the main UART (it sets AT+QURCCFG="urcport","uart1").
    modem = await startVirtualModem({ speed: 0.01, skipPowerUp: true, redirectToEmbedded: true, hostPort: 'uart1' });
    host = await HostPort.open(modem.hostPath);
    // Power on once the host listens, so no power-up URC is lost to the open.
    modem.inject({ kind: 'reboot' });
    outside = await mqtt.connectAsync(modem.brokerUrl, { reconnectPeriod: 0, clientId: 'outside-51' });
    outside.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString() }));
    await outside.subscribeAsync('site7/telemetry', { qos: 1 });
  });
  afterAll(async () => {
    await outside?.endAsync();
    await host?.close();
    await modem?.stop();
  });

  it('answers every line of the example session as the reference shows it', async () => {
    await replay(host, [
      ...powerUp,
      ...bringUp,
      { send: 'AT+QMTCFG="version",0,4', expect: ['OK'] },
      { send: 'AT+QMTCFG="keepalive",0,60', expect: ['OK'] },
      { send: 'AT+QMTCFG="recv/mode",0,0,1', expect: ['OK'] },
      { send: 'AT+QMTOPEN=0,"broker.example.net",1883', expect: ['OK'] },
      { urc: '+QMTOPEN: 0,0' },
      { send: 'AT+QMTCONN=0,"wb-demo-0001","fielduser","Secr3t"', expect: ['OK'] },
      { urc: '+QMTCONN: 0,0,0' },
      { send: 'AT+QMTSUB=0,1,"site7/cmd/#",1', expect: ['OK'] },
      { urc: '+QMTSUB: 0,1,0,1' },
      { prompt: 'AT+QMTPUB=0,0,0,0,"site7/telemetry"' },
      { payload: '{"t":21.5}\x1a', expect: ['OK'] },
      { urc: '+QMTPUB: 0,0,0' },
    ]);
    // "unsolicited, any time": a real publish from another broker client.
    await outside.publishAsync('site7/cmd/led', 'on', { qos: 1 });
    await replay(host, [
      { urc: /^\+QMTRECV: 0,\d+,"site7\/cmd\/led",2,"on"$/ },
      { send: 'AT+QMTDISC=0', expect: ['OK'] },
      { urc: '+QMTDISC: 0,0' },
      { send: 'AT+QMTOPEN?', expect: ['OK'] },
    ]);
    await expect.poll(() => seen).toEqual([{ topic: 'site7/telemetry', payload: '{"t":21.5}' }]);
  });
});

// ---------------------------------------------------------------------------------------------

function makePki(dir: string): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Workbench Test CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Other CA', '-keyout', 'other.key', '-out', 'other-ca.pem']);
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  for (const [name, cn, ext] of [
    ['server', 'localhost', ['-extfile', 'san.ext']],
    ['client', 'meter-0042', []],
  ] as const) {
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.pem`, ...ext]);
  }
}

/** 16-bit XOR of big-endian byte pairs, lower-case hex (protocol.md §4.5), written independently of the simulator. */
function checksum(b: Buffer): string {
  let x = 0;
  const padded = b.length % 2 ? Buffer.concat([b, Buffer.from([0])]) : b;
  for (let i = 0; i < padded.length; i += 2) x ^= padded.readUInt16BE(i);
  return x.toString(16);
}

function uploadRows(name: string, data: Buffer): Row[] {
  return [
    { send: `AT+QFDEL="${name}"`, expect: ['OK'], or: [['+CME ERROR: 405'], ['+CME ERROR: file not found']] },
    { send: `AT+QFUPL="${name}",${data.length},100`, expect: ['CONNECT'] },
    { payload: data, expect: [`+QFUPL: ${data.length},${checksum(data)}`, 'OK'] },
  ];
}

describe('protocol.md §5.2 TLS with client certificate, fixed-length QoS 1 publish', () => {
  let modem: VirtualModem;
  let host: HostPort;
  let outside: mqtt.MqttClient;
  let dir: string;
  const seen: string[] = [];
  const file = (n: string) => fs.readFileSync(path.join(dir, n));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-pki-'));
    makePki(dir);
    modem = await startVirtualModem({
      speed: 0.01,
      skipPowerUp: true,
      // The reference session names an invented server: redirect it to the embedded broker. Its host is
      // on the main UART (steps 1-12 of §5.1 set AT+QURCCFG="urcport","uart1").
      redirectToEmbedded: true,
      hostPort: 'uart1',
      embeddedBrokerTls: { key: file('server.key'), cert: file('server.pem'), ca: file('ca.pem'), requestCert: true },
    });
    host = await HostPort.open(modem.hostPath);
    modem.inject({ kind: 'reboot' });
    outside = await mqtt.connectAsync(modem.brokerUrl, { reconnectPeriod: 0 });
    outside.on('message', (_t, p) => seen.push(p.toString()));
    await outside.subscribeAsync('meters/#', { qos: 1 });
  }, 60_000);
  afterAll(async () => {
    await outside?.endAsync();
    await host?.close();
    await modem?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads the certificates, opens TLS, connects and publishes as the reference shows', async () => {
    const ca = file('ca.pem');
    const cert = file('client.pem');
    const key = file('client.key');
    await replay(host, [
      ...powerUp,
      ...bringUp,
      ...uploadRows('ca.pem', ca),
      ...uploadRows('client.pem', cert),
      ...uploadRows('client.key', key),
      { send: 'AT+QFLST', expect: [`+QFLST: "ca.pem",${ca.length}`, `+QFLST: "client.pem",${cert.length}`, `+QFLST: "client.key",${key.length}`, 'OK'] },
      { send: 'AT+QSSLCFG="sslversion",2,4', expect: ['OK'] },
      { send: 'AT+QSSLCFG="ciphersuite",2,0XFFFF', expect: ['OK'] },
      { send: 'AT+QSSLCFG="seclevel",2,2', expect: ['OK'] },
      { send: 'AT+QSSLCFG="cacert",2,"ca.pem"', expect: ['OK'] },
      { send: 'AT+QSSLCFG="clientcert",2,"client.pem"', expect: ['OK'] },
      { send: 'AT+QSSLCFG="clientkey",2,"client.key"', expect: ['OK'] },
      { send: 'AT+QSSLCFG="ignorelocaltime",2,1', expect: ['OK'] },
      { send: 'AT+QSSLCFG="sni",2,1', expect: ['OK'], or: [['ERROR']] },
      { send: 'AT+QMTCFG="ssl",0,1,2', expect: ['OK'] },
      { send: 'AT+QMTCFG="version",0,4', expect: ['OK'] },
      { send: 'AT+QMTOPEN=0,"iot.example.org",8883', expect: ['OK'] },
      { urc: '+QMTOPEN: 0,0' },
      { send: 'AT+QMTCONN=0,"meter-0042"', expect: ['OK'] },
      { urc: '+QMTCONN: 0,0,0' },
      { prompt: 'AT+QMTPUBEX=0,7,1,0,"meters/0042/up",12' },
      { payload: '{"kwh":1234}', expect: ['OK'] },
      { urc: '+QMTPUBEX: 0,7,0' },
      { send: 'AT+QMTCLOSE=0', expect: ['OK'] },
      { urc: '+QMTCLOSE: 0,0' },
    ]);
    await expect.poll(() => seen).toEqual(['{"kwh":1234}']);
  });

  it('with the wrong CA the open fails as +QMTOPEN: 0,-1 after OK (protocol.md quirk 1)', async () => {
    await replay(host, [
      ...uploadRows('other-ca.pem', file('other-ca.pem')),
      { send: 'AT+QSSLCFG="cacert",2,"other-ca.pem"', expect: ['OK'] },
      { send: 'AT+QMTOPEN=0,"iot.example.org",8883', expect: ['OK'] },
      { urc: '+QMTOPEN: 0,-1' },
      { send: 'AT+QMTOPEN?', expect: ['OK'] },
    ]);
  });

  it('with no CA uploaded for the context the open fails the same way', async () => {
    await replay(host, [
      { send: 'AT+QSSLCFG="cacert",3,"missing.pem"', expect: ['OK'] },
      { send: 'AT+QSSLCFG="seclevel",3,1', expect: ['OK'] },
      { send: 'AT+QMTCFG="ssl",1,1,3', expect: ['OK'] },
      { send: 'AT+QMTOPEN=1,"iot.example.org",8883', expect: ['OK'] },
      { urc: '+QMTOPEN: 1,-1' },
    ]);
  });
});
