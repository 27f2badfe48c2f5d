// Another port's session is shown: the single-session stores start over and read it back from
// the main side, the way a page reload hydrates them (renderer/wire.ts hydrateShownSession).
import { useWorkbench } from '../../stores';
import { logBuffer } from '../../stores/log/buffer';
import { logView } from '../../stores/log/view';

/** Forgets what the stores held of the session shown before (rows, exchanges, messages, ticks). */
export function forgetShownSession(): void {
  logBuffer.clear();
  logView.reset();
  useWorkbench.setState((s) => ({
    selectedRows: [],
    selectionAnchor: undefined,
    cursorRow: undefined,
    detailRow: undefined,
    scrollRequest: undefined,
    logVersion: s.logVersion + 1,
    messages: [],
    subscriptions: [],
    viewingJournal: undefined,
    sessionSaved: false,
    topicsProblem: undefined,
    lastPublished: undefined,
    reconnectProblem: undefined,
    reconnectResult: undefined,
  }));
  const s = useWorkbench.getState();
  s.sessionRestarted();
  s.resetClientRuns();
}
