// Secrets in the views and the exports: a QMTCONN with a planted password and an aliauth
// DeviceSecret sent through the console show masked in the log, the diagram and the detail pane;
// the person at the laptop can reveal one row; no diagram export holds the secrets.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { checkMermaid } from '../shared/diagram/mermaid-check';
import { openVirtualModem, submit, openEmbeddedCommand } from './helpers';

test.describe.configure({ timeout: 180_000 });

const PASSWORD = 'E2e-Planted-Pw-5581';
const DEVICE_SECRET = 'E2ePlantedDeviceSecret77';
const MASK = '••••••';

test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click();
});

test('a planted password is masked in the log and the diagram, revealed for one row on request, and absent from every export', async ({ page }, testInfo) => {
  await openVirtualModem(page);
  expect(await submit(page, await openEmbeddedCommand(page))).toBe('ok');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"]', { hasText: '+QMTOPEN: 0,0' }).last()).toBeVisible();
  expect(await submit(page, `AT+QMTCFG="aliauth",1,"a1PK","dev-e2e","${DEVICE_SECRET}"`, 'AT+QMTCFG="aliauth",1,')).toBe('ok');
  expect(await submit(page, `AT+QMTCONN=0,"e2e-secret","field-user","${PASSWORD}"`, 'AT+QMTCONN=0,"e2e-secret"')).toBe('ok');
  const log = page.getByTestId('log');
  await expect(log.locator('[data-testid="log-row"]', { hasText: '+QMTCONN: 0,0,0' }).last()).toBeVisible();

  // The log shows the rows masked, the mask saying nothing about the length.
  const connRow = log.locator('[data-testid="log-row"][data-dir="tx"]', { hasText: 'AT+QMTCONN=0,"e2e-secret"' }).last();
  await expect(connRow).toContainText(`AT+QMTCONN=0,"e2e-secret","field-user","${MASK}"`);
  const cfgRow = log.locator('[data-testid="log-row"][data-dir="tx"]', { hasText: 'AT+QMTCFG="aliauth",1,' }).last();
  await expect(cfgRow).toContainText(`"dev-e2e","${MASK}"`);
  for (const s of [PASSWORD, DEVICE_SECRET]) expect(await page.content()).not.toContain(s);
  const shot = testInfo.outputPath('log-masked.png');
  await log.screenshot({ path: shot });
  fs.copyFileSync(shot, 'test-results/secrets-log-masked.png');

  // The detail pane keeps it masked (text and bytes) until this row is revealed, by keyboard.
  await connRow.click();
  await page.getByTestId('log-body').press('Enter');
  const detail = page.getByTestId('log-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('log-detail-text')).toContainText(MASK);
  await expect(detail).not.toContainText(PASSWORD);
  const reveal = page.getByTestId('log-reveal-secret');
  await reveal.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('log-detail-text')).toContainText(`"field-user","${PASSWORD}"`);
  await expect(reveal).toHaveAttribute('aria-pressed', 'true');
  // Revealing one row reveals no other: the table rows and the aliauth row stay masked.
  await expect(connRow).toContainText(MASK);
  await cfgRow.click();
  await page.getByTestId('log-body').press('Enter');
  await expect(page.getByTestId('log-detail-text')).toContainText(`"dev-e2e","${MASK}"`);
  await expect(detail).not.toContainText(DEVICE_SECRET);
  expect(await page.content()).not.toContain(DEVICE_SECRET);

  // The on-screen diagram masks them too.
  await page.getByTestId('tab-diagram').click();
  const diagram = page.getByTestId('diagram');
  await expect(diagram.locator('[data-testid="diagram-arrow"][data-label^="AT+QMTCONN=0,"]').last()).toHaveAttribute('data-label', `AT+QMTCONN=0,"e2e-secret","field-user","${MASK}"`);
  const drawn = await diagram.evaluate((el) => el.outerHTML);
  for (const s of [PASSWORD, DEVICE_SECRET]) expect(drawn).not.toContain(s);

  // Every export of the Diagram view: none holds a secret.
  const download = async (testId: string) => {
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testId).click()]);
    return fs.readFileSync((await file.path())!);
  };
  const mermaid = (await download('diagram-export-mermaid')).toString('utf8');
  expect(checkMermaid(mermaid)).toEqual([]);
  expect(mermaid).toContain('QMTCONN');
  const svg = (await download('diagram-export-svg')).toString('utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('QMTCONN');
  const png = await download('diagram-export-png');
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  for (const [name, text] of [['mermaid', mermaid], ['svg', svg], ['png', png.toString('latin1')]] as const) {
    for (const s of [PASSWORD, DEVICE_SECRET]) expect(text.includes(s), `${name} export holds ${s}`).toBe(false);
  }
  expect(svg).toContain('«redacted»');
});
