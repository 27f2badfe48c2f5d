// e2e in Debian's Chromium against the headless bridge (the same services as the Electron app), and
// Electron-mode e2e where Electron's binary exists.
import { defineConfig } from '@playwright/test';
import crypto from 'node:crypto';

// One token per run, shared with the workers through the environment.
process.env.WORKBENCH_TOKEN ??= crypto.randomBytes(18).toString('base64url');
const port = Number(process.env.WORKBENCH_E2E_PORT ?? 41741);

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  // One retry in CI: a real failure fails twice and still shows. (The long-diagram PNG test's one
  // 180 s timeout was openVirtualModem reading the port state before the page had it; it waits now.)
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    // The app follows the browser's language: tests read English unless they choose otherwise.
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /electron\.spec\.ts/, use: { browserName: 'chromium', headless: true } },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
  webServer: {
    command: `node --import tsx electron/headless.ts --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    env: { WORKBENCH_TOKEN: process.env.WORKBENCH_TOKEN, WORKBENCH_DATA_DIR: process.env.WORKBENCH_DATA_DIR ?? 'test-results/e2e-data', WORKBENCH_SIM_SPEED: process.env.WORKBENCH_SIM_SPEED ?? '0.05', WORKBENCH_KEY_DIR: process.env.WORKBENCH_KEY_DIR ?? 'test-results/e2e-keys' },
    reuseExistingServer: false,
    timeout: 60_000,
    // SIGTERM lets the bridge close the open port, so the PTY relay and its link folder go with
    // it (Playwright's default SIGKILL left a wb-pty-* folder per run).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
