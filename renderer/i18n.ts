// The renderer's language: the user's choice (remembered with the shell's prefs) or the
// browser's / Electron's locale. Switching re-renders every translated view in place, no reload.
import { initReactI18next, useTranslation } from 'react-i18next';
import { createI18n, resolveLang, type Lang, type Translate } from '../shared/i18n';
import { usePrefs, type LangChoice } from './shell/prefs';

/** The OS's language as the browser reports it (Electron reports the app's locale). */
export function systemLang(): Lang {
  return resolveLang(typeof navigator === 'undefined' ? undefined : navigator.language);
}

export function effectiveLang(choice: LangChoice): Lang {
  return choice === 'system' ? systemLang() : choice;
}

export const i18n = createI18n(effectiveLang(usePrefs.getState().language), [initReactI18next]);

/** The current language, for code outside React (exports ask the main side in it). */
export function currentLang(): Lang {
  return effectiveLang(usePrefs.getState().language);
}

/** Follows the language preference: i18next, and <html lang> for fonts and screen readers. */
export function followLanguage(): () => void {
  const apply = (lang: Lang) => {
    if (i18n.language !== lang) void i18n.changeLanguage(lang);
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  };
  apply(currentLang());
  return usePrefs.subscribe((p, prev) => {
    if (p.language !== prev.language) apply(effectiveLang(p.language));
  });
}

/** The translation function of the current language; the component re-renders on a switch. */
export function useT(): Translate {
  return useTranslation().t as unknown as Translate;
}

/** Outside React (toasts, stores): the current language's translation. */
export const t: Translate = (key, values) => i18n.t(key, values as Record<string, unknown>) as string;
