// The benchmark page's stand-in for the main side: a contract object with no I/O, installed as
// window.workbench before the stores load, so the real views and stores run unchanged.
import type { WorkbenchApi } from '../../shared/api';

const answers: Record<string, unknown> = { getLog: [], getExchanges: [], explainLine: null, listPorts: [] };

window.workbench = new Proxy({} as WorkbenchApi, {
  get(_t, name: string) {
    if (name.startsWith('on')) return () => () => undefined;
    return async () =>
      name in answers
        ? { ok: true, value: answers[name] }
        : { ok: false, problem: { code: 'bench.offline', title: 'Not available in the benchmark page', detail: name, nextStep: '' } };
  },
});
