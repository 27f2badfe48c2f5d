// Session → a self-contained SVG sequence diagram: three lanes (Host, Modem, Server), observed AT
// lines solid, implied packets dashed, failures red, session time at the left of each AT line.
// Pure; no fonts or scripts are referenced, so the file opens anywhere.
import type { SessionModel } from '../../../shared/exchanges';
import { diagramSteps, formatMs, type DiagramStep, type Lane } from './steps';

const LANE_X: Record<Lane, number> = { Host: 170, Modem: 520, Server: 870 };
const WIDTH = 1000;
const ROW = 26;
const TOP = 64;
const RED = '#c62828';
const INK = '#1f2933';

export function toSvg(model: SessionModel): string {
  const steps = diagramSteps(model, { maxLabel: 56 });
  const t0 = model.entries[0]?.mono ?? model.exchanges[0]?.startedMono ?? 0;
  const body: string[] = [];
  let y = TOP;
  let groupStart = 0;
  let groupFailed = false;
  const groupIndex: number[] = [];
  for (const s of steps) {
    y = draw(s, y);
  }
  const height = y + 30;

  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">`,
    '<defs>',
    `<marker id="ink" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${INK}"/></marker>`,
    `<marker id="red" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${RED}"/></marker>`,
    '</defs>',
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const [lane, x] of Object.entries(LANE_X)) {
    head.push(`<line x1="${x}" y1="${TOP - 20}" x2="${x}" y2="${height - 10}" stroke="#9aa5b1" stroke-dasharray="2 4"/>`);
    head.push(`<rect x="${x - 60}" y="10" width="120" height="26" rx="4" fill="#e4e7eb" stroke="#9aa5b1"/>`);
    head.push(`<text x="${x}" y="28" text-anchor="middle" font-weight="bold" fill="${INK}">${lane}</text>`);
  }
  return [...head, ...body, '</svg>'].join('\n') + '\n';

  function draw(s: DiagramStep, at: number): number {
    switch (s.kind) {
      case 'group':
        groupStart = at;
        groupFailed = s.failed;
        groupIndex.push(body.length);
        body.push(`<text x="8" y="${at + 12}" fill="#52606d" font-size="10">${xml(s.title)}</text>`);
        return at + 18;
      case 'end': {
        const i = groupIndex.pop() ?? 0;
        const fill = groupFailed ? '#fdecea' : '#f5f7fa';
        const stroke = groupFailed ? RED : '#d9e2ec';
        body.splice(i, 0, `<rect x="4" y="${groupStart}" width="${WIDTH - 8}" height="${at - groupStart + 4}" fill="${fill}" stroke="${stroke}" rx="3"/>`);
        return at + 10;
      }
      case 'note': {
        const x1 = LANE_X[s.over[0]] - 60;
        const x2 = LANE_X[s.over[1]] + 60;
        body.push(`<rect x="${x1}" y="${at}" width="${x2 - x1}" height="${ROW - 4}" fill="${s.failed ? '#ffcdd2' : '#fff8c5'}" stroke="${s.failed ? RED : '#d4a72c'}"/>`);
        body.push(`<text x="${(x1 + x2) / 2}" y="${at + 15}" text-anchor="middle" fill="${s.failed ? RED : INK}">${xml(s.text)}</text>`);
        return at + ROW;
      }
      case 'arrow': {
        const x1 = LANE_X[s.from];
        const x2 = LANE_X[s.to];
        const colour = s.failed ? RED : INK;
        const y1 = at + 16;
        const dash = s.style === 'implied' ? ' stroke-dasharray="6 4"' : '';
        const marker = s.failed ? 'red' : 'ink';
        body.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y1}" stroke="${colour}" stroke-width="1.4"${dash} marker-end="url(#${marker})"/>`);
        body.push(`<text x="${(x1 + x2) / 2}" y="${y1 - 4}" text-anchor="middle" fill="${colour}"${s.uncertain ? ' font-style="italic"' : ''}>${xml(s.label)}</text>`);
        if (s.style === 'observed') body.push(`<text x="8" y="${y1 + 4}" fill="#7b8794" font-size="10">${xml(formatMs(s.mono - t0))}</text>`);
        return at + ROW;
      }
    }
  }
}

function xml(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
