// The app's services host (what the desktop app and the browser bridge are bound to) over a
// temporary folder, with every event of its hub captured: what the services integration tests
// share. close() (call it in afterEach) shuts the host down and removes the folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventName, PayloadOf } from '../shared/api';
import { createWorkbenchHost, type ServicesOptions, type WorkbenchHost } from '../electron/host/services';

export interface ServicesHost {
  host: WorkbenchHost;
  services: WorkbenchHost['services'];
  /** The temporary folder: the journals' unless the options put them elsewhere (in it). */
  dir: string;
  /** Every hub event, in order. A test may empty it (`seen.length = 0`) to look only at what follows. */
  seen: Array<{ name: EventName; payload: unknown }>;
  /** The payloads of one event, in order. */
  events<K extends EventName>(name: K): Array<PayloadOf<K>>;
  /** The newest payload of one event. */
  last<K extends EventName>(name: K): PayloadOf<K> | undefined;
  close(): Promise<void>;
}

/**
 * A host in browser mode journaling into a new folder named `prefix…` under the OS's temporary
 * folder. `options` adds to (or replaces) that; given as a function it is handed the folder, for
 * options that name places in it.
 */
export function openServicesHost(prefix: string, options: Partial<ServicesOptions> | ((dir: string) => Partial<ServicesOptions>) = {}): ServicesHost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir, ...(typeof options === 'function' ? options(dir) : options) });
  const seen: ServicesHost['seen'] = [];
  host.hub.on((name, payload) => seen.push({ name, payload }));
  const events = <K extends EventName>(name: K) => seen.filter((e) => e.name === name).map((e) => e.payload as PayloadOf<K>);
  return {
    host,
    services: host.services,
    dir,
    seen,
    events,
    last: (name) => events(name).at(-1),
    async close() {
      await host.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
