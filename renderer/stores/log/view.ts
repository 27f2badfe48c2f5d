// The one filtered view over the session log, shared by the table, the selection logic and copy.
import { logBuffer } from './buffer';
import { FilterIndex, type LogQuery } from './filter';
import type { LogViewState } from './state';

export const logView = new FilterIndex(logBuffer);

export function queryOf(s: Pick<LogViewState, 'textFilter' | 'kindFilter' | 'dirFilter' | 'clientFilter' | 'topicFilter'>): LogQuery {
  return { text: s.textFilter, kinds: s.kindFilter, dirs: s.dirFilter, clients: s.clientFilter, topic: s.topicFilter };
}
