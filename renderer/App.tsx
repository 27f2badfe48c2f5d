import { useState } from 'react';
import { bindingName } from './api';
import { useWorkbench } from './stores';
import { ConnectionPanel } from './views/Connection';
import { ConsolePanel } from './views/Console';
import { DemoPanel } from './views/Demo';
import { DiagramView } from './views/Diagram';
import { LogView } from './views/Log';
import { RecoveryBanner } from './views/Recovery';
import { StatusBar } from './views/StatusBar';
import { TopicsPanel } from './views/Topics';
import { WizardPanel } from './views/Wizard';

type Tab = 'log' | 'topics' | 'diagram';
const TABS: Array<{ id: Tab; label: string; key: string }> = [
  { id: 'log', label: 'Log', key: '1' },
  { id: 'topics', label: 'Topics', key: '2' },
  { id: 'diagram', label: 'Diagram', key: '3' },
];

/** Browser mode: once the back end is gone, nothing on screen is live; say so over everything. */
function BridgeLostBanner() {
  const lost = useWorkbench((s) => s.bridgeLost);
  if (!lost) return null;
  return (
    <div className="bridge-lost" role="alert" data-testid="bridge-lost">
      Lost the connection to the workbench: what you see is no longer updated. Check that the workbench is still running, then reload this page (the session is in its journal).
    </div>
  );
}

export function App() {
  const [tab, setTab] = useState<Tab>('log');
  return (
    <div
      className="app"
      onKeyDown={(e) => {
        // Alt+1/2/3 switch views from anywhere.
        const t = e.altKey ? TABS.find((x) => x.key === e.key) : undefined;
        if (t) {
          e.preventDefault();
          setTab(t.id);
        }
      }}
    >
      <header className="topbar">
        <h1>Modem MQTT Workbench</h1>
        <span className="muted" data-testid="binding">{bindingName === 'electron' ? 'desktop' : 'browser (local bridge)'}</span>
        <nav className="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.id} role="tab" aria-selected={tab === t.id} data-testid={`tab-${t.id}`} className={tab === t.id ? 'active' : ''} onClick={() => setTab(t.id)} title={`Alt+${t.key}`}>
              {t.label}
            </button>
          ))}
        </nav>
      </header>
      <BridgeLostBanner />
      <aside className="side">
        <ConnectionPanel />
        <WizardPanel />
        <DemoPanel />
      </aside>
      <main className="main">
        <RecoveryBanner />
        <ConsolePanel />
        {tab === 'log' && <LogView />}
        {tab === 'topics' && <TopicsPanel />}
        {tab === 'diagram' && (
          <div className="split">
            <DiagramView />
            <LogView />
          </div>
        )}
      </main>
      <StatusBar />
    </div>
  );
}
