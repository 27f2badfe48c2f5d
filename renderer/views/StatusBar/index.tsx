// Always visible: port, modem, signal, registration, PDP IP, MQTT state per client_idx.
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';

export function StatusBar() {
  const portLabel = useWorkbench(connectionSelectors.portLabel);
  const st = useWorkbench((s) => s.modemStatus);
  const clients = Object.entries(st.mqtt);
  return (
    <footer className="statusbar" data-testid="statusbar" aria-label="Status">
      <span data-testid="status-port">Port: {portLabel}</span>
      <span data-testid="status-modem">Modem: {st.modem ?? '—'}</span>
      <span data-testid="status-signal">Signal: {st.signal?.text ?? '—'}</span>
      <span data-testid="status-registration">Network: {st.registration ?? '—'}</span>
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
