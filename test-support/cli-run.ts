// Runs any `workbench` command as a child process, as a user would, with a data folder of its
// own (removed by cleanupCliRuns).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The data folder the run used (its journals are under journals/). */
  dataDir: string;
}

export function runWorkbench(command: string, args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-'));
  dirs.push(dir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/workbench.js'), command, ...args], {
      cwd: root,
      env: { ...process.env, WORKBENCH_DATA_DIR: dir, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, dataDir: dir });
    });
  });
}

/** The JSON objects a --json run printed, one a line. */
export function jsonLines(r: CliRun): Array<Record<string, unknown>> {
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function cleanupCliRuns(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}
