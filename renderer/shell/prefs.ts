// The shell's own settings, kept across reloads in localStorage: theme, sidebar folded and its
// width, pane sizes. Nothing secret is ever stored here (the wizard's form has its own, redacting
// store: stores/wizard/persist.ts).
import { create } from 'zustand';
import { isLang, type Lang } from '../../shared/i18n/lang';

export type ThemeChoice = 'system' | 'light' | 'dark';
/** 'system' follows the OS (navigator.language); otherwise one of shared/i18n's languages. */
export type LangChoice = 'system' | Lang;

export interface UiPrefs {
  theme: ThemeChoice;
  language: LangChoice;
  sidebarCollapsed: boolean;
  /** Sidebar width in px. */
  sidebarWidth: number;
  /** Named pane sizes: a fraction (0–1) of the space the pane shares, e.g. 'diagram' → 0.45. */
  panes: Record<string, number>;
}

export const SIDEBAR_MIN = 260;
export const SIDEBAR_MAX = 560;
export const defaultPrefs: UiPrefs = { theme: 'system', language: 'system', sidebarCollapsed: false, sidebarWidth: 340, panes: {} };
const KEY = 'wb.ui.v1';

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** Reads stored prefs tolerantly: a missing, old or hand-edited value falls back field by field. */
export function parsePrefs(raw: string | null | undefined): UiPrefs {
  let v: unknown;
  try {
    v = raw ? JSON.parse(raw) : undefined;
  } catch {
    v = undefined;
  }
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const panes: Record<string, number> = {};
  if (o.panes && typeof o.panes === 'object') {
    for (const [k, f] of Object.entries(o.panes as Record<string, unknown>)) if (typeof f === 'number' && Number.isFinite(f)) panes[k] = clamp(f, 0.1, 0.9);
  }
  return {
    theme: o.theme === 'light' || o.theme === 'dark' ? o.theme : 'system',
    language: isLang(o.language) ? o.language : 'system',
    sidebarCollapsed: o.sidebarCollapsed === true,
    sidebarWidth: typeof o.sidebarWidth === 'number' && Number.isFinite(o.sidebarWidth) ? clamp(Math.round(o.sidebarWidth), SIDEBAR_MIN, SIDEBAR_MAX) : defaultPrefs.sidebarWidth,
    panes,
  };
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

interface PrefsActions {
  setTheme(t: ThemeChoice): void;
  setLanguage(l: LangChoice): void;
  cycleTheme(): void;
  toggleSidebar(): void;
  setSidebarWidth(px: number): void;
  setPane(name: string, fraction: number): void;
}

export const usePrefs = create<UiPrefs & PrefsActions>()((set, get) => ({
  ...parsePrefs(storage()?.getItem(KEY)),
  setTheme: (theme) => set({ theme }),
  setLanguage: (language) => set({ language }),
  cycleTheme: () => set({ theme: ({ system: 'light', light: 'dark', dark: 'system' } as const)[get().theme] }),
  toggleSidebar: () => set({ sidebarCollapsed: !get().sidebarCollapsed }),
  setSidebarWidth: (px) => set({ sidebarWidth: clamp(Math.round(px), SIDEBAR_MIN, SIDEBAR_MAX) }),
  setPane: (name, fraction) => set({ panes: { ...get().panes, [name]: clamp(fraction, 0.1, 0.9) } }),
}));

/**
 * Writes every change back, and puts the theme on <html>: `data-theme` is the user's choice
 * (absent when following the OS), `data-scheme` the scheme in force, which the tokens read — so
 * the dark palette is written once (ui/tokens.css) and the OS's switch is followed live.
 */
export function persistPrefs(): () => void {
  const osDark = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;
  const apply = (p: UiPrefs) => {
    const root = document.documentElement;
    if (p.theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = p.theme;
    root.dataset.scheme = p.theme === 'system' ? (osDark?.matches ? 'dark' : 'light') : p.theme;
  };
  apply(usePrefs.getState());
  const onOsChange = () => apply(usePrefs.getState());
  osDark?.addEventListener('change', onOsChange);
  const unsubscribe = usePrefs.subscribe((p) => {
    apply(p);
    const { theme, language, sidebarCollapsed, sidebarWidth, panes } = p;
    try {
      storage()?.setItem(KEY, JSON.stringify({ theme, language, sidebarCollapsed, sidebarWidth, panes }));
    } catch {
      // A full or blocked storage only loses the preference, not the session.
    }
  });
  return () => {
    unsubscribe();
    osDark?.removeEventListener('change', onOsChange);
  };
}
