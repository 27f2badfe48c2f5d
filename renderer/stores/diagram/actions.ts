import type { StateCreator } from 'zustand';
import type { Exchange } from '../../../shared/model';
import type { Workbench } from '../index';
import { logBuffer } from '../log/buffer';
import { exchangeList } from './exchanges';
import { DiagramModel } from './model';
import { initialDiagramState, type DiagramState } from './state';
import { currentLang } from '../../i18n';

export const diagramModel = new DiagramModel(exchangeList, logBuffer);

/** A file ready to download. */
export interface ExportFile {
  text: string;
  mime: string;
  fileName: string;
}

export interface DiagramActions {
  /** New or changed exchanges (replace by id); also tells the log which rows belong to which. */
  applyExchanges(batch: readonly Exchange[]): void;
  loadExchanges(): Promise<void>;
  /** A new session began (log indexes restarted): drop the old exchanges and read the new ones. */
  sessionRestarted(): void;
  /** Click on an exchange or one of its arrows: select it, and jump the log to its rows. */
  pickExchange(exchangeId: number, opts?: { entry?: number; additive?: boolean }): void;
  /** Scroll the diagram to an exchange (from a log selection). */
  revealExchange(exchangeId: number): void;
  clearExchangeSelection(): void;
  /**
   * The picked exchanges (or all) as a file, drawn on the main side from the redacted session:
   * nothing the renderer holds (raw rows, revealed secrets) can reach an export. For 'png' the
   * text is that redacted SVG, which the view rasterises.
   */
  exportDiagramText(format: 'mermaid' | 'svg' | 'png'): Promise<ExportFile | undefined>;
}

export type DiagramSlice = DiagramState & DiagramActions;

let nonce = 0;

export const createDiagramSlice: StateCreator<Workbench, [], [], DiagramSlice> = (set, get) => ({
  ...initialDiagramState,
  applyExchanges(batch) {
    if (batch.length === 0) return;
    exchangeList.upsert(batch);
    for (const x of batch) for (const i of x.entries) logBuffer.setExchange(i, x.id);
    set((s) => ({ diagramVersion: s.diagramVersion + 1 }));
  },
  async loadExchanges() {
    const r = await get().api.getExchanges();
    if (r.ok) get().applyExchanges(r.value);
  },
  sessionRestarted() {
    exchangeList.clear();
    set((s) => ({ diagramVersion: s.diagramVersion + 1, selectedExchanges: [] }));
    // Exchanges of the new session may have arrived before its first rows: read them again.
    void get().loadExchanges();
  },
  pickExchange(exchangeId, opts = {}) {
    const x = exchangeList.byId(exchangeId);
    if (!x) return;
    const selected = opts.additive ? [...new Set([...get().selectedExchanges, exchangeId])] : [exchangeId];
    set({ selectedExchanges: selected });
    get().jumpToLogRows(opts.entry !== undefined ? [opts.entry] : x.entries);
  },
  revealExchange(exchangeId) {
    set({ diagramScroll: { exchangeId, nonce: ++nonce } });
  },
  clearExchangeSelection() {
    set({ selectedExchanges: [] });
  },
  async exportDiagramText(format) {
    const ids = get().selectedExchanges;
    set({ exporting: true, exportProblem: undefined });
    try {
      const r = await get().api.exportDiagram({ format, ...(ids.length ? { exchangeIds: ids } : {}), lang: currentLang() });
      if (!r.ok) {
        set({ exportProblem: r.problem });
        return undefined;
      }
      return r.value;
    } finally {
      set({ exporting: false });
    }
  },
});
