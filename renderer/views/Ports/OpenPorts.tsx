// The Rack tab's overview of the ports open in the app: one row per port with its live status
// (port, module, signal, registration, MQTT state of clients 0–5, last error), kept live from each
// port's own state truth; "Bring up all open ports" runs the wizard on every one at once.
import { useState } from 'react';
import { Plus } from 'lucide-react';
import type { PortSessionRow } from '../../../shared/ports';
import { useT } from '../../i18n';
import { ProblemBox } from '../common/ProblemBox';
import { AddPort } from './PortStrip';
import { usePorts } from './store';
import { bringupText, mqttWord, portLabel, portStateWord, signalText } from './words';
import { registrationState } from '../common/registration';

function ClientBadges({ row }: { row: PortSessionRow }) {
  const t = useT();
  return (
    <span className="port-clients" data-testid={`ports-mqtt-${row.id}`}>
      {row.mqtt.map((m) => (
        <span key={m.client} className={`port-client state-${m.state}`} data-state={m.state} title={t('rack.clientTitle', { client: m.client, state: mqttWord(t, m.state) })}>
          {m.client}
        </span>
      ))}
    </span>
  );
}

export function OpenPorts() {
  const t = useT();
  const rows = usePorts((s) => s.rows);
  const run = usePorts((s) => s.bringupAll);
  const busy = usePorts((s) => s.busy);
  const problem = usePorts((s) => s.problem);
  const { bringUpAll, focus, close } = usePorts.getState();
  const [adding, setAdding] = useState(false);
  const open = rows.filter((r) => r.state === 'open').length;
  return (
    <section className="open-ports" aria-labelledby="open-ports-title" data-testid="open-ports">
      <h2 id="open-ports-title">{t('rack.openTitle')}</h2>
      <p className="muted">{t('rack.openIntro')}</p>
      <div className="scripts-actions open-ports-actions">
        <button data-testid="ports-add" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
          <Plus aria-hidden="true" /> {t('rack.addPort')}
        </button>
        {adding && <AddPort onDone={() => setAdding(false)} />}
      </div>
      {problem && rows.length < 2 && <ProblemBox problem={problem} testId="ports-problem" onDismiss={() => usePorts.getState().clearProblem()} />}
      <div className="scripts-actions open-ports-actions">
        <button className="primary" data-testid="ports-bringup-all" disabled={run.running || open === 0} title={t('rack.bringUpOpenTitle')} onClick={() => void bringUpAll()}>
          {t('rack.bringUpOpen')}
        </button>
        {run.summary && !run.running && (
          <span className="muted" role="status" data-testid="ports-summary">
            {t('rack.summary', { passed: run.summary.passed, ports: run.summary.ports, seconds: (run.summary.durationMs / 1000).toFixed(1) })}
          </span>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="muted" data-testid="ports-none">{t('rack.openNone')}</p>
      ) : (
        <table className="rack-table ports-table" data-testid="ports-table">
          <thead>
            <tr>
              <th>{t('rack.colPort')}</th>
              <th>{t('rack.colState')}</th>
              <th>{t('rack.colModule')}</th>
              <th>{t('rack.colSignal')}</th>
              <th>{t('rack.colRegistration')}</th>
              <th>{t('rack.colClients')}</th>
              <th>{t('rack.colBringup')}</th>
              <th>{t('rack.colLastError')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const bad = r.state === 'lost' || r.bringup?.state === 'failed';
              const bringup = bringupText(t, r.bringup);
              return (
                <tr key={r.id} data-testid={`ports-row-${r.id}`} data-state={r.state} data-bringup={r.bringup?.state ?? ''} data-focused={r.focused} className={`${bad ? 'failed' : r.bringup?.state === 'passed' ? 'passed' : ''}${r.focused ? ' focused' : ''}`}>
                  <td>
                    <span className="port-name">{portLabel(t, r)}</span>
                    {r.fault && <span className="muted"> ({r.fault})</span>}
                  </td>
                  <td className={`port-state state-${r.state}`}>{portStateWord(t, r.state)}</td>
                  <td>{r.module ?? '—'}</td>
                  <td>{signalText(t, r.signal) ?? '—'}</td>
                  <td>{r.registration ? registrationState(r.registration, t) : '—'}</td>
                  <td>
                    <ClientBadges row={r} />
                  </td>
                  <td className="ports-bringup" data-testid={`ports-bringup-${r.id}`}>{bringup ?? '—'}</td>
                  <td className="ports-error" data-testid={`ports-error-${r.id}`}>{r.lastError?.title ?? ''}</td>
                  <td className="ports-actions">
                    {r.focused ? (
                      <span className="muted">{t('rack.shown')}</span>
                    ) : (
                      <button data-testid={`ports-show-${r.id}`} disabled={busy} onClick={() => void focus(r.id)}>
                        {t('rack.show')}
                      </button>
                    )}
                    <button data-testid={`ports-close-${r.id}`} disabled={busy} onClick={() => void close(r.id)}>
                      {r.state === 'open' || r.state === 'opening' ? t('rack.close') : t('rack.dismiss')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
