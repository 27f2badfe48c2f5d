// A dropped MQTT link in the browser: the broker drops it (Virtual EC20 fault), the topics panel
// explains it, one Reconnect opens, connects and re-subscribes; with Auto-reconnect on, the next
// drop is reconnected by itself.
import { expect, test } from '@playwright/test';
import { openWorkbench } from './helpers';

test('virtual EC20: Reconnect after the broker dropped the link, then Auto-reconnect', async ({ page }) => {
  test.setTimeout(120_000);
  await openWorkbench(page);
  await page.getByTestId('port-list').getByText('Virtual EC20', { exact: true }).click();
  await page.getByTestId('open-port').click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('wizard-clientId').fill('e2e-reconnect');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });

  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('e2e/reconnect/#');
  await page.getByTestId('sub-button').click();
  await expect(page.getByTestId('subscription')).toContainText('e2e/reconnect/#');

  await page.getByTestId('demo-panel').getByRole('button', { name: 'Broker drops the link' }).click();
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('topics-link-problem')).toHaveAttribute('data-code', 'qmtstat.1');
  await expect(page.getByTestId('subscription')).toHaveCount(0);

  await page.getByTestId('mqtt-reconnect').click();
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('mqtt-reconnect-result')).toHaveAttribute('data-connected', 'true');
  await expect(page.getByTestId('mqtt-reconnect-result')).toContainText('Subscribe again to e2e/reconnect/#');
  await expect(page.getByTestId('subscription')).toContainText('e2e/reconnect/#');

  await page.getByTestId('mqtt-auto-reconnect').check();
  await expect(page.getByTestId('mqtt-auto-reconnect')).toBeChecked();
  await page.getByTestId('demo-panel').getByRole('button', { name: 'Broker drops the link' }).click();
  // Back by itself after the first back-off (2 s), subscriptions included.
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('subscription')).toContainText('e2e/reconnect/#');
});
