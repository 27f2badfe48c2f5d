// Every client at once: client 0 on the Virtual EC20's embedded broker and client 1 on a mosquitto
// of this test, each with its own subscription and message; the mosquitto goes away (+QMTSTAT: 1,1)
// and every view — the status bar, the wizard's client tabs and state, the topics — shows client 1
// closed while client 0 stays connected; a reload keeps each client's settings and run; Reconnect
// and Disconnect act on their own client only.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import mqtt from 'mqtt';
import { startMosquitto, type Mosquitto } from '../test-support/fault-rig';
import { embeddedBroker, openVirtualModem, openWorkbench } from './helpers';

let mosquitto: Mosquitto;

test.beforeAll(async () => {
  mosquitto = await startMosquitto();
});

test.afterAll(async () => {
  await mosquitto?.stop();
});

// The shared workbench keeps its port between specs: leave it closed, as the next spec expects.
test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click({ timeout: 10_000 }).catch(() => undefined);
  // The next spec starts on client 0, as before clients had tabs.
  await page.getByTestId('client-tab-0').click().catch(() => undefined);
});

async function publishTo(url: string, topic: string, payload: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId: `e2e-pub-${Date.now()}`, reconnectPeriod: 0 });
  await c.publishAsync(topic, payload, { qos: 1 });
  await c.endAsync();
}

/** Client `idx` as every view shows it. */
async function expectClient(page: Page, idx: number, state: string): Promise<void> {
  await expect(page.getByTestId(`status-client-${idx}`)).toHaveAttribute('data-state', state, { timeout: 30_000 });
  await expect(page.getByTestId(`status-mqtt-${idx}`)).toHaveAttribute('data-state', state);
  await expect(page.getByTestId(`client-tab-${idx}`)).toHaveAttribute('data-state', state);
  await expect(page.getByTestId(`topics-client-tab-${idx}`)).toHaveAttribute('data-state', state);
}

async function shot(page: Page, name: string): Promise<void> {
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/clients-${name}-${w}x${h}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('clients 0 and 1 on two servers side by side; a +QMTSTAT on one shows in every view for that client only', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openVirtualModem(page);
  const broker = await embeddedBroker(page);

  // Client 0: the embedded broker (prefilled).
  await expect(page.getByTestId('client-tab-0')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('wizard-clientId').fill('e2e-multi-0');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });

  // Client 1: its own tab, starting from client 0's settings with its own client ID (…-0 → …-1); another server.
  await page.getByTestId('client-tab-1').click();
  await expect(page.getByTestId('wizard-clientIdx')).toHaveValue('1');
  await expect(page.getByTestId('wizard-clientId')).toHaveValue('e2e-multi-1');
  await expect(page.getByTestId('step-ready')).toHaveAttribute('data-status', 'pending');
  await page.getByTestId('wizard-host').fill('127.0.0.1');
  await page.getByTestId('wizard-port').fill(String(mosquitto.port));
  await page.getByTestId('wizard-clientId').fill('e2e-multi-1');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('wizard-client-state')).toContainText(`127.0.0.1:${mosquitto.port}`);
  await page.getByTestId('tab-topics').click();
  await expectClient(page, 0, 'connected');
  await expectClient(page, 1, 'connected');
  // Client 0's wizard still shows its own run and server.
  await page.getByTestId('client-tab-0').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready');
  await expect(page.getByTestId('wizard-clientId')).toHaveValue('e2e-multi-0');
  await expect(page.getByTestId('wizard-client-state')).toContainText(`${broker.host}:${broker.port}`);

  // A subscription on each, each listed with its own client only.
  const subs = page.getByTestId('subscription');
  await page.getByTestId('topics-client-tab-0').click();
  await page.getByTestId('sub-topic').fill('e2e/multi/zero/#');
  await page.getByTestId('sub-button').click();
  await expect(subs).toHaveCount(1);
  await expect(subs).toContainText('e2e/multi/zero/#');
  await page.getByTestId('topics-client-tab-1').click();
  await expect(subs).toHaveCount(0);
  await expect(page.getByTestId('sub-topic')).toHaveValue('');
  await page.getByTestId('sub-topic').fill('e2e/multi/one/#');
  await page.getByTestId('sub-button').click();
  await expect(subs).toHaveCount(1);
  await expect(subs).toContainText('e2e/multi/one/#');
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-subscriptions', '1');

  // A message on each server reaches its own client's topics.
  await publishTo(`mqtt://${broker.host}:${broker.port}`, 'e2e/multi/zero/t', 'to-client-0');
  await publishTo(mosquitto.url, 'e2e/multi/one/t', 'to-client-1');
  const group = (topic: string) => page.locator(`[data-testid="topic-group"][data-topic="${topic}"]`).getByTestId('message');
  await expect(group('e2e/multi/one/t')).toContainText('to-client-1');
  await expect(group('e2e/multi/zero/t')).toHaveCount(0);
  await page.getByTestId('topics-client-tab-0').click();
  await expect(group('e2e/multi/zero/t')).toContainText('to-client-0');
  await expect(group('e2e/multi/one/t')).toHaveCount(0);
  await shot(page, 'both-connected');

  // A reload keeps each client's own settings and its own wizard run.
  await page.getByTestId('client-tab-1').click();
  await openWorkbench(page);
  await expect(page.getByTestId('client-tab-1')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('wizard-host')).toHaveValue('127.0.0.1');
  await expect(page.getByTestId('wizard-port')).toHaveValue(String(mosquitto.port));
  await expect(page.getByTestId('wizard-clientId')).toHaveValue('e2e-multi-1');
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready');
  await page.getByTestId('client-tab-0').click();
  await expect(page.getByTestId('wizard-clientId')).toHaveValue('e2e-multi-0');
  await expect(page.getByTestId('wizard-port')).toHaveValue(String(broker.port));
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready');
  await page.getByTestId('tab-topics').click();

  // Client 1's server goes away: +QMTSTAT: 1,1 closes client 1, and only client 1, in every view.
  await mosquitto.kill();
  await expectClient(page, 1, 'closed');
  await expectClient(page, 0, 'connected');
  // Closed by the drop, not never used: the tab says so (client 2 was never used).
  await expect(page.getByTestId('client-tab-1')).toHaveAttribute('data-failed', 'true');
  await expect(page.getByTestId('client-tab-2')).not.toHaveAttribute('data-failed', 'true');
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-state', 'connected'); // client 0 is shown
  await expect(subs).toHaveCount(1);
  await page.getByTestId('topics-client-tab-1').click();
  await expect(page.getByTestId('wizard-client-state')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('topics-client-state')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('topics-link-problem')).toContainText('+QMTSTAT: 1,1');
  await expect(subs).toHaveCount(0);
  await shot(page, 'client1-dropped');
  // The client tabs and the status bar's clients pass the accessibility check (no serious or critical finding).
  const axe = await new AxeBuilder({ page }).include('[data-testid="client-tabs"]').include('[data-testid="topics-client-tabs"]').include('[data-testid="status-mqtt"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Reconnect is per client: client 1 comes back to its own server with its subscription.
  await mosquitto.start();
  await page.getByTestId('topics-reconnect').click();
  await expectClient(page, 1, 'connected');
  await expect(subs).toContainText('e2e/multi/one/#');
  // Disconnect is per client too: client 0 ends, client 1 stays.
  await page.getByTestId('topics-client-tab-0').click();
  await page.getByTestId('mqtt-disconnect').click();
  await expectClient(page, 0, 'closed');
  await expectClient(page, 1, 'connected');
});
