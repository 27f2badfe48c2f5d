// The sequence diagram of the session: Host (this app), Modem, MQTT server (protocol.md §2.0). One group
// per exchange, virtualised for long sessions; linked both ways with the log.
import { useVirtualizer } from '@tanstack/react-virtual';
import { Download, FileCode, ImageDown } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useWorkbench } from '../../stores';
import { diagramModel } from '../../stores/diagram/actions';
import { exchangeList } from '../../stores/diagram/exchanges';
import { LANES, LANES_WITH_LAPTOP, laneX } from '../../../shared/diagram/layout';
import { laneWords } from '../../../shared/diagram/words';
import { logBuffer, NONE } from '../../stores/log/buffer';
import { useT } from '../../i18n';
import { ProblemBox } from '../common/ProblemBox';
import { DiagramGroupView } from './DiagramGroupView';
import { downloadBlob, svgSize, svgToPng, type PngProgress } from './download';
import { pngSize } from './png';

/** The format's own name, the same in every language. */
const MERMAID = 'Mermaid';

/** True when one of the newest exchanges names log rows that have not arrived yet. */
function newestAwaitRows(): boolean {
  for (let p = Math.max(0, exchangeList.length - 8); p < exchangeList.length; p++) {
    if (exchangeList.at(p)?.entries.some((i) => i >= logBuffer.length)) return true;
  }
  return false;
}

function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(900);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(480, Math.floor(el.clientWidth) - 2));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

export function DiagramView() {
  const t = useT();
  const version = useWorkbench((s) => s.diagramVersion);
  const logVersion = useWorkbench((s) => s.logVersion);
  const selected = useWorkbench((s) => s.selectedExchanges);
  const scroll = useWorkbench((s) => s.diagramScroll);
  const cursorRow = useWorkbench((s) => s.cursorRow ?? s.selectedRows[0]);
  const exporting = useWorkbench((s) => s.exporting);
  const exportProblem = useWorkbench((s) => s.exportProblem);
  const { pickExchange, clearExchangeSelection, exportDiagramText } = useWorkbench.getState();
  const scroller = useRef<HTMLDivElement>(null);
  const width = useWidth(scroller);
  const [pngProblem, setPngProblem] = useState<string>();
  // A PNG being drawn (a long session's takes a while): its progress, and how to stop it.
  const [png, setPng] = useState<PngProgress>();
  // Not aborted when the view goes away: a PNG started is saved even if another view is shown meanwhile.
  const pngAbort = useRef<AbortController>(undefined);
  const busy = exporting || png !== undefined;
  const count = exchangeList.length;
  const lanes = exchangeList.hasLaptop ? LANES_WITH_LAPTOP : LANES;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    // Heights are exact (computed from the exchange), so nothing is measured in the DOM.
    estimateSize: (pos) => diagramModel.heightAt(pos),
    overscan: 4,
    initialRect: { width: 900, height: 500 },
  });
  // Heights change when an exchange changes, or when rows it names arrive after it (only the
  // newest exchanges can be waiting for rows, so a log batch does not re-measure a long session).
  const waitingForRows = useRef(false);
  useEffect(() => {
    virtualizer.measure();
    waitingForRows.current = newestAwaitRows();
  }, [version, virtualizer]);
  useEffect(() => {
    if (!waitingForRows.current) return;
    virtualizer.measure();
    waitingForRows.current = newestAwaitRows();
  }, [logVersion, virtualizer]);

  // Follow new exchanges while the view sits at the bottom.
  const atBottom = useRef(true);
  useEffect(() => {
    if (atBottom.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [count, version, virtualizer]);
  const onScroll = () => {
    const el = scroller.current;
    if (el) atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 40;
  };

  // The exchange of the log's current row; the diagram scrolls to it.
  const focusedExchange = cursorRow !== undefined ? logBuffer.exchange(cursorRow) : NONE;
  useEffect(() => {
    if (focusedExchange === NONE) return;
    const pos = exchangeList.positionOf(focusedExchange);
    if (pos !== undefined) {
      atBottom.current = false;
      virtualizer.scrollToIndex(pos, { align: 'auto' });
    }
  }, [focusedExchange, virtualizer]);
  useEffect(() => {
    if (!scroll) return;
    const pos = exchangeList.positionOf(scroll.exchangeId);
    if (pos !== undefined) {
      atBottom.current = false;
      virtualizer.scrollToIndex(pos, { align: 'start' });
    }
  }, [scroll, virtualizer]);

  const onArrow = useCallback((exchangeId: number, entry: number | undefined, additive: boolean) => pickExchange(exchangeId, { ...(entry !== undefined ? { entry } : {}), additive }), [pickExchange]);

  const doExport = async (format: 'svg' | 'png' | 'mermaid') => {
    setPngProblem(undefined);
    // Every format comes from the main side, redacted; PNG is its SVG rasterised here.
    const file = await exportDiagramText(format);
    if (!file) return;
    if (format !== 'png') {
      downloadBlob(new Blob([file.text], { type: file.mime }), file.fileName);
      return;
    }
    const abort = new AbortController();
    pngAbort.current = abort;
    setPng({ done: 0, total: 0 });
    try {
      const { width: w, height: h } = svgSize(file.text);
      const blob = await svgToPng(file.text, w, h, { signal: abort.signal, onProgress: setPng });
      const px = pngSize(new Uint8Array(await blob.slice(0, 24).arrayBuffer()));
      downloadBlob(blob, file.fileName, `${px.width}×${px.height} px`);
    } catch (err) {
      // Cancelled: nothing was saved, and that is what was asked for.
      if (!abort.signal.aborted) setPngProblem(err instanceof Error ? err.message : String(err));
    } finally {
      if (pngAbort.current === abort) pngAbort.current = undefined;
      setPng(undefined);
    }
  };
  const pngPct = png?.total ? Math.floor((100 * png.done) / png.total) : undefined;

  const selectedSet = new Set(selected);
  return (
    <section className="panel diagram" aria-label={t('diagram.region')} data-testid="diagram" data-version={version}>
      <div className="diagram-toolbar" role="toolbar" aria-label={t('diagram.toolbar')}>
        <span className="muted small" data-testid="diagram-count">
          {t('diagram.count', { count })}
        </span>
        <span className="legend small">
          <span className="lg observed">{t('diagram.legendObserved')}</span>
          <span className="lg implied">{t('diagram.legendImplied')}</span>
          <span className="lg failed">{t('diagram.legendFailed')}</span>
        </span>
        <span className="grow" />
        {selected.length > 0 && (
          <button type="button" onClick={clearExchangeSelection} data-testid="diagram-clear">
            {t('diagram.clearSelection')}
          </button>
        )}
        <span className="muted small">{selected.length ? t('diagram.exportSelected', { count: selected.length }) : t('diagram.exportAll')}</span>
        <button type="button" disabled={busy || count === 0} onClick={() => void doExport('svg')} data-testid="diagram-export-svg">
          <Download aria-hidden="true" />
          SVG
        </button>
        <button type="button" disabled={busy || count === 0} onClick={() => void doExport('png')} data-testid="diagram-export-png">
          <ImageDown aria-hidden="true" />
          PNG
        </button>
        <button type="button" disabled={busy || count === 0} onClick={() => void doExport('mermaid')} data-testid="diagram-export-mermaid">
          <FileCode aria-hidden="true" />
          {MERMAID}
        </button>
        {png && (
          <span className="diagram-png-progress small" role="status" data-testid="diagram-png-progress" data-pct={pngPct ?? ''}>
            {pngPct !== undefined ? t('diagram.pngProgress', { pct: pngPct }) : t('diagram.pngDrawing')}
            <progress max={100} value={pngPct} />
            <button type="button" onClick={() => pngAbort.current?.abort()} data-testid="diagram-png-cancel">
              {t('diagram.pngCancel')}
            </button>
          </span>
        )}
      </div>
      {exportProblem && <ProblemBox problem={exportProblem} testId="diagram-export-problem" />}
      {pngProblem && <ProblemBox problem={{ code: 'export.png', title: t('diagram.pngFailed'), detail: pngProblem, nextStep: t('diagram.pngNext') }} testId="diagram-export-problem" />}
      <svg className="diagram-lanes" width={width} height={28} aria-hidden="true">
        {lanes.map((l) => (
          <text key={l} x={laneX(l, width, lanes)} y={18} textAnchor="middle">
            {laneWords(l, t)}
          </text>
        ))}
      </svg>
      <div ref={scroller} className="diagram-body" onScroll={onScroll} data-testid="diagram-body">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const g = diagramModel.groupAt(v.index);
            if (!g) return null;
            return (
              <div key={v.key} style={{ position: 'absolute', top: 0, left: 0, transform: `translateY(${v.start}px)` }}>
                <DiagramGroupView group={g} width={width} lanes={lanes} selected={selectedSet.has(g.exchangeId)} focused={g.exchangeId === focusedExchange} onArrow={onArrow} />
              </div>
            );
          })}
        </div>
        {count === 0 && <div className="muted diagram-empty">{t('diagram.empty')}</div>}
      </div>
    </section>
  );
}
