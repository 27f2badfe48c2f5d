// The small controls of the top bar: fold the sidebar, the theme, the language, the shortcut list.
import { Keyboard, Languages, Monitor, Moon, PanelLeftClose, PanelLeftOpen, RadioTower, Sun } from 'lucide-react';
import { LANGS, LANG_NAMES, isLang } from '../../shared/i18n/lang';
import { systemLang, useT } from '../i18n';
import { usePrefs, type ThemeChoice } from './prefs';
import { toggleHelp, useHelp } from './ShortcutsDialog';

const THEME: Record<ThemeChoice, { icon: typeof Sun; text: string; next: string }> = {
  system: { icon: Monitor, text: 'shell.themeSystem', next: 'shell.themeNextLight' },
  light: { icon: Sun, text: 'shell.themeLight', next: 'shell.themeNextDark' },
  dark: { icon: Moon, text: 'shell.themeDark', next: 'shell.themeNextSystem' },
};

export function BrandMark() {
  return <RadioTower className="brand" aria-hidden="true" />;
}

export function SidebarToggle() {
  const t = useT();
  const collapsed = usePrefs((s) => s.sidebarCollapsed);
  const toggle = usePrefs((s) => s.toggleSidebar);
  const Icon = collapsed ? PanelLeftOpen : PanelLeftClose;
  return (
    <button type="button" className="chrome-button icon-only" aria-controls="sidebar" aria-expanded={!collapsed} aria-label={collapsed ? t('shell.unfoldSidebar') : t('shell.foldSidebar')} title={collapsed ? t('shell.unfoldSidebarTitle') : t('shell.foldSidebarTitle')} aria-keyshortcuts="Control+B" data-testid="sidebar-toggle" onClick={toggle}>
      <Icon aria-hidden="true" />
    </button>
  );
}

export function ThemeButton() {
  const t = useT();
  const theme = usePrefs((s) => s.theme);
  const cycle = usePrefs((s) => s.cycleTheme);
  const th = THEME[theme];
  const words = { theme: t(th.text), next: t(th.next) };
  return (
    <button type="button" className="chrome-button icon-only" aria-label={t('shell.themeLabel', words)} title={t('shell.themeTitle', words)} aria-keyshortcuts="Alt+T" data-testid="theme-toggle" data-theme={theme} onClick={cycle}>
      <th.icon aria-hidden="true" />
    </button>
  );
}

/** The language menu: each language named in itself, so anyone can find their own. */
export function LanguageSelect() {
  const t = useT();
  const language = usePrefs((s) => s.language);
  const setLanguage = usePrefs((s) => s.setLanguage);
  return (
    <label className="chrome-select" title={t('shell.language')}>
      <Languages aria-hidden="true" />
      <select aria-label={t('shell.language')} data-testid="language-select" value={language} onChange={(e) => setLanguage(isLang(e.target.value) ? e.target.value : 'system')}>
        <option value="system">{t('shell.languageSystem', { name: LANG_NAMES[systemLang()] })}</option>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function HelpButton() {
  const t = useT();
  const open = useHelp((s) => s.open);
  return (
    <button type="button" className="chrome-button icon-only" aria-label={t('shell.shortcuts')} aria-haspopup="dialog" aria-expanded={open} title={t('shell.shortcutsTitle')} aria-keyshortcuts="?" data-testid="shortcuts-open" onClick={toggleHelp}>
      <Keyboard aria-hidden="true" />
    </button>
  );
}
