// Electron mode: the real window, preload and IPC. Runs where Electron's binary is installed;
// elsewhere each test is skipped with the reason.
import { _electron as electron, expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let electronPath: string | undefined;
let missing = '';
try {
  electronPath = require('electron') as string;
} catch (err) {
  missing = err instanceof Error ? err.message.split('\n')[0]! : String(err);
}
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

test.skip(!electronPath, `Electron-mode e2e skipped: Electron's binary is not installed on this machine (${missing}).`);
test.skip(Boolean(electronPath) && needsDisplay, 'Electron-mode e2e skipped: no display (run under xvfb-run).');

test('the window loads the app with the preload API and a locked-down renderer', async () => {
  const app = await electron.launch({ executablePath: electronPath!, args: [path.resolve('.')] });
  try {
    const win = await app.firstWindow();
    await expect(win.getByRole('heading', { name: 'Modem MQTT Workbench' })).toBeVisible();
    await expect(win.getByTestId('binding')).toContainText('desktop');
    const exposure = await win.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((window as unknown as { workbench: object }).workbench).sort(),
    }));
    expect(exposure.require).toBe('undefined');
    expect(exposure.process).toBe('undefined');
    expect(exposure.api).toContain('openPort');
    await expect(win.getByTestId('port-list')).toContainText('Virtual EC20');
  } finally {
    await app.close();
  }
});
