// No text overflows its box in either language: every view the tab bar lists (with a live session
// on the Virtual EC20, so views have content), the export panel and the shortcut list, at
// 1280×720, in English and in Simplified Chinese. Deliberate truncation (an ellipsis with the full
// text in a tooltip or the row's details) and scroll containers are allowed.
import { expect, test } from '@playwright/test';
import { findOverflows, LANGUAGES, useLanguage } from './i18n-helpers';
import { listViews, showcaseSession, showView } from './showcase';

test('no text overflows its box at 1280×720, in English and in Simplified Chinese', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await showcaseSession(page);
  // Listed by the tab bar's English name; the views are the same in every language.
  const views = await listViews(page);
  expect(views.length).toBeGreaterThanOrEqual(5);
  // The detector itself: a clipped box and a spilling line are found, a tooltip-backed ellipsis is not.
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.id = 'overflow-selftest';
    // Styled through the CSSOM: the page's CSP refuses inline style attributes.
    const add = (testId: string, text: string, style: Partial<CSSStyleDeclaration>, title?: string) => {
      const d = document.createElement('div');
      d.dataset.testid = testId;
      d.textContent = text;
      if (title) d.title = title;
      Object.assign(d.style, { width: '60px', whiteSpace: 'nowrap' }, style);
      box.append(d);
    };
    add('st-clipped', 'a sentence far too long for sixty pixels', { overflow: 'hidden' });
    add('st-spills', 'another sentence far too long for its box', {});
    add('st-ellipsis', 'the full text is in the tooltip', { overflow: 'hidden', textOverflow: 'ellipsis' }, 'the full text is in the tooltip');
    document.querySelector('[data-testid="app"]')!.append(box);
  });
  const selftest = (await findOverflows(page)).map((o) => o.where).filter((w) => w.includes('st-'));
  expect(selftest.sort()).toEqual(['[data-testid="st-clipped"]', '[data-testid="st-spills"]']);
  await page.evaluate(() => document.getElementById('overflow-selftest')?.remove());

  const found: string[] = [];
  for (const lang of LANGUAGES) {
    await useLanguage(page, lang);
    const check = async (what: string) => {
      for (const o of await findOverflows(page)) found.push(`[${what}, ${lang}] ${o.where} — "${o.text}" (${o.how})`);
    };
    for (const v of views) {
      await showView(page, v.id);
      await check(v.id);
    }
    await showView(page, 'log');
    await page.getByTestId('export-open').click();
    await expect(page.getByTestId('export-panel')).toBeVisible();
    await check('export panel');
    await page.getByTestId('export-close').click();
    await page.locator('body').press('?');
    await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
    await check('shortcuts');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
  }
  // The bridge outlives this test: leave no port open for the next spec.
  await page.getByTestId('close-port').click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
  expect(found, found.join('\n')).toEqual([]);
});
