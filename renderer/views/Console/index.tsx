// Type an AT command, send it, see the outcome; up/down walk the command history.
import { useState } from 'react';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { ProblemBox } from '../common/ProblemBox';

export function ConsolePanel() {
  const input = useWorkbench((s) => s.input);
  const sending = useWorkbench((s) => s.sending);
  const lastOutcome = useWorkbench((s) => s.lastOutcome);
  const lastProblem = useWorkbench((s) => s.lastProblem);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const { setInput, historyUp, historyDown, sendInput } = useWorkbench.getState();
  const [payload, setPayload] = useState('');
  const wantsPayload = /^AT\+QMTPUB(EX)?=/i.test(input.trim()) || /^AT\+QFUPL=/i.test(input.trim());

  return (
    <section className="panel console" aria-label="AT console">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void sendInput(wantsPayload ? payload : undefined);
        }}
      >
        <input
          data-testid="at-input"
          className="mono grow"
          placeholder={isOpen ? 'AT command, e.g. ATI (↑/↓ for history)' : 'Open a port first'}
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
        {wantsPayload && <input data-testid="at-payload" className="mono" placeholder="payload sent at the > prompt" value={payload} onChange={(e) => setPayload(e.target.value)} />}
        <button type="submit" data-testid="at-send" disabled={!isOpen || sending || !input.trim()}>
          {sending ? 'Waiting…' : 'Send'}
        </button>
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
