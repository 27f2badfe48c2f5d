// Type an AT command, send it, see the outcome; up/down walk the command history. A command
// answered by '> ' or CONNECT opens a multi-line payload box (a pasted PEM keeps its line breaks).
import { SendHorizontal } from 'lucide-react';
import { useState } from 'react';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { useT } from '../../i18n';
import { ProblemBox } from '../common/ProblemBox';
import { announcedLength, byteLength, isUpload, takesPayload, withLength } from './payload';

export function ConsolePanel() {
  const t = useT();
  const input = useWorkbench((s) => s.input);
  const sending = useWorkbench((s) => s.sending);
  const lastOutcome = useWorkbench((s) => s.lastOutcome);
  const lastProblem = useWorkbench((s) => s.lastProblem);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const { setInput, historyUp, historyDown, sendInput } = useWorkbench.getState();
  const [payload, setPayload] = useState('');
  const wantsPayload = takesPayload(input);
  // Fixed-length forms get exactly the announced bytes and no Ctrl+Z (protocol.md §4.5): say when the box differs.
  const announced = wantsPayload ? announcedLength(input) : undefined;
  const bytes = wantsPayload ? byteLength(payload) : 0;
  // AT+QFUPL without a size waits for 10240 bytes (or 5 s of silence): name the size instead.
  const mismatch = (announced !== undefined && announced !== bytes) || (announced === undefined && isUpload(input) && bytes > 0);

  return (
    <section className="panel console" aria-label={t('console.region')}>
      <form
        className="row console-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!mismatch) void sendInput(wantsPayload ? payload : undefined);
        }}
      >
        <input
          data-testid="at-input"
          className="mono grow"
          placeholder={isOpen ? t('console.placeholder') : t('console.placeholderClosed')}
          value={input}
          disabled={!isOpen}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp') {
              e.preventDefault();
              historyUp();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              historyDown();
            }
          }}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" data-testid="at-send" disabled={!isOpen || sending || !input.trim() || mismatch}>
          <SendHorizontal aria-hidden="true" />
          {sending ? t('console.waiting') : t('console.send')}
        </button>
        {wantsPayload && (
          <div className="console-payload">
            <textarea
              data-testid="at-payload"
              className="mono"
              rows={Math.min(8, Math.max(2, payload.split('\n').length))}
              placeholder={announced !== undefined ? t('console.payloadFixed', { bytes: announced }) : isUpload(input) ? t('console.payloadUpload') : t('console.payloadPrompt')}
              value={payload}
              onChange={(e) => setPayload(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              spellCheck={false}
            />
            <span className={`small ${mismatch ? 'bad' : 'muted'}`} data-testid="at-payload-bytes" data-bytes={bytes}>
              {announced !== undefined
                ? mismatch
                  ? t('console.bytesMismatch', { bytes, announced })
                  : t('console.bytesAsAnnounced', { bytes })
                : isUpload(input) && bytes > 0
                  ? t('console.bytesUploadNoSize', { bytes })
                  : t('console.bytes', { bytes })}
              {mismatch && (
                <button type="button" className="link" data-testid="at-payload-fit" onClick={() => setInput(withLength(input, bytes))}>
                  {t('console.announce', { bytes })}
                </button>
              )}
            </span>
          </div>
        )}
      </form>
      {lastOutcome && (
        <div className={`outcome outcome-${lastOutcome.kind}`} data-testid="at-outcome" data-kind={lastOutcome.kind}>
          {lastOutcome.kind === 'ok' ? `OK${lastOutcome.lines.length ? ` — ${lastOutcome.lines.join(' | ')}` : ''}` : lastOutcome.problem.title}
          {lastOutcome.kind !== 'ok' && <ProblemBox problem={lastOutcome.problem} testId="at-problem" />}
        </div>
      )}
      {lastProblem && <ProblemBox problem={lastProblem} testId="at-problem" />}
    </section>
  );
}
