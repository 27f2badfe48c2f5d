// Choose a port (listed, typed in, or the virtual EC20) and open or close it.
import { Cable, RefreshCw, ScanSearch, Unplug } from 'lucide-react';
import { VIRTUAL_PORT_PATH } from '../../../shared/api';
import { msgText } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { ProblemBox } from '../common/ProblemBox';

export function ConnectionPanel() {
  const ports = useWorkbench((s) => s.ports);
  const portsLoading = useWorkbench((s) => s.portsLoading);
  const portsProblem = useWorkbench((s) => s.portsProblem);
  const selectedPath = useWorkbench((s) => s.selectedPath);
  const port = useWorkbench((s) => s.port);
  const portKnown = useWorkbench((s) => s.portKnown);
  const portProblem = useWorkbench((s) => s.portProblem);
  const appInfo = useWorkbench((s) => s.appInfo);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  // Until the main side has said whether a port is open, nothing can be opened (a reload while one is open).
  const opening = useWorkbench(connectionSelectors.isBusy);
  const busy = opening || !portKnown;
  const probe = useWorkbench((s) => s.probe);
  const probing = useWorkbench((s) => s.probing);
  const { refreshPorts, selectPath, openPort, closePort, probePorts } = useWorkbench.getState();
  const t = useT();

  return (
    <section className="panel connection" aria-label={t('connection.port')}>
      <h2>{t('connection.port')}</h2>
      <div className="row">
        <button type="button" onClick={() => void refreshPorts()} disabled={portsLoading} data-testid="refresh-ports">
          <RefreshCw aria-hidden="true" />
          {portsLoading ? t('connection.listing') : t('connection.refreshPorts')}
        </button>
        <button type="button" onClick={() => void probePorts()} disabled={probing || isOpen} data-testid="probe-ports" title={t('connection.probeTitle')}>
          <ScanSearch aria-hidden="true" />
          {probing ? t('connection.probing') : t('connection.findAtPort')}
        </button>
      </div>
      {portsProblem && <ProblemBox problem={portsProblem} testId="ports-problem" />}
      <ul className="port-list" data-testid="port-list">
        {ports.map((p) => (
          <li key={p.path}>
            <label>
              <input type="radio" name="port" value={p.path} checked={selectedPath === p.path} onChange={() => selectPath(p.path)} disabled={isOpen || busy} />
              <span className="port-path">{p.virtual ? t('connection.virtualEc20') : p.path}</span>
              <span className="port-label">{msgText(t, p.labelMsg, p.label ?? [p.manufacturer, p.vendorId && `${p.vendorId}:${p.productId}`].filter(Boolean).join(' '))}</span>
              {probe[p.path] && (
                <span className={probe[p.path]?.answers ? 'probe-ok' : 'probe-no'} data-testid="probe-result" title={probe[p.path]?.problem?.nextStep ?? ''}>
                  {probe[p.path]?.answers ? t('connection.answersAt') : ` ${probe[p.path]?.problem?.title ?? t('connection.noAnswer')}`}
                </span>
              )}
            </label>
          </li>
        ))}
        {ports.length === 0 && !portsLoading && <li className="muted">{t('connection.noPorts')}</li>}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void (isOpen ? closePort() : openPort());
        }}
      >
        <label htmlFor="port-path">{t('connection.devicePath')}</label>
        <input
          id="port-path"
          data-testid="port-path"
          placeholder={t('connection.devicePathPlaceholder')}
          value={selectedPath === VIRTUAL_PORT_PATH ? '' : selectedPath}
          onChange={(e) => selectPath(e.target.value)}
          disabled={isOpen || busy}
        />
        <button type="submit" data-testid={isOpen ? 'close-port' : 'open-port'} disabled={busy || (!isOpen && !selectedPath.trim())}>
          {isOpen ? <Unplug aria-hidden="true" /> : <Cable aria-hidden="true" />}
          {isOpen ? t('connection.close') : opening ? t('connection.opening') : t('connection.open')}
        </button>
      </form>
      {!appInfo?.simulatorAvailable && appInfo && <div className="muted">{t('connection.simulatorUnavailable', { note: msgText(t, appInfo.simulatorNoteMsg, appInfo.simulatorNote ?? '') })}</div>}
      <div className="port-state" data-testid="port-state" data-state={port.state} data-known={portKnown}>
        {!portKnown ? t('connection.stateChecking') : port.state === 'open' ? t('connection.stateOpen', { port: port.virtual ? t('connection.virtualEc20') : (port.path ?? '') }) : port.state === 'opening' ? t('connection.stateOpening', { path: port.path ?? '' }) : t('connection.stateClosed')}
      </div>
      {port.journalPath && <div className="muted small">{t('connection.journal', { path: port.journalPath })}</div>}
      {portProblem && <ProblemBox problem={portProblem} testId="port-problem" />}
    </section>
  );
}
