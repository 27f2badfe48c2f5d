// The small controls of the top bar: fold the sidebar, the theme, the shortcut list.
import { Keyboard, Monitor, Moon, PanelLeftClose, PanelLeftOpen, RadioTower, Sun } from 'lucide-react';
import { usePrefs, type ThemeChoice } from './prefs';
import { toggleHelp, useHelp } from './ShortcutsDialog';

const THEME: Record<ThemeChoice, { icon: typeof Sun; text: string; next: string }> = {
  system: { icon: Monitor, text: 'Theme: follows the system', next: 'light' },
  light: { icon: Sun, text: 'Theme: light', next: 'dark' },
  dark: { icon: Moon, text: 'Theme: dark', next: 'follow the system' },
};

export function BrandMark() {
  return <RadioTower className="brand" aria-hidden="true" />;
}

export function SidebarToggle() {
  const collapsed = usePrefs((s) => s.sidebarCollapsed);
  const toggle = usePrefs((s) => s.toggleSidebar);
  const Icon = collapsed ? PanelLeftOpen : PanelLeftClose;
  return (
    <button type="button" className="chrome-button icon-only" aria-controls="sidebar" aria-expanded={!collapsed} aria-label={collapsed ? 'Unfold the sidebar' : 'Fold the sidebar'} title={`${collapsed ? 'Unfold' : 'Fold'} the sidebar (Ctrl+B)`} aria-keyshortcuts="Control+B" data-testid="sidebar-toggle" onClick={toggle}>
      <Icon aria-hidden="true" />
    </button>
  );
}

export function ThemeButton() {
  const theme = usePrefs((s) => s.theme);
  const cycle = usePrefs((s) => s.cycleTheme);
  const t = THEME[theme];
  return (
    <button type="button" className="chrome-button icon-only" aria-label={`${t.text}. Switch to ${t.next}`} title={`${t.text} — click for ${t.next} (Alt+T)`} aria-keyshortcuts="Alt+T" data-testid="theme-toggle" data-theme={theme} onClick={cycle}>
      <t.icon aria-hidden="true" />
    </button>
  );
}

export function HelpButton() {
  const open = useHelp((s) => s.open);
  return (
    <button type="button" className="chrome-button icon-only" aria-label="Keyboard shortcuts" aria-haspopup="dialog" aria-expanded={open} title="Keyboard shortcuts (?)" aria-keyshortcuts="?" data-testid="shortcuts-open" onClick={toggleHelp}>
      <Keyboard aria-hidden="true" />
    </button>
  );
}
