// A session worth looking at, for the screenshot and accessibility specs: the Virtual EC20 opened,
// the wizard connected to its embedded broker, a subscription and a message, and every view listed
// by the tab bar (so a view added later is covered without editing the specs).
import { expect, type Page } from '@playwright/test';
import { openWorkbench } from './helpers';

export async function showcaseSession(page: Page): Promise<void> {
  await openWorkbench(page);
  await page.getByTestId('port-list').getByText('Virtual EC20', { exact: true }).click();
  await page.getByTestId('open-port').click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'open', { timeout: 30_000 });
  await page.getByTestId('wizard-clientId').fill('field-meter-42');
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('plant/line1/#');
  await page.getByTestId('sub-button').click();
  await expect(page.getByTestId('subscription').first()).toContainText('plant/line1/#');
  await page.getByTestId('pub-topic').fill('plant/line1/meter42');
  await page.getByTestId('pub-encoding').selectOption('json');
  await page.getByTestId('pub-payload').fill('{"kWh": 1532.7, "v": 229.8, "ok": true}');
  await page.getByTestId('pub-button').click();
  await expect(page.locator('[data-testid="topic-group"][data-topic="plant/line1/meter42"]')).toBeVisible();
}

/** The views as the tab bar lists them: [testid suffix, label]. */
export async function listViews(page: Page): Promise<Array<{ id: string; label: string }>> {
  const tabs = page.getByRole('tablist', { name: 'Views' }).getByRole('tab');
  const out: Array<{ id: string; label: string }> = [];
  for (const t of await tabs.all()) {
    const testId = (await t.getAttribute('data-testid')) ?? '';
    out.push({ id: testId.replace(/^tab-/, ''), label: (await t.innerText()).trim() });
  }
  return out;
}

export async function showView(page: Page, id: string): Promise<void> {
  await page.getByTestId(`tab-${id}`).click();
  await expect(page.getByTestId(`tab-${id}`)).toHaveAttribute('aria-selected', 'true');
  // Let virtualised lists measure and fonts settle.
  await page.waitForTimeout(300);
}
