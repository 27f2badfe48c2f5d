import { bindingName } from './api';
import { useWorkbench } from './stores';
import { connectionSelectors } from './stores/connection/selectors';
import { ConnectionPanel } from './views/Connection';
import { ConsolePanel } from './views/Console';
import { SimpleLog } from './views/Log/SimpleLog';

export function App() {
  const portLabel = useWorkbench(connectionSelectors.portLabel);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Modem MQTT Workbench</h1>
        <span className="muted" data-testid="binding">{bindingName === 'electron' ? 'desktop' : 'browser (local bridge)'}</span>
      </header>
      <aside className="side">
        <ConnectionPanel />
      </aside>
      <main className="main">
        <ConsolePanel />
        <SimpleLog />
      </main>
      <footer className="statusbar" data-testid="statusbar">
        <span>Port: {portLabel}</span>
      </footer>
    </div>
  );
}
