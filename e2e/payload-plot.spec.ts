// Numeric payloads plotted: JSON posts (an Aliyun thing-model shape) and bare numbers published
// through the Virtual EC20 come back over its MQTT client as +QMTRECV; ticking a field draws a
// chart of it beside the received list, and the chart follows new messages as they arrive.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openVirtualModem } from './helpers';

test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click({ timeout: 10_000 }).catch(() => undefined);
});

async function publish(page: Page, topic: string, payload: string, encoding: 'json' | 'text'): Promise<void> {
  await page.getByTestId('pub-topic').fill(topic);
  await page.getByTestId('pub-encoding').selectOption(encoding);
  await page.getByTestId('pub-payload').fill(payload);
  await page.getByTestId('pub-button').click();
  await expect(page.getByTestId('pub-done')).toContainText(topic);
}

test('numeric fields of received payloads can be picked and are plotted, live, beside the received list', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openVirtualModem(page);
  await page.getByTestId('wizard-clientId').fill('e2e-plot');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });

  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('e2e/plot/#');
  await page.getByTestId('sub-button').click();
  await expect(page.getByTestId('subscription')).toContainText('e2e/plot/#');

  const post = 'e2e/plot/thing/event/property/post';
  const temps = [21.5, 22.25, 19.75];
  for (const [i, temp] of temps.entries()) await publish(page, post, JSON.stringify({ id: String(i), version: '1.0', params: { Temp: temp, Hum: 40 + i }, method: 'thing.event.property.post' }), 'json');
  const group = page.locator('[data-testid="topic-group"][data-topic="e2e/plot/thing/event/property/post"]');
  await expect(group.getByTestId('message')).toHaveCount(3, { timeout: 20_000 });

  // The fields found in the payloads, as keyboard-reachable checkboxes; nothing plotted yet.
  const fields = group.getByTestId('payload-plot-field');
  await expect(fields).toHaveCount(2);
  expect(await fields.evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toEqual(['params.Temp', 'params.Hum']);
  await expect(group.getByTestId('payload-plot-chart')).toHaveCount(0);

  const temp = group.locator('[data-testid="payload-plot-field"][data-field="params.Temp"]');
  await temp.focus();
  await page.keyboard.press('Space');
  await expect(temp).toBeChecked();
  const chart = group.locator('[data-testid="payload-plot-chart"][data-field="params.Temp"]');
  await expect(chart).toHaveAttribute('data-points', '3');
  await expect(chart).toHaveAttribute('data-last', '19.75');
  await expect(chart.locator('figcaption')).toHaveAttribute('title', `${post} · params.Temp`);
  await expect(chart).toContainText('params.Temp');
  await expect(chart).toContainText(post);
  await expect(chart.locator('canvas')).toHaveCount(1);
  // Beside the list, not under it.
  const list = await group.locator('.topic-messages').boundingBox();
  const box = await chart.boundingBox();
  expect(box!.x).toBeGreaterThan(list!.x + list!.width - 1);

  // Live: a new message adds a point.
  await publish(page, post, JSON.stringify({ id: '9', version: '1.0', params: { Temp: 23.5 }, method: 'thing.event.property.post' }), 'json');
  await expect(chart).toHaveAttribute('data-points', '4', { timeout: 20_000 });
  await expect(chart).toHaveAttribute('data-last', '23.5');

  // A bare number is a field of its own (the payload as a whole).
  for (const v of ['3', '4.5']) await publish(page, 'e2e/plot/level', v, 'text');
  const level = page.locator('[data-testid="topic-group"][data-topic="e2e/plot/level"]');
  await expect(level.getByTestId('message')).toHaveCount(2, { timeout: 20_000 });
  await level.locator('[data-testid="payload-plot-field"][data-field=""]').check();
  await expect(level.locator('[data-testid="payload-plot-chart"][data-field=""]')).toHaveAttribute('data-points', '2');
  await chart.scrollIntoViewIfNeeded();
  // The plots, light and dark, with charts on screen: no serious or critical axe finding (contrast included).
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `/tmp/payload-plot-${scheme}.png` });
    const r = await new AxeBuilder({ page }).include('[data-testid="payload-plot"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${scheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(bad, bad.join('\n')).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Unticking removes the chart.
  await temp.uncheck();
  await expect(chart).toHaveCount(0);
});
