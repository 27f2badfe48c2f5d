// The module's real MQTT side: the packets it exchanges carry the host's msgIDs, and a keep-alive
// that really goes unanswered ends in +QMTSTAT: i,2.
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { HostPort } from './host-port';
import { startVirtualModem, type ObservedPacket, type VirtualModem } from './index';

let modem: VirtualModem | undefined;
let host: HostPort | undefined;

afterEach(async () => {
  await host?.close();
  await modem?.stop();
});

async function connect(h: HostPort, cfg: string[] = []): Promise<void> {
  for (const c of ['ATE0', ...cfg]) expect((await h.command(c)).at(-1)).toBe('OK');
  expect(await h.command(`AT+QMTOPEN=0,"127.0.0.1",${modem?.embedded?.port ?? 0}`)).toEqual(['OK']);
  await h.waitForLine('+QMTOPEN: 0,0');
  expect(await h.command('AT+QMTCONN=0,"peer-test"')).toEqual(['OK']);
  await h.waitForLine('+QMTCONN: 0,0,0');
}

describe('the simulated module on the wire to the broker', () => {
  it('reports the packets it really exchanged, with the host msgIDs as packet ids', async () => {
    modem = await startVirtualModem({ speed: 0, skipPowerUp: true });
    const seen: ObservedPacket[] = [];
    modem.onPacket((p) => seen.push(p));
    host = await HostPort.open(modem.hostPath);
    await connect(host);
    expect(await host.command('AT+QMTSUB=0,41,"obs/#",1')).toEqual(['OK']);
    await host.waitForLine('+QMTSUB: 0,41,0,1');
    await host.write('AT+QMTPUBEX=0,42,1,0,"elsewhere/x",1\r');
    await host.waitForPrompt();
    await host.write('x');
    await host.waitForLine('+QMTPUBEX: 0,42,0');
    const brief = seen.map((p) => `${p.dir === 'to-broker' ? '>' : '<'}${p.cmd}${p.messageId ? ':' + p.messageId : ''}`);
    expect(brief).toEqual(['>connect', '<connack', '>subscribe:41', '<suback:41', '>publish:42', '<puback:42']);
    expect(seen[1]?.returnCode).toBe(0);
  });

  it('a keep-alive that goes unanswered ends the link with +QMTSTAT: i,2', async () => {
    modem = await startVirtualModem({ speed: 0, skipPowerUp: true });
    host = await HostPort.open(modem.hostPath);
    await connect(host, ['AT+QMTCFG="keepalive",0,1']);
    modem.inject({ kind: 'broker-stall', client: 0, on: true });
    await host.waitForLine('+QMTSTAT: 0,2', 20_000);
    expect(await host.command('AT+QMTCONN?')).toEqual(['OK']);
  }, 30_000);

  it('a retained message arrives as +QMTRECV right after +QMTSUB, at realistic timing', async () => {
    modem = await startVirtualModem({ speed: 1, skipPowerUp: true });
    const outside = await mqtt.connectAsync(modem.brokerUrl, { reconnectPeriod: 0 });
    await outside.publishAsync('site7/cmd/mode', 'eco', { qos: 1, retain: true });
    await outside.endAsync();
    host = await HostPort.open(modem.hostPath);
    await connect(host);
    expect(await host.command('AT+QMTSUB=0,1,"site7/cmd/#",1')).toEqual(['OK']);
    expect(await host.waitForLine(/^\+QMTRECV:/)).toEqual(['+QMTSUB: 0,1,0,1', expect.stringMatching(/^\+QMTRECV: 0,\d+,"site7\/cmd\/mode","eco"$/)]);
  }, 30_000);
});
