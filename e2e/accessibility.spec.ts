// Accessibility: axe-core on every view (as the tab bar lists them), light and dark, with a live
// session on screen, and on the shortcut overlay. Any serious or critical finding fails.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { listViews, showcaseSession, showView } from './showcase';

async function seriousFindings(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ') ?? ''}`).join('\n')}`);
}

test('every view, light and dark, has no serious or critical accessibility finding', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await showcaseSession(page);
  const views = await listViews(page);
  expect(views.length).toBeGreaterThanOrEqual(5);
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const v of views) {
      await showView(page, v.id);
      for (const f of await seriousFindings(page)) found.push(`[${v.id}, ${scheme}] ${f}`);
    }
    await showView(page, 'log');
    await page.locator('body').press('?');
    await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
    for (const f of await seriousFindings(page)) found.push(`[shortcuts, ${scheme}] ${f}`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
  }
  expect(found, found.join('\n')).toEqual([]);
});
