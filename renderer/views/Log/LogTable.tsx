// The virtualised log table: only the rows in view exist in the DOM and in the table's row model;
// a new batch re-renders the window, not the log. Keyboard: arrows / PgUp / PgDn / Home / End move
// the selection (Shift extends it), Enter opens the detail pane, Ctrl+C copies the selection.
import { useTable, type Row } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';
import { useWorkbench } from '../../stores';
import { logBuffer, NONE } from '../../stores/log/buffer';
import { timeCell } from '../../stores/log/format';
import { logView } from '../../stores/log/view';
import { useT } from '../../i18n';
import { ColumnTitle, logColumns, logTableFeatures, type LogRowData } from './columns';
import { problemIn, useViewLang } from '../../i18n-explain';

export const ROW_HEIGHT = 20;
const PAGE = 64;
// Rows rendered beyond each edge of the viewport: slack for a wheel step, kept small because every
// row in the window is laid out and painted again on a fling frame.
const OVERSCAN_ROWS = 6;
const EXPLAINABLE = new Set(['final', 'urc', 'response']);

type TableRow = Row<typeof logTableFeatures, LogRowData>;

const LogRow = memo(
  function LogRow({ row, pos, selected, cursor, style, table }: { row: TableRow; pos: number; selected: boolean; cursor: boolean; style: CSSProperties; lang: string; table: ReturnType<typeof useTable<typeof logTableFeatures, LogRowData>> }) {
    const d = row.original;
    return (
      <div
        role="row"
        aria-rowindex={pos + 2 /* the header is row 1 */}
        aria-selected={selected}
        className={`log-row dir-${d.dir} kind-${d.kind}${selected ? ' selected' : ''}${cursor ? ' cursor' : ''}`}
        data-testid="log-row"
        data-index={d.index}
        data-kind={d.kind}
        data-dir={d.dir}
        style={style}
      >
        {row.getVisibleCells().map((cell) => (
          // Keyed by column: a slot handed to another row keeps its cells (a cell id names the row).
          <span role="cell" key={cell.column.id} className={`c c-${cell.column.id}${cell.column.id === 'text' ? ' mono' : ''}`}>
            <table.FlexRender cell={cell} />
          </span>
        ))}
      </div>
    );
  },
  // A row re-renders only when its own content or state changed.
  (a, b) => {
    const x = a.row.original;
    const y = b.row.original;
    return x.index === y.index && x.time === y.time && x.meaning === y.meaning && x.exchange === y.exchange && a.selected === b.selected && a.cursor === b.cursor && a.lang === b.lang && a.style.transform === b.style.transform && a.style.gridTemplateColumns === b.style.gridTemplateColumns;
  },
);

type LogTableInstance = ReturnType<typeof useTable<typeof logTableFeatures, LogRowData>>;
type LogHeader = ReturnType<LogTableInstance['getHeaderGroups']>[number]['headers'][number];

const ColumnsMenu = memo(
  function ColumnsMenu({ table }: { table: LogTableInstance; sig: string }) {
    const t = useT();
    return (
      <details className="log-columns">
        <summary title={t('log.columnsTitle')}>{t('log.columns')}</summary>
        {table.getAllLeafColumns().map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={c.getIsVisible()} disabled={c.id === 'text'} onChange={c.getToggleVisibilityHandler()} data-testid={`log-col-${c.id}`} />
            <ColumnTitle id={c.id} />
          </label>
        ))}
      </details>
    );
  },
  (a, b) => a.sig === b.sig,
);

const LogHead = memo(
  function LogHead({ table, headers, gridTemplateColumns, newestFirst }: { table: LogTableInstance; headers: LogHeader[]; sig: string; gridTemplateColumns: string; newestFirst: boolean }) {
    const t = useT();
    const { setLogView } = useWorkbench.getState();
    return (
      <div className="log-head" role="row" style={{ gridTemplateColumns }}>
        {headers.map((h) => (
          <span role="columnheader" key={h.id} className={`c c-${h.column.id}`} aria-sort={h.column.id === 'time' ? (newestFirst ? 'descending' : 'ascending') : undefined}>
            {h.column.id === 'time' ? (
              <button type="button" className="sort" onClick={() => setLogView({ newestFirst: !newestFirst, followTail: true })} data-testid="log-sort-time" title={t('log.sortTitle')}>
                <table.FlexRender header={h} /> {newestFirst ? '▼' : '▲'}
              </button>
            ) : (
              <table.FlexRender header={h} />
            )}
          </span>
        ))}
      </div>
    );
  },
  (a, b) => a.sig === b.sig && a.gridTemplateColumns === b.gridTemplateColumns && a.newestFirst === b.newestFirst,
);

/** The row elements ordered by slot (position modulo `slots`), which stays put as the window slides. */
function inSlotOrder<T>(rows: T[], positions: readonly number[], slots: number): T[] {
  const out: T[] = [];
  const byPos = positions.map((pos, k) => ({ slot: pos % slots, k }));
  byPos.sort((a, b) => a.slot - b.slot);
  for (const { k } of byPos) out.push(rows[k]!);
  return out;
}

export function LogTable({ onCopy }: { onCopy: (e?: ClipboardEvent) => void }) {
  const version = useWorkbench((s) => s.logVersion);
  const timeMode = useWorkbench((s) => s.timeMode);
  const follow = useWorkbench((s) => s.followTail);
  const newestFirst = useWorkbench((s) => s.newestFirst);
  const selectedRows = useWorkbench((s) => s.selectedRows);
  const cursorRow = useWorkbench((s) => s.cursorRow);
  const explanations = useWorkbench((s) => s.explanations);
  const lang = useViewLang();
  const scrollRequest = useWorkbench((s) => s.scrollRequest);
  const { clickLogRow, moveLogCursor, openLogDetail, setLogView, jumpToLatest, explainLogLine } = useWorkbench.getState();
  const scroller = useRef<HTMLDivElement>(null);
  // Re-renders on a language switch; the rows get the language so they render again too.
  const t = useT();
  const count = logView.length;
  // Display position ↔ position in the filtered view (the same map both ways).
  const flip = (n: number) => (newestFirst ? count - 1 - n : n);

  // The virtualiser works on pages of rows: its bookkeeping is rebuilt whenever the row count
  // changes (every batch), so at a million rows it tracks 15,625 pages rather than 1,000,000 rows.
  const pages = Math.ceil(count / PAGE);
  // The options keep their identity between renders: the virtualizer rebuilds its page list when
  // getItemKey changes (a new closure each render rebuilt 15,625 pages on every scroll frame).
  const getScrollElement = useCallback(() => scroller.current, []);
  const estimateSize = useCallback((p: number) => Math.min(PAGE, count - p * PAGE) * ROW_HEIGHT, [count]);
  // Sizes are cached by key: the last page's key carries its row count, so a page that grew is
  // measured again (else the scroll height lags the rows and the tail is never reached).
  const getItemKey = useCallback((p: number) => `${p}:${Math.min(PAGE, count - p * PAGE)}`, [count]);
  const virtualizer = useVirtualizer({
    count: pages,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: 1,
    initialRect: { width: 800, height: 400 },
    // Its re-render joins the scroll handler's (one render per frame, not a synchronous extra one).
    useFlushSync: false,
  });
  const [scrolledTop, setTop] = useState(0);
  const viewHeight = virtualizer.scrollRect?.height ?? 400;
  // While following, the window is the live edge already in this render: the scroll that follows
  // (toEdge) lands on rows that are in place, rather than rendering the old window first and the
  // new one a scroll event later (two renders and two layouts per batch).
  const top = follow ? (newestFirst ? 0 : Math.max(0, count * ROW_HEIGHT - viewHeight)) : scrolledTop;
  // Rows are keyed by slot, not by position: the window is always `slots` consecutive positions
  // (fewer only when the log is shorter), so position modulo `slots` is unique in it, and a row
  // scrolling out hands its DOM nodes to the row scrolling in: text and attributes change, nothing
  // is created, removed or moved while scrolling. The DOM keeps the rows in slot order (a list in
  // position order would rotate its keys, and React moves each node whose key moved: a moved row is
  // styled and laid out from scratch); aria-rowindex gives assistive technology the visual order.
  const slots = Math.ceil(viewHeight / ROW_HEIGHT) + 2 + 2 * OVERSCAN_ROWS;
  const first = Math.max(0, Math.min(Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS, count - slots));
  const last = Math.min(count - 1, first + slots - 1);
  // Rows are a fixed height, so the window is arithmetic; the virtualizer's pages give the scroll
  // height and the viewport's size.
  const items: number[] = [];
  for (let pos = first; pos <= last; pos++) items.push(pos);
  const itemsKey = `${items[0] ?? -1}:${items.length}`;

  const selectedSet = useMemo(() => new Set(selectedRows), [selectedRows]);
  const data = useMemo<LogRowData[]>(
    () =>
      items.map((d) => {
        const pos = flip(d);
        const i = logView.rowAt(pos);
        const x = logBuffer.exchange(i);
        const p = explanations[logBuffer.text(i)];
        // Rows show secrets masked; the detail pane reveals one row on request.
        const text = logBuffer.maskedText(i);
        return { index: i, time: timeCell(logBuffer, i, timeMode, pos > 0 ? logView.rowAt(pos - 1) : -1), dir: logBuffer.dir(i), kind: logBuffer.kind(i), text, exchange: x === NONE ? undefined : x, meaning: p ? problemIn(p, lang).title : undefined, ...(logBuffer.secret(i) ? { secret: true } : {}) };
      }),
    // `version` changes when rows arrive or filters change (the view is outside React state).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [itemsKey, timeMode, explanations, version, newestFirst, lang],
  );

  // The Meaning column is filled for every row in view that the catalogue knows (one question per distinct line).
  useEffect(() => {
    for (const r of data) if (r.meaning === undefined && EXPLAINABLE.has(r.kind)) void explainLogLine(logBuffer.text(r.index));
  }, [data, explainLogLine]);

  const table = useTable({ features: logTableFeatures, columns: logColumns, data, getRowId: (r) => String(r.index) });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  // What the header and the columns menu show: they render again only when it changes, not on
  // every scroll frame (the table object is new whenever its window's rows are).
  const columnsSig = headers.map((h) => `${h.id}:${h.getSize()}`).join(',');
  const gridTemplateColumns = headers.map((h) => (h.column.id === 'text' ? `minmax(${h.getSize()}px, 1fr)` : `${h.getSize()}px`)).join(' ');

  // How many rows lie beyond the live edge, as the user sees it (the badge says so, never guesses).
  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const n = logView.length;
    const below = useWorkbench.getState().newestFirst ? Math.floor(el.scrollTop / ROW_HEIGHT + 0.5) : Math.max(0, n - Math.floor((el.scrollTop + el.clientHeight) / ROW_HEIGHT + 0.5));
    useWorkbench.getState().logRowsBelowChanged(Math.min(n, below));
  }, []);
  const toEdge = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = useWorkbench.getState().newestFirst ? 0 : el.scrollHeight - el.clientHeight;
  }, []);

  // Follow the tail: every batch scrolls the newest row into view while following.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (follow && el && count > 0) toEdge();
    measure();
    // The virtualizer sizes its pages after this render: once it has, the edge may have moved on.
    const again = requestAnimationFrame(() => {
      if (useWorkbench.getState().followTail && count > 0) toEdge();
      measure();
    });
    return () => cancelAnimationFrame(again);
  }, [follow, count, version, newestFirst, toEdge, measure]);

  // The table got shorter or taller (a banner above it, the window resized): still on the newest row.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (useWorkbench.getState().followTail) toEdge();
      measure();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [toEdge, measure]);

  // Jumps requested from elsewhere (the diagram, the keyboard): bring the row into view if it is not.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!scrollRequest || !el) return;
    // "Jump to latest" follows again: the newest row goes to the edge, not the middle.
    if (useWorkbench.getState().followTail && scrollRequest.index === logBuffer.length - 1) {
      toEdge();
      measure();
      return;
    }
    const y = flip(logView.positionOf(scrollRequest.index).pos) * ROW_HEIGHT;
    if (y < el.scrollTop || y + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, y - el.clientHeight / 2);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollRequest]);

  // Scrolling away from the newest line by hand pauses follow-tail.
  const lastTop = useRef(0);
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setTop(el.scrollTop);
    // Moving away from the live edge (the bottom, or the top when newest first) pauses follow-tail.
    const newest = useWorkbench.getState().newestFirst;
    const away = newest ? el.scrollTop > lastTop.current + 2 : el.scrollTop < lastTop.current - 2;
    lastTop.current = el.scrollTop;
    const atEdge = newest ? el.scrollTop <= ROW_HEIGHT * 2 : el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 2;
    if (away && !atEdge && useWorkbench.getState().followTail) setLogView({ followTail: false });
    measure();
  }, [setLogView, measure]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity };
    if (e.key in moves) {
      e.preventDefault();
      const d = moves[e.key]!;
      // Keys move on screen; with newest first, down is back in time.
      const sign = newestFirst ? -1 : 1;
      moveLogCursor(sign * (Number.isFinite(d) ? d : -count), e.shiftKey);
    } else if (e.key === 'End') {
      e.preventDefault();
      if (e.shiftKey) moveLogCursor(newestFirst ? -count : count, true);
      else jumpToLatest();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const s = useWorkbench.getState();
      openLogDetail(s.cursorRow ?? s.selectedRows[0]);
    } else if (e.key === 'Escape') {
      openLogDetail(undefined);
    }
  };

  const onRowClick = (e: MouseEvent<HTMLDivElement>) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!el) return;
    const index = Number(el.dataset.index);
    clickLogRow(index, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single');
    scroller.current?.focus({ preventScroll: true });
  };

  const onHover = (e: MouseEvent<HTMLDivElement>) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (el && EXPLAINABLE.has(el.dataset.kind ?? '')) void explainLogLine(logBuffer.text(Number(el.dataset.index)));
  };

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const handler = (e: ClipboardEvent) => onCopy(e);
    el.addEventListener('copy', handler);
    return () => el.removeEventListener('copy', handler);
  }, [onCopy]);

  return (
    <div className="log-table">
      <ColumnsMenu table={table} sig={columnsSig} />
      {/* The columns menu sits outside the table role: a table holds rows only. */}
      <div className="log-grid" role="table" aria-label={t('log.table')} aria-rowcount={count}>
        <LogHead table={table} headers={headers} sig={columnsSig} gridTemplateColumns={gridTemplateColumns} newestFirst={newestFirst} />
        <div
          ref={scroller}
          className="log-body"
          role="rowgroup"
          aria-label={t('log.lines')}
          tabIndex={0}
          data-testid="log-body"
          onScroll={onScroll}
          onKeyDown={onKeyDown}
          onClick={onRowClick}
          onDoubleClick={() => openLogDetail(useWorkbench.getState().cursorRow)}
          onMouseOver={onHover}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {inSlotOrder(
              table.getRowModel().rows.map((row, k) => {
                const pos = items[k]!;
                const i = row.original.index;
                return (
                  <LogRow
                    key={pos % slots}
                    row={row}
                    table={table}
                    pos={pos}
                    selected={selectedSet.has(i)}
                    cursor={cursorRow === i}
                    lang={lang}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${pos * ROW_HEIGHT}px)`, gridTemplateColumns }}
                  />
                );
              }),
              items,
              slots,
            )}
          </div>
          {count === 0 && <div className="log-empty muted">{t(logBuffer.length ? 'log.noMatch' : 'log.empty')}</div>}
        </div>
      </div>
    </div>
  );
}
