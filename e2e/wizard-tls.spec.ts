// The wizard's TLS section against a real TLS mosquitto: the CA is uploaded from a file right in
// the wizard (checksum verified), the laptop's checks pass, and the bring-up reaches connected.
// And an honest failure: a server where nothing listens stops the bring-up at the open, explained.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { makeDemoPki, type DemoPki } from '../electron/simulator/demo-pki';
import { freePort, startMosquitto, type Mosquitto } from '../test-support/fault-rig';
import { openVirtualModem } from './helpers';

// The shared workbench keeps its port between specs: leave it closed, as the next spec expects.
test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
});

test.describe('wizard over TLS', () => {
  let pki: DemoPki;
  let broker: Mosquitto;
  let tlsPort: number;

  test.beforeAll(async () => {
    pki = makeDemoPki();
    fs.writeFileSync(path.join(pki.dir, 'server.key'), pki.key);
    fs.writeFileSync(path.join(pki.dir, 'server.pem'), pki.cert);
    // mosquitto runs as its own user on some systems: it must be able to read the files.
    for (const f of fs.readdirSync(pki.dir)) fs.chmodSync(path.join(pki.dir, f), 0o644);
    fs.chmodSync(pki.dir, 0o755);
    tlsPort = await freePort();
    // A TLS listener beside the helper's plain one (the options after a listener line are its own).
    broker = await startMosquitto({
      extraConfig: [`listener ${tlsPort} 127.0.0.1`, `cafile ${pki.caPath}`, `certfile ${path.join(pki.dir, 'server.pem')}`, `keyfile ${path.join(pki.dir, 'server.key')}`].join('\n'),
    });
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

    await page.getByTestId('wizard-tls-ca-upload').setInputFiles(pki.caPath);
    const verdict = page.getByTestId('wizard-tls-section').getByTestId('upload-verdict');
    await expect(verdict).toHaveAttribute('data-verified', 'true', { timeout: 30_000 });
    await expect(page.getByTestId('wizard-tls-ca')).toHaveValue('ca.pem');
    // The laptop's checks ran on the file before anything else was sent.
    await expect(page.getByTestId('tls-check')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('tls-cert').first()).toContainText('Workbench Demo CA');
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
