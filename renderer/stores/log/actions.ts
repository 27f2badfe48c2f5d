import type { StateCreator } from 'zustand';
import type { LogEntry } from '../../../shared/model';
import type { Problem } from '../../../shared/outcome';
import type { Workbench } from '../index';
import { logBuffer } from './buffer';
import { rowsAsText } from './format';
import { clickRow, moveCursor, type ClickMode } from './selection';
import { initialLogViewState, type LogViewState } from './state';
import { logView, queryOf } from './view';

type FilterPatch = Partial<Pick<LogViewState, 'textFilter' | 'kindFilter' | 'dirFilter' | 'clientFilter' | 'topicFilter'>>;

export interface LogActions {
  appendLog(batch: readonly LogEntry[]): void;
  /**
   * Reads the session's rows from the main side, page by page (a window opened late, a reload): the
   * table shows the first page at once and renders at most once a frame while the rest arrive.
   */
  catchUpLog(): Promise<void>;
  setLogView(patch: Partial<Pick<LogViewState, 'followTail' | 'timeMode' | 'newestFirst'>> & FilterPatch): void;
  /** Click on a row: plain, ctrl/meta (toggle) or shift (range). */
  clickLogRow(index: number, mode: ClickMode): void;
  /** Arrow keys / page keys in the table. */
  moveLogCursor(delta: number, extend: boolean): void;
  openLogDetail(index: number | undefined): void;
  /** Select these rows and scroll the first into view (from the diagram); pauses follow-tail. */
  jumpToLogRows(indexes: readonly number[]): void;
  /** Scroll to the newest row and follow it again. */
  jumpToLatest(): void;
  /** The table measured how many rows lie beyond its live edge. */
  logRowsBelowChanged(n: number): void;
  /** Asks the code catalogue what a line means, once per distinct text. */
  explainLogLine(text: string): Promise<void>;
  /** The selected rows as text (time, direction, kind, text; tab-separated). */
  selectedLogText(): string;
}

export type LogSlice = LogViewState & LogActions;

let nonce = 0;

/** Rows per getLog page when catching up (one chunk of the buffer; a few MB over the bridge). */
export const CATCH_UP_PAGE = 65_536;
/** While catching up, the table renders again after this long at most (one frame). */
const RENDER_EVERY_MS = 16;

export const createLogSlice: StateCreator<Workbench, [], [], LogSlice> = (set, get) => {
  // Lines already asked about: a hover storm or a fling asks once per distinct line, with no store
  // update per question (each one re-rendered the log's window and copied every answer so far).
  const asked = new Set<string>();
  // Answers that arrive together are stored together: one update, one render.
  let answers: Record<string, Problem> | undefined;
  const storeAnswer = (text: string, p: Problem) => {
    if (!answers) {
      answers = {};
      queueMicrotask(() => {
        const got = answers ?? {};
        answers = undefined;
        set((s) => ({ explanations: { ...s.explanations, ...got } }));
      });
    }
    answers[text] = p;
  };
  // Live batches that arrive while a catch-up reads older pages wait for it: appended first, a
  // batch from beyond the rows read so far would leave a gap the older pages could not fill.
  let held: (readonly LogEntry[])[] | undefined;
  const ingest = (batch: readonly LogEntry[]) => {
    if (batch.length === 0) return;
    // Indexes restart at 0 when a port is opened again: a new session replaces the old rows
    // (they stay in the previous journal file). A catch-up read from 0 is a full copy, so
    // starting over from it loses nothing either.
    if (batch[0]!.index === 0 && logBuffer.length > 0) {
      logBuffer.clear();
      logView.reset();
      set({ selectedRows: [], selectionAnchor: undefined, cursorRow: undefined, detailRow: undefined, scrollRequest: undefined });
      get().sessionRestarted();
    }
    logBuffer.append(batch);
    logView.update(queryOf(get()));
  };
  const rendered = () => set((s) => ({ logVersion: s.logVersion + 1 }));
  return {
    ...initialLogViewState,
    appendLog(batch) {
      if (held) {
        held.push(batch);
        return;
      }
      if (batch.length === 0) return;
      ingest(batch);
      rendered();
    },
    async catchUpLog() {
      if (held) return;
      held = [];
      let last = -Infinity;
      try {
        for (let from = 0; ; ) {
          const r = await get().api.getLog({ from, limit: CATCH_UP_PAGE });
          if (!r.ok || r.value.length === 0) break;
          ingest(r.value);
          if (performance.now() - last >= RENDER_EVERY_MS) {
            rendered();
            last = performance.now();
          }
          from = r.value[r.value.length - 1]!.index + 1;
          if (r.value.length < CATCH_UP_PAGE) break;
        }
      } finally {
        const waiting = held;
        held = undefined;
        for (const batch of waiting) ingest(batch);
        rendered();
      }
    },
    setLogView(patch) {
      const next = { ...get(), ...patch };
      logView.update(queryOf(next));
      set((s) => ({ ...patch, logVersion: s.logVersion + 1 }));
    },
    clickLogRow(index, mode) {
      const s = get();
      const sel = clickRow({ selected: s.selectedRows, anchor: s.selectionAnchor, cursor: s.cursorRow }, logView, index, mode);
      set({ selectedRows: sel.selected, selectionAnchor: sel.anchor, cursorRow: sel.cursor });
    },
    moveLogCursor(delta, extend) {
      const s = get();
      const sel = moveCursor({ selected: s.selectedRows, anchor: s.selectionAnchor, cursor: s.cursorRow }, logView, delta, extend);
      if (sel.cursor === undefined) return;
      set({ selectedRows: sel.selected, selectionAnchor: sel.anchor, cursorRow: sel.cursor, followTail: false, scrollRequest: { index: sel.cursor, nonce: ++nonce } });
    },
    openLogDetail(index) {
      // The pane takes room from the table: keep the row in view.
      set({ detailRow: index, ...(index !== undefined ? { scrollRequest: { index, nonce: ++nonce } } : {}) });
      if (index !== undefined) void get().explainLogLine(logBuffer.text(index));
    },
    jumpToLogRows(indexes) {
      const rows = [...indexes].filter((i) => i >= 0 && i < logBuffer.length).sort((a, b) => a - b);
      const first = rows[0];
      if (first === undefined) return;
      // A row hidden by the filters cannot be shown: clear them so the jump lands.
      const hidden = rows.some((i) => !logView.positionOf(i).exact);
      if (hidden) get().setLogView({ textFilter: '', kindFilter: [], dirFilter: [], clientFilter: [], topicFilter: '' });
      set({ selectedRows: rows, selectionAnchor: first, cursorRow: first, followTail: false, scrollRequest: { index: first, nonce: ++nonce } });
    },
    jumpToLatest() {
      const last = logBuffer.length - 1;
      set({ followTail: true, ...(last >= 0 ? { scrollRequest: { index: last, nonce: ++nonce } } : {}) });
    },
    logRowsBelowChanged(n) {
      if (get().rowsBelow !== n) set({ rowsBelow: n });
    },
    async explainLogLine(text) {
      if (asked.has(text) || text in get().explanations) return;
      asked.add(text);
      const r = await get().api.explainLine({ text });
      if (r.ok && r.value) storeAnswer(text, r.value);
    },
    selectedLogText() {
      const s = get();
      return rowsAsText(logBuffer, s.selectedRows, s.timeMode, (i) => logView.rowAt(logView.positionOf(i).pos - 1));
    },
  };
};
