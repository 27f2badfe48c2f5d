// Builds a WorkbenchApi from a message channel: used by the renderer in a browser (WebSocket to the
// bridge) and by tests in Node. One function per request, one subscriber per event, from the
// contract's own names, so nothing is written twice.
import { eventNames, requestNames, type EventName, type WorkbenchApi } from './api';
import type { ClientMessage, ServerMessage } from './bridge-protocol';
import type { Outcome } from './outcome';

/** The little a channel must do: send text, deliver text, report that it closed. */
export interface MessageChannelLike {
  send(text: string): void;
  onMessage(fn: (text: string) => void): void;
  onClose(fn: () => void): void;
}

export function createContractClient(channel: MessageChannelLike): WorkbenchApi {
  let nextId = 1;
  const pending = new Map<number, (r: Outcome<unknown>) => void>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();

  channel.onMessage((text) => {
    const msg = JSON.parse(text) as ServerMessage;
    if (msg.t === 'res') {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    } else if (msg.t === 'evt') {
      for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
    }
  });
  const lost: Outcome<unknown> = {
    ok: false,
    problem: { code: 'bridge.closed', title: 'Lost the connection to the workbench back end', detail: 'The WebSocket to the local bridge closed.', nextStep: 'Check that the workbench process is still running, then reload the page.' },
  };
  let closed = false;
  channel.onClose(() => {
    closed = true;
    for (const resolve of pending.values()) resolve(lost);
    pending.clear();
  });

  const api: Record<string, unknown> = {};
  for (const name of requestNames) {
    api[name] = (args?: unknown) =>
      new Promise<Outcome<unknown>>((resolve) => {
        // After the channel closed nothing would ever answer: say so at once.
        if (closed) return resolve(lost);
        const id = nextId++;
        pending.set(id, resolve);
        const msg: ClientMessage = { t: 'req', id, name, args };
        channel.send(JSON.stringify(msg));
      });
  }
  for (const name of eventNames) {
    api[name] = (fn: (p: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(fn);
      return () => set.delete(fn);
    };
  }
  return api as WorkbenchApi;
}

export type { EventName };
