// The banner that offers the session that ended in a crash, and then says which saved journal the
// log and diagram are showing (read-only) until a port is opened.
import { useEffect, useState } from 'react';
import type { OpenedSession } from '../../../shared/api';
import { useT } from '../../i18n';
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
  const t = useT();
  useEffect(() => {
    void checkRecoverable();
  }, [checkRecoverable]);

  if (offer) {
    return (
      <div className="recovery" role="status" data-testid="recovery-banner" data-path={offer.path}>
        <span data-testid="recovery-text">
          {t('connection.crashed', { time: new Date(offer.lastLineAt).toLocaleString(), lines: offer.lines })}
        </span>
        <button data-testid="recovery-open" disabled={busy || portState !== 'closed'} title={portState !== 'closed' ? t('connection.closePortFirst') : t('connection.openReadOnly', { name: fileName(offer.path) })} onClick={() => void openRecoverable()}>
          {t('connection.openIt')}
        </button>
        <button data-testid="recovery-dismiss" disabled={busy} onClick={() => void dismissRecoverable()}>
          {t('connection.dismiss')}
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
  const t = useT();
  const file = viewing.kind === 'session-file';
  const torn = Boolean(viewing.tornTail && !viewing.damage);
  const values = { name, lines: viewing.lines };
  return (
    <div className={`recording${folded ? ' folded' : ''}`} role="status" data-testid="recording-banner" data-kind={viewing.kind ?? 'journal'}>
      <span className="recording-badge" aria-hidden="true">
        {t('connection.recordingBadge')}
      </span>
      <span data-testid="recovery-viewing" data-path={viewing.path}>
        {folded ? (
          <>{t('connection.readOnlyName', { name })}</>
        ) : (
          <>{file ? (torn ? t('connection.showingFileTorn', values) : t('connection.showingFile', values)) : torn ? t('connection.showingSavedTorn', values) : t('connection.showingSaved', values)}</>
        )}
      </span>
      <button data-testid="recovery-close" aria-expanded={!folded} onClick={() => setFolded(!folded)} title={folded ? t('connection.showWhole') : t('connection.foldNotice')}>
        {folded ? t('connection.more') : t('connection.hide')}
      </button>
      {viewing.damage && (
        <div className="recording-damage" role="alert" data-testid="recording-damage">
          {t('connection.damaged', { damage: viewing.damage })}
        </div>
      )}
    </div>
  );
}
