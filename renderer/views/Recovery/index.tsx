// The banner that offers the session that ended in a crash, and then says which saved journal the
// log and diagram are showing (read-only) until a port is opened.
import { useEffect, useState } from 'react';
import type { OpenedSession } from '../../../shared/api';
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';

const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function RecoveryBanner() {
  const offer = useWorkbench((s) => s.recoverable);
  const viewing = useWorkbench((s) => s.viewingJournal);
  const busy = useWorkbench((s) => s.recoveryBusy);
  const problem = useWorkbench((s) => s.recoveryProblem);
  const portState = useWorkbench((s) => s.port.state);
  const { checkRecoverable, openRecoverable, dismissRecoverable } = useWorkbench.getState();
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
  if (viewing && portState === 'closed') return <RecordingBanner key={viewing.path} viewing={viewing} />;
  return problem ? <ProblemBox problem={problem} testId="recovery-problem" /> : null;
}

/**
 * The mark of a recording: the log and the diagram show a saved session, not a modem. Says what
 * is shown, and for a damaged file where reading stopped (everything before it is shown).
 */
export function RecordingBanner({ viewing }: { viewing: OpenedSession }) {
  // "Hide" folds the notice to one line; the mark itself stays while the recording is shown.
  const [folded, setFolded] = useState(false);
  const name = viewing.name ?? fileName(viewing.path);
  const what = viewing.kind === 'session-file' ? 'session file' : 'saved session';
  return (
    <div className={`recording${folded ? ' folded' : ''}`} role="status" data-testid="recording-banner" data-kind={viewing.kind ?? 'journal'}>
      <span className="recording-badge" aria-hidden="true">
        RECORDING
      </span>
      <span data-testid="recovery-viewing" data-path={viewing.path}>
        {folded ? (
          <>
            {name} (read-only)
          </>
        ) : (
          <>
            Showing the {what} {name} (read-only, {viewing.lines} lines{viewing.tornTail && !viewing.damage ? '; its last line was cut off' : ''}). Nothing is sent to a modem; opening a port starts a new session.
          </>
        )}
      </span>
      <button data-testid="recovery-close" aria-expanded={!folded} onClick={() => setFolded(!folded)} title={folded ? 'Show the whole notice' : 'Fold this notice to one line (the recording stays marked until a port is opened)'}>
        {folded ? 'More' : 'Hide'}
      </button>
      {viewing.damage && (
        <div className="recording-damage" role="alert" data-testid="recording-damage">
          This file is damaged: {viewing.damage}. Everything before that point is shown.
        </div>
      )}
    </div>
  );
}
