// The session timeline on the Virtual EC20: radio sampling at 1 s, a broker drop and a no-network
// fault; the drop is a marker at the time it happened, and clicking it selects its +QMTSTAT row.
import { expect, test } from '@playwright/test';
import { openVirtualModem } from './helpers';

test.afterEach(async ({ page }) => {
  const sampling = page.getByTestId('timeline-sampling');
  if (await sampling.isVisible().catch(() => false)) if (await sampling.isChecked()) await sampling.uncheck();
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click({ timeout: 10_000 }).catch(() => undefined);
});

test('the timeline shows a broker drop at its time, the lost network in its lanes, and a drop marker selects its +QMTSTAT row', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openVirtualModem(page);
  await page.getByTestId('wizard-clientId').fill('e2e-timeline');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });

  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('timeline-interval').selectOption('1000');
  await page.getByTestId('timeline-sampling').check();
  const summary = page.getByTestId('timeline-summary');
  await expect.poll(async () => Number(await summary.getAttribute('data-readings')), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);

  const demo = page.getByTestId('demo-panel');
  const beforeDrop = Date.now();
  await demo.getByRole('button', { name: 'Broker drops the link' }).click();
  await expect(page.getByTestId('status-mqtt-0')).toHaveAttribute('data-state', 'closed');
  const afterDrop = Date.now();

  await page.waitForTimeout(1_500);
  await demo.getByRole('button', { name: 'No network', exact: true }).click();
  // The sampler reads no service, and registration leaves "registered" (searching).
  await expect.poll(async () => Number(await summary.getAttribute('data-noservice')), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => summary.getAttribute('data-registration'), { timeout: 20_000 }).toMatch(/registered.*searching/);
  await demo.getByRole('button', { name: 'Network back' }).click();
  await expect.poll(async () => summary.getAttribute('data-registration'), { timeout: 20_000 }).toMatch(/searching,registered$/);

  const drop = page.getByTestId('timeline-marker').and(page.locator('[data-kind="drop"]'));
  await expect(drop).toHaveCount(1, { timeout: 10_000 });
  const t = Number(await drop.getAttribute('data-t'));
  expect(t).toBeGreaterThanOrEqual(beforeDrop - 1_000);
  expect(t).toBeLessThanOrEqual(afterDrop + 1_000);
  await expect(drop).toHaveAttribute('title', /\+QMTSTAT: 0,1 — The server closed or reset the connection/);
  await page.screenshot({ path: '/tmp/timeline-e2e.png' });

  await drop.click();
  await expect(page.getByTestId('tab-log')).toHaveAttribute('aria-selected', 'true');
  const selected = page.getByTestId('log').locator('[data-testid="log-row"][aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  await expect(selected).toContainText('+QMTSTAT: 0,1');
  await page.screenshot({ path: '/tmp/timeline-e2e-log.png' });
});

test('the signal, lanes and rates charts share one time axis: their plot areas have the same left and right edges', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openVirtualModem(page);
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('timeline-interval').selectOption('1000');
  await page.getByTestId('timeline-sampling').check();
  const summary = page.getByTestId('timeline-summary');
  await expect.poll(async () => Number(await summary.getAttribute('data-readings')), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  const over = async (id: string) => {
    const box = await page.getByTestId(id).locator('.u-over').boundingBox();
    expect(box, `${id} has a plot area`).not.toBeNull();
    return { left: box!.x, right: box!.x + box!.width };
  };
  const signal = await over('timeline-signal');
  const lanes = await over('timeline-lanes');
  await page.screenshot({ path: '/tmp/timeline-aligned.png' });
  expect(signal.right - signal.left).toBeGreaterThan(300);
  expect(lanes).toEqual(signal);
  // The lanes are drawn edge to edge of that area (a track where the session has no state yet),
  // so the lanes chart does not look narrower than the signal chart: first and last pixel column.
  const painted = await page.getByTestId('timeline-lanes').evaluate((el) => {
    const canvas = el.querySelector('canvas')!;
    const over = el.querySelector('.u-over')!.getBoundingClientRect();
    const c = canvas.getBoundingClientRect();
    const k = canvas.width / c.width;
    const y = Math.round((over.top - c.top + 11) * k);
    const alpha = (x: number) => canvas.getContext('2d')!.getImageData(Math.round((x - c.left) * k), y, 1, 1).data[3];
    return [alpha(over.left + 1), alpha(over.right - 2)];
  });
  expect(painted).toEqual([255, 255]);
  if ((await page.getByTestId('timeline-rates').locator('.u-over').count()) > 0) expect(await over('timeline-rates')).toEqual(signal);
});
