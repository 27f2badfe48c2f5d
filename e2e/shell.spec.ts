// The shell: shortcuts that work with nothing focused and their `?` list, settings that survive a
// reload (theme, sidebar, pane sizes), toasts that say what was written where, and a long
// session's diagram PNG at the diagram's own resolution, with progress and Cancel while it is drawn.
import { expect, test, type Page } from '@playwright/test';
import { openVirtualModem, openWorkbench } from './helpers';
import { listViews } from './showcase';

/** Nothing has focus: keys go to the document body. */
async function blurAll(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
}

test('Alt+N switches views with nothing focused, and from a text field', async ({ page }) => {
  await openWorkbench(page);
  const views = await listViews(page);
  expect(views.length).toBeGreaterThanOrEqual(5);
  // Every listed view, in reverse, so each press changes something.
  for (let i = views.length - 1; i >= 0; i--) {
    await blurAll(page);
    await page.keyboard.press(`Alt+${i + 1}`);
    await expect(page.getByTestId(`tab-${views[i]!.id}`)).toHaveAttribute('aria-selected', 'true');
  }
  await page.getByTestId('tab-log').click();
  await page.getByTestId('log-search').fill('');
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('tab-diagram')).toHaveAttribute('aria-selected', 'true');
  // The field kept what was typed: Alt+3 was a shortcut, not a character.
  await expect(page.getByTestId('log-search')).toHaveValue('');
});

test('? lists every shortcut in an accessible dialog; Escape closes it and focus comes back', async ({ page }) => {
  await openWorkbench(page);
  const views = await listViews(page);
  await blurAll(page);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (let i = 0; i < views.length; i++) await expect(dialog.locator(`[data-testid="shortcut"][data-keys="Alt+${i + 1}"]`)).toContainText(`Show ${views[i]!.label}`);
  for (const keys of ['?', 'Ctrl+B', 'Alt+T', 'Alt+O', 'Alt+W', 'Alt+C', 'Alt+E', '/']) await expect(dialog.locator(`[data-testid="shortcut"][data-keys="${keys}"]`)).toHaveCount(1);
  // Focus is inside the modal dialog.
  expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // From the toolbar button, focus returns to it.
  await page.getByTestId('shortcuts-open').click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('shortcuts-open')).toBeFocused();

  // '?' typed in a text field is a character, not the shortcut.
  await page.getByTestId('log-search').fill('');
  await page.getByTestId('log-search').press('?');
  await expect(page.getByTestId('log-search')).toHaveValue('?');
  await expect(dialog).toBeHidden();
});

test('theme, folded sidebar and pane sizes survive a reload; the sidebar folds with Ctrl+B', async ({ page }) => {
  await openWorkbench(page);
  await expect(page.locator('html')).not.toHaveAttribute('data-theme');
  // Following the OS: its switch to dark and back is followed live.
  await expect(page.locator('html')).toHaveAttribute('data-scheme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-scheme', 'dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 22, 29)');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-scheme', 'light');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await blurAll(page);
  await page.keyboard.press('Alt+T');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 22, 29)');

  const splitter = page.getByTestId('sidebar-splitter');
  const before = Number(await splitter.getAttribute('aria-valuenow'));
  await splitter.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(before + 40));
  const sideWidth = await page.getByTestId('sidebar').evaluate((el) => el.getBoundingClientRect().width);
  expect(sideWidth).toBe(before + 40);

  await page.keyboard.press('Alt+3');
  const split = page.getByTestId('splitter-diagram');
  await split.focus();
  await page.keyboard.press('ArrowUp');
  await expect(split).toHaveAttribute('aria-valuenow', '40');

  await blurAll(page);
  await page.keyboard.press('Control+b');
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await expect(page.getByTestId('sidebar-toggle')).toHaveAttribute('aria-expanded', 'false');

  await page.reload();
  await page.getByRole('heading', { name: 'Modem MQTT Workbench' }).waitFor();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await page.getByTestId('sidebar-toggle').click();
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await expect(page.getByTestId('sidebar-splitter')).toHaveAttribute('aria-valuenow', String(before + 40));
  await page.getByTestId('tab-diagram').click();
  await expect(page.getByTestId('splitter-diagram')).toHaveAttribute('aria-valuenow', '40');
  // Nothing secret is among the stored settings.
  expect(Object.keys(JSON.parse((await page.evaluate(() => localStorage.getItem('wb.ui.v1'))) ?? '{}') as object).sort()).toEqual(['language', 'panes', 'sidebarCollapsed', 'sidebarWidth', 'theme']);
});

test('at 1280×720 the wizard verdict and the fault panel are on screen without scrolling the sidebar, and Diagram leaves room for the log', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openVirtualModem(page);
  await page.getByTestId('wizard-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  await page.getByTestId('side-scroll').evaluate((el) => el.scrollTo(0, 0));
  await expect(page.getByTestId('wizard-verdict')).toBeInViewport();
  await expect(page.getByTestId('demo-panel')).toBeInViewport();
  // The fault list has its own scroll inside the panel; its first faults show without any.
  await expect(page.getByRole('button', { name: 'Broker drops the link' })).toBeInViewport();
  // The line above the fault panel gives it more room: every fault then shows.
  await page.getByTestId('sidebar-footer-splitter').focus();
  await page.keyboard.press('Home');
  await expect(page.getByRole('button', { name: 'Echo on' })).toBeInViewport();
  await page.keyboard.press('End');
  await expect(page.getByTestId('wizard-verdict')).toBeInViewport();
  await page.getByTestId('tab-diagram').click();
  const rows = await page.getByTestId('log-body').evaluate((el) => Math.floor(el.clientHeight / 20));
  expect(rows).toBeGreaterThanOrEqual(10);
});

test('an export is confirmed by a toast naming the file and where it went; the toast can be dismissed', async ({ page }) => {
  await openVirtualModem(page);
  await page.keyboard.press('Alt+E');
  await expect(page.getByTestId('export-panel')).toBeVisible();
  await page.getByTestId('export-format-text').check();
  await page.getByTestId('export-run').click();
  const path = await page.getByTestId('export-confirmation').getAttribute('data-path');
  const t = page.getByTestId('toast').filter({ hasText: 'Text capture written' });
  await expect(t).toBeVisible();
  await expect(t.getByTestId('toast-detail')).toHaveText(path ?? 'missing');
  // The live region announces it.
  await expect(page.getByTestId('toasts')).toHaveAttribute('aria-live', 'polite');
  await t.getByTestId('toast-dismiss').click();
  await expect(t).toHaveCount(0);
});

test('a long session’s diagram PNG keeps the diagram’s own width', async ({ page }) => {
  test.setTimeout(180_000);
  await openVirtualModem(page);
  // 130 exchanges over the page's own bridge connection: a diagram far taller than one canvas.
  await page.evaluate(async () => {
    const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(sessionStorage.getItem('wb_token') ?? '')}`);
    // A socket refused or closed fails here at once, instead of leaving a call unanswered until the test's timeout.
    const lost = new Promise<never>((_, reject) => ws.addEventListener('close', (e) => reject(new Error(`the bridge socket closed (${e.code} ${e.reason})`))));
    lost.catch(() => undefined);
    await Promise.race([new Promise((r) => ws.addEventListener('open', r, { once: true })), lost]);
    const call = (id: number) =>
      new Promise<void>((resolve) => {
        const on = (e: MessageEvent) => {
          const m = JSON.parse(String(e.data)) as { t: string; id?: number };
          if (m.t === 'res' && m.id === id) {
            ws.removeEventListener('message', on);
            resolve();
          }
        };
        ws.addEventListener('message', on);
        ws.send(JSON.stringify({ t: 'req', id, name: 'sendAt', args: { text: 'AT+CSQ' } }));
      });
    for (let i = 1; i <= 130; i++) await Promise.race([call(i), lost]);
    ws.close();
  });
  await page.getByTestId('tab-diagram').click();
  await expect.poll(async () => Number((await page.getByTestId('diagram-count').innerText()).replace(/\D/g, ''))).toBeGreaterThan(130);
  const svgDownload = page.waitForEvent('download', { timeout: 30_000 });
  await page.getByTestId('diagram-export-svg').click();
  const svg = await (await svgDownload).path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8')));
  const svgWidth = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1]);
  const svgHeight = Number(/<svg[^>]*\sheight="(\d+)"/.exec(svg)?.[1]);
  expect(svgHeight).toBeGreaterThan(8192);

  let downloads = 0;
  page.on('download', () => downloads++);
  // On a slow machine (here: the page's CPU slowed tenfold) the PNG shows its progress, the page
  // still answers clicks meanwhile, and Cancel stops it without saving anything.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  await page.getByTestId('diagram-export-png').click();
  const progress = page.getByTestId('diagram-png-progress');
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('diagram-export-png')).toBeDisabled();
  await page.getByTestId('diagram-png-cancel').click();
  await expect(progress).toHaveCount(0, { timeout: 30_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expect(page.getByTestId('diagram-export-problem')).toHaveCount(0);

  const pngDownload = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId('diagram-export-png').click();
  const png = await (await pngDownload).path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p)));
  // The cancelled PNG was never saved: this one is the only download since.
  expect(downloads).toBe(1);
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  // Twice the diagram's width, as for a short session: a long one is no longer scaled down to fit a canvas.
  expect(width).toBe(svgWidth * 2);
  expect(Math.abs(height / width - svgHeight / svgWidth)).toBeLessThan(0.01);
  await expect(page.getByTestId('toast').filter({ hasText: `${width}×${height} px` })).toBeVisible();
});
