// The language follows the browser, can be switched without a reload, and is remembered.
import { expect, test } from '@playwright/test';
import { openWorkbench } from './helpers';

test('the language menu switches the app to Simplified Chinese in place and back; the choice survives a reload', async ({ page }) => {
  await openWorkbench(page);
  const select = page.getByTestId('language-select');
  await expect(select).toHaveAccessibleName('Language');
  await expect(page.getByTestId('shortcuts-open')).toHaveAccessibleName('Keyboard shortcuts');

  // No reload: the page's state (what was typed) stays.
  await page.getByTestId('log-search').fill('QMTCONN');
  await select.selectOption('zh-CN');
  await expect(page.getByTestId('shortcuts-open')).toHaveAccessibleName('键盘快捷键');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('log-search')).toHaveValue('QMTCONN');

  await page.reload();
  await expect(page.getByTestId('language-select')).toHaveValue('zh-CN');
  await expect(page.getByTestId('shortcuts-open')).toHaveAccessibleName('键盘快捷键');

  await page.getByTestId('language-select').selectOption('en');
  await expect(page.getByTestId('shortcuts-open')).toHaveAccessibleName('Keyboard shortcuts');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('a browser set to Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('opens in Simplified Chinese when the language follows the system', async ({ page }) => {
    await page.goto(`/?token=${process.env.WORKBENCH_TOKEN}`);
    await expect(page.getByTestId('language-select')).toHaveValue('system');
    await expect(page.getByTestId('shortcuts-open')).toHaveAccessibleName('键盘快捷键');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });
});
