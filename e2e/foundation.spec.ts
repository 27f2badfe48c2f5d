// The skeleton carries weight: the page served by the bridge lists ports, opens a PTY typed into
// the field, sends an AT command through the real engine, shows errors in words.
import { expect, test } from '@playwright/test';
import { openWorkbench, startOkResponder } from './helpers';

test('lists serial ports and offers the virtual EC20', async ({ page }) => {
  await openWorkbench(page);
  await expect(page.getByTestId('binding')).toContainText('browser');
  const list = page.getByTestId('port-list');
  await expect(list).toContainText('Virtual EC20');
  await expect(page.getByTestId('ports-problem')).toHaveCount(0);
});

test('opens a PTY typed into the field, sends AT, shows both lines in the log, and closes', async ({ page }) => {
  const modem = await startOkResponder();
  try {
    await openWorkbench(page);
    await page.getByTestId('port-path').fill(modem.pair.hostPath);
    await page.getByTestId('open-port').click();
    await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('at-input').fill('ATI');
    await page.getByTestId('at-input').press('Enter');
    await expect(page.getByTestId('at-outcome')).toHaveAttribute('data-kind', 'ok');
    await expect(page.getByTestId('at-outcome')).toContainText('EC20F');
    const log = page.getByTestId('log');
    await expect(log.locator('[data-dir="tx"]', { hasText: 'ATI' }).first()).toBeVisible();
    await expect(log.locator('[data-kind="final"]', { hasText: 'OK' }).first()).toBeVisible();
    expect(modem.received).toContain('ATI');
    // History: arrow up brings the command back.
    await page.getByTestId('at-input').press('ArrowUp');
    await expect(page.getByTestId('at-input')).toHaveValue('ATI');
    await page.getByTestId('close-port').click();
    await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
  } finally {
    await modem.stop();
  }
});

test('a port that does not exist is explained in words, not a stack trace', async ({ page }) => {
  await openWorkbench(page);
  await page.getByTestId('port-path').fill('/dev/ttyUSB-does-not-exist');
  await page.getByTestId('open-port').click();
  const problem = page.getByTestId('port-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('data-code', 'port.not-found');
  await expect(problem).toContainText('/dev/ttyUSB-does-not-exist');
  await expect(problem).not.toContainText(/\bat \S+ \(?[^)]*:\d+:\d+\)?/);
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
});
