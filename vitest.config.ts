import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'build/**/*.test.ts'],
    environment: 'node',
    // The key that seals journal secrets: tests keep theirs out of the user's config folder.
    // English unless a test chooses: the CLI (and its child processes) read the language from these.
    env: { WORKBENCH_KEY_DIR: process.env.WORKBENCH_KEY_DIR ?? path.join(os.tmpdir(), 'wb-test-keys'), LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // PTYs, brokers and child processes: keep the 2-core machine from oversubscribing.
    maxWorkers: 2,
  },
});
