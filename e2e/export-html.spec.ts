// The html report a support engineer receives, opened in Chromium with the network blocked: the
// summary names the first failure and its next step, and the log filters in the page (the inline
// script runs under the report's own Content-Security-Policy).
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { exportToString } from '../electron/session/export';
import { refusedConnectSession } from '../electron/session/fixtures';
import { buildJournal, type Step } from '../electron/session/transcript';

const bringUp: Step[] = [
  { at: 0, send: 'ATI', lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'] },
  { at: 30, send: 'AT+CGSN', lines: ['866123456789012'] },
  { at: 60, send: 'AT+CPIN?', lines: ['+CPIN: READY'] },
  { at: 90, send: 'AT+CSQ', lines: ['+CSQ: 20,99'] },
  { at: 120, send: 'AT+CEREG?', lines: ['+CEREG: 0,1'] },
];

test('the html report reads offline: first failure and next step in the summary, the log filters', async ({ page }, testInfo) => {
  const records = buildJournal([...bringUp, ...refusedConnectSession.map((s) => ({ ...s, at: s.at + 1000 }))]);
  const { text } = await exportToString(records, { format: 'html', maskIds: true, environment: { source: 'refused.jsonl', os: 'e2e' } });
  const file = testInfo.outputPath('report.html');
  fs.writeFileSync(file, text);
  const url = pathToFileURL(file).href;

  // Nothing but the file itself may load; anything else is aborted and remembered.
  const blocked: string[] = [];
  await page.route('**', (route) => {
    if (route.request().url() === url) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);

  const summary = page.getByTestId('report-summary');
  await expect(summary.getByTestId('report-first-failure')).toContainText('+QMTCONN: 0,0,4');
  await expect(summary.getByTestId('report-failure-title')).toContainText(/refused/i);
  await expect(summary.getByTestId('report-next-step')).toContainText('Next step: Check the credentials');
  await expect(summary.getByTestId('report-modem')).toHaveText('Quectel EC25');
  await expect(summary.getByTestId('report-imei')).toHaveText('«redacted»9012');
  await expect(page.getByTestId('report-diagram').locator('svg')).toBeVisible();

  const rows = page.getByTestId('report-log').locator('tbody tr');
  const total = await rows.count();
  expect(total).toBeGreaterThan(15);
  await expect(page.getByTestId('report-log-count')).toHaveText(`${total} rows`);

  // Text search.
  await page.getByTestId('report-log-search').fill('QMTCONN');
  await expect(page.getByTestId('report-log-count')).toHaveText(`2 of ${total} rows`);
  await expect(rows.filter({ visible: true })).toHaveCount(2);
  for (const t of await rows.filter({ visible: true }).allTextContents()) expect(t).toContain('QMTCONN');

  // Kind filter, with the search cleared.
  await page.getByTestId('report-log-search').fill('');
  await page.getByTestId('report-log-kind').selectOption('urc');
  const urcs = rows.filter({ visible: true });
  await expect(urcs).toHaveCount(3);
  for (const t of await urcs.allTextContents()) expect(t).toContain('URC');

  // Both together.
  await page.getByTestId('report-log-search').fill('qmtstat');
  await expect(rows.filter({ visible: true })).toHaveCount(1);

  expect(blocked).toEqual([]);
  expect(problems).toEqual([]);
});
