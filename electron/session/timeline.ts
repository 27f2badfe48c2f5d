// The timeline of a journal: its log rows and exchanges (the grouper) and the state truth after
// every record (the one fold of electron/host/modem-state.ts), handed to the pure model.
import type { JournalRecord } from '../../shared/model';
import { groupRecords } from '../../shared/exchanges';
import { buildTimeline, type Timeline, type TruthPoint } from '../../shared/timeline/model';
import { foldModemState, initialFold } from '../host/modem-state';
import { concealEntry, concealExchange } from './secret-marks';

/** The truth each time a record moved it, at that record's wall time. */
export function truthPoints(records: readonly JournalRecord[]): TruthPoint[] {
  const out: TruthPoint[] = [];
  let f = initialFold();
  for (const r of records) {
    const next = foldModemState(f, r);
    if (next.truth !== f.truth) out.push({ wall: r.wall, truth: next.truth });
    f = next;
  }
  return out;
}

/** Labels quote commands: their secrets (a CONNECT password) are masked as the log masks them. */
export function timelineOf(records: readonly JournalRecord[]): Timeline {
  const model = groupRecords(records);
  return buildTimeline({ entries: model.entries.map(concealEntry), exchanges: model.exchanges.map(concealExchange), truth: truthPoints(records) });
}
