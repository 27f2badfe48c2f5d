import { expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { createPtyPair, type PtyPair } from '../electron/simulator/pty-pair';

export async function openWorkbench(page: Page): Promise<void> {
  await page.goto(`/?token=${process.env.WORKBENCH_TOKEN}`);
  await page.getByRole('heading', { name: 'Modem MQTT Workbench' }).waitFor();
}

/**
 * Sends one command through the console and waits for its outcome kind. `shown` is the text its
 * log row holds when that differs from the command (a password shows masked).
 */
export async function submit(page: Page, command: string, shown = command): Promise<string | null> {
  const input = page.getByTestId('at-input');
  await input.fill(command);
  // Enter is ignored while the previous command is in flight (the button is disabled then).
  await expect(page.getByTestId('at-send')).toBeEnabled();
  await input.press('Enter');
  // The field empties in the same update that marks the command as sending, so after this the
  // button's "Send" means this command has its outcome, not the previous one.
  await expect(input).toHaveValue('');
  await expect(page.getByTestId('at-send')).toHaveText('Send');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"][data-dir="tx"]', { hasText: shown }).last()).toBeVisible();
  return page.getByTestId('at-outcome').getAttribute('data-kind');
}

/** Opens the Virtual EC20 (closing a port left open) and waits until the module answers AT. */
export async function openVirtualModem(page: Page): Promise<void> {
  await openWorkbench(page);
  const state = page.getByTestId('port-state');
  // Read the state only once the page has it from the main side: before that it says closed, and a
  // port left open by an earlier test would then wait forever for a Virtual EC20 it cannot choose.
  await expect(state).toHaveAttribute('data-known', 'true');
  if ((await state.getAttribute('data-state')) === 'open') {
    await page.getByTestId('close-port').click();
    await expect(state).toHaveAttribute('data-state', 'closed');
  }
  await openVirtualOnPage(page);
}

/** On a page already showing the workbench: opens the Virtual EC20 and waits until it answers AT. */
export async function openVirtualOnPage(page: Page): Promise<void> {
  await page.getByTestId('port-list').getByText('Virtual EC20', { exact: true }).click();
  await page.getByTestId('open-port').click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'open', { timeout: 30_000 });
  // The module boots after the port opens (RDY … PB DONE, protocol.md §4.6): wait until it answers AT.
  for (let tries = 0; tries < 20; tries++) {
    if ((await submit(page, 'AT')) === 'ok') return;
    await page.waitForTimeout(500);
  }
  throw new Error('the virtual EC20 never answered AT with OK');
}

/** Where the open Virtual EC20's embedded broker listens (PortState.embeddedBroker), asked over the page's bridge. */
export async function embeddedBroker(page: Page): Promise<{ host: string; port: number; tlsPort?: number; caPath?: string }> {
  const state = await page.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(sessionStorage.getItem('wb_token') ?? '')}`);
        ws.onopen = () => ws.send(JSON.stringify({ t: 'req', id: 1, name: 'getPortState' }));
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data)) as { t: string; id?: number; result?: unknown };
          if (m.t !== 'res' || m.id !== 1) return;
          ws.close();
          resolve(m.result);
        };
        ws.onerror = () => reject(new Error('the bridge socket failed'));
      }),
  );
  const r = state as { ok: boolean; value?: { embeddedBroker?: { host: string; port: number; tlsPort?: number; caPath?: string } } };
  const b = r.ok ? r.value?.embeddedBroker : undefined;
  if (!b) throw new Error(`the port state names no embedded broker: ${JSON.stringify(state)}`);
  return b;
}

/** AT+QMTOPEN of client 0 to the Virtual EC20's embedded broker (the module dials what it is told). */
export async function openEmbeddedCommand(page: Page): Promise<string> {
  const b = await embeddedBroker(page);
  return `AT+QMTOPEN=0,"${b.host}",${b.port}`;
}

/**
 * A headless workbench of a spec's own (not the shared web server) on a free port and `dataDir`;
 * `extra`: more arguments (a FILE to open); `detached`: its own process group, so killing the group
 * ends it and the virtual modem it started. Resolves with its URL (token included) and its output.
 */
export async function startOwnWorkbench(dataDir: string, opts: { extra?: string[]; detached?: boolean } = {}): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/headless.ts'), '--port', '0', ...(opts.extra ?? [])], {
    cwd: root,
    env: { ...process.env, WORKBENCH_DATA_DIR: dataDir, WORKBENCH_TOKEN: '', WORKBENCH_SIM_SPEED: '0.05' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  child.stderr!.resume();
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', (code) => reject(new Error(`the workbench exited (${code}) before it listened`)));
  });
  return { child, url, out: () => out };
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
