// The wizard's TLS section against a real TLS mosquitto: the CA is uploaded from a file right in
// the wizard (checksum verified), the laptop's checks pass, and the bring-up reaches connected; at
// seclevel 2 the client certificate and key too, a key of another certificate caught on the laptop.
// And an honest failure: a server where nothing listens stops the bring-up at the open, explained.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { freePort, startMosquitto, type Mosquitto } from '../test-support/fault-rig';
import { makeTestPki, type TestPki } from '../test-support/tls-pki';
import { openVirtualModem } from './helpers';

// The shared workbench keeps its port between specs: leave it closed, as the next spec expects.
test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
});

/** Uploads a file in the TLS section for a role; a name already on the modem is replaced when asked. */
async function uploadInTls(page: Page, role: 'ca' | 'clientCert' | 'clientKey', file: string): Promise<void> {
  const section = page.getByTestId('wizard-tls-section');
  await page.getByTestId(`wizard-tls-${role}-upload`).setInputFiles(file);
  const verdict = section.locator('.tls-file', { has: page.getByTestId(`wizard-tls-${role}`) }).getByTestId('upload-verdict');
  const exists = section.getByTestId('upload-exists');
  await expect(verdict.or(exists)).toBeVisible({ timeout: 30_000 });
  if (await exists.isVisible()) {
    await exists.getByTestId('upload-replace').click();
    await expect(verdict).toContainText('Replaced', { timeout: 30_000 });
  }
  await expect(verdict).toHaveAttribute('data-verified', 'true');
  await expect(page.getByTestId(`wizard-tls-${role}`)).toHaveValue(path.basename(file));
}

test.describe('wizard over TLS', () => {
  let pki: TestPki;
  let broker: Mosquitto;
  let tlsPort: number;
  let mutualPort: number;

  test.beforeAll(async () => {
    pki = makeTestPki();
    tlsPort = await freePort();
    mutualPort = await freePort();
    // Two TLS listeners beside the helper's plain one: server-verified, and client certificate required.
    broker = await startMosquitto({ extraConfig: `${pki.listener(tlsPort)}\n${pki.listener(mutualPort, { requireCertificate: true })}` });
  });

  test.afterAll(async () => {
    await broker?.stop();
    pki?.remove();
  });

  test('uploads the CA from a file in the TLS section and connects to a TLS mosquitto', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    await openVirtualModem(page);
    // The embedded broker was prefilled; this test's mosquitto is another server (its certificate names localhost).
    await expect(page.getByTestId('wizard-embedded-broker')).toHaveAttribute('data-using', 'true');
    await page.getByTestId('wizard-host').fill('localhost');
    await page.getByTestId('wizard-clientId').fill('e2e-tls');
    // Choosing TLS moves the port to 8883 while nothing was typed in it.
    await expect(page.getByTestId('wizard-tls-section')).toBeHidden();
    await page.getByTestId('wizard-tls').check();
    await expect(page.getByTestId('wizard-tls-section')).toBeVisible();
    await expect(page.getByTestId('wizard-port')).toHaveValue('8883');
    await page.getByTestId('wizard-port').fill(String(tlsPort));
    await page.getByTestId('wizard-tls-seclevel').selectOption('1');

    await uploadInTls(page, 'ca', pki.ca);
    // The laptop's checks ran on the file before anything else was sent.
    await expect(page.getByTestId('tls-check')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('tls-cert').first()).toContainText('Workbench Test CA');
    await page.getByTestId('wizard-tls-section').screenshot({ path: test.info().outputPath('tls-section.png') });

    await page.getByTestId('wizard-run').click();
    await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
    await expect(page.getByTestId('step-open')).toHaveAttribute('data-status', 'passed');
    await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'connected');
    // It was this mosquitto, over TLS, with the CA uploaded here: the log holds the lines that said so.
    const log = page.getByTestId('log');
    await page.getByTestId('log-search').fill('cacert');
    await expect(log.locator('[data-testid="log-row"][data-dir="tx"]', { hasText: 'AT+QSSLCFG="cacert",0,"ca.pem"' }).first()).toBeVisible();
    await page.getByTestId('log-search').fill('QMTOPEN=');
    await expect(log.locator('[data-testid="log-row"][data-dir="tx"]', { hasText: `AT+QMTOPEN=0,"localhost",${tlsPort}` }).first()).toBeVisible();
  });

  test('seclevel 2: a key that does not match is caught on the laptop; the right one connects where a client certificate is required', async ({ page }) => {
    test.setTimeout(120_000);
    await openVirtualModem(page);
    await page.getByTestId('wizard-host').fill('localhost');
    await page.getByTestId('wizard-clientId').fill('e2e-mutual');
    await page.getByTestId('wizard-tls').check();
    await page.getByTestId('wizard-port').fill(String(mutualPort));
    await page.getByTestId('wizard-tls-seclevel').selectOption('2');
    await page.getByTestId('wizard-tls-ctx').selectOption('2');
    await uploadInTls(page, 'ca', pki.ca);
    await uploadInTls(page, 'clientCert', pki.clientCert);
    // A key of no certificate here: the laptop says so before anything is sent.
    await uploadInTls(page, 'clientKey', pki.strayKey);
    await expect(page.getByTestId('tls-check')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('tls-check').getByTestId('tls-check-problem').first()).toBeVisible();
    await uploadInTls(page, 'clientKey', pki.clientKey);
    await expect(page.getByTestId('tls-check')).toHaveAttribute('data-ok', 'true');
    // A key's content is never on screen.
    const keyBody = pki.read(pki.clientKey).toString().split('\n')[1]!;
    await expect(page.locator('body')).not.toContainText(keyBody.slice(0, 32));

    await page.getByTestId('wizard-run').click();
    await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
    const log = page.getByTestId('log');
    await page.getByTestId('log-search').fill('QSSLCFG=');
    await expect(log.locator('[data-testid="log-row"][data-dir="tx"]', { hasText: 'AT+QSSLCFG="clientkey",2,"client.key"' }).first()).toBeVisible();
    await expect(log.locator('[data-testid="log-row"][data-dir="tx"]', { hasText: 'AT+QSSLCFG="seclevel",2,2' }).first()).toBeVisible();
  });
});

test('a server where nothing listens stops the bring-up at the open, with the explanation', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await page.getByTestId('wizard-host').fill('127.0.0.1');
  await page.getByTestId('wizard-port').fill('1');
  await page.getByTestId('wizard-clientId').fill('e2e-nothing-listens');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'failed', { timeout: 60_000 });
  const open = page.getByTestId('step-open');
  await expect(open).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('step-connect')).toHaveAttribute('data-status', 'pending');
  const problem = open.getByTestId('wizard-step-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('data-code', /qmtopen/i);
  await expect(problem.locator('.problem-next')).not.toBeEmpty();
});
