import type { Page } from '@playwright/test';
import { SerialPort } from 'serialport';
import { createPtyPair, type PtyPair } from '../electron/simulator/pty-pair';

export async function openWorkbench(page: Page): Promise<void> {
  await page.goto(`/?token=${process.env.WORKBENCH_TOKEN}`);
  await page.getByRole('heading', { name: 'Modem MQTT Workbench' }).waitFor();
}

/** A PTY pair whose device end answers every AT line with OK (and ATI with an identity). */
export async function startOkResponder(): Promise<{ pair: PtyPair; received: string[]; stop(): Promise<void> }> {
  const pair = await createPtyPair();
  const port = new SerialPort({ path: pair.devicePath, baudRate: 115200 });
  await new Promise<void>((res, rej) => port.once('open', () => res()).once('error', rej));
  const received: string[] = [];
  let pending = '';
  port.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    let i: number;
    while ((i = pending.indexOf('\r')) >= 0) {
      const line = pending.slice(0, i).trim();
      pending = pending.slice(i + 1);
      if (!line) continue;
      received.push(line);
      const answer = /^ATI$/i.test(line) ? '\r\nQuectel\r\nEC20F\r\nRevision: EC20CEFAR06A01M4G\r\n\r\nOK\r\n' : '\r\nOK\r\n';
      port.write(answer);
    }
  });
  return {
    pair,
    received,
    stop: async () => {
      if (port.isOpen) await new Promise<void>((r) => port.close(() => r()));
      await pair.close();
    },
  };
}
