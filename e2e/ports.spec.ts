// Several ports open at once: three Virtual EC20s opened beside each other from the port strip,
// one of them faulted; the Rack tab's overview brings them all up at once and shows each one's
// live status; picking a port shows its own session in the Log; closing one leaves the others.
import { expect, test, type Page } from '@playwright/test';
import { openWorkbench } from './helpers';

async function addVirtual(page: Page, fault = ''): Promise<void> {
  // Open ports only: rows of ports closed before are done with when a new set starts.
  const rows = page.locator('[data-testid^="ports-row-"][data-state="open"]');
  const before = await rows.count();
  await page.getByTestId('ports-add').click();
  await page.getByTestId('port-add-path').selectOption('virtual:ec20');
  await page.getByTestId('port-add-fault').selectOption(fault);
  await page.getByTestId('port-add-open').click();
  await expect(page.getByTestId('port-add-form')).toHaveCount(0, { timeout: 30_000 });
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.nth(before)).toHaveAttribute('data-state', 'open');
}

test('three Virtual EC20s open at once, one faulted: the overview shows each live, a focus switch shows that port', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1400, height: 800 });
  await openWorkbench(page);
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');

  // More ports open from the Rack tab; the port strip shows from the second one on.
  await page.getByTestId('tab-rack').click();
  await addVirtual(page);
  await expect(page.getByTestId('port-strip')).toHaveCount(0);
  await addVirtual(page, 'sim-missing');
  await addVirtual(page);
  const tabs = page.locator('.port-tab');
  await expect(tabs).toHaveCount(3);
  // The first port opened is the one shown, as with one port; the others run beside it.
  await expect(tabs.nth(0)).toHaveAttribute('data-focused', 'true');
  await expect(tabs.nth(1)).toHaveAttribute('data-focused', 'false');
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'open');

  const rows = page.locator('[data-testid^="ports-row-"]');
  await expect(rows).toHaveCount(3);
  await page.getByTestId('ports-bringup-all').click();
  await expect(page.getByTestId('ports-summary')).toHaveText(/2 of 3 ready/, { timeout: 60_000 });
  for (const i of [0, 2]) {
    await expect(rows.nth(i)).toHaveAttribute('data-bringup', 'passed');
    await expect(rows.nth(i)).toContainText('dBm');
    await expect(rows.nth(i).locator('.port-client').nth(0)).toHaveAttribute('data-state', 'connected');
    await expect(rows.nth(i).locator('.port-client').nth(1)).toHaveAttribute('data-state', 'closed');
    await expect(rows.nth(i).locator('.ports-error')).toHaveText('');
  }
  await expect(rows.nth(1)).toHaveAttribute('data-bringup', 'failed');
  await expect(rows.nth(1).locator('.ports-error')).toContainText(/SIM/);
  await expect(rows.nth(1).locator('.port-client').nth(0)).toHaveAttribute('data-state', 'closed');
  // The strip says the same at a glance.
  await expect(tabs.nth(0)).toContainText('0: connected');
  await expect(tabs.nth(1)).toHaveClass(/failed/);
  await page.screenshot({ path: '/tmp/ports-overview.png' });

  // Show the third port: the Log is its session (its own client ID), not the first one's.
  const third = await rows.nth(2).getAttribute('data-testid');
  await rows.nth(2).getByRole('button', { name: 'Show' }).click();
  await expect(rows.nth(2)).toHaveAttribute('data-focused', 'true');
  await expect(tabs.nth(2)).toHaveAttribute('data-focused', 'true');
  await page.getByTestId('tab-log').click();
  await page.getByTestId('log-search').fill('QMTCONN=');
  const conn = page.getByTestId('log').locator('[data-testid="log-row"][data-dir="tx"]');
  await expect(conn).toHaveCount(1);
  await expect(conn).toContainText(/-3"/);
  await page.screenshot({ path: '/tmp/ports-focus-third.png' });

  // The faulted one: its log stops at the SIM; it never connected.
  await tabs.nth(1).locator('.port-tab-main').click();
  await expect(tabs.nth(1)).toHaveAttribute('data-focused', 'true');
  await expect(conn).toHaveCount(0);
  await page.getByTestId('log-search').fill('CPIN');
  await expect(page.getByTestId('log').locator('[data-testid="log-row"]').first()).toBeVisible();
  await page.getByTestId('log-search').fill('');
  await page.screenshot({ path: '/tmp/ports-focus-faulted.png' });

  // Closing the first leaves the others running; its row says closed, with nothing stale.
  await tabs.nth(0).getByTestId(/port-tab-close-/).click();
  await expect(tabs.nth(0)).toHaveAttribute('data-state', 'closed');
  await page.getByTestId('tab-rack').click();
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'closed');
  await expect(rows.nth(0).locator('td').nth(2)).toHaveText('—');
  await expect(rows.nth(0).locator('.port-client[data-state="connected"]')).toHaveCount(0);
  await expect(rows.nth(0)).toHaveAttribute('data-bringup', '');
  await expect(page.getByTestId(third!)).toHaveAttribute('data-state', 'open');
  await expect(rows.nth(2).locator('.port-client').nth(0)).toHaveAttribute('data-state', 'connected');
  await page.screenshot({ path: '/tmp/ports-closed-one.png' });

  // Leave nothing open for the next test: close the rest, dismiss the rows.
  for (let i = 0; i < 8 && (await rows.count()) > 0; i++) {
    const id = (await rows.first().getAttribute('data-testid')) ?? '';
    const open = (await rows.first().getAttribute('data-state')) === 'open';
    await rows.first().getByTestId(/ports-close-/).click();
    if (open) await expect(page.getByTestId(id)).toHaveAttribute('data-state', 'closed');
    else await expect(page.getByTestId(id)).toHaveCount(0);
  }
  await expect(rows).toHaveCount(0);
  await expect(tabs).toHaveCount(0);
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
});
