// Session → Mermaid `sequenceDiagram` text. Pure.
// Observed AT lines are solid (`->>`), implied packets dashed (`-->>`), a packet that failed or
// never came is dashed with a cross (`--x`); failed exchanges sit in a red `rect` with a note.
import type { SessionModel } from '../../../shared/exchanges';
import { diagramSteps, type DiagramStep } from './steps';

const FAILED_FILL = 'rect rgb(255, 228, 228)';
const OK_FILL = 'rect rgb(244, 247, 252)';

export function toMermaid(model: SessionModel): string {
  const out = ['sequenceDiagram', '  participant Host', '  participant Modem', '  participant Server'];
  let depth = 1;
  const pad = () => '  '.repeat(depth);
  for (const s of diagramSteps(model)) out.push(...render(s));
  return out.join('\n') + '\n';

  function render(s: DiagramStep): string[] {
    switch (s.kind) {
      case 'group': {
        const lines = [`${pad()}${s.failed ? FAILED_FILL : OK_FILL}`];
        depth++;
        lines.push(`${pad()}Note over Host,Modem: ${escapeMermaid(s.title)}`);
        return lines;
      }
      case 'end':
        depth--;
        return [`${pad()}end`];
      case 'note':
        return [`${pad()}Note over ${s.over[0]},${s.over[1]}: ${escapeMermaid(s.text)}`];
      case 'arrow': {
        const arrow = s.style === 'observed' ? '->>' : s.failed ? '--x' : '-->>';
        return [`${pad()}${s.from}${arrow}${s.to}: ${escapeMermaid(s.label)}`];
      }
    }
  }
}

/**
 * Makes text safe as a Mermaid message: `;` would end the statement, `#` starts an entity code,
 * quotes, `<`/`>` and `%` are read as markup, so each becomes a numeric entity (`#59;`). Control
 * bytes become spaces; an empty label becomes a single space entity so the arrow stays valid.
 */
export function escapeMermaid(text: string): string {
  const t = text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[#;"<>%{}]/g, (c) => `#${c.charCodeAt(0)};`).trim();
  return t === '' ? '#160;' : t;
}
