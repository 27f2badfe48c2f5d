// Packaging downloads Electron and cannot run on this build machine, so the configuration is
// checked against electron-builder's own schema and validator instead.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(k: string, v: unknown): void }): Promise<void>;
};
const logger = { isEnabled: false, add: () => {} };
const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'electron-builder.json'), 'utf8')) as Record<string, unknown>;

// Loading electron-builder's schema validator took up to 11 s on a busy 2-core machine.
describe('electron-builder configuration', { timeout: 60_000 }, () => {
  it("passes electron-builder's schema validation", async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
  });

  it('would be refused by the validator if it named an unknown option (the check has teeth)', async () => {
    await expect(validateConfiguration({ ...config, linux: { target: ['AppImage'], notAnOption: 1 } }, logger)).rejects.toThrow(/does not match the API schema[\s\S]*configuration.linux/);
  });

  it('flips the Electron fuses that lock the packaged binary down', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('targets AppImage, deb, NSIS and dmg, packs the built app and exists next to its icon', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
    expect(config.files).toContain('out/**/*');
    expect(fs.existsSync(path.join(__dirname, 'icon.png'))).toBe(true);
  });
});
