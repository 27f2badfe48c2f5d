// A design token's colour as the canvas needs it (uPlot draws on canvas, which cannot read CSS
// variables): read from the document's computed style, so light and dark themes both apply.
export function tokenColor(name: `--${string}`, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}
