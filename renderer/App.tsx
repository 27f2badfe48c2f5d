import { useCallback, useState, type DragEvent } from 'react';
import { Activity, FolderOpen, History, Laptop, ListChecks, MessagesSquare, ScrollText, Server, Workflow, type LucideIcon } from 'lucide-react';
import { bindingName } from './api';
import { ConnectionPanel } from './views/Connection';
import { ConsolePanel } from './views/Console';
import { DemoPanel } from './views/Demo';
import { DiagramView } from './views/Diagram';
import { ExportButton, ExportPanel } from './views/Export';
import { FilesView } from './views/Files';
import { LogView } from './views/Log';
import { ProbeView } from './views/Probe';
import { RecoveryBanner } from './views/Recovery';
import { SessionSavedNotice, SessionsView } from './views/Sessions';
import { StatusBar } from './views/StatusBar';
import { TimelineView } from './views/Timeline';
import { TopicsPanel } from './views/Topics';
import { WizardPanel } from './views/Wizard';
import { ScriptsView } from './views/Scripts';
import { RackView } from './views/Rack';
import { PortStrip } from './views/Ports/PortStrip';
import { useWorkbench } from './stores';
import type { AppTab } from './stores/sessions/actions';
import { useAppShortcuts, tabKey } from './shell/appShortcuts';
import { BrandMark, HelpButton, LanguageSelect, SidebarToggle, ThemeButton } from './shell/TopbarControls';
import { ShortcutsDialog } from './shell/ShortcutsDialog';
import { Sidebar } from './shell/Sidebar';
import { SplitPanes } from './shell/SplitPanes';
import { usePrefs } from './shell/prefs';
import { Toaster } from './ui/Toaster';

type Tab = AppTab;
/** The views, in Alt+N order: a tab added here gets its shortcut and its place in the `?` list. */
const TABS: Array<{ id: Tab; label: string; icon?: LucideIcon; key?: string }> = [
  { id: 'log', label: 'Log', icon: ScrollText },
  { id: 'topics', label: 'Topics', icon: MessagesSquare },
  { id: 'diagram', label: 'Diagram', icon: Workflow },
  { id: 'sessions', label: 'Sessions', icon: History },
  { id: 'files', label: 'Files', icon: FolderOpen },
  { id: 'timeline', label: 'Timeline', icon: Activity },
  { id: 'scripts', label: 'Scripts', icon: ListChecks },
  { id: 'rack', label: 'Rack', icon: Server },
  { id: 'laptop', label: 'Laptop probe', icon: Laptop },
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
  const collapsed = usePrefs((s) => s.sidebarCollapsed);
  const [dropping, setDropping] = useState(false);
  const { openSessionFile, showTab } = useWorkbench.getState();
  const setTab = useCallback((t: Tab) => showTab(t), [showTab]);
  useAppShortcuts(TABS, setTab);
  const isFileDrag = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  return (
    <div
      className={`app${dropping ? ' dropping' : ''}${collapsed ? ' side-collapsed' : ''}`}
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
    >
      <header className="topbar">
        <SidebarToggle />
        <BrandMark />
        <h1>Modem MQTT Workbench</h1>
        <span className="muted binding" data-testid="binding">{bindingName === 'electron' ? 'desktop' : 'browser (local bridge)'}</span>
        <nav className="tabs" role="tablist" aria-label="Views">
          {TABS.map((t, i) => {
            const Icon = t.icon;
            const keys = tabKey(i);
            return (
              <button key={t.id} role="tab" aria-selected={tab === t.id} aria-keyshortcuts={keys} data-testid={`tab-${t.id}`} className={tab === t.id ? 'active' : ''} onClick={() => setTab(t.id)} title={keys ? `${t.label} (${keys})` : t.label}>
                {Icon && <Icon aria-hidden="true" />}
                <span className="tab-label">{t.label}</span>
              </button>
            );
          })}
        </nav>
        <div className="topbar-actions">
          <ExportButton />
          <LanguageSelect />
          <ThemeButton />
          <HelpButton />
        </div>
      </header>
      <BridgeLostBanner />
      <Sidebar footer={<DemoPanel />}>
        <ConnectionPanel />
        <WizardPanel />
      </Sidebar>
      <main className="main">
        <PortStrip />
        {tab !== 'sessions' && !showingRecording && <ConsolePanel />}
        <div className="content">
          {tab === 'log' && <LogView />}
          {tab === 'topics' && <TopicsPanel />}
          {tab === 'sessions' && <SessionsView />}
          {tab === 'files' && <FilesView />}
          {tab === 'timeline' && <TimelineView />}
          {tab === 'scripts' && <ScriptsView />}
          {tab === 'rack' && <RackView />}
          {tab === 'laptop' && <ProbeView />}
          {tab === 'diagram' && <SplitPanes name="diagram" label="Resize the diagram and the log" defaultFraction={0.45} first={<DiagramView />} second={<LogView />} />}
          {/* Notices float over the view's top edge instead of pushing it down: nothing jumps when one appears. */}
          <div className="notices" data-testid="notices">
            <RecoveryBanner />
            <SessionSavedNotice />
            <ExportPanel />
          </div>
        </div>
      </main>
      <StatusBar />
      <Toaster />
      <ShortcutsDialog />
    </div>
  );
}
