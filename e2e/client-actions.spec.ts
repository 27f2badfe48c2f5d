// A client's link by hand: several filters in one subscribe with each one's granted QoS, received
// QoS shown as it was given, Disconnect, Reconnect and Close network — every view following the modem.
import { expect, test } from '@playwright/test';
import { openVirtualModem } from './helpers';

test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click({ timeout: 10_000 }).catch(() => undefined);
});

test('several filters in one subscribe, QoS as given, then Disconnect, Reconnect and Close network', async ({ page }) => {
  test.setTimeout(150_000);
  await openVirtualModem(page);
  await page.getByTestId('wizard-clientId').fill('e2e-actions');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });

  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('e2e/act/one');
  await page.getByTestId('sub-qos').selectOption('1');
  await page.getByTestId('sub-add-filter').click();
  await page.getByTestId('sub-topic-1').fill('e2e/act/two/#');
  await page.getByTestId('sub-qos-1').selectOption('2');
  await page.getByTestId('sub-button').click();
  const subs = page.getByTestId('subscription');
  await expect(subs).toHaveCount(2);
  await expect(subs.filter({ hasText: 'e2e/act/one' }).getByTestId('subscription-granted')).toHaveAttribute('data-granted', '1');
  await expect(subs.filter({ hasText: 'e2e/act/two/#' }).getByTestId('subscription-granted')).toHaveAttribute('data-granted', /[012]/);
  // One AT+QMTSUB carried both filters.
  await page.getByTestId('tab-log').click();
  await page.getByTestId('log-search').fill('AT+QMTSUB=');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"][data-dir="tx"]', { hasText: '"e2e/act/one",1,"e2e/act/two/#",2' })).toHaveCount(1);
  await page.getByTestId('log-search').fill('');

  await page.getByTestId('tab-topics').click();
  await page.getByTestId('pub-topic').fill('e2e/act/one');
  await page.getByTestId('pub-qos').selectOption('1');
  await page.getByTestId('pub-payload').fill('hello');
  await page.getByTestId('pub-button').click();
  const msg = page.locator('[data-testid="topic-group"][data-topic="e2e/act/one"]').getByTestId('message');
  await expect(msg).toHaveCount(1);
  // Granted QoS 1 caps the delivery: it came with QoS 1, not "1/2".
  await expect(msg.getByTestId('message-qos')).toContainText('(QoS 1)');

  await page.getByTestId('mqtt-disconnect').click();
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('topics-client-state')).toHaveAttribute('data-state', 'closed');
  await expect(subs).toHaveCount(0);
  await page.getByTestId('topics-reconnect').click();
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('mqtt-disconnect')).toBeEnabled();

  await page.getByTestId('mqtt-close-network').click();
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('mqtt-close-network')).toBeDisabled();
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-state', 'closed');
});
