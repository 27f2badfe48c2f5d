// A design token's colour as the canvas needs it (uPlot draws on canvas, which cannot read CSS
// variables): read from the document's computed style, so light and dark themes both apply.
import { useEffect, useState } from 'react';
import { usePrefs } from '../shell/prefs';

export function tokenColor(name: `--${string}`, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * Changes whenever the colours the tokens resolve to may have changed (the user's theme choice, or
 * the OS scheme while the theme follows it): canvas charts redraw with it.
 */
export function useThemeKey(): string {
  const theme = usePrefs((p) => p.theme);
  const [dark, setDark] = useState(() => typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches);
  useEffect(() => {
    if (typeof matchMedia === 'undefined') return;
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => setDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return `${theme}:${dark ? 'dark' : 'light'}`;
}
