// The one diagram pipeline: a session model → groups (layout.ts) → SVG or Mermaid. The app's
// exports, `workbench diagram` and the on-screen view all draw through it. Feed it only a
// redacted model when the result leaves the app (electron/session/model.ts exportDiagram).
import type { SessionModel } from '../exchanges';
import type { Lang } from '../i18n';
import { layoutSession } from './layout';
import { groupsToMermaid } from './mermaid';
import { diagramToSvg } from './svg';
import { diagramWords } from './words';

/** `lang` words the titles, packets and failures' notes (from their Problem codes) and picks CJK-capable fonts. */
export function sessionToSvg(model: SessionModel, lang: Lang = 'en'): string {
  if (lang === 'en') return diagramToSvg(layoutSession(model));
  return diagramToSvg(layoutSession(model, diagramWords(lang)), undefined, lang);
}

/** `lang` words the same as the SVG: titles, packets, notes and the participants' aliases. */
export function sessionToMermaid(model: SessionModel, lang: Lang = 'en'): string {
  if (lang === 'en') return groupsToMermaid(layoutSession(model));
  return groupsToMermaid(layoutSession(model, diagramWords(lang)), lang);
}
