import { useCallback, useMemo, useState, type DragEvent } from 'react';
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
import { useT } from './i18n';

type Tab = AppTab;
/** The views, in Alt+N order: a tab added here gets its shortcut and its place in the `?` list. */
const TABS: Array<{ id: Tab; labelKey: string; icon?: LucideIcon; key?: string }> = [
  { id: 'log', labelKey: 'app.tabLog', icon: ScrollText },
  { id: 'topics', labelKey: 'app.tabTopics', icon: MessagesSquare },
  { id: 'diagram', labelKey: 'app.tabDiagram', icon: Workflow },
  { id: 'sessions', labelKey: 'app.tabSessions', icon: History },
  { id: 'files', labelKey: 'app.tabFiles', icon: FolderOpen },
  { id: 'timeline', labelKey: 'app.tabTimeline', icon: Activity },
  { id: 'scripts', labelKey: 'app.tabScripts', icon: ListChecks },
  { id: 'rack', labelKey: 'app.tabRack', icon: Server },
  { id: 'laptop', labelKey: 'app.tabLaptop', icon: Laptop },
];

/** Browser mode: once the back end is gone, nothing on screen is live; say so over everything. */
function BridgeLostBanner() {
  const lost = useWorkbench((s) => s.bridgeLost);
  const t = useT();
  if (!lost) return null;
  return (
    <div className="bridge-lost" role="alert" data-testid="bridge-lost">
      {t('app.bridgeLost')}
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
  const t = useT();
  const tabs = useMemo(() => TABS.map((x) => ({ ...x, label: t(x.labelKey) })), [t]);
  useAppShortcuts(tabs, setTab);
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
        <h1>{t('app.title')}</h1>
        <span className="muted binding" data-testid="binding">{bindingName === 'electron' ? t('app.bindingDesktop') : t('app.bindingBrowser')}</span>
        <nav className="tabs" role="tablist" aria-label={t('app.views')}>
          {tabs.map((tb, i) => {
            const Icon = tb.icon;
            const keys = tabKey(i);
            return (
              <button key={tb.id} role="tab" aria-selected={tab === tb.id} aria-keyshortcuts={keys} data-testid={`tab-${tb.id}`} className={tab === tb.id ? 'active' : ''} onClick={() => setTab(tb.id)} title={keys ? t('app.tabTitle', { label: tb.label, keys }) : tb.label}>
                {Icon && <Icon aria-hidden="true" />}
                <span className="tab-label">{tb.label}</span>
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
          {tab === 'diagram' && <SplitPanes name="diagram" label={t('app.resizeDiagram')} defaultFraction={0.45} first={<DiagramView />} second={<LogView />} />}
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
