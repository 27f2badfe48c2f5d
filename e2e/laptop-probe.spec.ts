// A failed connect in the wizard → "Try this server from the laptop" → the side-by-side view names
// the cause. The virtual EC20 dials a real mosquitto whose password file refuses the wizard's
// password; the laptop is refused too, so the verdict is the credentials, not the modem. A port
// where nothing listens: neither side reaches it. The probe lands in the diagram's Laptop lane.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

test.describe('try this server from the laptop', () => {
  let locked: Mosquitto;
  let pwDir = '';

  test.beforeAll(async () => {
    pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-probe-'));
    const pw = path.join(pwDir, 'passwords');
    fs.writeFileSync(pw, '');
    execFileSync('mosquitto_passwd', ['-b', pw, 'device-7', 'right-password']);
    fs.chmodSync(pwDir, 0o755);
    fs.chmodSync(pw, 0o644);
    locked = await startMosquitto({ extraConfig: `allow_anonymous false\npassword_file ${pw}` });
  });

  test.afterAll(async () => {
    await locked?.stop();
    if (pwDir) fs.rmSync(pwDir, { recursive: true, force: true });
  });

  test('a refused CONNECT: the laptop is refused too, and the view says the credentials are wrong', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    await openVirtualModem(page);
    await page.getByTestId('wizard-host').fill('127.0.0.1');
    await page.getByTestId('wizard-port').fill(String(locked.port));
    await page.getByTestId('wizard-clientId').fill('e2e-probe-refused');
    await page.getByTestId('wizard-username').fill('device-7');
    await page.getByTestId('wizard-password').fill('wrong-e2e-password');
    await page.getByTestId('wizard-run').click();
    await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'failed', { timeout: 60_000 });
    const connect = page.getByTestId('step-connect');
    await expect(connect).toHaveAttribute('data-status', 'failed');
    // Offered at the failed step only.
    await expect(page.getByTestId('wizard-try-laptop')).toHaveCount(1);
    await connect.getByTestId('wizard-try-laptop').click();

    const verdict = page.getByTestId('probe-verdict');
    await expect(verdict).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('tab-laptop')).toHaveAttribute('aria-selected', 'true');
    await expect(verdict).toHaveAttribute('data-side', 'server');
    await expect(verdict).toContainText(/The server refuses these credentials from both \(CONNACK [45]\)/);
    await expect(page.getByTestId('probe-modem-connect')).toHaveAttribute('data-status', 'failed');
    await expect(page.getByTestId('probe-laptop-connect')).toHaveAttribute('data-status', 'failed');
    await expect(page.getByTestId('probe-laptop-open')).toHaveAttribute('data-status', 'passed');
    await expect(page.getByTestId('probe-stage-tcp')).toHaveAttribute('data-status', 'passed');
    await expect(page.getByTestId('probe-stage-mqtt')).toContainText(/CONNACK [45]/);
    // The password is the form's: never shown back.
    await expect(page.getByTestId('probe-view')).not.toContainText('wrong-e2e-password');
    await page.screenshot({ path: '/tmp/probe-refused.png' });

    // The probe is in the journal: the diagram draws it in the Laptop lane.
    await page.getByTestId('tab-diagram').click();
    await expect(page.locator('.diagram-lanes')).toContainText('Laptop');
    await expect(page.locator('[data-testid="diagram-arrow"][data-label^="CONNACK"]').last()).toHaveAttribute('data-failed', 'true');
    await page.screenshot({ path: '/tmp/probe-diagram.png' });
  });

  test('a port where nothing listens: neither the modem nor the laptop reaches it', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    await openVirtualModem(page);
    const closed = await freePort();
    await page.getByTestId('wizard-host').fill('127.0.0.1');
    await page.getByTestId('wizard-port').fill(String(closed));
    await page.getByTestId('wizard-clientId').fill('e2e-probe-closed');
    await page.getByTestId('wizard-username').fill('');
    await page.getByTestId('wizard-password').fill('');
    await page.getByTestId('wizard-run').click();
    await expect(page.getByTestId('step-open')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
    await page.getByTestId('step-open').getByTestId('wizard-try-laptop').click();
    const verdict = page.getByTestId('probe-verdict');
    await expect(verdict).toContainText(`Neither the modem nor the laptop reaches 127.0.0.1:${closed}`, { timeout: 30_000 });
    await expect(verdict).toContainText('the server is down, the port is wrong or a firewall');
    await expect(page.getByTestId('probe-stage-tcp')).toHaveAttribute('data-status', 'failed');
    await page.screenshot({ path: '/tmp/probe-closed.png' });
  });

  test.describe('over TLS', () => {
    let pki: TestPki;
    let tlsBroker: Mosquitto;
    let tlsPort = 0;
    test.beforeAll(async () => {
      pki = makeTestPki();
      tlsPort = await freePort();
      tlsBroker = await startMosquitto({ extraConfig: pki.listener(tlsPort) });
    });
    test.afterAll(async () => {
      await tlsBroker?.stop();
      pki?.remove();
    });

    test('a CA that does not sign the server: TLS fails on both, and the view names the CA that does', async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width: 1280, height: 720 });
      await openVirtualModem(page);
      await page.getByTestId('wizard-host').fill('localhost');
      await page.getByTestId('wizard-clientId').fill('e2e-probe-tls');
      await page.getByTestId('wizard-tls').check();
      await page.getByTestId('wizard-port').fill(String(tlsPort));
      await page.getByTestId('wizard-tls-seclevel').selectOption('1');
      // The wrong CA, picked from disk: the bring-up uploads it and the open fails.
      await page.getByTestId('wizard-tls-ca-upload').setInputFiles(pki.otherCa);
      const section = page.getByTestId('wizard-tls-section');
      const exists = section.getByTestId('upload-exists');
      const verdict = section.locator('.tls-file', { has: page.getByTestId('wizard-tls-ca') }).getByTestId('upload-verdict');
      await expect(verdict.or(exists)).toBeVisible({ timeout: 30_000 });
      if (await exists.isVisible()) await exists.getByTestId('upload-replace').click();
      await expect(verdict).toHaveAttribute('data-verified', 'true', { timeout: 30_000 });
      await page.getByTestId('wizard-run').click();
      await expect(page.getByTestId('step-open')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
      await page.getByTestId('step-open').getByTestId('wizard-try-laptop').click();
      const v = page.getByTestId('probe-verdict');
      await expect(v).toContainText('TLS fails on both: the CA uploaded to the modem does not sign this server\'s chain (it is signed by "Workbench Test CA")', { timeout: 30_000 });
      await expect(page.getByTestId('probe-stage-tls')).toHaveAttribute('data-status', 'failed');
      await expect(page.getByTestId('probe-stage-tls')).toContainText('NOT signed by the modem\'s CA');
      await page.screenshot({ path: '/tmp/probe-tls.png' });
    });
  });
});
