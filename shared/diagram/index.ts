// The one diagram pipeline: a session model → groups (layout.ts) → SVG or Mermaid. The app's
// exports, `workbench diagram` and the on-screen view all draw through it. Feed it only a
// redacted model when the result leaves the app (electron/session/model.ts exportDiagram).
import type { SessionModel } from '../exchanges';
import { layoutSession } from './layout';
import { groupsToMermaid } from './mermaid';
import { diagramToSvg } from './svg';

export function sessionToSvg(model: SessionModel): string {
  return diagramToSvg(layoutSession(model));
}

export function sessionToMermaid(model: SessionModel): string {
  return groupsToMermaid(layoutSession(model));
}
