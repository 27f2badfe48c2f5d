import type { Problem } from '../../../shared/outcome';

export interface DiagramState {
  /** Bumped when exchanges arrive or change; the exchanges themselves are in exchanges.ts. */
  diagramVersion: number;
  /** Exchanges picked in the diagram (exported when any are picked). */
  selectedExchanges: number[];
  /** A request to scroll an exchange into view; the nonce makes repeated requests distinct. */
  diagramScroll?: { exchangeId: number; nonce: number };
  exporting: boolean;
  exportProblem?: Problem;
}

export const initialDiagramState: DiagramState = {
  diagramVersion: 0,
  selectedExchanges: [],
  exporting: false,
};
