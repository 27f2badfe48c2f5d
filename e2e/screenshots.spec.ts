// The pictures in docs/screenshots/ (used by the README): every view at 1280×720 and 1920×1080,
// light and dark (the OS preference, which the app follows by default), and every view in
// Simplified Chinese at 1280×720 under docs/screenshots/zh-CN/. Writes files, so it runs only when
// asked: WORKBENCH_SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts (-g zh-CN for those only).
import { test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { useLanguage } from './i18n-helpers';
import { listViews, showcaseSession, showView } from './showcase';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
const OUT = process.env.WORKBENCH_SCREENSHOT_DIR ?? path.join('docs', 'screenshots');

test('screenshots of every view, both sizes, both themes', async ({ page }) => {
  test.skip(!process.env.WORKBENCH_SCREENSHOTS, 'set WORKBENCH_SCREENSHOTS=1 to write docs/screenshots/');
  test.setTimeout(180_000);
  await page.setViewportSize(SIZES[0]);
  await showcaseSession(page);
  const views = await listViews(page);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const v of views) {
        await showView(page, v.id);
        await page.getByTestId('side-scroll').evaluate((el) => el.scrollTo(0, 0));
        await page.screenshot({ path: path.join(OUT, `${v.id}-${size.width}x${size.height}-${scheme}.png`) });
      }
    }
  }
  // The shortcut overlay, once per theme at the small size.
  await page.setViewportSize(SIZES[0]);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await showView(page, 'log');
    await page.locator('body').press('?');
    await page.getByTestId('shortcuts-dialog').waitFor();
    await page.screenshot({ path: path.join(OUT, `shortcuts-1280x720-${scheme}.png`) });
    await page.keyboard.press('Escape');
  }
});

test('screenshots of every view in Simplified Chinese (zh-CN), 1280×720, both themes', async ({ page }) => {
  test.skip(!process.env.WORKBENCH_SCREENSHOTS, 'set WORKBENCH_SCREENSHOTS=1 to write docs/screenshots/zh-CN/');
  test.setTimeout(180_000);
  const out = path.join(OUT, 'zh-CN');
  fs.mkdirSync(out, { recursive: true });
  await page.setViewportSize(SIZES[0]);
  await showcaseSession(page);
  const views = await listViews(page);
  await useLanguage(page, 'zh-CN');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const v of views) {
      await showView(page, v.id);
      await page.getByTestId('side-scroll').evaluate((el) => el.scrollTo(0, 0));
      await page.screenshot({ path: path.join(out, `${v.id}-1280x720-${scheme}.png`) });
    }
    await showView(page, 'log');
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-panel').waitFor();
    await page.screenshot({ path: path.join(out, `export-1280x720-${scheme}.png`) });
    await page.getByTestId('export-close').click();
    await page.locator('body').press('?');
    await page.getByTestId('shortcuts-dialog').waitFor();
    await page.screenshot({ path: path.join(out, `shortcuts-1280x720-${scheme}.png`) });
    await page.keyboard.press('Escape');
  }
});
