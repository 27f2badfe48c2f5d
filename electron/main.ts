// The Electron main process: one window on the bundled renderer, locked down (context isolation,
// sandbox, no Node in the page, a strict CSP, no navigation, no new windows, no permissions).
import { app, BrowserWindow, dialog, ipcMain, Menu, session, type MenuItemConstructorOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './host/bridge';
import { createDispatch } from './host/dispatch';
// The OS keyring, for the key that seals journal secrets (only the main process touches it).
import { safeStorage } from 'electron';
import { fileKeyStore, keyringKeyStore, type KeyStore } from './session/key-store';
import { bindIpc } from './host/ipc';
import { createWorkbenchHost, type WorkbenchHost } from './host/services';

const rendererIndex = path.join(__dirname, '../renderer/index.html');
const appUrl = pathToFileURL(rendererIndex).toString();
const log = (line: string) => process.stderr.write(`[main] ${line}\n`);

let win: BrowserWindow | undefined;

/** A file named on the command line (`npm start -- FILE`, `workbench-app FILE`): opened read-only once the window is up. */
function fileFromArgv(argv: readonly string[]): string | undefined {
  // `electron . FILE` in development, `app FILE` when packaged; switches (ours or a test
  // runner's) start with '-', and the app's own folder is not a recording.
  const appPath = path.resolve(app.getAppPath());
  const isFile = (p: string) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-'))
    .map((a) => path.resolve(a))
    .find((p) => p !== appPath && isFile(p));
}

/** Opens a recording read-only and says why not in a dialog (the renderer is told by the host's event). */
async function openRecording(host: WorkbenchHost, file: string): Promise<void> {
  const r = await host.openSessionPath(file);
  if (!r.ok) await dialog.showMessageBox({ type: 'error', title: 'Cannot open the session', message: r.problem.title, detail: `${r.problem.detail}\n\n${r.problem.nextStep}` });
}

function applicationMenu(host: WorkbenchHost): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Session File…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const picked = await dialog.showOpenDialog({
              title: 'Open a session file or a journal',
              properties: ['openFile'],
              filters: [
                { name: 'Session files and journals', extensions: ['jsonl', 'cjsonl', 'json'] },
                { name: 'All files', extensions: ['*'] },
              ],
            });
            const file = picked.filePaths[0];
            if (!picked.canceled && file) await openRecording(host, file);
          },
        },
        { label: 'Export Session…', accelerator: 'CmdOrCtrl+E', click: () => host.hub.emit('onAppCommand', { command: 'export' }) },
        { label: 'Sessions', accelerator: 'CmdOrCtrl+Shift+S', click: () => host.hub.emit('onAppCommand', { command: 'sessions' }) },
        { type: 'separator' },
        { role: process.platform === 'darwin' ? 'close' : 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

/**
 * The key that seals journal secrets, protected by the OS keyring where there is one (Linux without
 * a keyring stores "basic_text", no protection: the user-only key file is then used).
 */
function journalKeys(): KeyStore {
  const keyring = safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  if (!keyring) return fileKeyStore();
  log('journal secrets sealed with a key protected by the OS keyring');
  return keyringKeyStore(safeStorage);
}

void app.whenReady().then(() => {
  // The app needs no browser permission (camera, notifications, serial …): refuse requests and checks.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  const host = createWorkbenchHost({
    mode: 'electron',
    version: app.getVersion(),
    log,
    keys: journalKeys(),
    // Exports ask where to save (File → Export…, the Export button); cancelling writes nothing.
    chooseExportPath: async (suggestedName) => {
      const options = { title: 'Export the session', defaultPath: path.join(app.getPath('documents'), suggestedName) };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled ? undefined : r.filePath;
    },
  });
  Menu.setApplicationMenu(applicationMenu(host));
  bindIpc({
    ipcMain,
    dispatch: createDispatch(host.services, log),
    hub: host.hub,
    appUrl: () => appUrl,
    targets: () => (win ? [win.webContents] : []),
    log,
  });

  win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Modem MQTT Workbench',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
      // A middle-click on a link would otherwise open a new window, bypassing the window handler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const argvFile = fileFromArgv(process.argv);
  if (argvFile) win.webContents.once('did-finish-load', () => void openRecording(host, argvFile));
  void win.loadFile(rendererIndex);

  app.on('window-all-closed', () => {
    void host.shutdown().finally(() => app.quit());
  });
  // Ended from outside (logout, kill, a closed terminal): close the port and flush the journal first.
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => void host.shutdown().finally(() => app.exit(0)));
  }
});
