// An upload as it goes (checking, deleting, sending n of m bytes, verifying) and how it ended: the
// modem's size and checksum against the laptop's, or the problem.
import { useWorkbench } from '../../stores';
import type { Translate } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { ProblemBox } from '../common/ProblemBox';

function phaseText(t: Translate, phase: string, name: string): string {
  switch (phase) {
    case 'checking':
      return t('files.phaseChecking', { name });
    case 'deleting':
      return t('files.phaseDeleting', { name });
    case 'sending':
      return t('files.phaseSending', { name });
    case 'verifying':
      return t('files.phaseVerifying', { name });
    case 'done':
      return t('files.phaseDone', { name });
    case 'failed':
      return t('files.phaseFailed', { name });
    default:
      return t('files.phaseOther', { phase, name });
  }
}

export function UploadStatus({ name }: { name?: string }) {
  const t = useT();
  const progress = useWorkbench((s) => s.uploadProgress);
  const uploading = useWorkbench((s) => s.uploading);
  const last = useWorkbench((s) => s.lastUpload);
  const problem = useWorkbench((s) => s.uploadProblem);
  const mine = (n: string | undefined) => name === undefined || n === name;
  return (
    <>
      {uploading && progress && mine(progress.name) && (
        <div className="upload-progress" data-testid="upload-progress" data-phase={progress.phase}>
          <span>{phaseText(t, progress.phase, progress.name)}</span>
          <progress max={progress.total || 1} value={progress.sent} />
          <span className="muted small">{t('files.sentOf', { sent: progress.sent, total: progress.total })}</span>
        </div>
      )}
      {!uploading && last && mine(last.name) && (
        <div className={`upload-verdict ${last.verified ? 'ok' : 'bad'}`} data-testid="upload-verdict" data-verified={String(last.verified)}>
          {last.verified ? '✔' : '✖'}{' '}
          {last.verified
            ? t('files.verdictMatch', { replaced: last.replaced ? 'yes' : 'no', name: last.name, size: last.modemSize, checksum: last.modemChecksum })
            : t('files.verdictDiffer', { replaced: last.replaced ? 'yes' : 'no', name: last.name, size: last.modemSize, checksum: last.modemChecksum, laptopSize: last.size, laptopChecksum: last.checksum })}
        </div>
      )}
      {!uploading && problem && <ProblemBox problem={problem} testId="upload-problem" />}
    </>
  );
}

/** The modem refused the name because a file has it (+CME ERROR: 407): replace it, or not. */
export function ReplaceQuestion({ origin }: { origin: string }) {
  const t = useT();
  const pending = useWorkbench((s) => s.pendingReplace);
  if (!pending || pending.origin !== origin) return null;
  const { answerReplace } = useWorkbench.getState();
  return (
    <div className="replace-question" role="alertdialog" aria-label={t('files.exists')} data-testid="upload-exists">
      <span>{t('files.existsQuestion', { name: pending.name })}</span>
      <button type="button" data-testid="upload-replace" onClick={() => void answerReplace(true)} autoFocus>
        {t('files.replace')}
      </button>
      <button type="button" data-testid="upload-keep" onClick={() => void answerReplace(false)}>
        {t('files.keep')}
      </button>
    </div>
  );
}
