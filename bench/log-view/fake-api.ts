// The benchmark page's stand-in for the main side: a contract object with no I/O, installed as
// window.workbench before the stores load, so the real views and stores run unchanged. getLog
// serves the rows the page set with serveLog(), by index and page as the main side does.
import type { WorkbenchApi } from '../../shared/api';
import type { LogEntry } from '../../shared/model';

let log: readonly LogEntry[] = [];

/** The rows getLog answers with (indexes 0…n-1, in order). */
export function serveLog(rows: readonly LogEntry[]): void {
  log = rows;
}

const answers: Record<string, (args?: { from?: number; limit?: number }) => unknown> = {
  getLog: (a) => log.slice(a?.from ?? 0, (a?.from ?? 0) + (a?.limit ?? 1_000_000)),
  getExchanges: () => [],
  explainLine: () => null,
  listPorts: () => [],
};

window.workbench = new Proxy({} as WorkbenchApi, {
  get(_t, name: string) {
    if (name.startsWith('on')) return () => () => undefined;
    return async (args?: { from?: number; limit?: number }) =>
      name in answers
        ? { ok: true, value: answers[name]!(args) }
        : { ok: false, problem: { code: 'bench.offline', title: 'Not available in the benchmark page', detail: name, nextStep: '' } };
  },
});
