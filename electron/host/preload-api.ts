// Builds what the preload exposes as `window.workbench`: one function per request and one
// subscriber per event, generated from the contract. Nothing generic (no invoke(channel, …)) leaks.
import { CHANNEL_PREFIX, eventNames, requestNames } from '../../shared/api';

/** The part of Electron's ipcRenderer the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function buildPreloadApi(ipc: IpcRendererLike): Record<string, (arg?: unknown) => unknown> {
  const api: Record<string, (arg?: unknown) => unknown> = {};
  for (const name of requestNames) {
    api[name] = (args?: unknown) => ipc.invoke(CHANNEL_PREFIX + name, args);
  }
  for (const name of eventNames) {
    api[name] = (fn?: unknown) => {
      if (typeof fn !== 'function') throw new TypeError(`${name} needs a listener function`);
      // The Electron event object stays here: the page only ever sees the payload.
      const listener = (_event: unknown, payload: unknown) => (fn as (p: unknown) => void)(payload);
      ipc.on(CHANNEL_PREFIX + name, listener);
      return () => ipc.removeListener(CHANNEL_PREFIX + name, listener);
    };
  }
  return Object.freeze(api);
}
