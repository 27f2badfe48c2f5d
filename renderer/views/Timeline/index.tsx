// The session timeline: signal with its quality bands, registration / PDP / per-client MQTT lanes,
// drops, restarts and refused commands as markers, message rates — on one time axis. Wheel zooms,
// shift+wheel and the arrow keys pan, +/− zoom, 0 shows everything; dragging a span selects its
// log rows and exchanges; a marker jumps to its log row.
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './timeline.css';
import type { Marker, Timeline } from '../../../shared/timeline/model';
import { useWorkbench } from '../../stores';
import { exchangeList } from '../../stores/diagram/exchanges';
import { logBuffer } from '../../stores/log/buffer';
import { useT } from '../../i18n';
import type { Translate } from '../../../shared/i18n';
import { laneChart, rateChart, showRange, signalChart, type Chart } from './charts';
import { useRadioSampling, useTimeline } from './useTimeline';

type Range = [number, number];

const fullRange = (tl: Timeline): Range => {
  const a = tl.start / 1000;
  const b = Math.max(tl.end / 1000, a + 10);
  const pad = (b - a) * 0.02;
  return [a - pad, b + pad];
};

/** Log rows whose wall time is within [from, to] ms (the buffer is in time order). */
function rowsBetween(from: number, to: number): number[] {
  const n = logBuffer.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (logBuffer.wall(mid) < from) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < n && logBuffer.wall(i) <= to; i++) out.push(i);
  return out;
}

/** A lane state in the reader's language (the select's keys have no spaces). */
const stateWord = (t: Translate, state: string): string => t('timeline.state', { state: state === 'not registered' ? 'notRegistered' : state });

const time = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour12: false });

function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(900);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setW(Math.max(320, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

export function TimelineView() {
  const t = useT();
  const { timeline, problem } = useTimeline();
  const { sampling, set: setSampling } = useRadioSampling();
  const [range, setRange] = useState<Range | undefined>();
  const [brushed, setBrushed] = useState<{ from: number; to: number; rows: number; exchanges: number }>();
  const [wrapRef, width] = useWidth();
  const view = timeline ? (range ?? fullRange(timeline)) : undefined;

  const keys = (e: React.KeyboardEvent) => {
    if (!timeline || !view) return;
    const span = view[1] - view[0];
    const mid = (view[0] + view[1]) / 2;
    const k = e.key;
    if (k === 'ArrowLeft' || k === 'ArrowRight') {
      const d = (k === 'ArrowLeft' ? -1 : 1) * span * 0.2;
      setRange([view[0] + d, view[1] + d]);
    } else if (k === '+' || k === '=') setRange([mid - span / 4, mid + span / 4]);
    else if (k === '-' || k === '_') setRange([mid - span, mid + span]);
    else if (k === '0' || k === 'Home') setRange(undefined);
    else return;
    e.preventDefault();
  };

  const onWheel = (e: React.WheelEvent<HTMLDivElement>) => {
    if (!view) return;
    const span = view[1] - view[0];
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const d = ((e.shiftKey ? e.deltaY : e.deltaX) / 500) * span;
      setRange([view[0] + d, view[1] + d]);
      return;
    }
    const rect = e.currentTarget.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (e.clientX - rect.left - 90) / Math.max(1, rect.width - 140)));
    const at = view[0] + f * span;
    const z = e.deltaY > 0 ? 1.25 : 0.8;
    setRange([at - (at - view[0]) * z, at + (view[1] - at) * z]);
  };

  const onBrush = (fromS: number, toS: number) => {
    const from = fromS * 1000;
    const to = toS * 1000;
    const rows = rowsBetween(from, to);
    const inSpan = new Set(rows);
    const ids = exchangeList.all().filter((x) => x.entries.some((i) => inSpan.has(i))).map((x) => x.id);
    useWorkbench.setState({ selectedExchanges: ids });
    useWorkbench.getState().jumpToLogRows(rows);
    setBrushed({ from, to, rows: rows.length, exchanges: ids.length });
  };

  const jump = (m: Marker) => {
    const st = useWorkbench.getState();
    if (m.exchangeId !== undefined) useWorkbench.setState({ selectedExchanges: [m.exchangeId] });
    st.jumpToLogRows([m.entry]);
    st.showTab('log');
  };

  return (
    <section className="panel timeline" aria-label={t('timeline.panel')} data-testid="timeline-view">
      <div className="timeline-toolbar">
        <label title={t('timeline.samplingTitle')}>
          <input type="checkbox" data-testid="timeline-sampling" checked={sampling?.enabled ?? false} onChange={(e) => setSampling({ enabled: e.target.checked })} /> {t('timeline.sampleEvery')}
        </label>{' '}
        <select data-testid="timeline-interval" aria-label={t('timeline.interval')} value={sampling?.intervalMs ?? 10_000} onChange={(e) => setSampling({ enabled: sampling?.enabled ?? false, intervalMs: Number(e.target.value) })}>
          {[1_000, 5_000, 10_000, 30_000, 60_000].map((ms) => (
            <option key={ms} value={ms}>{ms / 1000} s</option>
          ))}
        </select>
        <span className="spacer" />
        <button type="button" onClick={() => setRange(undefined)} data-testid="timeline-reset" title={t('timeline.wholeSessionTitle')}>{t('timeline.wholeSession')}</button>
        <span className="muted small">{t('timeline.controls')}</span>
      </div>
      {problem && <div className="problem" role="alert">{problem.title}</div>}
      {brushed && (
        <div className="muted small" data-testid="timeline-brushed">
          {t('timeline.brushed', { from: time(brushed.from), to: time(brushed.to), rows: brushed.rows, exchanges: brushed.exchanges })}
        </div>
      )}
      {timeline && <Summary timeline={timeline} />}
      <div ref={wrapRef} className="timeline-charts" tabIndex={0} onKeyDown={keys} onWheel={onWheel} data-testid="timeline-charts" aria-label={t('timeline.charts')}>
        {timeline && view && timeline.end > 0 ? (
          <Charts timeline={timeline} width={width} range={view} onBrush={onBrush} onMarker={jump} />
        ) : (
          <p className="muted" data-testid="timeline-empty">{t('timeline.empty')}</p>
        )}
      </div>
    </section>
  );
}

/** The session in one line: readings, drops, restarts, failures, and where the lanes ended. */
function Summary({ timeline: tl }: { timeline: Timeline }) {
  const t = useT();
  const count = (k: Marker['kind']) => tl.markers.filter((m) => m.kind === k).length;
  const none = tl.signal.none.filter(Boolean).length;
  const lastReg = tl.registration[tl.registration.length - 1]?.state ?? '—';
  return (
    <div className="muted small" data-testid="timeline-summary" data-readings={tl.signal.t.length} data-noservice={none} data-drops={count('drop')} data-registration={tl.registration.map((s) => s.state).join(',')}>
      {t('timeline.summary', { readings: tl.signal.t.length, none, drops: count('drop'), restarts: count('reboot'), failures: count('failure'), registration: lastReg === '—' ? lastReg : stateWord(t, lastReg) })}
    </div>
  );
}

/**
 * Puts the marker strip over the lane chart's plot area and each marker at its time, hiding those
 * outside the view: straight on the DOM from uPlot's hooks, so a pan frame re-renders nothing.
 */
function placeMarkers(u: uPlot, strip: HTMLDivElement | null): void {
  if (!strip) return;
  const width = u.over.clientWidth;
  strip.style.marginLeft = `${u.over.offsetLeft}px`;
  strip.style.width = `${width}px`;
  for (const el of strip.children as HTMLCollectionOf<HTMLElement>) {
    const x = u.valToPos(Number(el.dataset.t) / 1000, 'x');
    const inside = x >= 0 && x <= width;
    el.style.display = inside ? '' : 'none';
    if (inside) el.style.left = `${x}px`;
  }
}

function Charts({ timeline, width, range, onBrush, onMarker }: { timeline: Timeline; width: number; range: Range; onBrush: (a: number, b: number) => void; onMarker: (m: Marker) => void }) {
  const t = useT();
  const sigRef = useRef<HTMLDivElement>(null);
  const laneRef = useRef<HTMLDivElement>(null);
  const rateRef = useRef<HTMLDivElement>(null);
  const stripRef = useRef<HTMLDivElement>(null);
  const plots = useRef<Array<{ u: uPlot; prepare?: Chart['prepare'] }>>([]);
  const brush = useRef(onBrush);
  const marker = useRef(onMarker);
  useEffect(() => {
    brush.current = onBrush;
    marker.current = onMarker;
  }, [onBrush, onMarker]);

  // Built once per timeline and width; zoom and pan only move the x scale.
  useEffect(() => {
    const made: Array<{ u: uPlot; prepare?: Chart['prepare'] }> = [];
    const selectHook = (u: uPlot) => {
      if (u.select.width < 3) return;
      const a = u.posToVal(u.select.left, 'x');
      const b = u.posToVal(u.select.left + u.select.width, 'x');
      u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
      brush.current(a, b);
    };
    const add = (el: HTMLDivElement | null, c: Chart, extra: uPlot.Hooks.Arrays = {}) => {
      if (!el) return;
      const opts = { ...c.opts, hooks: { ...c.opts.hooks, ...extra, setSelect: [selectHook] } };
      made.push({ u: new uPlot(opts, c.data, el), ...(c.prepare ? { prepare: c.prepare } : {}) });
    };
    const follow = (u: uPlot) => placeMarkers(u, stripRef.current);
    add(sigRef.current, signalChart(timeline, width, range));
    add(laneRef.current, laneChart(timeline, width, range), { ready: [follow], setScale: [follow] });
    if (Object.keys(timeline.rates).length > 0) add(rateRef.current, rateChart(timeline, width, range));
    plots.current = made;
    return () => made.forEach((p) => p.u.destroy());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the range is applied by the effect below
  }, [timeline, width, t]);

  useEffect(() => {
    showRange(plots.current, range);
  }, [range, timeline, width]);

  // Made once per timeline (and language); placeMarkers positions them as the view moves.
  const buttons = useMemo(
    () =>
      timeline.markers.map((m, i) => (
        <button
          key={`${m.entry}-${i}`}
          type="button"
          className={`timeline-marker ${m.kind}`}
          data-testid="timeline-marker"
          data-kind={m.kind}
          data-entry={m.entry}
          data-t={m.t}
          title={`${time(m.t)} ${m.label}${m.explanation ? ` — ${m.explanation}` : ''}`}
          aria-label={t('timeline.marker', { kind: m.kind, time: time(m.t), label: m.label })}
          onClick={() => marker.current(m)}
        >
          {m.kind === 'drop' ? '▼' : m.kind === 'reboot' ? '⟳' : '✕'}
        </button>
      )),
    [timeline.markers, t],
  );

  return (
    <div className="timeline-stack">
      <div ref={sigRef} data-testid="timeline-signal" />
      <div ref={stripRef} className="timeline-markers" data-testid="timeline-markers">
        {buttons}
      </div>
      <div ref={laneRef} data-testid="timeline-lanes" />
      <div ref={rateRef} data-testid="timeline-rates" />
    </div>
  );
}
