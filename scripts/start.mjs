#!/usr/bin/env node
// `npm start`: builds the app, then opens the Electron window; where Electron's binary is missing
// it says so in one line and serves the same app to a browser instead. `--web` skips Electron.
// `npm start -- FILE` opens a session file or a journal read-only (a recording).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const webOnly = process.argv.includes('--web');
// npm runs scripts from the package folder: a relative FILE is taken from where `npm start` was typed.
const fileArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
const recording = fileArg !== undefined ? path.resolve(process.env.INIT_CWD ?? process.cwd(), fileArg) : undefined;
if (recording !== undefined && !fs.existsSync(recording)) {
  process.stderr.write(`${recording} does not exist. Usage: npm start -- [--web] [FILE]  (FILE: a session file or a journal to open read-only)\n`);
  process.exit(2);
}
const fileArgs = recording !== undefined ? [recording] : [];

const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write(`The build failed:\n${build.stdout}${build.stderr}`);
  process.exit(1);
}

function electronBinary() {
  try {
    // Outside Electron, require('electron') returns the binary's path, or throws when the
    // postinstall download never happened.
    return require('electron');
  } catch (err) {
    return { missing: String(err instanceof Error ? err.message.split('\n')[0] : err) };
  }
}

const run = (cmd, args) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
};

const electron = webOnly ? { missing: 'web mode requested' } : electronBinary();
if (typeof electron === 'string') {
  run(electron, ['.', ...fileArgs]);
} else {
  if (!webOnly) process.stdout.write(`Electron's binary is not installed here (${electron.missing}); starting the workbench in browser mode instead.\n`);
  run(process.execPath, ['--import', 'tsx', path.join(root, 'electron/headless.ts'), ...fileArgs]);
}
