import type { Direction, LineKind } from '../../../shared/model';
import type { Problem } from '../../../shared/outcome';
import type { TimeMode } from './format';

export interface LogViewState {
  /** Bumped once per appended batch or filter change; the rows themselves are in buffer.ts. */
  logVersion: number;
  /** Keep the newest row in view; scrolling up pauses it. */
  followTail: boolean;
  textFilter: string;
  kindFilter: LineKind[];
  dirFilter: Direction[];
  clientFilter: number[];
  /** Topic substring, or an MQTT filter with + / #. */
  topicFilter: string;
  timeMode: TimeMode;
  /** Newest line at the top (the live edge is then the top of the table). */
  newestFirst: boolean;
  /** Selected log indexes, ascending. */
  selectedRows: number[];
  /** Where shift-click and shift-arrow ranges start. */
  selectionAnchor?: number;
  /** The row the keyboard cursor is on. */
  cursorRow?: number;
  /** The row whose detail pane (meaning, hex) is open. */
  detailRow?: number;
  /** A request to scroll a row into view; the nonce makes repeated requests distinct. */
  scrollRequest?: { index: number; nonce: number };
  /** explainLine answers by line text (null: the catalogue does not know the line). */
  explanations: Record<string, Problem | null>;
  /** Rows beyond the table's live edge (below the bottom, or above the top when newest first), as measured on screen. */
  rowsBelow: number;
}

export const initialLogViewState: LogViewState = {
  logVersion: 0,
  followTail: true,
  textFilter: '',
  kindFilter: [],
  dirFilter: [],
  clientFilter: [],
  topicFilter: '',
  timeMode: 'absolute',
  newestFirst: false,
  selectedRows: [],
  explanations: {},
  rowsBelow: 0,
};
