// Always visible: port, modem, signal, registration, PDP IP, MQTT state per client_idx.
import { registrationText, signalText } from '../../../shared/status';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';

export function StatusBar() {
  const portLabel = useWorkbench(connectionSelectors.portLabel);
  const st = useWorkbench((s) => s.modemStatus);
  const clients = Object.entries(st.mqtt);
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
        {clients.length === 0
          ? '—'
          : clients.map(([idx, c]) => (
              <span key={idx} className={`mqtt-state mqtt-${c.state}`} data-testid={`status-mqtt-${idx}`} data-state={c.state} title={c.problem?.title ?? c.server ?? ''}>
                {idx}:{c.state}{' '}
              </span>
            ))}
      </span>
    </footer>
  );
}
