// Subscribes to the contract's events once, for the whole app, and feeds the store.
import { api } from './api';
import { useWorkbench } from './stores';

export function wireEvents(): void {
  const s = useWorkbench.getState();
  api.onLogBatch((batch) => useWorkbench.getState().appendLog(batch));
  api.onPortState((state) => useWorkbench.getState().portStateChanged(state));
  void s.loadAppInfo();
  void s.refreshPorts();
  void api.getPortState().then((r) => r.ok && useWorkbench.getState().portStateChanged(r.value));
  // Catch up with lines logged before this page was opened.
  void api.getLog({}).then((r) => r.ok && r.value.length > 0 && useWorkbench.getState().appendLog(r.value));
}
