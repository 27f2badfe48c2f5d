// An upload as it goes (checking, deleting, sending n of m bytes, verifying) and how it ended: the
// modem's size and checksum against the laptop's, or the problem.
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';

const PHASE: Record<string, string> = { checking: 'Checking the name', deleting: 'Deleting the old file', sending: 'Sending', verifying: 'Checking the checksum', done: 'Done', failed: 'Failed' };

export function UploadStatus({ name }: { name?: string }) {
  const progress = useWorkbench((s) => s.uploadProgress);
  const uploading = useWorkbench((s) => s.uploading);
  const last = useWorkbench((s) => s.lastUpload);
  const problem = useWorkbench((s) => s.uploadProblem);
  const mine = (n: string | undefined) => name === undefined || n === name;
  return (
    <>
      {uploading && progress && mine(progress.name) && (
        <div className="upload-progress" data-testid="upload-progress" data-phase={progress.phase}>
          <span>
            {PHASE[progress.phase] ?? progress.phase} {progress.name}
          </span>
          <progress max={progress.total || 1} value={progress.sent} />
          <span className="muted small">
            {progress.sent} / {progress.total} bytes
          </span>
        </div>
      )}
      {!uploading && last && mine(last.name) && (
        <div className={`upload-verdict ${last.verified ? 'ok' : 'bad'}`} data-testid="upload-verdict" data-verified={String(last.verified)}>
          {last.verified ? '✔' : '✖'} {last.replaced ? 'Replaced' : 'Uploaded'} <code>{last.name}</code>: {last.modemSize} bytes, checksum <code>{last.modemChecksum}</code>{' '}
          {last.verified ? 'matches what was sent' : `— the laptop computed ${last.size} bytes, ${last.checksum}`}
        </div>
      )}
      {!uploading && problem && <ProblemBox problem={problem} testId="upload-problem" />}
    </>
  );
}

/** The modem refused the name because a file has it (+CME ERROR: 407): replace it, or not. */
export function ReplaceQuestion({ origin }: { origin: string }) {
  const pending = useWorkbench((s) => s.pendingReplace);
  if (!pending || pending.origin !== origin) return null;
  const { answerReplace } = useWorkbench.getState();
  return (
    <div className="replace-question" role="alertdialog" aria-label="File exists" data-testid="upload-exists">
      <span>
        <code>{pending.name}</code> is already on the modem (+CME ERROR: 407). Replace it with the file from disk?
      </span>
      <button type="button" data-testid="upload-replace" onClick={() => void answerReplace(true)} autoFocus>
        Replace
      </button>
      <button type="button" data-testid="upload-keep" onClick={() => void answerReplace(false)}>
        Keep the modem's
      </button>
    </div>
  );
}
