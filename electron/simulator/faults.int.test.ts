// Every fault of faults.ts injected into a virtual modem on a real PTY, and what the host sees.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HostPort } from './host-port';
import { startVirtualModem, type VirtualModem, type VirtualModemOptions } from './index';
import { ModemCore } from './modem';

let modem: VirtualModem | undefined;
let host: HostPort | undefined;

async function start(opts: VirtualModemOptions = {}): Promise<HostPort> {
  modem = await startVirtualModem({ speed: 0, skipPowerUp: true, ...opts });
  host = await HostPort.open(modem.hostPath);
  expect(await host.command('ATE0')).toEqual(['ATE0', 'OK']);
  return host;
}

afterEach(async () => {
  await host?.close();
  await modem?.stop();
  host = undefined;
  modem = undefined;
});

async function connected(h: HostPort, idx = 0): Promise<void> {
  expect(await h.command(`AT+QMTOPEN=${idx},"127.0.0.1",${modem?.embedded?.port ?? 0}`)).toEqual(['OK']);
  await h.waitForLine(`+QMTOPEN: ${idx},0`);
  expect(await h.command(`AT+QMTCONN=${idx},"fault-${idx}"`)).toEqual(['OK']);
  await h.waitForLine(`+QMTCONN: ${idx},0,0`);
}

describe('faults the broker causes', () => {
  it('broker drops the link: +QMTSTAT: i,1 and the index is closed', async () => {
    const h = await start();
    await connected(h);
    modem?.inject({ kind: 'broker-drop', client: 0 });
    await h.waitForLine('+QMTSTAT: 0,1');
    expect(await h.command('AT+QMTCONN?')).toEqual(['OK']);
    expect(await h.command('AT+QMTPUBEX=0,1,1,0,"t",1')).toEqual(['ERROR']);
  });

  it('broker goes quiet: a QoS 1 publish reports each resend (timeout_notice) and then fails', async () => {
    const h = await start();
    expect(await h.command('AT+QMTCFG="timeout",0,1,2,1')).toEqual(['OK']);
    await connected(h);
    modem?.inject({ kind: 'broker-stall', client: 0, on: true });
    await h.write('AT+QMTPUBEX=0,5,1,0,"quiet/up",2\r');
    await h.waitForPrompt();
    await h.write('hi');
    expect(await h.waitForLine('+QMTPUBEX: 0,5,2', 20_000)).toEqual(['OK', '+QMTPUBEX: 0,5,1,1', '+QMTPUBEX: 0,5,1,2', '+QMTPUBEX: 0,5,2']);
    // Sending kept failing: the module gives the link up (protocol.md §3.1 code 6).
    expect(await h.waitForLine('+QMTSTAT: 0,6')).toEqual(['+QMTSTAT: 0,6']);
    expect(await h.command('AT+QMTCONN?')).toEqual(['OK']);
  }, 30_000);

  it('ping failure on 2018 firmware: +QMTSTAT: i,2 alone', async () => {
    const h = await start();
    await connected(h);
    modem?.inject({ kind: 'ping-failure', client: 0 });
    expect(await h.waitForLine('+QMTSTAT: 0,2')).toEqual(['+QMTSTAT: 0,2']);
  });

  it('ping failure on later firmware: +QMTPING: i,1 then +QMTSTAT: i,2', async () => {
    const h = await start({ profile: 'LTE-LATER' });
    await connected(h);
    modem?.inject({ kind: 'ping-failure', client: 0 });
    expect(await h.waitForLine('+QMTSTAT: 0,2')).toEqual(['+QMTPING: 0,1', '+QMTSTAT: 0,2']);
  });

  it.each([1, 2, 3, 4, 5] as const)('CONNECT refused with CONNACK %i: +QMTCONN: i,0,n then +QMTSTAT: i,1', async (code) => {
    const h = await start();
    expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${modem?.embedded?.port ?? 0}`)).toEqual(['OK']);
    await h.waitForLine('+QMTOPEN: 0,0');
    modem?.inject({ kind: 'connack-refused', code, client: 0 });
    expect(await h.command('AT+QMTCONN=0,"refused"')).toEqual(['OK']);
    expect(await h.waitForLine('+QMTSTAT: 0,1')).toEqual([`+QMTCONN: 0,0,${code}`, '+QMTSTAT: 0,1']);
    expect(await h.command('AT+QMTOPEN?')).toEqual(['OK']);
  });

  it('a broker that is not there: +QMTOPEN: i,5', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const h = await start({ embeddedBroker: false });
    expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${port}`)).toEqual(['OK']);
    await h.waitForLine('+QMTOPEN: 0,5');
  });

  it('a server that accepts and never answers CONNECT: +QMTCONN: i,1 per resend (timeout_notice), then +QMTSTAT: i,4', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const h = await start({ embeddedBroker: false });
      expect(await h.command('AT+QMTCFG="timeout",0,1,2,1')).toEqual(['OK']);
      expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${(silent.address() as net.AddressInfo).port}`)).toEqual(['OK']);
      await h.waitForLine('+QMTOPEN: 0,0');
      expect(await h.command('AT+QMTCONN=0,"never-acked"')).toEqual(['OK']);
      expect(await h.waitForLine(/^\+QMTSTAT: 0,/, 10_000)).toEqual(['+QMTCONN: 0,1', '+QMTCONN: 0,1', '+QMTSTAT: 0,4']);
    } finally {
      silent.close();
    }
  }, 20_000);

  it('a host name that does not resolve: +QMTOPEN: i,4', async () => {
    const h = await start({ embeddedBroker: false });
    expect(await h.command('AT+QMTOPEN=0,"no-such-broker.invalid",1883')).toEqual(['OK']);
    await h.waitForLine('+QMTOPEN: 0,4', 30_000);
  }, 40_000);
});

describe('faults of the radio, SIM and module', () => {
  it('no network: CSQ 99,99, CEREG 0,2, QIACT ERROR, QMTOPEN result 3', async () => {
    const h = await start();
    modem?.inject({ kind: 'no-network', on: true });
    expect(await h.command('AT+CSQ')).toEqual(['+CSQ: 99,99', 'OK']);
    expect(await h.command('AT+CEREG?')).toEqual(['+CEREG: 0,2', 'OK']);
    expect(await h.command('AT+COPS?')).toEqual(['+COPS: 0', 'OK']);
    expect(await h.command('AT+QIACT=1')).toEqual(['ERROR']);
    expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${modem?.embedded?.port ?? 0}`)).toEqual(['OK']);
    await h.waitForLine('+QMTOPEN: 0,3');
    expect(await h.command('AT+CEREG=1')).toEqual(['OK']);
    modem?.inject({ kind: 'no-network', on: false });
    await h.waitForLine('+CEREG: 1');
    expect(await h.command('AT+CEREG?')).toEqual(['+CEREG: 1,1', 'OK']);
  });

  it('PDP activation fails: QIACT ERROR, QMTOPEN result 3', async () => {
    const h = await start();
    modem?.inject({ kind: 'pdp-fails', on: true });
    expect(await h.command('AT+QIACT=1')).toEqual(['ERROR']);
    expect(await h.command('AT+QIACT?')).toEqual(['OK']);
    expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${modem?.embedded?.port ?? 0}`)).toEqual(['OK']);
    await h.waitForLine('+QMTOPEN: 0,3');
  });

  it('SIM missing: +CPIN: NOT INSERTED at power-up, AT+CPIN? → +CME ERROR: 10', async () => {
    const h = await start();
    modem?.inject({ kind: 'sim-missing', on: true });
    await h.waitForLine('+CPIN: NOT INSERTED');
    modem?.inject({ kind: 'reboot' });
    expect(await h.waitForLine('+CPIN: NOT INSERTED')).toEqual(['RDY', '+CFUN: 1', '+CPIN: NOT INSERTED']);
    expect(await h.command('AT+CPIN?')).toEqual(['AT+CPIN?', '+CME ERROR: 10']);
    expect(await h.command('AT+CMEE=2')).toEqual(['AT+CMEE=2', 'OK']);
    expect(await h.command('AT+CPIN?')).toEqual(['AT+CPIN?', '+CME ERROR: SIM not inserted']);
  });

  it('SIM commands before PB DONE answer +CME ERROR: 14 (SIM busy)', async () => {
    // Realistic-ish boot (RDY to PB DONE about 6 s) so a busy host still asks inside the window;
    // the power-up URCs printed meanwhile may land before the answer and are set aside.
    const h = await start({ speed: 2 });
    modem?.inject({ kind: 'reboot' });
    await h.waitForLine('RDY');
    const bootUrcs = new Set(['+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE']);
    expect((await h.command('AT+CPIN?')).filter((l) => !bootUrcs.has(l))).toEqual(['AT+CPIN?', '+CME ERROR: 14']);
    await h.waitForLine('+QIND: PB DONE');
    expect(await h.command('AT+CPIN?')).toEqual(['AT+CPIN?', '+CPIN: READY', 'OK']);
  }, 60_000);

  it('reboot: power-up URCs, echo back on, every MQTT index closed, settings back to defaults', async () => {
    const h = await start();
    expect(await h.command('AT+QMTCFG="keepalive",0,60')).toEqual(['OK']);
    await connected(h);
    modem?.inject({ kind: 'reboot' });
    expect(await h.waitForLine('+QIND: PB DONE')).toEqual(['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE']);
    expect(await h.command('AT+QMTOPEN?')).toEqual(['AT+QMTOPEN?', 'OK']);
    expect(await h.command('AT+QMTCFG="keepalive",0')).toEqual(['AT+QMTCFG="keepalive",0', '+QMTCFG: "keepalive",120', 'OK']);
  });

  it('AT+CFUN=1,1 restarts the module the same way', async () => {
    const h = await start();
    expect(await h.command('AT+CFUN=1,1')).toEqual(['OK']);
    expect(await h.waitForLine('+QIND: PB DONE')).toEqual(['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE']);
  });

  it('CAT1 firmware prints APP RDY after RDY', async () => {
    const h = await start({ profile: 'CAT1' });
    modem?.inject({ kind: 'reboot' });
    expect((await h.waitForLine('+CFUN: 1')).slice(0, 2)).toEqual(['RDY', 'APP RDY']);
  });
});

describe('faults on the serial line', () => {
  it('a command that is never answered, then the next one is', async () => {
    const h = await start();
    modem?.inject({ kind: 'silence' });
    await h.write('AT+CSQ\r');
    expect(await h.quietFor(600)).toEqual([]);
    expect(await h.command('AT')).toEqual(['OK']);
  });

  it('garbage bytes arrive outside any line and the modem keeps working', async () => {
    const h = await start();
    modem?.inject({ kind: 'garbage', bytes: Uint8Array.from([0xff, 0x00, 0x41, 0xfe]) });
    expect(await h.command('AT')).toEqual(['\xff\x00A\xfe', 'OK']);
  });

  it('responses split into tiny writes arrive whole', async () => {
    const h = await start();
    modem?.inject({ kind: 'split-writes', maxWriteSize: 3 });
    expect(await h.command('ATI')).toEqual(['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G', 'OK']);
  });

  // Counted at the module's write, not at the host's reads: a busy host lets the PTY merge pieces.
  it('split writes: the module writes its answer in pieces of at most maxWriteSize bytes', async () => {
    const writes: Uint8Array[] = [];
    let seen = '';
    let answered: () => void = () => undefined;
    const done = new Promise<void>((r) => (answered = r));
    const core = new ModemCore({
      speed: 0,
      skipPowerUp: true,
      echo: false,
      write: (bytes) => {
        writes.push(bytes);
        seen += Buffer.from(bytes).toString('latin1');
        if (seen.endsWith('OK\r\n')) answered();
        return Promise.resolve();
      },
    });
    core.start();
    core.inject({ kind: 'split-writes', maxWriteSize: 3 });
    core.receive(new TextEncoder().encode('ATI\r'));
    await done;
    core.stop();
    expect(seen).toBe('\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n');
    expect(writes.length).toBeGreaterThan(5);
    expect(writes.every((w) => w.length >= 1 && w.length <= 3)).toBe(true);
  });

  it('echo on: every character is echoed, the <CR> included, before the response', async () => {
    const h = await start();
    modem?.inject({ kind: 'echo', on: true });
    h.skipAll();
    const at = h.raw.length;
    expect(await h.command('AT+CSQ')).toEqual(['AT+CSQ', '+CSQ: 21,99', 'OK']);
    expect(h.raw.slice(at)).toBe('AT+CSQ\r\r\n+CSQ: 21,99\r\n\r\nOK\r\n');
  });

  it('URC routing: no URC until the URC port is this UART', async () => {
    const h = await start();
    modem?.inject({ kind: 'urc-routing', on: true });
    expect(await h.command('AT+QURCCFG="urcport"')).toEqual(['+QURCCFG: "urcport","usbat"', 'OK']);
    expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${modem?.embedded?.port ?? 0}`)).toEqual(['OK']);
    expect(await h.quietFor(500)).toEqual([]);
    expect(await h.command('AT+QURCCFG="urcport","uart1"')).toEqual(['OK']);
    expect(await h.command('AT+QMTCLOSE=0')).toEqual(['OK']);
    await h.waitForLine('+QMTCLOSE: 0,0');
  });
});
