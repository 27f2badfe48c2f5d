// The one diagram pipeline: a session model → groups (layout.ts) → SVG or Mermaid. The app's
// exports, `workbench diagram` and the on-screen view all draw through it. Feed it only a
// redacted model when the result leaves the app (electron/session/model.ts exportDiagram).
import type { SessionModel } from '../exchanges';
import type { Lang } from '../i18n';
import { localizeProblem } from '../protocol/localize';
import { layoutSession } from './layout';
import { groupsToMermaid } from './mermaid';
import { diagramToSvg } from './svg';

/** `lang` words the failures' notes (from their Problem codes) and picks CJK-capable fonts. */
export function sessionToSvg(model: SessionModel, lang: Lang = 'en'): string {
  if (lang === 'en') return diagramToSvg(layoutSession(model));
  const exchanges = model.exchanges.map((x) => (x.problem ? { ...x, problem: localizeProblem(x.problem, lang) } : x));
  return diagramToSvg(layoutSession({ ...model, exchanges }), undefined, lang);
}

export function sessionToMermaid(model: SessionModel): string {
  return groupsToMermaid(layoutSession(model));
}
