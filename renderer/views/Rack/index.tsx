// The Rack tab: the ports open in the app (OpenPorts: each its own live session, one shown), and
// a short-lived rack beside them: several ports at once, each with its own session, brought up in
// one action; one row per port with its live status (module, signal, registration, MQTT, last
// error) as the steps pass. "virtual" starts a Virtual EC20; "virtual sim-missing" one with that fault.
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import type { Translate } from '../../../shared/i18n';
import type { Problem } from '../../../shared/outcome';
import { RACK_FAULTS, type RackFault, type RackProgress } from '../../../shared/rack';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';
import { OpenPorts } from '../Ports/OpenPorts';
import { mqttWord } from '../Ports/words';
import { registrationState } from '../common/registration';

interface Row {
  port: string;
  state: 'idle' | 'running' | 'passed' | 'failed';
  step?: string;
  module?: string;
  signal?: string;
  registration?: string;
  mqtt?: string;
  error?: string;
}

/** "PORT [FAULT]" per line; the problem of the first line that is neither. */
export function parseRackPorts(text: string, t?: Translate): { ports: Array<{ path: string; fault?: RackFault }> } | { problem: string } {
  const ports: Array<{ path: string; fault?: RackFault }> = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const [path, fault, extra] = words;
    if (extra !== undefined || (fault !== undefined && !(RACK_FAULTS as readonly string[]).includes(fault))) return { problem: t ? t('rack.lineProblem', { line: i + 1, faults: RACK_FAULTS.join(', ') }) : `line ${i + 1}: "PORT" or "virtual FAULT" (${RACK_FAULTS.join(', ')})` };
    ports.push({ path: path ?? '', ...(fault ? { fault: fault as RackFault } : {}) });
  }
  return ports.length ? { ports } : { problem: t ? t('rack.noPorts') : 'name at least one port' };
}

/** A translated sentence with code in it: the catalogue's {name} placeholders become these nodes. */
function withNodes(text: string, nodes: Record<string, ReactNode>): ReactNode[] {
  return text.split(/\u0001(\w+)\u0001/).map((part, i) => <Fragment key={i}>{i % 2 ? nodes[part] : part}</Fragment>);
}
/** Typed as they are, in every language. */
const TOKENS = { virtual: 'virtual', faulted: 'virtual sim-missing', command: 'workbench bringup --port A --port B' };
const marks = (names: string[]) => Object.fromEntries(names.map((n) => [n, `\u0001${n}\u0001`]));

function applyProgress(row: Row, p: RackProgress, t: Translate): Row {
  const next: Row = { ...row, state: row.state === 'idle' ? 'running' : row.state };
  if (p.step) {
    next.step = p.step.title;
    const d = p.step.data;
    if (d?.module?.model) next.module = d.module.model;
    if (d?.signal) next.signal = d.signal.dbm !== undefined ? t('rack.dbm', { dbm: d.signal.dbm }) : d.signal.quality;
    if (d?.registration) next.registration = d.registration.state;
    if (d?.mqtt) next.mqtt = `${d.mqtt.client}: ${mqttWord(t, d.mqtt.state)}`;
    if (p.step.status === 'failed') next.error = p.step.problem?.title ?? p.step.title;
  }
  if (p.verdict) {
    next.state = p.verdict.ok ? 'passed' : 'failed';
    if (!p.verdict.ok) next.error ??= p.verdict.detail ?? t('rack.rowFailed');
  }
  return next;
}

export function RackView() {
  const t = useT();
  const api = useWorkbench((s) => s.api);
  const [text, setText] = useState('virtual\nvirtual\nvirtual');
  const [rows, setRows] = useState<Row[]>([]);
  const [running, setRunning] = useState(false);
  const [summary, setSummary] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | string | undefined>();

  useEffect(() => api.onRackProgress((p) => setRows((old) => old.map((r, i) => (i === p.index ? applyProgress(r, p, t) : r)))), [api, t]);

  const bringUpAll = async () => {
    const parsed = parseRackPorts(text, t);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(undefined);
    setSummary(undefined);
    setRows(parsed.ports.map((p) => ({ port: p.fault ? `${p.path} (${p.fault})` : p.path, state: 'running' })));
    setRunning(true);
    try {
      const r = await api.runRack({ action: 'bringup', ports: parsed.ports });
      if (r.ok) setSummary(t('rack.summary', { passed: r.value.summary.passed, ports: r.value.summary.ports, seconds: (r.value.summary.durationMs / 1000).toFixed(1) }));
      else setProblem(r.problem);
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="panel rack" aria-label={t('rack.title')} data-testid="rack-view">
      <OpenPorts />
      <h2>{t('rack.title')}</h2>
      <p className="muted">
        {withNodes(t('rack.intro', marks(['virtual', 'faulted', 'command'])), {
          virtual: <code>{TOKENS.virtual}</code>,
          faulted: <code>{TOKENS.faulted}</code>,
          command: <code>{TOKENS.command}</code>,
        })}
      </p>
      <div className="rack-controls">
        <textarea data-testid="rack-ports" aria-label={t('rack.portsField')} rows={4} value={text} disabled={running} onChange={(e) => setText(e.target.value)} />
        <div className="scripts-actions">
          <button data-testid="rack-bringup" disabled={running} onClick={() => void bringUpAll()}>
            {t('rack.bringUpAll')}
          </button>
          <button data-testid="rack-stop" disabled={!running} onClick={() => void api.cancelRack()}>
            {t('rack.stop')}
          </button>
        </div>
      </div>
      {typeof problem === 'string' ? <div className="problem" role="alert">{problem}</div> : problem ? <ProblemBox problem={problem} /> : null}
      {summary && <div className="muted" role="status" data-testid="rack-summary">{summary}</div>}
      {rows.length > 0 && (
        <table className="rack-table" data-testid="rack-table">
          <thead>
            <tr>
              <th>{t('rack.colPort')}</th>
              <th>{t('rack.colState')}</th>
              <th>{t('rack.colModule')}</th>
              <th>{t('rack.colSignal')}</th>
              <th>{t('rack.colRegistration')}</th>
              <th>{t('rack.colMqtt')}</th>
              <th>{t('rack.colLastStep')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-testid={`rack-row-${i}`} data-state={r.state} className={r.state}>
                <td>{r.port}</td>
                <td>{r.state === 'passed' ? t('rack.rowReady') : r.state === 'failed' ? t('rack.rowFailed') : r.state === 'running' ? t('rack.rowRunning') : ''}</td>
                <td>{r.module ?? '—'}</td>
                <td>{r.signal ?? '—'}</td>
                <td>{r.registration ? registrationState(r.registration, t) : '—'}</td>
                <td data-testid={`rack-mqtt-${i}`}>{r.mqtt ?? '—'}</td>
                <td data-testid={`rack-error-${i}`}>{r.error ?? r.step ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
