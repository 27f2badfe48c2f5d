// The Files tab against the virtual EC20: upload a PEM picked from disk (checksum verified), the
// "file exists" question and a replace, a file dropped on the tab, a delete after its confirmation.
// And the console: a multi-line payload for AT+QFUPL goes out as exactly the announced bytes,
// without Ctrl+Z.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openVirtualModem, submit } from './helpers';

// The shared workbench keeps its port between specs: leave it closed, as the next spec expects.
test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
});

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQk9HVVMtY2VydC1mb3ItdGVzdHMwCgYIKoZIzj0EAwIw\nEjEQMA4GA1UEAwwHdGVzdCBDQTAeFw0yNjAxMDEwMDAwMDBaFw0yNzAxMDEwMDAw\n-----END CERTIFICATE-----\n';

test('Files tab: upload with checksum verdict, replace on "file exists", delete after confirming', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-files-e2e-'));
  const file = path.join(dir, 'e2e-ca.pem');
  fs.writeFileSync(file, PEM);
  try {
    await openVirtualModem(page);
    // Alt+5 reaches the tab from the keyboard, like the other views.
    await page.getByTestId('at-input').press('Alt+5');
    await expect(page.getByTestId('tab-files')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('files-list')).toBeVisible();

    await page.getByTestId('files-pick').setInputFiles(file);
    await expect(page.getByTestId('files-name')).toHaveValue('e2e-ca.pem');
    await page.getByTestId('files-upload').click();
    await expect(page.getByTestId('upload-verdict')).toHaveAttribute('data-verified', 'true', { timeout: 30_000 });
    const row = page.locator('[data-testid="file-row"][data-name="e2e-ca.pem"]');
    await expect(row).toContainText(String(PEM.length));

    // The same name again: the modem says +CME ERROR: 407, the tab asks.
    await page.getByTestId('files-upload').click();
    await expect(page.getByTestId('upload-exists')).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: test.info().outputPath('files-exists.png') });
    await page.getByTestId('upload-replace').click();
    await expect(page.getByTestId('upload-verdict')).toContainText('Replaced', { timeout: 30_000 });
    await expect(page.getByTestId('upload-verdict')).toHaveAttribute('data-verified', 'true');

    // A file dropped on the tab is for the modem (the window's own drop opens session files).
    const drop = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped-ca.pem'));
      return dt;
    }, PEM);
    await page.getByTestId('files-drop').dispatchEvent('dragover', { dataTransfer: drop });
    await page.getByTestId('files-drop').dispatchEvent('drop', { dataTransfer: drop });
    await expect(page.getByTestId('files-name')).toHaveValue('dropped-ca.pem');
    await expect(page.getByTestId('files-picked')).toContainText('PEM certificate');
    await expect(page.getByTestId('tab-files')).toHaveAttribute('aria-selected', 'true');

    await row.getByTestId('file-delete').click();
    await expect(row.getByTestId('file-delete-confirm')).toBeVisible();
    await row.getByTestId('file-delete-confirm').click();
    await expect(row).toHaveCount(0);

    // An SSL context read back: every option, as the TLS open will use it.
    await page.getByTestId('ssl-context-ctx').selectOption('3');
    await page.getByTestId('ssl-context-read').click();
    const table = page.getByTestId('ssl-context-table');
    await expect(table).toHaveAttribute('data-ctx', '3', { timeout: 30_000 });
    await expect(table.locator('tr[data-option="seclevel"]')).toContainText(/\d — /);
    await expect(table.locator('tr[data-option="ciphersuite"]')).toContainText(/0X/i);
    await page.screenshot({ path: test.info().outputPath('files-tab.png') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('console: a multi-line AT+QFUPL payload is sent as exactly the announced bytes', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  const command = `AT+QFUPL="console.pem",${PEM.length + 1},10`;
  await page.getByTestId('at-input').fill(command);
  await page.getByTestId('at-payload').fill(PEM);
  // One byte short of what the command announces: refused before it is sent, with a fix offered.
  await expect(page.getByTestId('at-payload-bytes')).toHaveAttribute('data-bytes', String(PEM.length));
  await expect(page.getByTestId('at-send')).toBeDisabled();
  await page.getByTestId('at-payload-fit').click();
  await expect(page.getByTestId('at-input')).toHaveValue(`AT+QFUPL="console.pem",${PEM.length},10`);
  await expect(page.getByTestId('at-send')).toBeEnabled();
  await page.getByTestId('at-send').click();
  await expect(page.getByTestId('at-outcome')).toHaveAttribute('data-kind', 'ok', { timeout: 30_000 });
  await expect(page.getByTestId('at-outcome')).toContainText(`+QFUPL: ${PEM.length},`);
  // No Ctrl+Z followed the file: the next command is answered normally and the size is exact.
  expect(await submit(page, 'AT+QFLST="console.pem"')).toBe('ok');
  await expect(page.getByTestId('at-outcome')).toContainText(`"console.pem",${PEM.length}`);
});
