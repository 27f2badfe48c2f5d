// The pictures in docs/screenshots/ (used by the README): every view at 1280×720 and 1920×1080,
// light and dark (the OS preference, which the app follows by default). Writes files, so it runs
// only when asked: WORKBENCH_SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
import { test } from '@playwright/test';
import path from 'node:path';
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
