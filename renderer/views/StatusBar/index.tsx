// Always visible: port, modem, signal, registration, PDP IP, MQTT state per client_idx.
import { registrationText, signalText } from '../../../shared/status';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { canReconnect, reconnectText } from '../../stores/status/selectors';
import { CLIENT_INDEXES } from '../../../shared/modem-state';
import { CLIENT_STATE_WORDS, useClientState } from '../Clients/ClientStrip';

type Client = ReturnType<typeof useWorkbench.getState>['modemStatus']['mqtt'][number];

/**
 * One client in the status bar: its index and a dot of its state (a click shows it in the wizard
 * and the topics), then, for a client the modem has mentioned, its state in a word, a reconnect
 * under way and a Reconnect button.
 */
function ClientStatus({ idx, c }: { idx: number; c: Client | undefined }) {
  const truthState = useClientState(idx);
  const state = c?.state ?? truthState;
  const server = useWorkbench((s) => s.modemTruth.clients[idx]?.server);
  const active = useWorkbench((s) => s.activeClient === idx);
  const busy = useWorkbench((s) => (idx === s.activeClient ? s.reconnectBusy : Boolean(s.clientViews[idx]?.reconnectBusy)));
  const words = CLIENT_STATE_WORDS[state] ?? { short: state, long: state };
  const about = `Client ${idx}: ${words.long}${server && state !== 'closed' ? ` (${server})` : ''}`;
  return (
    <span className="status-client-slot" data-testid={`status-client-${idx}`} data-state={state}>
      <button type="button" className={`status-client${active ? ' active' : ''}`} title={about} aria-label={about} aria-pressed={active} onClick={() => useWorkbench.getState().selectClient(idx)}>
        {idx}
        <span className={`client-dot state-${c?.problem && (state === 'closed' || state === 'opened') ? 'failed' : state}`} aria-hidden />
      </button>
      {c && (
        <span className={`mqtt-state mqtt-${c.state}`} data-testid={`status-mqtt-${idx}`} data-state={c.state} title={c.problem?.title ?? c.server ?? ''}>
          {words.short}
          {reconnectText(c.reconnect) && (
            <span className="muted" data-testid={`status-reconnect-${idx}`} data-phase={c.reconnect?.phase} title={c.reconnect?.lastProblem?.title ?? ''}>
              {' '}({reconnectText(c.reconnect)})
            </span>
          )}
          {canReconnect(c) && c.reconnect?.phase !== 'reconnecting' && (
            <button type="button" className="small" data-testid="mqtt-reconnect" data-client={idx} disabled={busy} onClick={() => void useWorkbench.getState().reconnect(idx)} title="Open and connect again with the last settings, then subscribe again to what was subscribed">
              Reconnect
            </button>
          )}
        </span>
      )}
    </span>
  );
}

export function StatusBar() {
  const portLabel = useWorkbench(connectionSelectors.portLabel);
  const st = useWorkbench((s) => s.modemStatus);
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
      <span data-testid="status-mqtt" className="status-clients">
        MQTT:
        {/* With a port open every client 0–5 is shown; otherwise only those the status names. */}
        {(portOpen ? [...CLIENT_INDEXES] : Object.keys(st.mqtt).map(Number)).map((idx) => (
          <ClientStatus key={idx} idx={idx} c={st.mqtt[idx]} />
        ))}
        {!portOpen && Object.keys(st.mqtt).length === 0 && ' —'}
      </span>
    </footer>
  );
}
