// The app's own shortcuts: one per view (Alt+N from the tab list, so a new tab gets its key by
// being listed) and one per everyday action. Views may add theirs with useShortcuts().
import { useMemo } from 'react';
import type { Translate } from '../../shared/i18n';
import { useT } from '../i18n';
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
function documented(t: Translate): Shortcut[] {
  const log = t('app.groupLog');
  const consoleGroup = t('app.groupConsole');
  return [
    { id: 'log-move', keys: '↑/↓', label: t('app.scLogMove'), group: log },
    { id: 'log-page', keys: 'PageUp/PageDown', label: t('app.scLogPage'), group: log },
    { id: 'log-end', keys: 'End', label: t('app.scLogEnd'), group: log },
    { id: 'log-enter', keys: 'Enter', label: t('app.scLogEnter'), group: log },
    { id: 'log-copy', keys: 'Ctrl+C', label: t('app.scLogCopy'), group: log },
    { id: 'console-history', keys: '↑/↓', label: t('app.scConsoleHistory'), group: consoleGroup },
    { id: 'console-payload', keys: 'Ctrl+Enter', label: t('app.scConsolePayload'), group: consoleGroup },
    { id: 'dialog-close', keys: 'Escape', label: t('app.scDialogClose'), group: t('app.groupGeneral') },
  ];
}

export function useAppShortcuts<T extends string>(tabs: ReadonlyArray<TabEntry<T>>, showTab: (t: T) => void): void {
  const t = useT();
  const list = useMemo<Shortcut[]>(() => {
    const general = t('app.groupGeneral');
    const actionsGroup = t('app.groupActions');
    const wb = useWorkbench.getState;
    const views: Shortcut[] = tabs.flatMap((tab, i) => {
      const keys = tabKey(i);
      return keys ? [{ id: `view-${tab.id}`, keys, label: t('app.scShowView', { label: tab.label }), group: t('app.groupViews'), run: () => showTab(tab.id) }] : [];
    });
    const actions: Shortcut[] = [
      { id: 'help', keys: '?', label: t('app.scHelp'), group: general, run: toggleHelp },
      { id: 'sidebar', keys: 'Ctrl+B', label: t('app.scSidebar'), group: general, run: () => usePrefs.getState().toggleSidebar() },
      { id: 'theme', keys: 'Alt+T', label: t('app.scTheme'), group: general, run: () => usePrefs.getState().cycleTheme() },
      {
        id: 'port',
        keys: 'Alt+O',
        label: t('app.scPort'),
        group: actionsGroup,
        enabled: () => !connectionSelectors.isBusy(wb()) && (connectionSelectors.isOpen(wb()) || wb().selectedPath.trim() !== ''),
        run: () => void (connectionSelectors.isOpen(wb()) ? wb().closePort() : wb().openPort()),
      },
      { id: 'wizard', keys: 'Alt+W', label: t('app.scWizard'), group: actionsGroup, enabled: present('wizard-run'), run: () => document.querySelector<HTMLButtonElement>('[data-testid="wizard-run"]')?.click() },
      { id: 'console', keys: 'Alt+C', label: t('app.scConsole'), group: actionsGroup, enabled: present('at-input'), run: focus('at-input') },
      { id: 'export', keys: 'Alt+E', label: t('app.scExport'), group: actionsGroup, run: () => wb().setExportPanel(!wb().exportPanelOpen) },
      { id: 'log-search', keys: '/', label: t('app.scLogSearch'), group: actionsGroup, enabled: present('log-search'), run: focus('log-search') },
      { id: 'log-focus', keys: 'Alt+L', label: t('app.scLogFocus'), group: actionsGroup, enabled: present('log-body'), run: focus('log-body') },
    ];
    return [...views, ...actions, ...documented(t)];
  }, [tabs, showTab, t]);
  useShortcuts(list);
}
