// Nothing is lost by closing the port: a session on the virtual EC20 is closed, a new one opened
// and closed, and the earlier one opens again from the Sessions list, marked as a recording, with
// its rows; it exports to an html file that holds no planted secret. A json export cut short opens
// from the file picker up to the damage. The workbench is this spec's own headless host on a fresh
// data folder (not the shared web server), so the list holds only these sessions.
import { expect, test, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openVirtualOnPage, startOwnWorkbench, submit, openEmbeddedCommand } from './helpers';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const root = path.resolve(import.meta.dirname, '..');
const shots = path.join(root, 'test-results', 'sessions');
const PASSWORD = 'Plant3dPassw0rd-e2e';
const DEVICE_SECRET = 'PlantedDeviceSecret0123456789ab';
let dataDir = '';
const hosts: ChildProcess[] = [];

test.beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-sessions-'));
  fs.mkdirSync(shots, { recursive: true });
});

test.afterAll(async () => {
  for (const h of hosts) {
    if (h.exitCode !== null || h.signalCode !== null) continue;
    const exited = new Promise<void>((resolve) => h.once('exit', () => resolve()));
    h.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** This spec's own workbench on its data folder (extra arguments: a FILE to open). */
async function startHost(extra: string[] = []): Promise<{ url: string; out: () => string }> {
  const host = await startOwnWorkbench(dataDir, { extra });
  hosts.push(host.child);
  return host;
}

const openVirtual = openVirtualOnPage;

async function closePort(page: Page): Promise<void> {
  await page.getByTestId('close-port').click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
}

async function exportShown(page: Page, format: 'html' | 'json'): Promise<string> {
  await page.getByTestId('export-open').click();
  await page.getByTestId(`export-format-${format}`).check();
  await page.getByTestId('export-run').click();
  const confirmation = page.getByTestId('export-confirmation');
  await expect(confirmation).toBeVisible();
  const written = (await page.getByTestId('export-path').textContent()) ?? '';
  await page.screenshot({ path: path.join(shots, `export-${format}.png`) });
  // The browser is offered the same file as a download.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toBe(path.basename(written));
  expect(fs.readFileSync(await download.path(), 'utf8')).toBe(fs.readFileSync(written, 'utf8'));
  await page.getByTestId('export-close').click();
  return written;
}

test('a closed session stays in the list, re-opens read-only and exports without its secrets', async ({ page }) => {
  const host = await startHost();
  await page.goto(host.url);
  await openVirtual(page);
  expect(await submit(page, 'ATI')).toBe('ok');
  expect(await submit(page, 'AT+CSQ')).toBe('ok');
  expect(await submit(page, await openEmbeddedCommand(page))).toBe('ok');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"]', { hasText: '+QMTOPEN: 0,0' })).toBeVisible({ timeout: 30_000 });
  expect(await submit(page, `AT+QMTCFG="aliauth",0,"a1PK","dev-e2e","${DEVICE_SECRET}"`, 'AT+QMTCFG="aliauth",0,')).toBe('ok');
  expect(await submit(page, `AT+QMTCONN=0,"e2e-sessions","field-user","${PASSWORD}"`, 'AT+QMTCONN=0,"e2e-sessions"')).toBe('ok');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"]', { hasText: '+QMTCONN: 0,0,0' })).toBeVisible({ timeout: 30_000 });

  // Closing keeps the rows on screen and says where the session went.
  await closePort(page);
  await expect(page.getByTestId('session-saved')).toContainText('Session saved — open it from Sessions');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"]', { hasText: '+CSQ:' })).toBeVisible();

  // A second session.
  await openVirtual(page);
  await expect(page.getByTestId('session-saved')).toHaveCount(0);
  await submit(page, 'AT+CPIN?');
  await closePort(page);

  await page.getByTestId('session-saved-open').click();
  const list = page.getByTestId('session-list');
  await expect(list.getByTestId('session-row')).toHaveCount(2);
  const earlier = list.getByTestId('session-row').nth(1); // newest first
  await expect(earlier).toContainText('virtual:ec20');
  await expect(earlier).toContainText(/Quectel EC2\d/);
  await expect(earlier).toHaveAttribute('data-outcome', 'connected');
  await expect(earlier.getByTestId('session-outcome')).toContainText('connected');
  await expect(list.getByTestId('session-row').first()).not.toHaveAttribute('data-outcome', 'connected');
  await page.screenshot({ path: path.join(shots, 'session-list.png') });

  // Keyboard: down to the earlier session, Enter opens it.
  await list.getByTestId('session-row').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(earlier).toBeFocused();
  await page.keyboard.press('Enter');
  const banner = page.getByTestId('recording-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('RECORDING');
  await expect(banner).toContainText('read-only');
  const log = page.getByTestId('log');
  await expect(log.locator('[data-testid="log-row"]', { hasText: '+CSQ:' })).toBeVisible();
  await expect(log.locator('[data-testid="log-row"]', { hasText: '+QMTCONN: 0,0,0' })).toBeVisible();
  await expect(log.locator('[data-testid="log-row"]', { hasText: 'AT+CPIN?' })).toHaveCount(0);
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
  await page.screenshot({ path: path.join(shots, 'recording.png') });

  // Export it as html: the confirmation names a file that exists and holds no planted secret.
  const html = await exportShown(page, 'html');
  expect(path.dirname(html)).toBe(path.join(dataDir, 'exports'));
  const report = fs.readFileSync(html, 'utf8');
  expect(report).toContain('+QMTCONN: 0,0,0');
  expect(report).not.toContain(PASSWORD);
  expect(report).not.toContain(DEVICE_SECRET);
  expect(report).not.toContain(Buffer.from(PASSWORD).toString('base64'));

  // A json export cut short opens from the file picker up to the damage, and says where it stopped.
  const json = await exportShown(page, 'json');
  const lines = fs.readFileSync(json, 'utf8').split('\n');
  const cut = path.join(dataDir, 'cut.session.jsonl');
  fs.writeFileSync(cut, [...lines.slice(0, 20), lines[20]!.slice(0, 15)].join('\n'));
  await page.getByTestId('tab-sessions').click();
  await page.getByTestId('session-file-input').setInputFiles(cut);
  await expect(page.getByTestId('recording-banner')).toContainText('cut.session.jsonl');
  await expect(page.getByTestId('recording-damage')).toContainText('read 19 records; stopped at line 21');
  await expect(log.locator('[data-testid="log-row"]').first()).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'damaged-file.png') });

  // The whole file dropped on the window opens too, without a damage notice.
  const whole = fs.readFileSync(json, 'utf8');
  const dropped = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.session.jsonl', { type: 'application/json' }));
    return dt;
  }, whole);
  await page.dispatchEvent('[data-testid="app"]', 'dragover', { dataTransfer: dropped });
  await page.dispatchEvent('[data-testid="app"]', 'drop', { dataTransfer: dropped });
  await expect(page.getByTestId('recording-banner')).toContainText('dropped.session.jsonl');
  await expect(page.getByTestId('recording-damage')).toHaveCount(0);
  await expect(log.locator('[data-testid="log-row"]', { hasText: '+QMTCONN: 0,0,0' })).toBeVisible();
  await expect(log.locator('[data-testid="log-row"]', { hasText: PASSWORD })).toHaveCount(0);

  // A session file of a newer format is refused with its reason.
  const future = path.join(dataDir, 'future.session.jsonl');
  fs.writeFileSync(future, lines.join('\n').replace('"version":1', '"version":99'));
  await page.getByTestId('tab-sessions').click();
  await page.getByTestId('session-file-input').setInputFiles(future);
  await expect(page.getByTestId('sessions-problem')).toContainText('written by a newer version of the app (format version 99)');
});

test('a file named on the command line opens as a recording when the page connects', async ({ page }) => {
  const file = path.join(dataDir, 'exports', fs.readdirSync(path.join(dataDir, 'exports')).find((n) => n.endsWith('.session.jsonl'))!);
  const host = await startHost([file]);
  expect(host.out()).toContain(`Opened ${file} read-only`);
  await page.goto(host.url);
  await expect(page.getByTestId('recording-banner')).toContainText(path.basename(file));
  await expect(page.getByTestId('log').locator('[data-testid="log-row"]', { hasText: '+CSQ:' })).toBeVisible();
});
