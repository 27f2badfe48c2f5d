// The session list, recordings opened from files, and exports of the session shown. The main side
// does the reading and writing; this slice keeps what the Sessions tab and the Export panel show.
import type { StateCreator } from 'zustand';
import { MAX_SESSION_TEXT, type ArgsOf, type ExportedFile, type ExportProgressEvent, type JournalOpenProgress, type OpenedSession, type SessionListing } from '../../../shared/api';
import type { Problem } from '../../../shared/outcome';
import type { Workbench } from '../index';
import { t } from '../../i18n';

export type AppTab = 'log' | 'topics' | 'diagram' | 'sessions' | 'files' | 'timeline' | 'scripts' | 'rack' | 'laptop';

export type ExportArgs = NonNullable<ArgsOf<'exportSession'>>;

export interface SessionsState {
  sessions: SessionListing[];
  sessionsLoading: boolean;
  sessionsProblem?: Problem;
  /** The view shown in the main area (Alt+1…4). */
  activeTab: AppTab;
  /** The port closed: its session is saved, say where to find it (until a port opens or a recording is shown). */
  sessionSaved: boolean;
  exportPanelOpen: boolean;
  exportBusy: boolean;
  exportProgress?: ExportProgressEvent;
  exportResult?: ExportedFile;
  sessionExportProblem?: Problem;
  /** The listed session being opened, and how far it was read (a journal with no index is read whole once). */
  openingSession?: JournalOpenProgress;
}

export interface SessionsActions {
  refreshSessions(): Promise<void>;
  /** Opens a listed session read-only. */
  openListedSession(path: string): Promise<void>;
  /** Opens a file the user picked or dropped (a session file or a journal) read-only. */
  openSessionFile(file: Pick<File, 'name' | 'size' | 'text'>): Promise<void>;
  /** A recording is shown (from whichever path opened it). */
  sessionOpened(opened: OpenedSession): void;
  showTab(tab: AppTab): void;
  /** The port went from open to closed (true), or a port opened (false). */
  sessionSavedChanged(saved: boolean): void;
  setExportPanel(open: boolean): void;
  runExport(args: ExportArgs): Promise<void>;
  exportProgressed(p: ExportProgressEvent): void;
  journalOpenProgressed(p: JournalOpenProgress): void;
}

export type SessionsSlice = SessionsState & SessionsActions;

const MiB = 1024 * 1024;

export const createSessionsSlice: StateCreator<Workbench, [], [], SessionsSlice> = (set, get) => ({
  sessions: [],
  sessionsLoading: false,
  activeTab: 'log',
  sessionSaved: false,
  exportPanelOpen: false,
  exportBusy: false,
  async refreshSessions() {
    set({ sessionsLoading: true });
    const r = await get().api.listSessions();
    if (r.ok) set({ sessions: r.value, sessionsLoading: false, sessionsProblem: undefined });
    else set({ sessionsLoading: false, sessionsProblem: r.problem });
  },
  async openListedSession(path) {
    set({ sessionsProblem: undefined, openingSession: { path, done: 0, total: 0 } });
    const r = await get().api.openJournalFile({ path });
    if (get().openingSession?.path === path) set({ openingSession: undefined });
    if (r.ok) get().sessionOpened(r.value);
    else set({ sessionsProblem: r.problem });
  },
  async openSessionFile(file) {
    set({ sessionsProblem: undefined });
    // Checked before reading: a huge file would be read into the page only to be refused.
    if (file.size > MAX_SESSION_TEXT) {
      set({
        sessionsProblem: {
          code: 'session-file.too-large',
          title: t('sessions.tooLarge', { name: file.name, size: (file.size / MiB).toFixed(1) }),
          detail: t('sessions.tooLargeDetail', { max: MAX_SESSION_TEXT / MiB }),
          nextStep: t('sessions.tooLargeNext', { name: file.name }),
        },
      });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      set({ sessionsProblem: { code: 'session-file.unreadable', title: t('sessions.unreadable', { name: file.name }), detail: err instanceof Error ? err.message : String(err), nextStep: t('sessions.unreadableNext') } });
      return;
    }
    const r = await get().api.openSessionText({ name: file.name, text });
    if (r.ok) get().sessionOpened(r.value);
    else set({ sessionsProblem: r.problem });
  },
  sessionOpened(opened) {
    // Its log is shown at once (the list stays one key away, Alt+4).
    set((s) => ({ viewingJournal: opened, recoverable: undefined, recoveryProblem: undefined, exportResult: undefined, sessionSaved: false, activeTab: s.activeTab === 'sessions' ? 'log' : s.activeTab }));
  },
  showTab(tab) {
    set({ activeTab: tab });
  },
  sessionSavedChanged(saved) {
    set({ sessionSaved: saved });
  },
  setExportPanel(open) {
    set({ exportPanelOpen: open, ...(open ? { exportResult: undefined, sessionExportProblem: undefined, exportProgress: undefined } : {}) });
  },
  async runExport(args) {
    set({ exportBusy: true, exportResult: undefined, sessionExportProblem: undefined, exportProgress: undefined });
    const r = await get().api.exportSession(args);
    if (r.ok) set({ exportBusy: false, exportResult: r.value });
    else set({ exportBusy: false, sessionExportProblem: r.problem });
  },
  exportProgressed(p) {
    if (get().exportBusy) set({ exportProgress: p });
  },
  journalOpenProgressed(p) {
    if (get().openingSession?.path === p.path) set({ openingSession: p });
  },
});
