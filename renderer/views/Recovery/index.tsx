// The banner that offers the session that ended in a crash, and then says which saved journal the
// log and diagram are showing (read-only) until a port is opened.
import { useEffect } from 'react';
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';

const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function RecoveryBanner() {
  const offer = useWorkbench((s) => s.recoverable);
  const viewing = useWorkbench((s) => s.viewingJournal);
  const busy = useWorkbench((s) => s.recoveryBusy);
  const problem = useWorkbench((s) => s.recoveryProblem);
  const portState = useWorkbench((s) => s.port.state);
  const { checkRecoverable, openRecoverable, dismissRecoverable, hideRecovery } = useWorkbench.getState();
  useEffect(() => {
    void checkRecoverable();
  }, [checkRecoverable]);

  if (offer) {
    return (
      <div className="recovery" role="status" data-testid="recovery-banner" data-path={offer.path}>
        <span data-testid="recovery-text">
          The last session ended unexpectedly at {new Date(offer.lastLineAt).toLocaleString()} — {offer.lines} line{offer.lines === 1 ? ' was' : 's were'} saved.
        </span>
        <button data-testid="recovery-open" disabled={busy || portState !== 'closed'} title={portState !== 'closed' ? 'Close the port first' : `Open ${fileName(offer.path)} read-only`} onClick={() => void openRecoverable()}>
          Open it
        </button>
        <button data-testid="recovery-dismiss" disabled={busy} onClick={() => void dismissRecoverable()}>
          Dismiss
        </button>
        {problem && <ProblemBox problem={problem} testId="recovery-problem" />}
      </div>
    );
  }
  // A port opened since: the views show the live session again.
  if (viewing && portState === 'closed') {
    return (
      <div className="recovery" role="status" data-testid="recovery-viewing" data-path={viewing.path}>
        <span>
          Showing the saved session {fileName(viewing.path)} (read-only, {viewing.lines} lines{viewing.tornTail ? '; its last line was cut off' : ''}). Opening a port starts a new session.
        </span>
        <button data-testid="recovery-close" onClick={hideRecovery}>
          Hide
        </button>
      </div>
    );
  }
  return problem ? <ProblemBox problem={problem} testId="recovery-problem" /> : null;
}
