// A workbench killed with SIGKILL mid-session: the next start offers the session, and "Open it"
// shows its lines in the log and its exchanges in the diagram, read-only, without a port. The two
// workbenches are this test's own headless hosts on one data folder (not the shared web server).
import { expect, test } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openVirtualOnPage, startOwnWorkbench, submit, openEmbeddedCommand } from './helpers';

test.describe.configure({ timeout: 180_000 });

let dataDir = '';
const hosts: ChildProcess[] = [];

test.beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-recovery-'));
});

/** This spec's own workbench on the shared data folder, in its own process group (see crash()). */
async function startHost(): Promise<{ child: ChildProcess; url: string }> {
  const host = await startOwnWorkbench(dataDir, { detached: true });
  hosts.push(host.child);
  return host;
}

async function crash(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

test.afterAll(async () => {
  for (const h of hosts) if (h.exitCode === null && h.signalCode === null) process.kill(-h.pid!, 'SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const openVirtual = openVirtualOnPage;

test('a session killed mid-way is offered on the next start and opens read-only in the log and the diagram', async ({ page }) => {
  const first = await startHost();
  await page.goto(first.url);
  await expect(page.getByTestId('recovery-banner')).toHaveCount(0);
  await openVirtual(page);
  expect(await submit(page, 'AT+CSQ')).toBe('ok');
  expect(await submit(page, await openEmbeddedCommand(page))).toBe('ok');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"]', { hasText: '+QMTOPEN: 0,0' })).toBeVisible({ timeout: 30_000 });
  await crash(first.child);

  const second = await startHost();
  await page.goto(second.url);
  const banner = page.getByTestId('recovery-banner');
  await expect(banner).toBeVisible();
  await expect(page.getByTestId('recovery-text')).toContainText('The last session ended unexpectedly at');
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
  await page.getByTestId('recovery-open').click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('recovery-viewing')).toContainText('read-only');
  const log = page.getByTestId('log');
  await expect(log.locator('[data-testid="log-row"]', { hasText: '+QMTOPEN: 0,0' })).toBeVisible();
  await expect(log.locator('[data-testid="log-row"]', { hasText: '+CSQ:' })).toBeVisible();
  // The port was not touched.
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
  await page.getByTestId('tab-diagram').click();
  await expect(page.getByTestId('diagram').getByTestId('diagram-group').first()).toBeVisible();

  // Stopped cleanly after only viewing it, the next start offers the same crashed session again
  // (no newer session was written); dismissed, it is not offered any more.
  const stopped = new Promise<void>((resolve) => second.child.once('exit', () => resolve()));
  process.kill(second.child.pid!, 'SIGTERM');
  await stopped;
  const third = await startHost();
  await page.goto(third.url);
  await expect(page.getByRole('heading', { name: 'Modem MQTT Workbench' })).toBeVisible();
  await expect(page.getByTestId('recovery-banner')).toBeVisible();
  await page.getByTestId('recovery-dismiss').click();
  await expect(page.getByTestId('recovery-banner')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Modem MQTT Workbench' })).toBeVisible();
  await expect(page.getByTestId('recovery-banner')).toHaveCount(0);
});
