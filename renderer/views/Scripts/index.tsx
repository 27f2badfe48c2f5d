// The Scripts panel: a script of AT lines, "> payload" lines, "# expect REGEX" checks and
// "# await LINE 10s" waits, run on the open port by the same runner as `workbench run`, with the
// line running highlighted and the verdict naming the failing line and what the modem meant.
// "From this session" turns the session shown into a script (secrets as ${VARIABLES}).
import { useEffect, useMemo, useState } from 'react';
import type { Problem } from '../../../shared/outcome';
import { scriptVariables, type ScriptProgress, type ScriptVerdict } from '../../../shared/script';
import { useWorkbench } from '../../stores';
import { useT } from '../../i18n';
import { rich } from '../../ui/rich';
import { ProblemBox } from '../common/ProblemBox';

/** The first script shown: its comment in the reader's language, its commands as they are. */
const example = (comment: string) => `# ${comment}
AT
AT+CPIN?
# expect ^\\+CPIN: READY$
AT+CSQ
# expect ^\\+CSQ: \\d+,\\d+$
`;

/** The script syntax as typed: the same in every language. */
const SYNTAX = { payload: '> text', expect: '# expect REGEX', await: '# await +QMTCONN: 0,0,0 10s', variable: '${NAME}', cli: 'workbench run' };

type LineState = 'running' | 'passed' | 'failed';

export function ScriptsView() {
  const t = useT();
  const api = useWorkbench((s) => s.api);
  const portOpen = useWorkbench((s) => s.port.state === 'open');
  const [text, setText] = useState(() => example(t('scripts.exampleComment')));
  const [values, setValues] = useState<Record<string, string>>({});
  const [lines, setLines] = useState<Record<number, { state: LineState; detail?: string }>>({});
  const [current, setCurrent] = useState<number | undefined>();
  const [running, setRunning] = useState(false);
  const [verdict, setVerdict] = useState<ScriptVerdict | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const variables = useMemo(() => scriptVariables(text), [text]);

  useEffect(
    () =>
      api.onScriptProgress((p: ScriptProgress) => {
        setLines((old) => ({ ...old, [p.line]: { state: p.status, ...(p.detail !== undefined ? { detail: p.detail } : {}) } }));
        setCurrent(p.status === 'running' ? p.line : undefined);
      }),
    [api],
  );

  const run = async () => {
    setLines({});
    setVerdict(undefined);
    setProblem(undefined);
    setRunning(true);
    try {
      const r = await api.runScript({ text, values: Object.fromEntries(variables.map((v) => [v, values[v] ?? ''])) });
      if (r.ok) setVerdict(r.value);
      else setProblem(r.problem);
    } finally {
      setRunning(false);
      setCurrent(undefined);
    }
  };

  const fromSession = async () => {
    setProblem(undefined);
    const r = await api.scriptFromSession({});
    if (r.ok) {
      setText(r.value.text);
      setLines({});
      setVerdict(undefined);
    } else setProblem(r.problem);
  };

  const source = text.split(/\r\n|\r|\n/);
  const f = verdict?.failure;
  return (
    <section className="panel scripts" aria-label={t('scripts.region')} data-testid="scripts-view">
      <h2>{t('scripts.heading')}</h2>
      <p className="muted">
        {rich(t, 'scripts.intro', {
          payload: <code>{SYNTAX.payload}</code>,
          expect: <code>{SYNTAX.expect}</code>,
          await: <code>{SYNTAX.await}</code>,
          variable: <code>{SYNTAX.variable}</code>,
          cli: <code>{SYNTAX.cli}</code>,
        })}
      </p>
      <div className="scripts-actions">
        <button data-testid="script-run" disabled={!portOpen || running} onClick={() => void run()} title={portOpen ? t('scripts.runTitle') : t('scripts.openPortFirst')}>
          {t('scripts.run')}
        </button>
        <button data-testid="script-stop" disabled={!running} onClick={() => void api.cancelScript()}>
          {t('scripts.stop')}
        </button>
        <button data-testid="script-from-session" disabled={running} onClick={() => void fromSession()} title={t('scripts.fromSessionTitle')}>
          {t('scripts.fromSession')}
        </button>
      </div>
      {variables.length > 0 && (
        <div className="scripts-variables" data-testid="script-variables">
          {variables.map((v) => (
            <label key={v} className="field">
              <span>{v}</span>
              <input data-testid={`script-var-${v}`} type={/PASSWORD|SECRET|KEY/i.test(v) ? 'password' : 'text'} value={values[v] ?? ''} onChange={(e) => setValues((old) => ({ ...old, [v]: e.target.value }))} />
            </label>
          ))}
        </div>
      )}
      {problem && <ProblemBox problem={problem} />}
      {verdict && (
        <div className={`script-verdict ${verdict.ok ? 'ok' : 'failed'}`} role="status" data-testid="script-verdict">
          {verdict.ok ? (
            t('scripts.passed', { steps: verdict.passed, seconds: (verdict.durationMs / 1000).toFixed(1) })
          ) : (
            <>
              <strong>{t('scripts.failedAt', { line: f?.line })}</strong> <code>{f?.source.trim()}</code>
              <div>{f?.message}</div>
              {f?.explanation && (
                <div className="muted">
                  {t('scripts.explanation', { meaning: f.explanation.meaning, next: f.explanation.nextStep })}
                </div>
              )}
            </>
          )}
        </div>
      )}
      <div className="scripts-body">
        <textarea data-testid="script-editor" aria-label={t('scripts.editor')} spellCheck={false} value={text} disabled={running} onChange={(e) => setText(e.target.value)} />
        <ol className="script-lines" data-testid="script-lines" aria-label={t('scripts.progress')}>
          {source.map((l, i) => {
            const n = i + 1;
            const st = lines[n];
            const cls = [n === current ? 'current' : '', st ? st.state : ''].filter(Boolean).join(' ');
            return (
              <li key={n} className={cls} data-testid={`script-line-${n}`} data-state={n === current ? 'current' : (st?.state ?? '')} aria-current={n === current ? 'step' : undefined}>
                <span className="script-lineno">{n}</span>
                <span className="script-mark">{st?.state === 'passed' ? '✓' : st?.state === 'failed' ? '✗' : n === current ? '▶' : ''}</span>
                <code>{l}</code>
                {st?.detail && <span className="script-detail muted">→ {st.detail}</span>}
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}
