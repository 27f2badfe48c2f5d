// The Electron main process: one window on the bundled renderer, locked down (context isolation,
// sandbox, no Node in the page, a strict CSP, no navigation, no new windows, no permissions).
import { app, BrowserWindow, ipcMain, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './host/bridge';
import { createDispatch } from './host/dispatch';
// The OS keyring, for the key that seals journal secrets (only the main process touches it).
import { safeStorage } from 'electron';
import { fileKeyStore, keyringKeyStore, type KeyStore } from './session/key-store';
import { bindIpc } from './host/ipc';
import { createWorkbenchHost } from './host/services';

const rendererIndex = path.join(__dirname, '../renderer/index.html');
const appUrl = pathToFileURL(rendererIndex).toString();
const log = (line: string) => process.stderr.write(`[main] ${line}\n`);

let win: BrowserWindow | undefined;

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

  const host = createWorkbenchHost({ mode: 'electron', version: app.getVersion(), log, keys: journalKeys() });
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
  void win.loadFile(rendererIndex);

  app.on('window-all-closed', () => {
    void host.shutdown().finally(() => app.quit());
  });
  // Ended from outside (logout, kill, a closed terminal): close the port and flush the journal first.
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => void host.shutdown().finally(() => app.exit(0)));
  }
});
