// A standalone SVG of diagram groups, for the SVG and PNG exports. Pure: same geometry and colours
// as the on-screen diagram (layout.ts), no scripts, no external references.
import { translator, type Lang } from '../i18n';
import { arrowText, fitLabel, lanesOf, LANE_TITLES, laneX, type DiagramArrow, type DiagramGroup, type Lane } from './layout';
import { laneWords } from './words';

export const COLORS = { observed: '#1d2330', implied: '#5a6b8c', failed: '#c62828', lane: '#9aa6bb', group: '#eef2f8', groupFailed: '#fdecec' } as const;
const HEAD = 40;

export function escapeXml(s: string): string {
  // Control bytes are not allowed in XML 1.0 text: a space keeps the file well-formed.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function arrowSvg(a: DiagramArrow, top: number, width: number, lanes: readonly Lane[]): string {
  const x1 = laneX(a.from, width, lanes);
  const x2 = laneX(a.to, width, lanes);
  const y = top + a.y + 16;
  const color = a.failed ? COLORS.failed : a.style === 'implied' ? COLORS.implied : COLORS.observed;
  const dir = x2 > x1 ? 1 : -1;
  const dash = a.style === 'implied' ? ' stroke-dasharray="6 4"' : '';
  const { text, took } = arrowText(a, width, lanes);
  const label = text + took;
  const lx = Math.min(x1, x2) + 6;
  return (
    `<line x1="${x1}" y1="${y}" x2="${x2 - dir * 2}" y2="${y}" stroke="${color}" stroke-width="1.5"${dash}/>` +
    `<path d="M${x2} ${y} l${-dir * 8} -4 v8 z" fill="${color}"/>` +
    `<text x="${lx}" y="${y - 4}" fill="${color}" font-size="11">${escapeXml(label)}</text>`
  );
}

// A Chinese diagram needs CJK glyphs: the platform's fonts after the monospace one (nothing remote).
const FONTS_EN = 'DejaVu Sans Mono, monospace';
const FONTS_CJK = "DejaVu Sans Mono, 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', monospace";

/** The groups stacked top to bottom under the lane heads; `lang` words the heads and the notes' "Next:" and picks the fonts. */
export function diagramToSvg(groups: readonly DiagramGroup[], width = 1000, lang: Lang = 'en'): string {
  const next = (step: string) => (lang === 'en' ? `Next: ${step}` : translator(lang)('report.diagramNext', { next: step }));
  const height = HEAD + groups.reduce((h, g) => h + g.height, 0) + 10;
  const parts: string[] = [];
  const lanes = lanesOf(groups);
  const hostX = laneX('host', width, lanes);
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${lang === 'en' ? FONTS_EN : FONTS_CJK}">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  for (const lane of lanes) {
    const x = laneX(lane, width, lanes);
    parts.push(`<line x1="${x}" y1="${HEAD - 8}" x2="${x}" y2="${height}" stroke="${COLORS.lane}" stroke-width="1"/>`);
    parts.push(`<text x="${x}" y="20" text-anchor="middle" font-size="13" font-weight="bold" fill="#1d2b45">${escapeXml(lang === 'en' ? LANE_TITLES[lane] : laneWords(lane, translator(lang)))}</text>`);
  }
  let top = HEAD;
  for (const g of groups) {
    parts.push(`<g data-exchange="${g.exchangeId}">`);
    parts.push(`<rect x="4" y="${top + 2}" width="${width - 8}" height="${g.height - 4}" rx="4" fill="${g.failed ? COLORS.groupFailed : COLORS.group}" fill-opacity="0.55" stroke="${g.failed ? COLORS.failed : COLORS.lane}" stroke-width="0.8"/>`);
    parts.push(`<text x="10" y="${top + 16}" font-size="11" fill="${g.failed ? COLORS.failed : '#3b4660'}">${escapeXml(g.title)}</text>`);
    for (const a of g.arrows) parts.push(arrowSvg(a, top, width, lanes));
    if (g.note) {
      const y = top + g.note.y;
      const span = width - hostX;
      parts.push(`<text x="${hostX}" y="${y + 16}" font-size="11" font-weight="bold" fill="${COLORS.failed}">${escapeXml(fitLabel(g.note.title, span))}</text>`);
      if (g.note.nextStep) parts.push(`<text x="${hostX}" y="${y + 32}" font-size="11" fill="${COLORS.failed}">${escapeXml(fitLabel(next(g.note.nextStep), span))}</text>`);
    }
    parts.push('</g>');
    top += g.height;
  }
  parts.push('</svg>');
  return parts.join('');
}
