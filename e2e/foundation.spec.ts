// The skeleton carries weight: the page served by the bridge lists ports, opens a PTY typed into
// the field, sends an AT command through the real engine, shows errors in words.
import { expect, test } from '@playwright/test';
import { openWorkbench, startOkResponder } from './helpers';

test('lists serial ports and offers the virtual EC20', async ({ page }) => {
  await openWorkbench(page);
  await expect(page.getByTestId('binding')).toContainText('browser');
  const list = page.getByTestId('port-list');
  await expect(list).toContainText('Virtual EC20');
  await expect(page.getByTestId('ports-problem')).toHaveCount(0);
});

test('opens a PTY typed into the field, sends AT, shows both lines in the log, and closes', async ({ page }) => {
  const modem = await startOkResponder();
  try {
    await openWorkbench(page);
    await page.getByTestId('port-path').fill(modem.pair.hostPath);
    await page.getByTestId('open-port').click();
    await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('at-input').fill('ATI');
    await page.getByTestId('at-input').press('Enter');
    await expect(page.getByTestId('at-outcome')).toHaveAttribute('data-kind', 'ok');
    await expect(page.getByTestId('at-outcome')).toContainText('EC20F');
    const log = page.getByTestId('log');
    await expect(log.locator('[data-dir="tx"]', { hasText: 'ATI' }).first()).toBeVisible();
    await expect(log.locator('[data-kind="final"]', { hasText: 'OK' }).first()).toBeVisible();
    expect(modem.received).toContain('ATI');
    // History: arrow up brings the command back.
    await page.getByTestId('at-input').press('ArrowUp');
    await expect(page.getByTestId('at-input')).toHaveValue('ATI');
    await page.getByTestId('close-port').click();
    await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
  } finally {
    await modem.stop();
  }
});

test('a port that does not exist is explained in words, not a stack trace', async ({ page }) => {
  await openWorkbench(page);
  await page.getByTestId('port-path').fill('/dev/ttyUSB-does-not-exist');
  await page.getByTestId('open-port').click();
  const problem = page.getByTestId('port-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('data-code', 'port.not-found');
  await expect(problem).toContainText('/dev/ttyUSB-does-not-exist');
  await expect(problem).not.toContainText(/\bat \S+ \(?[^)]*:\d+:\d+\)?/);
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
});

test('runs under its Content Security Policy with no violation, and takes the token out of the address bar', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openWorkbench(page);
  expect(page.url()).not.toContain('token=');
  for (const tab of ['topics', 'diagram', 'log'] as const) {
    await page.getByTestId(`tab-${tab}`).click();
    await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
  }
  // A reload keeps working without the token in the URL (asset cookie for files, the tab's
  // session storage for the API).
  await page.reload();
  await page.getByRole('heading', { name: 'Modem MQTT Workbench' }).waitFor();
  await expect(page.getByTestId('port-list')).toContainText('Virtual EC20');
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
});

test('says so over everything when the connection to the workbench process is lost', async ({ page }) => {
  let socket: { close(): Promise<void> } | undefined;
  await page.routeWebSocket(/\/api/, (ws) => {
    ws.connectToServer();
    socket = ws;
  });
  await openWorkbench(page);
  await expect(page.getByTestId('port-list')).toContainText('Virtual EC20');
  await expect(page.getByTestId('bridge-lost')).toHaveCount(0);
  await socket!.close();
  await expect(page.getByTestId('bridge-lost')).toBeVisible();
  await expect(page.getByTestId('bridge-lost')).toContainText('reload this page');
  await page.screenshot({ path: 'test-results/bridge-lost.png' });
});
