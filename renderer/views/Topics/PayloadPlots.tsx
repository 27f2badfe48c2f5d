// A topic's numbers over time, beside its received messages: the numeric fields its payloads carry
// (shared/payload/fields.ts) as checkboxes, and a small uPlot chart per chosen field that follows
// new messages as they arrive. Colours come from the design tokens, so both themes apply. (Its
// styles are in renderer/styles.css: a renderer test renders this panel, and Node's typecheck knows
// no CSS modules; uPlot's own stylesheet comes with the Timeline view.)
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { ReceivedMessage } from '../../../shared/status';
import { fieldSeries, topicFields, WHOLE, type FieldSeries } from '../../../shared/payload/fields';
import { useWorkbench } from '../../stores';
import { fieldsOfMessage } from '../../stores/topics/selectors';
import { useT } from '../../i18n';
import { tokenColor, useThemeKey } from '../../ui/tokenColor';

const PLOT_WIDTH = 300;
const PLOT_HEIGHT = 120;

/** A value as the chart states it: up to 6 significant digits, no unit (the payload names none). */
const show = (v: number | undefined): string => (v === undefined ? '—' : String(Number(v.toPrecision(6))));

export function TopicPlots({ clientIdx, topic, messages }: { clientIdx: number; topic: string; messages: readonly ReceivedMessage[] }) {
  const t = useT();
  const plotted = useWorkbench((s) => s.plotted);
  const toggle = useWorkbench((s) => s.togglePlot);
  // The list is rebuilt at every render of the panel: its length and last message say whether it changed.
  const sig = signature(messages);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the signature
  const fields = useMemo(() => topicFields(messages, fieldsOfMessage), [sig]);
  if (fields.length === 0) return null;
  const chosen = plotted.filter((p) => p.clientIdx === clientIdx && p.topic === topic && fields.includes(p.field));
  const name = (f: string) => (f === WHOLE ? t('topics.plotWhole') : f);
  return (
    <aside className="topic-plots" data-testid="payload-plot" data-topic={topic}>
      <fieldset className="payload-plot-fields" data-testid="payload-plot-fields">
        <legend>{t('topics.plotLegend')}</legend>
        {fields.map((f) => (
          <label key={f} className="payload-plot-field">
            <input type="checkbox" data-testid="payload-plot-field" data-field={f} checked={chosen.some((p) => p.field === f)} onChange={() => toggle({ clientIdx, topic, field: f })} />
            <span className={f === WHOLE ? '' : 'mono'}>{name(f)}</span>
          </label>
        ))}
      </fieldset>
      {chosen.map((p) => (
        <FieldPlot key={p.field} topic={topic} field={p.field} label={name(p.field)} messages={messages} />
      ))}
    </aside>
  );
}

const signature = (messages: readonly ReceivedMessage[]): string => `${messages.length}:${messages[messages.length - 1]?.id ?? ''}`;

function FieldPlot({ topic, field, label, messages }: { topic: string; field: string; label: string; messages: readonly ReceivedMessage[] }) {
  const t = useT();
  const sig = signature(messages);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the signature
  const series = useMemo(() => fieldSeries(messages, field, fieldsOfMessage), [sig, field]);
  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const latest = useRef(series);
  useEffect(() => {
    latest.current = series;
  }, [series]);
  const theme = useThemeKey();
  const data = (s: FieldSeries): uPlot.AlignedData => [s.t.map((w) => w / 1000), s.v];

  // Made once per theme (canvas colours are read from the tokens then); new points only set data.
  useEffect(() => {
    if (!el.current) return;
    const fg = tokenColor('--fg-muted', '#5a6475');
    const grid = tokenColor('--border-subtle', '#e6eaf0');
    const line = tokenColor('--accent', '#2f6fe4');
    const font = `11px ${getComputedStyle(document.documentElement).getPropertyValue('--font-ui') || 'sans-serif'}`;
    const axis = { stroke: fg, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const u = new uPlot(
      {
        width: PLOT_WIDTH,
        height: PLOT_HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        series: [{}, { stroke: line, width: 1.5, spanGaps: true, points: { show: (u) => (u.data[0]?.length ?? 0) <= 60, size: 4, fill: line, stroke: line } }],
        axes: [{ ...axis, size: 30 }, { ...axis, size: 48 }],
      },
      data(latest.current),
      el.current,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = undefined;
    };
  }, [theme]);

  useEffect(() => {
    plot.current?.setData(data(series));
  }, [series]);

  const last = series.v[series.v.length - 1];
  const count = series.v.length;
  return (
    <figure className="payload-plot-chart" data-testid="payload-plot-chart" data-topic={topic} data-field={field} data-points={count} data-last={last ?? ''}>
      <figcaption title={t('topics.plotTitle', { topic, field: label })}>
        <span className="payload-plot-head">
          <span className={field === WHOLE ? 'payload-plot-title' : 'mono payload-plot-title'}>{label}</span>
          <span className="muted small">
            {t('topics.plotPoints', { count })} · {t('topics.plotLast', { value: show(last) })}
          </span>
        </span>
        <span className="mono muted small payload-plot-topic">{topic}</span>
      </figcaption>
      <div ref={el} role="img" aria-label={t('topics.plotChart', { topic, field: label, count, value: show(last) })} />
    </figure>
  );
}
