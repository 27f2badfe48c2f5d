import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function workbench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'ports', ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('workbench ports (child process)', { timeout: 60_000 }, () => {
  it('prints the OS port list as JSON, or a problem with a next step when listing is impossible', async () => {
    const r = await workbench('--json');
    const j = JSON.parse(r.stdout) as { ok: boolean; ports?: unknown[]; problem?: { nextStep: string } };
    if (r.code === 0) expect(Array.isArray(j.ports)).toBe(true);
    else {
      expect(r.code).toBe(1);
      expect(j.problem?.nextStep).toBeTruthy();
    }
  });
  it('exits 2 on an unknown option', async () => {
    expect((await workbench('--bogus')).code).toBe(2);
  });
});
