// Makes docs/screenshot.png for the README: the workbench in a browser on the virtual EC20, after
// the wizard connected and a message went round. Run: npx tsx scripts/readme-screenshot.ts
import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';

const port = 41777;
const token = 'readme-screenshot';
const server = spawn(process.execPath, ['--import', 'tsx', 'electron/headless.ts', '--port', String(port)], {
  env: { ...process.env, WORKBENCH_TOKEN: token, WORKBENCH_SIM_SPEED: '0.05', WORKBENCH_DATA_DIR: path.resolve('test-results/screenshot-data') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve) => server.stdout.on('data', (d: Buffer) => String(d).includes('http://') && resolve()));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?token=${token}`);
  await page.getByTestId('port-list').getByText('Virtual EC20', { exact: true }).click();
  await page.getByTestId('open-port').click();
  await page.getByTestId('wizard-clientId').fill('site7-gateway');
  await page.getByTestId('wizard-run').click();
  await page.getByTestId('wizard-verdict').and(page.locator('[data-verdict="ready"]')).waitFor({ timeout: 60_000 });
  await page.getByTestId('tab-topics').click();
  await page.getByTestId('sub-topic').fill('site7/#');
  await page.getByTestId('sub-button').click();
  await page.getByTestId('subscription').first().waitFor();
  await page.getByTestId('pub-topic').fill('site7/telemetry');
  await page.getByTestId('pub-payload').fill('{"t":21.5,"rh":48}');
  await page.getByTestId('pub-button').click();
  await page.getByTestId('message').first().waitFor();
  await page.getByTestId('tab-diagram').click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
