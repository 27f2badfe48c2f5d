// Binds the contract to Electron IPC: one handler per request channel, events sent to the app's
// own window. The sender is checked (main frame of our own page) before arguments are looked at.
import { CHANNEL_PREFIX, eventNames, requestNames } from '../../shared/api';
import type { Outcome } from '../../shared/outcome';
import type { Dispatch } from './dispatch';
import type { EventHub } from './event-hub';

/** The parts of Electron's ipcMain and of an invoke event this binding needs. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
  sender: { mainFrame: unknown };
}
export interface IpcMainLike {
  handle(channel: string, handler: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Our page is loaded from the packaged file (or the dev server in development). */
export function isTrustedSender(event: InvokeEventLike, appUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    const url = new URL(frame.url);
    const app = new URL(appUrl);
    return url.protocol === app.protocol && url.host === app.host && url.pathname === app.pathname;
  } catch {
    return false;
  }
}

export function bindIpc(opts: {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  hub: EventHub;
  appUrl: () => string;
  targets: () => WebContentsLike[];
  log?: (line: string) => void;
}): () => void {
  const log = opts.log ?? (() => {});
  for (const name of requestNames) {
    opts.ipcMain.handle(CHANNEL_PREFIX + name, async (event, args): Promise<Outcome<unknown>> => {
      if (!isTrustedSender(event, opts.appUrl())) {
        log(`refused ${name} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        return { ok: false, problem: { code: 'ipc.untrusted-sender', title: 'Refused a request from an untrusted page', detail: event.senderFrame?.url ?? '', nextStep: 'Only the workbench window may call the workbench.' } };
      }
      return opts.dispatch(name, args);
    });
  }
  const off = opts.hub.on((name, payload) => {
    if (!eventNames.includes(name)) return;
    for (const wc of opts.targets()) if (!wc.isDestroyed()) wc.send(CHANNEL_PREFIX + name, payload);
  });
  return () => {
    off();
    for (const name of requestNames) opts.ipcMain.removeHandler(CHANNEL_PREFIX + name);
  };
}
