// The Scripts tab against the Virtual EC20: a passing script ticks every line; a wrong
// expectation fails at its line with the answer seen; the line waiting is highlighted while it
// waits; the session itself, saved as a script, replays green.
import { expect, test } from '@playwright/test';
import { embeddedBroker, openVirtualModem } from './helpers';

test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click();
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
});

test('Scripts tab: run, fail at the right line, highlight the line running, replay the session', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await openVirtualModem(page);
  const b = await embeddedBroker(page);
  await page.getByTestId('tab-scripts').click();
  const editor = page.getByTestId('script-editor');
  await editor.fill(['# connect', 'AT+CPIN?', '# expect ^\\+CPIN: READY$', `AT+QMTOPEN=0,"${b.host}",\${BROKER_PORT}`, '# await +QMTOPEN: 0,0 10s', 'AT+QMTCONN=0,"e2e-script"', '# await +QMTCONN: 0,0,0'].join('\n'));
  await page.getByTestId('script-var-BROKER_PORT').fill(String(b.port));
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('script-verdict')).toHaveText(/Passed: 6 steps/);
  for (const n of [2, 3, 4, 5, 6, 7]) await expect(page.getByTestId(`script-line-${n}`)).toHaveAttribute('data-state', 'passed');
  await page.screenshot({ path: '/tmp/scripts-pass.png' });

  await editor.fill(['AT', 'AT+CSQ', '# expect ^\\+CSQ: 99,99$', 'AT+CPIN?'].join('\n'));
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('script-verdict')).toContainText('Failed at line 3');
  await expect(page.getByTestId('script-verdict')).toContainText('+CSQ:');
  await expect(page.getByTestId('script-line-3')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('script-line-4')).toHaveAttribute('data-state', '');
  await page.screenshot({ path: '/tmp/scripts-fail.png' });

  // A wait that does not end: its line is the one highlighted until Stop.
  await editor.fill(['AT', '# await +QMTSTAT: 0,1 30s', 'AT'].join('\n'));
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('script-line-2')).toHaveAttribute('data-state', 'current');
  await expect(page.getByTestId('script-line-2')).toHaveAttribute('aria-current', 'step');
  await page.screenshot({ path: '/tmp/scripts-running.png' });
  await page.getByTestId('script-stop').click();
  await expect(page.getByTestId('script-verdict')).toContainText('Failed at line 2');

  // The session so far, as a script: it replays on the same modem (the client is already connected
  // there, so only its first commands are taken).
  await page.getByTestId('script-from-session').click();
  await expect(editor).toHaveValue(/Saved from a session/);
  await expect(editor).toHaveValue(/AT\+QMTOPEN=0,/);
  const saved = await editor.inputValue();
  const upToCpin = saved.slice(0, saved.indexOf('\nAT+QMTOPEN'));
  await editor.fill(upToCpin);
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('script-verdict')).toHaveText(/Passed/);
});
