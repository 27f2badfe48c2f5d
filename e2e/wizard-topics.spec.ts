// The whole bring-up in a browser: Virtual EC20 → wizard reaches "connected" → subscribe →
// publish → the message shows in the topics panel and in the log with the AT lines that carried it.
import { expect, test } from '@playwright/test';
import { openWorkbench } from './helpers';

test('virtual EC20: connect with the wizard, subscribe, publish, receive', async ({ page }) => {
  test.setTimeout(120_000);
  await openWorkbench(page);
  await page.getByTestId('port-list').getByText('Virtual EC20', { exact: true }).click();
  await page.getByTestId('open-port').click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('demo-panel')).toBeVisible();

  await page.getByTestId('wizard-clientId').fill('e2e-wizard');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  for (const id of ['at', 'sim', 'signal', 'registration', 'pdp', 'open', 'connect']) {
    await expect(page.getByTestId(`step-${id}`)).toHaveAttribute('data-status', 'passed');
  }
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('status-pdp')).toContainText(/\d+\.\d+\.\d+\.\d+/);

  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('e2e/sensors/#');
  await page.getByTestId('sub-button').click();
  await expect(page.getByTestId('subscription')).toContainText('e2e/sensors/#');
  await page.getByTestId('pub-topic').fill('e2e/sensors/t1');
  await page.getByTestId('pub-encoding').selectOption('json');
  await page.getByTestId('pub-payload').fill('{"t": 21.5, "note": "a, \\"quoted\\" text"}');
  await page.getByTestId('pub-button').click();
  await expect(page.getByTestId('pub-done')).toBeVisible();
  const group = page.locator('[data-testid="topic-group"][data-topic="e2e/sensors/t1"]');
  await expect(group).toBeVisible();
  await expect(group.getByTestId('message')).toContainText('{"t": 21.5, "note": "a, \\"quoted\\" text"}');
  await page.getByTestId('view-encoding').selectOption('hex');
  await expect(group.getByTestId('message').first()).toContainText('7b 22 74 22');

  await page.getByTestId('tab-log').click();
  // The log is virtualised: search narrows it to the lines that carried the message.
  const log = page.getByTestId('log');
  await page.getByTestId('log-search').fill('QMTPUB=0,');
  await expect(log.locator('[data-testid="log-row"][data-dir="tx"]', { hasText: 'AT+QMTPUB=0,0,0,0,"e2e/sensors/t1"' }).first()).toBeVisible();
  await page.getByTestId('log-search').fill('+QMTRECV: 0,');
  await expect(log.locator('[data-testid="log-row"][data-kind="urc"]', { hasText: 'e2e/sensors/t1' }).first()).toBeVisible();
});

test('a typo in the JSON payload is caught before anything is sent', async ({ page }) => {
  await openWorkbench(page);
  await page.getByTestId('tab-topics').click();
  await page.getByTestId('pub-topic').fill('x/y');
  await page.getByTestId('pub-encoding').selectOption('json');
  await page.getByTestId('pub-payload').fill('{"t": 21.5,');
  await expect(page.getByTestId('pub-json-problem')).toBeVisible();
  await expect(page.getByTestId('pub-button')).toBeDisabled();
});
