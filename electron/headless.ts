// The workbench without a window: the same main-side services behind the local bridge, for a
// browser on this machine (npm run web, or npm start where Electron's binary is missing).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBridge } from './host/bridge';
import { createDispatch } from './host/dispatch';
import { createWorkbenchHost } from './host/services';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  // FILE: a session file or a journal to open read-only (`npm start -- FILE`).
  allowPositionals: true,
  options: {
    port: { type: 'string', default: process.env.WORKBENCH_PORT ?? '0' },
    'static-dir': { type: 'string', default: path.join(root, 'out/renderer') },
  },
});
const staticDir = path.resolve(values['static-dir']);
if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
  process.stderr.write(`The renderer is not built (${staticDir}/index.html is missing). Run: npm run build\n`);
  process.exit(1);
}
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const log = (line: string) => process.stderr.write(`[workbench] ${line}\n`);
const host = createWorkbenchHost({ mode: 'browser', version, log });
const bridge = await startBridge({
  dispatch: createDispatch(host.services, log),
  hub: host.hub,
  staticDir,
  port: Number(values.port),
  ...(process.env.WORKBENCH_TOKEN ? { token: process.env.WORKBENCH_TOKEN } : {}),
  log: (line) => process.stderr.write(`[bridge] ${line}\n`),
});
const recordingFile = positionals[0];
if (recordingFile !== undefined) {
  // Opened before the page connects: the page asks for the recording shown when it starts.
  const opened = await host.openSessionPath(path.resolve(recordingFile));
  if (opened.ok) process.stdout.write(`Opened ${opened.value.path} read-only (${opened.value.lines} lines${opened.value.damage ? `; damaged: ${opened.value.damage}` : ''}).\n`);
  else process.stderr.write(`Cannot open ${recordingFile}: ${opened.problem.title} ${opened.problem.detail} ${opened.problem.nextStep}\n`);
}
process.stdout.write(`Modem MQTT Workbench is running. Open this URL in a browser on this machine:\n${bridge.url}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void host
    .shutdown()
    .then(() => bridge.close())
    .finally(() => process.exit(0));
};
// SIGHUP too (a closed terminal): the port is closed and the journal flushed, never cut short.
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);
