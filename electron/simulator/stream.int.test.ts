// The in-process binding: the same modem core without a PTY, for fast tests above the serial port.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker';
import { createSimulatorStream, type SimulatorStream } from './stream';

let sim: SimulatorStream | undefined;
let broker: EmbeddedBroker | undefined;
afterEach(async () => {
  sim?.close();
  await broker?.close();
  sim = undefined;
  broker = undefined;
});

/** Collects what the modem says; resolves when `until` appears. */
function reader(s: SimulatorStream) {
  let text = '';
  const waiters: (() => void)[] = [];
  s.onData((b) => {
    text += Buffer.from(b).toString('latin1');
    waiters.splice(0).forEach((w) => w());
  });
  return {
    get text() {
      return text;
    },
    until: (needle: string) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${JSON.stringify(needle)} in ${JSON.stringify(text)}`)), 10_000);
        const check = () => {
          if (text.includes(needle)) {
            clearTimeout(t);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
  };
}

describe('createSimulatorStream', () => {
  it('answers AT with echo, as over a PTY', async () => {
    sim = createSimulatorStream({ speed: 0, skipPowerUp: true });
    const r = reader(sim);
    sim.write('AT\r');
    await r.until('OK\r\n');
    expect(r.text).toBe('AT\r\r\nOK\r\n');
  });

  it('prints the power-up URCs on its own', async () => {
    sim = createSimulatorStream({ speed: 0 });
    const r = reader(sim);
    await r.until('+QIND: PB DONE\r\n');
    expect(r.text).toBe('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n');
  });

  it('publishes through a real broker, and a profile switch changes the publish forms', async () => {
    broker = await startEmbeddedBroker();
    sim = createSimulatorStream({ speed: 0, skipPowerUp: true, echo: false, redirect: broker.url });
    const r = reader(sim);
    sim.write('AT+QMTOPEN=0,"broker.example.net",1883\r');
    await r.until('+QMTOPEN: 0,0\r\n');
    sim.write('AT+QMTCONN=0,"stream-1"\r');
    await r.until('+QMTCONN: 0,0,0\r\n');
    sim.write('AT+QMTPUB=0,1,1,0,"s/t",3\r');
    await r.until('ERROR\r\n');
    sim.core.setProfile('LTE-LATER');
    sim.write('AT+QMTPUB=0,1,1,0,"s/t",3\r');
    await r.until('> ');
    sim.write('abc');
    await r.until('+QMTPUB: 0,1,0\r\n');
  });
});
