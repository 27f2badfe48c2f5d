// Always visible: port, modem, signal, registration, PDP IP, MQTT state per client_idx.
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { canReconnect, reconnectText } from '../../stores/status/selectors';
import { CLIENT_INDEXES } from '../../../shared/modem-state';
import { useT } from '../../i18n';
import { clientStateWords, useClientState } from '../Clients/ClientStrip';
import { registrationWords, signalWords } from '../../../shared/i18n/status-words';

type Client = ReturnType<typeof useWorkbench.getState>['modemStatus']['mqtt'][number];

/**
 * One client in the status bar: its index and a dot of its state (a click shows it in the wizard
 * and the topics), then, for a client the modem has mentioned, its state in a word, a reconnect
 * under way and a Reconnect button.
 */
function ClientStatus({ idx, c }: { idx: number; c: Client | undefined }) {
  const t = useT();
  const truthState = useClientState(idx);
  const state = c?.state ?? truthState;
  const server = useWorkbench((s) => s.modemTruth.clients[idx]?.server);
  const active = useWorkbench((s) => s.activeClient === idx);
  const busy = useWorkbench((s) => (idx === s.activeClient ? s.reconnectBusy : Boolean(s.clientViews[idx]?.reconnectBusy)));
  const words = clientStateWords(state, t);
  const about = t('status.clientAbout', { idx, state: words.long }) + (server && state !== 'closed' ? t('status.aboutServer', { server }) : '');
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
            <button type="button" className="small" data-testid="mqtt-reconnect" data-client={idx} disabled={busy} onClick={() => void useWorkbench.getState().reconnect(idx)} title={t('status.reconnectTitle')}>
              {t('status.reconnect')}
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
  const t = useT();
  return (
    <footer className="statusbar" data-testid="statusbar" aria-label={t('status.label')}>
      <span data-testid="status-port">{t('status.port', { port: portLabel })}</span>
      <span data-testid="status-modem" title={st.imei ? `IMEI ${st.imei}` : ''}>
        {t('status.modem', { modem: st.modem ?? '—' })}
      </span>
      <span data-testid="status-signal" title={st.signal?.csq ? `+CSQ: ${st.signal.csq.rssi},${st.signal.csq.ber}` : ''}>
        {t('status.signal', { signal: st.signal ? signalWords(st.signal, t) : '—' })}
      </span>
      <span data-testid="status-registration">{t('status.network', { network: st.registration ? registrationWords(st.registration, t, st.accessTech, st.operator) : '—' })}</span>
      <span data-testid="status-pdp">{t('status.ip', { ip: st.pdpIp ?? '—' })}</span>
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
