// Picks the contract binding: `window.workbench` from the Electron preload, or a WebSocket to the
// local bridge when the page is opened in a browser. The rest of the renderer is written once.
import type { WorkbenchApi } from '../shared/api';
import { BRIDGE_WS_PATH } from '../shared/bridge-protocol';
import { createContractClient } from '../shared/contract-client';

declare global {
  interface Window {
    workbench?: WorkbenchApi;
  }
}

function connectBridge(): WorkbenchApi {
  // The token arrives in the URL the workbench printed; keep it for reloads of this tab, and take
  // it out of the address bar so it is not left on screen or in a shared screenshot.
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('wb_token', fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  const token = fromUrl ?? sessionStorage.getItem('wb_token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}${BRIDGE_WS_PATH}?token=${encodeURIComponent(token)}`);
  const queued: string[] = [];
  ws.addEventListener('open', () => {
    for (const m of queued.splice(0)) ws.send(m);
  });
  return createContractClient({
    send: (text) => (ws.readyState === WebSocket.OPEN ? ws.send(text) : queued.push(text)),
    onMessage: (fn) => ws.addEventListener('message', (e) => fn(String(e.data))),
    onClose: (fn) =>
      ws.addEventListener('close', () => {
        fn();
        reportBridgeLost();
      }),
  });
}

const lostListeners = new Set<() => void>();
let bridgeLost = false;
/** Calls `fn` when the browser's connection to the workbench is lost (never in Electron). */
export function onBridgeLost(fn: () => void): () => void {
  if (bridgeLost) fn();
  lostListeners.add(fn);
  return () => lostListeners.delete(fn);
}
function reportBridgeLost(): void {
  bridgeLost = true;
  for (const fn of lostListeners) fn();
}

export const api: WorkbenchApi = window.workbench ?? connectBridge();
export const bindingName: 'electron' | 'browser' = window.workbench ? 'electron' : 'browser';
