// The port strip above the views: one tab per open port with its live status at a glance (state,
// signal, MQTT client 0); the chosen tab is the port every view shows. "+" opens another beside.
import { useState } from 'react';
import { Plus, X } from 'lucide-react';
import { VIRTUAL_PORT_PATH } from '../../../shared/api';
import type { PortSessionRow } from '../../../shared/ports';
import { RACK_FAULTS, type RackFault } from '../../../shared/rack';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';
import { usePorts } from './store';
import { mqttWord, portLabel, portStateWord, signalText } from './words';
import './ports.css';

function PortTab({ row }: { row: PortSessionRow }) {
  const t = useT();
  const { focus, close } = usePorts.getState();
  const busy = usePorts((s) => s.busy);
  const connected = row.mqtt.filter((m) => m.state === 'connected').length;
  const failed = row.bringup?.state === 'failed' || row.state === 'lost';
  const state = portStateWord(t, row.state);
  const live = row.state === 'open' || row.state === 'opening';
  const label = portLabel(t, row);
  return (
    <div className={`port-tab state-${row.state}${row.focused ? ' active' : ''}${failed ? ' failed' : ''}`} data-testid={`port-tab-${row.id}`} data-state={row.state} data-focused={row.focused}>
      <button aria-pressed={row.focused} className="port-tab-main" disabled={busy && !row.focused} title={t('rack.tabTitle', { label, state })} onClick={() => void focus(row.id)}>
        <span className={`client-dot state-${failed ? 'failed' : connected ? 'connected' : live ? 'opened' : 'closed'}`} aria-hidden />
        <span className="port-tab-label">{label}</span>
        {live ? (
          <span className="port-tab-facts muted">
            {signalText(t, row.signal) ?? ''} {row.mqtt[0] ? `0: ${mqttWord(t, row.mqtt[0].state)}` : ''}
          </span>
        ) : (
          <span className="port-tab-facts muted">{state}</span>
        )}
      </button>
      <button className="port-tab-close" aria-label={live ? t('rack.closeTab', { label }) : t('rack.dismissTab', { label })} title={live ? t('rack.closeTab', { label }) : t('rack.dismissTab', { label })} data-testid={`port-tab-close-${row.id}`} onClick={() => void close(row.id)}>
        <X aria-hidden="true" />
      </button>
    </div>
  );
}

/** Opens another port beside those open: a listed port, or a Virtual EC20 (optionally faulted). */
export function AddPort({ onDone }: { onDone: () => void }) {
  const t = useT();
  const ports = useWorkbench((s) => s.ports);
  const busy = usePorts((s) => s.busy);
  const [path, setPath] = useState(VIRTUAL_PORT_PATH);
  const [fault, setFault] = useState<RackFault | ''>('');
  const isVirtual = path === VIRTUAL_PORT_PATH;
  const open = async () => {
    if (await usePorts.getState().addPort(path, isVirtual && fault ? fault : undefined)) onDone();
  };
  return (
    <div className="port-add" data-testid="port-add-form">
      <select aria-label={t('rack.addPortField')} data-testid="port-add-path" value={path} onChange={(e) => setPath(e.target.value)}>
        {ports.length === 0 && <option value={VIRTUAL_PORT_PATH}>{t('rack.virtualEc20')}</option>}
        {ports.map((p) => (
          <option key={p.path} value={p.path}>
            {p.virtual ? t('rack.virtualEc20') : p.label ? `${p.path} — ${p.label}` : p.path}
          </option>
        ))}
      </select>
      {isVirtual && (
        <select aria-label={t('rack.addFault')} data-testid="port-add-fault" value={fault} onChange={(e) => setFault(e.target.value as RackFault | '')}>
          <option value="">{t('rack.faultNone')}</option>
          {RACK_FAULTS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      )}
      <button className="primary" data-testid="port-add-open" disabled={busy} onClick={() => void open()}>
        {t('rack.openBeside')}
      </button>
      <button onClick={onDone}>{t('rack.cancel')}</button>
    </div>
  );
}

/** Shown from two ports on: with one, the app looks as it always did (more ports open from the Rack tab). */
export function PortStrip() {
  const t = useT();
  const rows = usePorts((s) => s.rows);
  const problem = usePorts((s) => s.problem);
  const [adding, setAdding] = useState(false);
  if (rows.length < 2) return null;
  return (
    <div className="port-strip-wrap">
      <div className="port-strip" role="group" aria-label={t('rack.stripLabel')} data-testid="port-strip">
        {rows.map((r) => (
          <PortTab key={r.id} row={r} />
        ))}
        <button className="port-strip-add" data-testid="port-add" aria-label={t('rack.addPort')} title={t('rack.addPort')} aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
          <Plus aria-hidden="true" />
        </button>
        {adding && <AddPort onDone={() => setAdding(false)} />}
      </div>
      {problem && (
        <div className="port-strip-problem">
          <ProblemBox problem={problem} testId="port-strip-problem" onDismiss={() => usePorts.getState().clearProblem()} />
        </div>
      )}
    </div>
  );
}
