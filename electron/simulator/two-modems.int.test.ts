// Two virtual modems through one real broker: one subscribes, the other publishes at QoS 0, 1
// and 2; each message reaches the subscriber's host exactly once with its topic and payload.
// Once with the embedded aedes broker, once with a mosquitto started here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from './broker';
import { HostPort } from './host-port';
import { startVirtualModem, type VirtualModem } from './index';
import { hasCommand } from './pty-pair';
import { startMosquitto } from '../../test-support/fault-rig';

async function connect(host: HostPort, clientId: string): Promise<void> {
  for (const c of ['ATE0', 'AT+QIACT=1', 'AT+QMTCFG="recv/mode",0,0,1']) expect((await host.command(c)).at(-1)).toBe('OK');
  expect(await host.command('AT+QMTOPEN=0,"broker.example.net",1883')).toEqual(['OK']);
  await host.waitForLine('+QMTOPEN: 0,0');
  expect(await host.command(`AT+QMTCONN=0,"${clientId}"`)).toEqual(['OK']);
  await host.waitForLine('+QMTCONN: 0,0,0');
}

function pairSuite(name: string, start: () => Promise<{ url: string; stop: () => Promise<void> } | undefined>) {
  describe(name, () => {
    let broker: { url: string; stop: () => Promise<void> } | undefined;
    const modems: VirtualModem[] = [];
    const hosts: HostPort[] = [];

    beforeAll(async () => {
      broker = await start();
      if (!broker) return;
      for (let i = 0; i < 2; i++) {
        const m = await startVirtualModem({ speed: 0, brokerUrl: broker.url, skipPowerUp: true });
        modems.push(m);
        hosts.push(await HostPort.open(m.hostPath));
      }
    }, 30_000);
    afterAll(async () => {
      for (const h of hosts) await h.close();
      for (const m of modems) await m.stop();
      await broker?.stop();
    });

    it('delivers QoS 0, 1 and 2 publishes exactly once each', async (ctx) => {
      if (!broker) return ctx.skip();
      const [sub, pub] = hosts as [HostPort, HostPort];
      await connect(sub, `sub-${name}`);
      await connect(pub, `pub-${name}`);
      expect(await sub.command('AT+QMTSUB=0,1,"pair/#",2')).toEqual(['OK']);
      await sub.waitForLine('+QMTSUB: 0,1,0,2');
      const sent = [
        { qos: 0, msgId: 0, topic: 'pair/q0', payload: 'zero, with "quotes"' },
        { qos: 1, msgId: 11, topic: 'pair/q1', payload: '{"n":1}' },
        { qos: 2, msgId: 12, topic: 'pair/q2', payload: 'two' },
      ];
      for (const m of sent) {
        await pub.write(`AT+QMTPUBEX=0,${m.msgId},${m.qos},0,"${m.topic}",${Buffer.byteLength(m.payload)}\r`);
        await pub.waitForPrompt();
        await pub.write(m.payload);
        expect(await pub.waitForLine(/^(OK|ERROR)$/)).toEqual(['OK']);
        await pub.waitForLine(`+QMTPUBEX: 0,${m.msgId},0`);
      }
      for (const m of sent) {
        const re = new RegExp(`^\\+QMTRECV: 0,(\\d+),"${m.topic}",${Buffer.byteLength(m.payload)},"(.*)"$`);
        const lines = await sub.waitForLine(re);
        const got = re.exec(lines.at(-1) ?? '');
        expect(got?.[2]).toBe(m.payload);
        expect(got?.[1] === '0').toBe(m.qos === 0);
      }
      // Nothing arrives twice.
      const later = await sub.quietFor(500);
      expect(later.filter((l) => l.startsWith('+QMTRECV'))).toEqual([]);
    });
  });
}

pairSuite('embedded aedes', async () => {
  const b = await startEmbeddedBroker();
  return { url: b.url, stop: () => b.close() };
});

const hasMosquitto = hasCommand('mosquitto');
if (!hasMosquitto) console.warn('mosquitto is not installed: the mosquitto interop test is skipped (apt-get install mosquitto)');

pairSuite('mosquitto', async () => {
  if (!hasMosquitto) return undefined;
  const broker = await startMosquitto();
  return { url: broker.url, stop: () => broker.stop() };
});
