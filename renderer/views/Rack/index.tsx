// The rack overview: several ports at once, each with its own session, brought up in one action;
// one row per port with its live status (module, signal, registration, MQTT, last error) as the
// steps pass. "virtual" starts a Virtual EC20; "virtual sim-missing" one with that fault.
import { useEffect, useState } from 'react';
import type { Problem } from '../../../shared/outcome';
import { RACK_FAULTS, type RackFault, type RackProgress } from '../../../shared/rack';
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';

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
export function parseRackPorts(text: string): { ports: Array<{ path: string; fault?: RackFault }> } | { problem: string } {
  const ports: Array<{ path: string; fault?: RackFault }> = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const [path, fault, extra] = words;
    if (extra !== undefined || (fault !== undefined && !(RACK_FAULTS as readonly string[]).includes(fault))) return { problem: `line ${i + 1}: "PORT" or "virtual FAULT" (${RACK_FAULTS.join(', ')})` };
    ports.push({ path: path ?? '', ...(fault ? { fault: fault as RackFault } : {}) });
  }
  return ports.length ? { ports } : { problem: 'name at least one port' };
}

function applyProgress(row: Row, p: RackProgress): Row {
  const next: Row = { ...row, state: row.state === 'idle' ? 'running' : row.state };
  if (p.step) {
    next.step = p.step.title;
    const d = p.step.data;
    if (d?.module?.model) next.module = d.module.model;
    if (d?.signal) next.signal = d.signal.dbm !== undefined ? `${d.signal.dbm} dBm` : d.signal.quality;
    if (d?.registration) next.registration = d.registration.state;
    if (d?.mqtt) next.mqtt = `${d.mqtt.client}: ${d.mqtt.state}`;
    if (p.step.status === 'failed') next.error = p.step.problem?.title ?? p.step.title;
  }
  if (p.verdict) {
    next.state = p.verdict.ok ? 'passed' : 'failed';
    if (!p.verdict.ok) next.error ??= p.verdict.detail ?? 'failed';
  }
  return next;
}

export function RackView() {
  const api = useWorkbench((s) => s.api);
  const [text, setText] = useState('virtual\nvirtual\nvirtual');
  const [rows, setRows] = useState<Row[]>([]);
  const [running, setRunning] = useState(false);
  const [summary, setSummary] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | string | undefined>();

  useEffect(() => api.onRackProgress((p) => setRows((old) => old.map((r, i) => (i === p.index ? applyProgress(r, p) : r)))), [api]);

  const bringUpAll = async () => {
    const parsed = parseRackPorts(text);
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
      if (r.ok) setSummary(`${r.value.summary.passed} of ${r.value.summary.ports} ready in ${(r.value.summary.durationMs / 1000).toFixed(1)} s.`);
      else setProblem(r.problem);
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="panel rack" aria-label="Rack" data-testid="rack-view">
      <h2>Rack</h2>
      <p className="muted">One port a line (or <code>virtual</code>, <code>virtual sim-missing</code> …). Each gets its own session and journal; they run side by side. The same runner as <code>workbench bringup --port A --port B</code>.</p>
      <div className="rack-controls">
        <textarea data-testid="rack-ports" aria-label="Ports" rows={4} value={text} disabled={running} onChange={(e) => setText(e.target.value)} />
        <div className="scripts-actions">
          <button data-testid="rack-bringup" disabled={running} onClick={() => void bringUpAll()}>
            Bring up all
          </button>
          <button data-testid="rack-stop" disabled={!running} onClick={() => void api.cancelRack()}>
            Stop
          </button>
        </div>
      </div>
      {typeof problem === 'string' ? <div className="problem" role="alert">{problem}</div> : problem ? <ProblemBox problem={problem} /> : null}
      {summary && <div className="muted" role="status" data-testid="rack-summary">{summary}</div>}
      {rows.length > 0 && (
        <table className="rack-table" data-testid="rack-table">
          <thead>
            <tr>
              <th>Port</th>
              <th>State</th>
              <th>Module</th>
              <th>Signal</th>
              <th>Registration</th>
              <th>MQTT</th>
              <th>Last step / error</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-testid={`rack-row-${i}`} data-state={r.state} className={r.state}>
                <td>{r.port}</td>
                <td>{r.state === 'passed' ? '✓ ready' : r.state === 'failed' ? '✗ failed' : r.state === 'running' ? '… running' : ''}</td>
                <td>{r.module ?? '—'}</td>
                <td>{r.signal ?? '—'}</td>
                <td>{r.registration ?? '—'}</td>
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
