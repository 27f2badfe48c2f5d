// Always visible: port, modem, signal, registration, PDP IP, MQTT state per client_idx.
import { registrationText, signalText } from '../../../shared/status';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { canReconnect, reconnectText } from '../../stores/status/selectors';
import { CLIENT_INDEXES } from '../../../shared/modem-state';
import { CLIENT_STATE_WORDS, useClientState } from '../Clients/ClientStrip';

/** Every client's state in one glance (a dot each); a click shows that client in the wizard and the topics. */
function ClientChip({ idx }: { idx: number }) {
  const state = useClientState(idx);
  const server = useWorkbench((s) => s.modemTruth.clients[idx]?.server);
  const active = useWorkbench((s) => s.activeClient === idx);
  const about = `Client ${idx}: ${CLIENT_STATE_WORDS[state]?.long ?? state}${server && state !== 'closed' ? ` (${server})` : ''}`;
  return (
    <button type="button" className={`status-client state-${state}${active ? ' active' : ''}`} data-testid={`status-client-${idx}`} data-state={state} title={about} aria-label={about} aria-pressed={active} onClick={() => useWorkbench.getState().selectClient(idx)}>
      {idx}
      <span className={`client-dot state-${state}`} aria-hidden />
    </button>
  );
}

function ClientChips() {
  return (
    <span className="status-clients" data-testid="status-clients">
      {CLIENT_INDEXES.map((idx) => (
        <ClientChip key={idx} idx={idx} />
      ))}
    </span>
  );
}

export function StatusBar() {
  const portLabel = useWorkbench(connectionSelectors.portLabel);
  const st = useWorkbench((s) => s.modemStatus);
  const reconnect = useWorkbench((s) => s.reconnect);
  const reconnectBusy = useWorkbench((s) => s.reconnectBusy);
  const clients = Object.entries(st.mqtt);
  const portOpen = useWorkbench((s) => s.modemTruth.port.state === 'open');
  return (
    <footer className="statusbar" data-testid="statusbar" aria-label="Status">
      <span data-testid="status-port">Port: {portLabel}</span>
      <span data-testid="status-modem" title={st.imei ? `IMEI ${st.imei}` : ''}>
        Modem: {st.modem ?? '—'}
      </span>
      <span data-testid="status-signal" title={st.signal?.csq ? `+CSQ: ${st.signal.csq.rssi},${st.signal.csq.ber}` : ''}>
        Signal: {st.signal ? signalText(st.signal) : '—'}
      </span>
      <span data-testid="status-registration">Network: {st.registration ? registrationText(st.registration, st.accessTech, st.operator) : '—'}</span>
      <span data-testid="status-pdp">IP: {st.pdpIp ?? '—'}</span>
      <span data-testid="status-mqtt">
        MQTT:{' '}
        {portOpen && <ClientChips />}
        {clients.length === 0
          ? !portOpen && '—'
          : clients.map(([idx, c]) => (
              <span key={idx} className={`mqtt-state mqtt-${c.state}`} data-testid={`status-mqtt-${idx}`} data-state={c.state} title={c.problem?.title ?? c.server ?? ''}>
                {idx}:{c.state}{' '}
                {reconnectText(c.reconnect) && (
                  <span className="muted" data-testid={`status-reconnect-${idx}`} data-phase={c.reconnect?.phase} title={c.reconnect?.lastProblem?.title ?? ''}>
                    ({reconnectText(c.reconnect)}){' '}
                  </span>
                )}
                {canReconnect(c) && c.reconnect?.phase !== 'reconnecting' && (
                  <button type="button" className="small" data-testid="mqtt-reconnect" data-client={idx} disabled={reconnectBusy} onClick={() => void reconnect(Number(idx))} title="Open and connect again with the last settings, then subscribe again to what was subscribed">
                    Reconnect
                  </button>
                )}
              </span>
            ))}
      </span>
    </footer>
  );
}
