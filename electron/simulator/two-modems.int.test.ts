// Two virtual modems through one real broker: one subscribes, the other publishes at QoS 0, 1
// and 2; each message reaches the subscriber's host exactly once with its topic and payload.
// Once with the embedded aedes broker, once with a mosquitto started here.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from './broker';
import { HostPort } from './host-port';
import { startVirtualModem, type VirtualModem } from './index';
import { stopChild } from './pty-pair';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const okNow = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (okNow) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

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

const hasMosquitto = spawnSync('sh', ['-c', 'command -v mosquitto'], { stdio: 'ignore' }).status === 0;
if (!hasMosquitto) console.warn('mosquitto is not installed: the mosquitto interop test is skipped (apt-get install mosquitto)');

pairSuite('mosquitto', async () => {
  if (!hasMosquitto) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-mosq-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(conf, `persistence false\nallow_anonymous true\nlistener ${port} 127.0.0.1\n`);
  fs.chmodSync(conf, 0o644);
  const child: ChildProcess = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
  const stop = () => stopChild(child).then(() => fs.rmSync(dir, { recursive: true, force: true }));
  // A broker that never came up must not outlive the suite (afterAll only knows a started one).
  await waitForPort(port).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url: `mqtt://127.0.0.1:${port}`, stop };
});
