// The app's own shortcuts: one per view (Alt+N from the tab list, so a new tab gets its key by
// being listed) and one per everyday action. Views may add theirs with useShortcuts().
import { useMemo } from 'react';
import { useWorkbench } from '../stores';
import { connectionSelectors } from '../stores/connection/selectors';
import { usePrefs } from './prefs';
import { toggleHelp } from './ShortcutsDialog';
import { tabKey, useShortcuts, type Shortcut } from './shortcuts';

export interface TabEntry<T extends string = string> {
  id: T;
  label: string;
}

export { tabKey } from './shortcuts';

const focus = (testId: string) => () => {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  el?.focus();
  if (el instanceof HTMLInputElement) el.select();
};
const present = (testId: string) => () => document.querySelector(`[data-testid="${testId}"]:not(:disabled)`) !== null;

/** Keys a focused widget handles itself, listed so the overlay is complete. */
const DOCUMENTED: Shortcut[] = [
  { id: 'log-move', keys: '↑/↓', label: 'Move the cursor row (Shift extends the selection)', group: 'Log (when the table has focus)' },
  { id: 'log-page', keys: 'PageUp/PageDown', label: 'Move a page', group: 'Log (when the table has focus)' },
  { id: 'log-end', keys: 'End', label: 'Jump to the newest line and follow again', group: 'Log (when the table has focus)' },
  { id: 'log-enter', keys: 'Enter', label: 'Show the row’s details (Escape hides them)', group: 'Log (when the table has focus)' },
  { id: 'log-copy', keys: 'Ctrl+C', label: 'Copy the selected rows', group: 'Log (when the table has focus)' },
  { id: 'console-history', keys: '↑/↓', label: 'Previous / next command', group: 'AT console (when it has focus)' },
  { id: 'console-payload', keys: 'Ctrl+Enter', label: 'Send the payload', group: 'AT console (when it has focus)' },
  { id: 'dialog-close', keys: 'Escape', label: 'Close this list, the export panel or the row details', group: 'General' },
];

export function useAppShortcuts<T extends string>(tabs: ReadonlyArray<TabEntry<T>>, showTab: (t: T) => void): void {
  const list = useMemo<Shortcut[]>(() => {
    const wb = useWorkbench.getState;
    const views: Shortcut[] = tabs.flatMap((t, i) => {
      const keys = tabKey(i);
      return keys ? [{ id: `view-${t.id}`, keys, label: `Show ${t.label}`, group: 'Views', run: () => showTab(t.id) }] : [];
    });
    const actions: Shortcut[] = [
      { id: 'help', keys: '?', label: 'Show or hide this list', group: 'General', run: toggleHelp },
      { id: 'sidebar', keys: 'Ctrl+B', label: 'Fold or unfold the sidebar', group: 'General', run: () => usePrefs.getState().toggleSidebar() },
      { id: 'theme', keys: 'Alt+T', label: 'Theme: system → light → dark', group: 'General', run: () => usePrefs.getState().cycleTheme() },
      {
        id: 'port',
        keys: 'Alt+O',
        label: 'Open or close the selected port',
        group: 'Actions',
        enabled: () => !connectionSelectors.isBusy(wb()) && (connectionSelectors.isOpen(wb()) || wb().selectedPath.trim() !== ''),
        run: () => void (connectionSelectors.isOpen(wb()) ? wb().closePort() : wb().openPort()),
      },
      { id: 'wizard', keys: 'Alt+W', label: 'Run the connection wizard (Connect)', group: 'Actions', enabled: present('wizard-run'), run: () => document.querySelector<HTMLButtonElement>('[data-testid="wizard-run"]')?.click() },
      { id: 'console', keys: 'Alt+C', label: 'Type an AT command', group: 'Actions', enabled: present('at-input'), run: focus('at-input') },
      { id: 'export', keys: 'Alt+E', label: 'Export the session (open or close the panel)', group: 'Actions', run: () => wb().setExportPanel(!wb().exportPanelOpen) },
      { id: 'log-search', keys: '/', label: 'Search the log', group: 'Actions', enabled: present('log-search'), run: focus('log-search') },
      { id: 'log-focus', keys: 'Alt+L', label: 'Put the keyboard in the log table', group: 'Actions', enabled: present('log-body'), run: focus('log-body') },
    ];
    return [...views, ...actions, ...DOCUMENTED];
  }, [tabs, showTab]);
  useShortcuts(list);
}
