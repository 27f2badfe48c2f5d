import type { Direction, LineKind } from '../../../shared/model';

export interface LogViewState {
  /** Bumped once per appended batch; the rows themselves are in buffer.ts. */
  logVersion: number;
  followTail: boolean;
  textFilter: string;
  kindFilter: LineKind[];
  dirFilter: Direction[];
  timeMode: 'absolute' | 'delta' | 'session';
  selectedRows: number[];
}

export const initialLogViewState: LogViewState = {
  logVersion: 0,
  followTail: true,
  textFilter: '',
  kindFilter: [],
  dirFilter: [],
  timeMode: 'absolute',
  selectedRows: [],
};
