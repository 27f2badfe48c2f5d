// Diagram groups → Mermaid `sequenceDiagram` text. Pure.
// Observed AT lines are solid (`->>`), implied packets dashed (`-->>`), a packet that failed or
// never came is dashed with a cross (`--x`); failed exchanges sit in a red `rect` with a note.
import { translator, type Lang } from '../i18n';
import { LANE_IDS, lanesOf, type DiagramArrow, type DiagramGroup } from './layout';
import { laneWords } from './words';

const FAILED_FILL = 'rect rgb(255, 228, 228)';
const OK_FILL = 'rect rgb(244, 247, 252)';

/**
 * `lang` other than English gives each participant its lane head as an alias
 * (`participant Host as 主机（本应用）`) and words the note's next step; the groups come already
 * worded (layout.ts with shared/diagram/words.ts). English stays as it always was.
 */
export function groupsToMermaid(groups: readonly DiagramGroup[], lang: Lang = 'en'): string {
  const { host, modem, server } = LANE_IDS;
  const lanes = lanesOf(groups);
  const t = lang === 'en' ? undefined : translator(lang);
  const head = (l: (typeof lanes)[number]) => (t ? `  participant ${LANE_IDS[l]} as ${escapeMermaidAlias(laneWords(l, t), LANE_IDS[l])}` : `  participant ${LANE_IDS[l]}`);
  const out = ['sequenceDiagram', ...lanes.map(head)];
  // A note spans the lanes the group uses: a laptop probe's reaches the Laptop lane.
  const last = (g: DiagramGroup) => (g.arrows.some((a) => a.from === 'laptop' || a.to === 'laptop') ? LANE_IDS.laptop : server);
  for (const g of groups) {
    out.push(`  ${g.failed ? FAILED_FILL : OK_FILL}`);
    out.push(`    Note over ${host},${modem}: ${escapeMermaid(g.title)}`);
    for (const a of g.arrows) out.push(`    ${arrow(a)}`);
    if (g.note) {
      const text = !g.note.nextStep ? g.note.title : t ? t('diagram.mermaidNote', { title: g.note.title, step: g.note.nextStep }) : `${g.note.title}. Next: ${g.note.nextStep}`;
      out.push(`    Note over ${host},${last(g)}: ${escapeMermaid(text)}`);
    }
    out.push('  end');
  }
  return out.join('\n') + '\n';
}

function arrow(a: DiagramArrow): string {
  const link = a.style === 'observed' ? '->>' : a.failed ? '--x' : '-->>';
  const label = `${a.failed ? '✗ ' : ''}${a.label}${a.took ? ` (+${a.took})` : ''}`;
  return `${LANE_IDS[a.from]}${link}${LANE_IDS[a.to]}: ${escapeMermaid(label)}`;
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

/**
 * Makes text safe as a participant's alias. Mermaid reads the alias as the rest of the line up to
 * the first `#` (a comment there, so no entity codes) or `;` (the statement's end): those, the
 * markup characters and control bytes become spaces. CJK text and full-width punctuation need no
 * quoting. An alias left empty falls back to the participant's id.
 */
export function escapeMermaidAlias(text: string, id: string): string {
  const t = text.replace(/[\u0000-\u001f\u007f#;"<>%{}]/g, ' ').replace(/ {2,}/g, ' ').trim();
  return t === '' ? id : t;
}
