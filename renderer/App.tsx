import { useState, type DragEvent } from 'react';
import { bindingName } from './api';
import { ConnectionPanel } from './views/Connection';
import { ConsolePanel } from './views/Console';
import { DemoPanel } from './views/Demo';
import { DiagramView } from './views/Diagram';
import { ExportButton, ExportPanel } from './views/Export';
import { FilesView } from './views/Files';
import { LogView } from './views/Log';
import { RecoveryBanner } from './views/Recovery';
import { SessionSavedNotice, SessionsView } from './views/Sessions';
import { StatusBar } from './views/StatusBar';
import { TimelineView } from './views/Timeline';
import { TopicsPanel } from './views/Topics';
import { WizardPanel } from './views/Wizard';
import { useWorkbench } from './stores';
import type { AppTab } from './stores/sessions/actions';

type Tab = AppTab;
const TABS: Array<{ id: Tab; label: string; key: string }> = [
  { id: 'log', label: 'Log', key: '1' },
  { id: 'topics', label: 'Topics', key: '2' },
  { id: 'diagram', label: 'Diagram', key: '3' },
  { id: 'sessions', label: 'Sessions', key: '4' },
  { id: 'files', label: 'Files', key: '5' },
  { id: 'timeline', label: 'Timeline', key: '6' },
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
  const tab = useWorkbench((s) => s.activeTab);
  // A recording is shown: there is no modem to type to (the console's last answer was another session's).
  const showingRecording = useWorkbench((s) => s.viewingJournal !== undefined && s.port.state === 'closed');
  const [dropping, setDropping] = useState(false);
  const { openSessionFile, showTab: setTab } = useWorkbench.getState();
  const isFileDrag = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  return (
    <div
      className={`app${dropping ? ' dropping' : ''}`}
      data-testid="app"
      // A session file or a journal dropped anywhere on the window opens read-only.
      onDragOver={(e) => {
        if (!isFileDrag(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDropping(false);
      }}
      onDrop={(e) => {
        if (!isFileDrag(e)) return;
        e.preventDefault();
        setDropping(false);
        const f = e.dataTransfer.files[0];
        // A refusal is shown in the Sessions tab; an opened file switches to its log.
        if (f) {
          setTab('sessions');
          void openSessionFile(f);
        }
      }}
      onKeyDown={(e) => {
        // Alt+1…5 switch views from anywhere.
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
        <ExportButton />
      </header>
      <BridgeLostBanner />
      <aside className="side">
        <ConnectionPanel />
        <WizardPanel />
        <DemoPanel />
      </aside>
      <main className="main">
        <RecoveryBanner />
        <SessionSavedNotice />
        <ExportPanel />
        {tab !== 'sessions' && !showingRecording && <ConsolePanel />}
        {tab === 'log' && <LogView />}
        {tab === 'topics' && <TopicsPanel />}
        {tab === 'sessions' && <SessionsView />}
        {tab === 'files' && <FilesView />}
        {tab === 'timeline' && <TimelineView />}
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
