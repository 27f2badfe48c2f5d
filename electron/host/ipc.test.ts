// The Electron binding, without Electron: the preload's generated API and the main side's handlers
// joined by an in-memory IPC pair that behaves like ipcRenderer.invoke/ipcMain.handle.
import { describe, expect, it } from 'vitest';
import { CHANNEL_PREFIX, eventNames, requestNames } from '../../shared/api';
import { ok } from '../../shared/outcome';
import { createDispatch, type Services } from './dispatch';
import { EventHub } from './event-hub';
import { bindIpc, type InvokeEventLike } from './ipc';
import { buildPreloadApi } from './preload-api';

const APP_URL = 'file:///opt/workbench/resources/app/out/renderer/index.html';

function ipcPair(frameUrl: string, isMainFrame = true) {
  const handlers = new Map<string, (e: InvokeEventLike, ...a: unknown[]) => Promise<unknown>>();
  const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  const mainFrame = {};
  const event: InvokeEventLike = { senderFrame: isMainFrame ? Object.assign(mainFrame, { url: frameUrl }) : { url: frameUrl }, sender: { mainFrame } };
  return {
    ipcMain: { handle: (c: string, h: (e: InvokeEventLike, ...a: unknown[]) => Promise<unknown>) => void handlers.set(c, h), removeHandler: (c: string) => void handlers.delete(c) },
    ipcRenderer: {
      invoke: async (c: string, ...a: unknown[]) => {
        const h = handlers.get(c);
        if (!h) throw new Error(`No handler registered for '${c}'`);
        return h(event, ...a);
      },
      on: (c: string, l: (e: unknown, p: unknown) => void) => listeners.set(c, (listeners.get(c) ?? new Set()).add(l)),
      removeListener: (c: string, l: (e: unknown, p: unknown) => void) => listeners.get(c)?.delete(l),
    },
    webContents: { send: (c: string, p: unknown) => listeners.get(c)?.forEach((l) => l({ sender: 'electron-internal' }, p)), isDestroyed: () => false },
    handlers,
  };
}

const services = { getAppInfo: async () => ok({ mode: 'electron' }), closePort: async () => ok({ state: 'closed' }) } as unknown as Services;

describe('Electron IPC binding', () => {
  it('exposes exactly one function per request and per event, nothing generic', () => {
    const p = ipcPair(APP_URL);
    const api = buildPreloadApi(p.ipcRenderer);
    expect(Object.keys(api).sort()).toEqual([...requestNames, ...eventNames].sort());
    expect(api).not.toHaveProperty('invoke');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('registers only workbench: channels and answers a request from the app page', async () => {
    const p = ipcPair(APP_URL);
    const hub = new EventHub();
    bindIpc({ ipcMain: p.ipcMain, dispatch: createDispatch(services), hub, appUrl: () => APP_URL, targets: () => [p.webContents] });
    expect([...p.handlers.keys()].every((c) => c.startsWith(CHANNEL_PREFIX))).toBe(true);
    const api = buildPreloadApi(p.ipcRenderer) as unknown as { getAppInfo(): Promise<unknown>; onPortState(fn: (x: unknown) => void): () => void };
    await expect(api.getAppInfo()).resolves.toEqual({ ok: true, value: { mode: 'electron' } });
    const got: unknown[] = [];
    const off = api.onPortState((x) => got.push(x));
    hub.emit('onPortState', { state: 'closed' });
    off();
    hub.emit('onPortState', { state: 'open' });
    expect(got).toEqual([{ state: 'closed' }]);
  });

  it('refuses requests from another page or from a sub-frame', async () => {
    for (const p of [ipcPair('https://evil.example/'), ipcPair(APP_URL, false)]) {
      bindIpc({ ipcMain: p.ipcMain, dispatch: createDispatch(services), hub: new EventHub(), appUrl: () => APP_URL, targets: () => [] });
      const api = buildPreloadApi(p.ipcRenderer) as unknown as { closePort(): Promise<{ ok: boolean; problem?: { code: string } }> };
      const r = await api.closePort();
      expect(r.ok).toBe(false);
      expect(r.problem?.code).toBe('ipc.untrusted-sender');
    }
  });

  it('validates arguments on the main side and names the failing field', async () => {
    const p = ipcPair(APP_URL);
    bindIpc({ ipcMain: p.ipcMain, dispatch: createDispatch(services), hub: new EventHub(), appUrl: () => APP_URL, targets: () => [] });
    const api = buildPreloadApi(p.ipcRenderer) as unknown as { sendAt(a: unknown): Promise<{ ok: boolean; problem?: { code: string; title: string } }> };
    const r = await api.sendAt({ text: 'AT\r\nATI' });
    expect(r.ok).toBe(false);
    expect(r.problem?.code).toBe('invalid-argument');
    expect(r.problem?.title).toBe('AT command: one command per line: remove the line break');
  });
});
