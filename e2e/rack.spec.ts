// The rack overview with three Virtual EC20s, one of them faulted: one action brings them all up,
// each row shows its own module, signal, registration and MQTT state, the faulted one its error.
import { expect, test } from '@playwright/test';
import { openWorkbench } from './helpers';

test('Rack tab: three Virtual EC20s brought up at once, the faulted one shown failed', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 800 });
  await openWorkbench(page);
  await page.getByTestId('tab-rack').click();
  await page.getByTestId('rack-ports').fill('virtual\nvirtual sim-missing\nvirtual');
  await page.getByTestId('rack-bringup').click();
  await expect(page.getByTestId('rack-summary')).toHaveText(/2 of 3 ready/, { timeout: 60_000 });
  for (const i of [0, 2]) {
    await expect(page.getByTestId(`rack-row-${i}`)).toHaveAttribute('data-state', 'passed');
    await expect(page.getByTestId(`rack-mqtt-${i}`)).toHaveText('0: connected');
    await expect(page.getByTestId(`rack-row-${i}`)).toContainText('dBm');
  }
  await expect(page.getByTestId('rack-row-1')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('rack-error-1')).toContainText(/SIM/);
  await expect(page.getByTestId('rack-mqtt-1')).toHaveText('—');
  await page.screenshot({ path: '/tmp/rack.png' });
  // The open-port views are untouched: the rack's sessions are its own.
  await expect(page.getByTestId('port-state')).toHaveAttribute('data-state', 'closed');
});
