// The html report exported in Simplified Chinese, opened from a file in Chromium with the network
// off: its CJK text is drawn with a CJK font of the platform (no web font, nothing fetched), so no
// glyph is missing ("tofu").
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { exportToString } from '../electron/session/export';
import { refusedConnectSession } from '../electron/session/fixtures';
import { buildJournal, type Step } from '../electron/session/transcript';

const bringUp: Step[] = [
  { at: 0, send: 'ATI', lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'] },
  { at: 30, send: 'AT+CPIN?', lines: ['+CPIN: READY'] },
  { at: 60, send: 'AT+CSQ', lines: ['+CSQ: 20,99'] },
];

test('the zh-CN html report renders its CJK text offline with a CJK platform font', async ({ page, context }, testInfo) => {
  const records = buildJournal([...bringUp, ...refusedConnectSession.map((s) => ({ ...s, at: s.at + 1000 }))]);
  const { text } = await exportToString(records, { format: 'html', lang: 'zh-CN', environment: { source: 'refused.jsonl', os: 'e2e' } });
  const file = testInfo.outputPath('report-zh.html');
  fs.writeFileSync(file, text);
  const url = pathToFileURL(file).href;

  await context.setOffline(true);
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url) fetched.push(r.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(url);

  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('report-failure-title')).toHaveText('拒绝连接：用户名或密码错误');
  await expect(page.getByTestId('report-next-step')).toContainText('下一步：');
  await page.screenshot({ path: testInfo.outputPath('report-zh-top.png') });
  // The inline script ran under the report's CSP: the row count is written, in Chinese.
  await expect(page.getByTestId('report-log-count')).toHaveText(/^\d+ 行$/);
  await page.getByTestId('report-log-search').fill('QMTSTAT');
  await expect(page.getByTestId('report-log-count')).toHaveText(/^\d+ \/ \d+ 行$/);

  // What Chromium drew the glyphs with: every CJK glyph from a CJK font, none left for a fallback box.
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  for (const selector of ['[data-testid="report-failure-title"]', '#summary h2', '[data-testid="report-next-step"]']) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    expect(nodeId, selector).toBeGreaterThan(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const cjk = fonts.filter((f) => /CJK|PingFang|YaHei|Hei|Song|WenQuanYi/i.test(f.familyName));
    expect(cjk.length, `${selector}: ${JSON.stringify(fonts)}`).toBeGreaterThan(0);
    const chars = await page.locator(selector).first().evaluate((el) => [...(el.textContent ?? '')].filter((c) => /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]/.test(c)).length);
    expect(cjk.reduce((n, f) => n + f.glyphCount, 0), `${selector}: CJK glyphs drawn with a CJK font`).toBeGreaterThanOrEqual(chars);
  }

  expect(fetched).toEqual([]);
  expect(errors).toEqual([]);
});
