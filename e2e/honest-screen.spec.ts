// The screen says what is true and in the user's words: the log's follow badge, its Meaning
// column, banners that can be dismissed and go when no longer true, field-named errors as one
// types, a reload that keeps the form and the open port, and a server-less form that keeps its port.
import { expect, test, type Page } from '@playwright/test';
import { openVirtualModem, openWorkbench, submit } from './helpers';

test.use({ viewport: { width: 1280, height: 720 } });

async function connect(page: Page, clientId: string): Promise<void> {
  await page.getByTestId('wizard-clientId').fill(clientId);
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
}

const lastRow = async (page: Page) => {
  const text = (await page.getByTestId('log-count').textContent()) ?? '';
  const total = Number(/of ([\d,]+) lines/.exec(text)?.[1]?.replace(/,/g, '') ?? '0');
  return page.locator(`[data-testid="log-row"][data-index="${total - 1}"]`);
};

test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click({ timeout: 10_000 }).catch(() => undefined);
});

test('"following" means the newest row is on screen, after a reload and after the window shrinks', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await connect(page, 'e2e-follow');
  // Live: the wizard's burst of lines ends with the newest on screen, still following.
  await expect(page.getByTestId('log-follow')).toBeVisible();
  await expect(await lastRow(page)).toBeInViewport();
  await openWorkbench(page);
  await expect(page.getByTestId('log-follow')).toBeVisible();
  await expect(await lastRow(page)).toBeInViewport();
  // The reloaded wizard shows the port's last run, as the main side has it.
  await expect(page.getByTestId('step-ready')).toHaveAttribute('data-status', 'passed');
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready');
  await page.setViewportSize({ width: 1280, height: 480 });
  await expect(page.getByTestId('log-follow')).toBeVisible();
  await expect(await lastRow(page)).toBeInViewport();
  // Scrolled away by hand: the badge says how many lines are below instead.
  await page.getByTestId('log-body').hover();
  await page.mouse.wheel(0, -600);
  await expect(page.getByTestId('log-jump-latest')).toContainText(/\d+ more lines? below/);
  await page.getByTestId('log-jump-latest').click();
  await expect(page.getByTestId('log-follow')).toBeVisible();
  await expect(await lastRow(page)).toBeInViewport();
});

test('the Meaning column is filled without selecting a row, +CSQ: 21,99 included', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await connect(page, 'e2e-meaning');
  await page.getByTestId('log-search').fill('+CSQ:');
  const csq = page.getByTestId('log').locator('[data-testid="log-row"]', { hasText: '+CSQ: 21,99' }).first();
  await expect(csq.locator('.c-meaning')).toHaveText(/Signal -71 dBm \(good\)/);
  await page.getByTestId('log-search').fill('+QMTCONN: 0,0,0');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"]', { hasText: '+QMTCONN: 0,0,0' }).first().locator('.c-meaning')).not.toHaveText('');
});

test('a banner can be dismissed, goes when no longer true, and gives no AT+CMEE=2 advice once the wizard turned it on', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await page.getByTestId('tab-topics').click();
  await page.getByTestId('pub-topic').fill('e2e/banner');
  await page.getByTestId('pub-payload').fill('x');
  await page.getByTestId('pub-button').click();
  await expect(page.getByTestId('topics-problem')).toBeVisible();
  await page.getByTestId('topics-problem-dismiss').click();
  await expect(page.getByTestId('topics-problem')).toHaveCount(0);
  await page.getByTestId('pub-button').click();
  await expect(page.getByTestId('topics-problem')).toBeVisible();
  // Connecting makes "not connected" untrue: the banner goes by itself.
  await connect(page, 'e2e-banner');
  await expect(page.getByTestId('topics-problem')).toHaveCount(0);

  await page.getByTestId('tab-log').click();
  expect(await submit(page, 'AT+QNOSUCHCOMMAND')).toBe('modem-error');
  await expect(page.getByTestId('at-problem').first()).toBeVisible();
  await expect(page.getByTestId('at-problem').first()).not.toContainText('CMEE');
});

test('errors name the field and the fix as one types: client index, hex payload', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await page.getByTestId('wizard-clientIdx').fill('9');
  await expect(page.getByTestId('wizard-clientIdx-problem')).toHaveText('Client index must be 0–5');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).not.toContainText('Stopped at the failed step');
  await expect(page.getByTestId('wizard-problem')).toContainText('Client index must be 0–5');
  await expect(page.getByTestId('wizard-problem')).not.toContainText('runBringup');
  await page.getByTestId('wizard-clientIdx').fill('0');
  await expect(page.getByTestId('wizard-clientIdx-problem')).toHaveCount(0);

  await page.getByTestId('tab-topics').click();
  await page.getByTestId('pub-topic').fill('e2e/hex');
  await page.getByTestId('pub-encoding').selectOption('hex');
  await page.getByTestId('pub-payload').fill('48 6g');
  await expect(page.getByTestId('pub-hex-problem')).toContainText('"g" is not a hex digit');
  await expect(page.getByTestId('pub-button')).toBeDisabled();
  await page.getByTestId('pub-payload').fill('48 65');
  await expect(page.getByTestId('pub-hex-problem')).toHaveCount(0);
});

test('a reload keeps the wizard form (not the password) and the open port chosen', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await page.getByTestId('wizard-clientId').fill('e2e-kept-id');
  await page.getByTestId('wizard-password').fill('pw-never-stored');
  await page.getByTestId('wizard-clientIdx').fill('2');
  await openWorkbench(page);
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('port-list').getByRole('radio', { name: /Virtual EC20/ })).toBeChecked();
  await expect(page.getByTestId('wizard-clientId')).toHaveValue('e2e-kept-id');
  await expect(page.getByTestId('wizard-clientIdx')).toHaveValue('2');
  await expect(page.getByTestId('wizard-password')).toHaveValue('');
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  expect(stored).not.toContain('pw-never-stored');
  await page.getByTestId('wizard-clientIdx').fill('0');
});

test('with the server field empty, the Port field is still used', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await page.getByTestId('wizard-host').fill('');
  await page.getByTestId('wizard-port').fill('1884');
  await page.getByTestId('wizard-clientId').fill('e2e-port');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('step-open')).toHaveAttribute('data-status', /passed|failed/, { timeout: 60_000 });
  await page.getByTestId('log-search').fill('QMTOPEN=');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"][data-dir="tx"]', { hasText: ',1884' }).first()).toBeVisible();
  // The same keep-alive as the command line's wizard (60 s).
  await page.getByTestId('log-search').fill('"keepalive"');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"][data-dir="tx"]', { hasText: 'AT+QMTCFG="keepalive",0,60' }).first()).toBeVisible();
  await page.getByTestId('wizard-port').fill('1883');
});
