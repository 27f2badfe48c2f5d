import { X } from 'lucide-react';
import { useState } from 'react';
import type { Problem } from '../../../shared/outcome';
import { useT } from '../../i18n';
import { useProblem } from '../../i18n-explain';

const keyOf = (p: Problem) => `${p.code}\u0000${p.title}\u0000${p.detail}`;

/**
 * A failure in words: what happened, the details, and what to do next. The user can dismiss it
 * (✕); a different problem in the same place shows again. `onDismiss` also clears it where it is held.
 */
export function ProblemBox({ problem: given, testId, onDismiss }: { problem: Problem; testId?: string; onDismiss?: () => void }) {
  const [dismissed, setDismissed] = useState<string | undefined>();
  const t = useT();
  const problem = useProblem(given);
  if (dismissed === keyOf(problem)) return null;
  const id = testId ?? 'problem';
  return (
    <div className="problem" role="alert" data-testid={id} data-code={problem.code}>
      <button
        type="button"
        className="problem-dismiss"
        data-testid={`${id}-dismiss`}
        aria-label={t('connection.problemDismiss')}
        title={t('connection.problemDismiss')}
        onClick={() => {
          setDismissed(keyOf(problem));
          onDismiss?.();
        }}
      >
        <X aria-hidden="true" />
      </button>
      <strong>{problem.title}</strong>
      {problem.detail && <div className="problem-detail">{problem.detail}</div>}
      {problem.nextStep && <div className="problem-next">{t('connection.problemNext', { step: problem.nextStep })}</div>}
    </div>
  );
}
