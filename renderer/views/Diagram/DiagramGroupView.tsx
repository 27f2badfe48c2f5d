// One exchange drawn across the three lanes. Arrows are buttons: a click jumps the log to the
// line (observed) or to the whole exchange (implied packets have no line of their own).
import { memo } from 'react';
import { useT } from '../../i18n';
import { arrowText, fitLabel, LANES, laneX, type DiagramArrow, type DiagramGroup, type Lane } from '../../../shared/diagram/layout';

interface Props {
  group: DiagramGroup;
  width: number;
  /** The lanes of the whole drawing (four once a laptop probe is in it). */
  lanes?: readonly Lane[];
  selected: boolean;
  focused: boolean;
  onArrow(exchangeId: number, entry: number | undefined, additive: boolean): void;
}

function Arrow({ a, width, lanes, onClick }: { a: DiagramArrow; width: number; lanes: readonly Lane[]; onClick(additive: boolean): void }) {
  const t = useT();
  const x1 = laneX(a.from, width, lanes);
  const x2 = laneX(a.to, width, lanes);
  const y = a.y + 16;
  const dir = x2 > x1 ? 1 : -1;
  const cls = `arrow ${a.style}${a.failed ? ' failed' : ''}${a.uncertain ? ' uncertain' : ''}`;
  const { full, text: label, took } = arrowText(a, width, lanes);
  return (
    <g
      className={cls}
      role="button"
      tabIndex={0}
      aria-label={a.style === 'implied' ? t('diagram.arrowImplied', { label: a.label }) : t('diagram.arrowLine', { label: a.label })}
      data-testid="diagram-arrow"
      data-style={a.style}
      data-entry={a.entry ?? ''}
      data-label={a.label}
      data-failed={a.failed ? 'true' : 'false'}
      onClick={(e) => onClick(e.ctrlKey || e.metaKey || e.shiftKey)}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onClick(false))}
    >
      {/* A wide transparent band makes the thin line easy to hit. */}
      <title>{full}</title>
      <rect x={Math.min(x1, x2)} y={y - 14} width={Math.abs(x2 - x1)} height={20} fill="transparent" />
      <line x1={x1} y1={y} x2={x2 - dir * 2} y2={y} />
      <path d={`M${x2} ${y} l${-dir * 8} -4 v8 z`} />
      <text x={Math.min(x1, x2) + 6} y={y - 4}>
        {label}
        {took && <tspan className="took">{took}</tspan>}
      </text>
    </g>
  );
}

export const DiagramGroupView = memo(function DiagramGroupView({ group: g, width, lanes = LANES, selected, focused, onArrow }: Props) {
  const t = useT();
  const hostX = laneX('host', width, lanes);
  return (
    <svg
      className={`dgroup${g.failed ? ' failed' : ''}${g.pending ? ' pending' : ''}${selected ? ' selected' : ''}${focused ? ' focused' : ''}`}
      width={width}
      height={g.height}
      data-testid="diagram-group"
      data-exchange={g.exchangeId}
      data-failed={g.failed ? 'true' : 'false'}
    >
      {lanes.map((l) => (
        <line key={l} className="lane" x1={laneX(l, width, lanes)} x2={laneX(l, width, lanes)} y1={0} y2={g.height} />
      ))}
      <rect className="gbox" x={4} y={2} width={width - 8} height={g.height - 4} rx={4} onClick={(e) => onArrow(g.exchangeId, undefined, e.ctrlKey || e.metaKey || e.shiftKey)} />
      <text className="gtitle" x={10} y={16}>
        {g.title}
      </text>
      {g.arrows.map((a, k) => (
        <Arrow key={k} a={a} width={width} lanes={lanes} onClick={(additive) => onArrow(g.exchangeId, a.entry, additive)} />
      ))}
      {g.note && (
        <g className="note" data-testid="diagram-failure">
          <title>{g.note.nextStep ? `${g.note.title}\n${t('diagram.next', { step: g.note.nextStep })}` : g.note.title}</title>
          <text x={hostX} y={g.note.y + 16} className="note-title">
            {fitLabel(g.note.title, width - hostX)}
          </text>
          {g.note.nextStep && (
            <text x={hostX} y={g.note.y + 32}>
              {fitLabel(t('diagram.next', { step: g.note.nextStep }), width - hostX)}
            </text>
          )}
        </g>
      )}
    </svg>
  );
});
