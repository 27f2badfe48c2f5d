// Runs `workbench at` as a child process, as a user would, and reads its --json output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliCommandJson, CliLineJson } from '../shared/cli-json';

const root = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];

export interface AtRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Array<CliLineJson | CliCommandJson>;
}

/** `node bin/workbench.js at …args`, with a data folder of its own (removed by cleanupAtRuns). */
export function runWorkbenchAt(args: string[], opts: { stdin?: string } = {}): Promise<AtRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-'));
  dirs.push(dir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/workbench.js'), 'at', ...args], {
      cwd: root,
      env: { ...process.env, WORKBENCH_DATA_DIR: dir, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(opts.stdin ?? '');
    child.on('exit', (code) => {
      const json = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as CliLineJson | CliCommandJson);
      resolve({ code, stdout, stderr, json });
    });
  });
}

export function cleanupAtRuns(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export const isCommand = (j: CliLineJson | CliCommandJson): j is CliCommandJson => 'outcome' in j;
/** Every line printed, as 'dir:kind:text'. */
export const lineKinds = (r: AtRun) => r.json.filter((j): j is CliLineJson => !isCommand(j)).map((j) => `${j.dir}:${j.kind}:${j.text}`);
export const outcomes = (r: AtRun) => r.json.filter(isCommand);
