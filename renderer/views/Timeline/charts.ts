// uPlot options and data of the timeline's three charts (signal, state lanes, message rates), on
// one time axis in seconds. Pure over the timeline model, apart from the draw hooks uPlot calls.
import uPlot from 'uplot';
import type { Span, Timeline } from '../../../shared/timeline/model';
import { decimated, type Level } from '../../../shared/timeline/decimate';
import { tokenColor } from '../../ui/tokenColor';
import { t } from '../../i18n';

export const SYNC_KEY = 'timeline';

/** Every chart has axes of these widths on both sides (and no axis titles, which take room of their own), so their plot areas line up on one time axis. */
const LEFT_AXIS = 90;
const RIGHT_AXIS = 52;
const emptyRight = (scale: string): uPlot.Axis => ({ scale, side: 1, size: RIGHT_AXIS, values: () => [], grid: { show: false }, ticks: { show: false } });

const sec = (ms: number): number => ms / 1000;

/** Field rule-of-thumb bands for RSSI (shared/protocol/signal.ts qualityOf). */
const BANDS: Array<{ from: number; to: number; color: string }> = [
  { from: -70, to: -40, color: 'rgba(34,160,90,0.10)' },
  { from: -85, to: -70, color: 'rgba(120,180,60,0.10)' },
  { from: -100, to: -85, color: 'rgba(230,170,30,0.12)' },
  { from: -125, to: -100, color: 'rgba(220,60,50,0.12)' },
];

export const LANE_COLORS: Record<string, string> = {
  registered: '#2e9d5b', searching: '#e0a526', denied: '#d0453a', 'not registered': '#9aa0a6', unknown: '#c9cdd2',
  active: '#2e9d5b', inactive: '#c9cdd2',
  connected: '#2e9d5b', open: '#6aa7e0', closed: '#c9cdd2',
};

const common = (width: number, height: number, xMin: number, xMax: number, showX: boolean): Omit<uPlot.Options, 'series'> => ({
  width,
  height,
  legend: { show: true, live: false },
  // Fixed padding: uPlot's automatic padding widens a chart whose edge tick labels overflow, which would shift its plot area.
  padding: [8, 0, 0, 0],
  cursor: { sync: { key: SYNC_KEY, setSeries: false }, drag: { x: true, y: false, setScale: false } },
  scales: { x: { time: true, min: xMin, max: xMax } },
  axes: [{ show: showX, size: showX ? 40 : 0, grid: { stroke: 'rgba(0,0,0,0.06)' } }],
});

export function signalChart(tl: Timeline, width: number, range: [number, number]): Chart {
  const s = tl.signal;
  const opts: uPlot.Options = {
    ...common(width, 170, range[0], range[1], false),
    series: [
      {},
      { label: 'RSSI dBm', stroke: '#2f6fd0', width: 1.5, spanGaps: false, scale: 'dbm' },
      { label: 'RSRP dBm', stroke: '#8a3fd1', width: 1.5, spanGaps: true, scale: 'dbm' },
      { label: 'SINR dB', stroke: '#d07a2f', width: 1, dash: [4, 3], spanGaps: true, scale: 'db' },
    ],
    scales: { x: { time: true, min: range[0], max: range[1] }, dbm: { auto: false, range: [-125, -40] }, db: { auto: false, range: [-20, 30] } },
    axes: [
      { show: false, size: 0 },
      { scale: 'dbm', size: LEFT_AXIS, values: (_u, vals) => vals.map((v) => `${v} dBm`), grid: { stroke: 'rgba(0,0,0,0.06)' } },
      { scale: 'db', side: 1, size: RIGHT_AXIS, values: (_u, vals) => vals.map((v) => `${v} dB`), grid: { show: false } },
    ],
    hooks: {
      drawClear: [
        (u) => {
          const { ctx } = u;
          const { left, width: w } = u.bbox;
          ctx.save();
          for (const b of BANDS) {
            const y0 = u.valToPos(b.to, 'dbm', true);
            const y1 = u.valToPos(b.from, 'dbm', true);
            ctx.fillStyle = b.color;
            ctx.fillRect(left, y0, w, y1 - y0);
          }
          // No service: a red strip at the bottom for each reading that said so.
          ctx.fillStyle = 'rgba(208,69,58,0.8)';
          const y = u.bbox.top + u.bbox.height - 6 * devicePixelRatio;
          for (let i = 0; i < s.t.length; i++) {
            if (!s.none[i]) continue;
            const x = u.valToPos(sec(s.t[i]!), 'x', true);
            ctx.fillRect(x - 2 * devicePixelRatio, y, 4 * devicePixelRatio, 6 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
  const columns = Math.max(64, width - LEFT_AXIS - RIGHT_AXIS);
  const level = decimated(s, range, columns);
  const data = level.data as uPlot.AlignedData;
  return { opts, data, prepare: (u, r) => {
    // A zoom that changes the points per column, or a pan past the columns made, makes them afresh;
    // a pan within them only moves the scale.
    const cur = levels.get(u) ?? level;
    const span = r[1] - r[0];
    if (span * 1.5 < cur.span || span > cur.span * 1.5 || r[0] < cur.from || r[1] > cur.to) {
      const next = decimated(s, r, columns);
      levels.set(u, next);
      u.setData(next.data as uPlot.AlignedData, false);
    }
  } };
}

const levels = new WeakMap<uPlot, Level>();

/** A chart as made: its options and data, and what to do before its x scale moves to a new range. */
export interface Chart {
  opts: uPlot.Options;
  data: uPlot.AlignedData;
  prepare?: (u: uPlot, range: [number, number]) => void;
}

/** Moves the charts to a time range: one batch per chart, its data refreshed first where it must be. */
export function showRange(plots: ReadonlyArray<{ u: uPlot; prepare?: Chart['prepare'] }>, range: [number, number]): void {
  for (const { u, prepare } of plots) {
    u.batch(() => {
      prepare?.(u, range);
      u.setScale('x', { min: range[0], max: range[1] });
    });
  }
}

export interface Lane {
  label: string;
  spans: readonly Span[];
}

export function lanesOf(tl: Timeline): Lane[] {
  const lanes: Lane[] = [
    { label: t('timeline.laneRegistration'), spans: tl.registration },
    { label: t('timeline.lanePdp'), spans: tl.pdp },
  ];
  for (const [k, spans] of Object.entries(tl.clients)) lanes.push({ label: t('timeline.laneMqtt', { client: k }), spans });
  return lanes;
}

export const LANE_HEIGHT = 22;

export function laneChart(tl: Timeline, width: number, range: [number, number]): Chart {
  const lanes = lanesOf(tl);
  const height = lanes.length * LANE_HEIGHT + 44;
  const opts: uPlot.Options = {
    ...common(width, height, range[0], range[1], true),
    legend: { show: false },
    series: [{}, { label: 'lanes', stroke: 'transparent', points: { show: false }, scale: 'lane' }],
    scales: { x: { time: true, min: range[0], max: range[1] }, lane: { auto: false, range: [0, lanes.length] } },
    axes: [{ size: 40, grid: { stroke: 'rgba(0,0,0,0.06)' } }, { scale: 'lane', size: LEFT_AXIS, splits: () => lanes.map((_, i) => i + 0.5), values: () => [...lanes].reverse().map((l) => l.label), grid: { show: false }, ticks: { show: false } }, emptyRight('lane')],
    hooks: {
      draw: [
        (u) => {
          const { ctx } = u;
          const dpr = devicePixelRatio;
          ctx.save();
          ctx.beginPath();
          ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
          ctx.clip();
          const track = tokenColor('--surface-3', '#eaeef4');
          lanes.forEach((lane, i) => {
            // Lane 0 on top.
            const top = u.valToPos(lanes.length - i, 'lane', true) + 3 * dpr;
            const h = (LANE_HEIGHT - 6) * dpr;
            // The lane's track spans the whole plot area, as the signal chart's bands do: the view's
            // margin before and after the session then reads as time with no state, not as a
            // narrower chart.
            ctx.fillStyle = track;
            ctx.fillRect(u.bbox.left, top, u.bbox.width, h);
            for (const sp of lane.spans) {
              const x0 = u.valToPos(sec(sp.from), 'x', true);
              const x1 = Math.max(x0 + dpr, u.valToPos(sec(sp.to), 'x', true));
              ctx.fillStyle = LANE_COLORS[sp.state] ?? '#c9cdd2';
              ctx.fillRect(x0, top, x1 - x0, h);
            }
          });
          ctx.restore();
        },
      ],
    },
  };
  const xs = [sec(tl.start), sec(Math.max(tl.end, tl.start + 1))];
  return { opts, data: [xs, [null, null]] };
}

const CLIENT_COLORS = ['#2f6fd0', '#2e9d5b', '#8a3fd1', '#d07a2f', '#c0397a', '#3a9aa0'];

export function rateChart(tl: Timeline, width: number, range: [number, number]): Chart {
  const clients = Object.keys(tl.rates).map(Number);
  const first = clients[0] !== undefined ? tl.rates[clients[0]] : undefined;
  const xs = (first?.t ?? [tl.start]).map(sec);
  const series: uPlot.Series[] = [{}];
  const data: uPlot.AlignedData = [xs];
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  for (const c of clients) {
    const r = tl.rates[c]!;
    const color = CLIENT_COLORS[c % CLIENT_COLORS.length]!;
    series.push({ label: t('timeline.rateIn', { client: c }), stroke: color, width: 1.5, points: { show: false }, ...(stepped ? { paths: stepped } : {}) });
    series.push({ label: t('timeline.rateOut', { client: c }), stroke: color, width: 1, dash: [5, 3], points: { show: false }, ...(stepped ? { paths: stepped } : {}) });
    (data as unknown as number[][]).push(r.in, r.out);
  }
  const opts: uPlot.Options = {
    ...common(width, 120, range[0], range[1], false),
    series,
    axes: [{ show: false, size: 0 }, { size: LEFT_AXIS, values: (_u, vals) => vals.map((v) => `${v} /${tl.binMs / 1000}s`), grid: { stroke: 'rgba(0,0,0,0.06)' } }, emptyRight('y')],
  };
  return { opts, data };
}
