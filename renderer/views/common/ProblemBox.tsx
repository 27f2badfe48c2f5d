import type { Problem } from '../../../shared/outcome';

/** A failure in words: what happened, the details, and what to do next. */
export function ProblemBox({ problem, testId }: { problem: Problem; testId?: string }) {
  return (
    <div className="problem" role="alert" data-testid={testId ?? 'problem'} data-code={problem.code}>
      <strong>{problem.title}</strong>
      {problem.detail && <div className="problem-detail">{problem.detail}</div>}
      {problem.nextStep && <div className="problem-next">Next: {problem.nextStep}</div>}
    </div>
  );
}
