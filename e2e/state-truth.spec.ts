// What the screen says is what the modem is: closing the port, a wizard re-run (AT+QMTDISC) and a
// refused CONNECT update the status bar, the topics panel and the wizard at once.
import { expect, test, type Page } from '@playwright/test';
import { openVirtualModem } from './helpers';

// Each test leaves the port closed: the next one starts from a page with nothing open.
test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click({ timeout: 10_000 }).catch(() => undefined);
});

async function connectWithWizard(page: Page, clientId: string): Promise<void> {
  await page.getByTestId('wizard-clientId').fill(clientId);
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
}

test('closing the port clears the status bar: no MQTT state, signal or IP stays behind', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await connectWithWizard(page, 'e2e-truth-close');
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('status-pdp')).toContainText(/\d+\.\d+\.\d+\.\d+/);
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-state', 'connected');

  await page.getByTestId('close-port').click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('status-mqtt-0')).toHaveCount(0);
  await expect(page.getByTestId('status-mqtt')).not.toContainText('connected');
  await expect(page.getByTestId('status-signal')).toHaveText('Signal: —');
  await expect(page.getByTestId('status-pdp')).toHaveText('IP: —');
  await expect(page.getByTestId('status-registration')).toHaveText('Network: —');
  // The wizard's ticks were for a port that is gone.
  await expect(page.getByTestId('step-ready')).toHaveAttribute('data-status', 'pending');
});

test('a broker drop (+QMTSTAT) shows at once in the status bar, the topics panel and the wizard', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await connectWithWizard(page, 'e2e-truth-drop');
  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('e2e/drop/#');
  await page.getByTestId('sub-button').click();
  await expect(page.getByTestId('subscription')).toContainText('e2e/drop/#');
  await page.getByTestId('demo-panel').getByRole('button', { name: 'Broker drops the link' }).click();
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('subscription')).toHaveCount(0);
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('wizard-verdict')).toContainText('Was connected');
});

test('a modem reboot (RDY) closes the client, drops its subscription and forgets the IP in every view', async ({ page }) => {
  test.setTimeout(120_000);
  await openVirtualModem(page);
  await connectWithWizard(page, 'e2e-truth-reboot');
  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('e2e/reboot/#');
  await page.getByTestId('sub-button').click();
  await expect(page.getByTestId('subscription')).toContainText('e2e/reboot/#');
  await page.getByTestId('demo-panel').getByRole('button', { name: 'Modem reboots' }).click();
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('status-pdp')).toHaveText('IP: —');
  await expect(page.getByTestId('subscription')).toHaveCount(0);
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-state', 'closed');
});

test('re-running the wizard (it sends AT+QMTDISC) drops the old subscription from the topics panel', async ({ page }) => {
  test.setTimeout(150_000);
  await openVirtualModem(page);
  await connectWithWizard(page, 'e2e-truth-rerun');
  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('e2e/rerun/#');
  await page.getByTestId('sub-button').click();
  await expect(page.getByTestId('subscription')).toContainText('e2e/rerun/#');
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-subscriptions', '1');

  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  // The DISC ended the MQTT session: the broker forgot the subscription, and so does every view.
  await expect(page.getByTestId('subscription')).toHaveCount(0);
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-subscriptions', '0');
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'connected');
});

test('after a refused CONNECT, "Retry from here" opens the network again and then connects', async ({ page }) => {
  test.setTimeout(150_000);
  await openVirtualModem(page);
  await page.getByTestId('demo-panel').getByRole('button', { name: 'CONNECT refused: bad user/password (4)' }).click();
  await expect(page.getByTestId('demo-last')).toContainText('CONNECT refused');
  await page.getByTestId('wizard-clientId').fill('e2e-truth-retry');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('step-connect')).toHaveAttribute('data-status', 'failed');
  // The broker closed the network after the refusal (+QMTSTAT: 0,1): the wizard says so.
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'closed');

  await page.getByTestId('step-connect').getByTestId('wizard-retry').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('step-open')).toHaveAttribute('data-status', 'passed');
  await expect(page.getByTestId('step-connect')).toHaveAttribute('data-status', 'passed');
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'connected');
});
