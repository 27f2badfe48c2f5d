// Problems and explanations in the reader's language: the main side and the session file give
// them with their codes and English words; these re-word them from the codes at display time
// (shared/protocol/localize.ts), so a language switch or an imported session reads in the
// current language. English passes through unchanged.
import { useTranslation } from 'react-i18next';
import type { Explanation } from '../shared/codes-types';
import { resolveLang, type Lang } from '../shared/i18n';
import type { Problem } from '../shared/outcome';
import { localizeExplanation, localizeProblem } from '../shared/protocol/localize';
import { i18n } from './i18n';

/** The language the views speak now (i18next's, which follows the preference). */
export function viewLang(): Lang {
  return resolveLang(i18n.language);
}

/** Outside React (toasts, stores): a Problem in the current language. */
export function problemText(p: Problem): Problem {
  return localizeProblem(p, viewLang());
}

/** Outside React: an explanation in the current language. */
export function explanationText(e: Explanation): Explanation {
  return localizeExplanation(e, viewLang());
}

/** A Problem (or nothing) in `lang` (from useViewLang), for a display site that already has the language. */
export function problemIn<P extends Problem | null | undefined>(p: P, lang: Lang): P {
  return (p ? localizeProblem(p, lang) : p) as P;
}

/** The current language; the component re-renders on a switch. */
export function useViewLang(): Lang {
  return resolveLang(useTranslation().i18n.language);
}

/** A Problem (or nothing) in the current language, re-worded on a language switch. */
export function useProblem<P extends Problem | null | undefined>(p: P): P {
  const lang = useViewLang();
  return (p ? localizeProblem(p, lang) : p) as P;
}

/** An explanation (or nothing) in the current language, re-worded on a language switch. */
export function useExplanation<E extends Explanation | null | undefined>(e: E): E {
  const lang = useViewLang();
  return (e ? localizeExplanation(e, lang) : e) as E;
}
