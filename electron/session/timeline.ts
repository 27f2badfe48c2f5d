// The timeline of a journal: its log rows and exchanges (the grouper) and the state truth after
// every record (the one fold of electron/host/modem-state.ts), handed to the pure model.
import type { Exchange, JournalRecord, LogEntry } from '../../shared/model';
import { groupRecords } from '../../shared/exchanges';
import { buildTimeline, laneTruths, MessageTimes, TruthThinner, usedByTimeline, type Timeline, type TruthPoint } from '../../shared/timeline/model';
import { foldModemState, initialFold } from '../host/modem-state';
import { concealEntry, concealExchange } from './secret-marks';

/** The truth each time a record moved it, at that record's wall time. */
export function truthPoints(records: readonly JournalRecord[]): TruthPoint[] {
  const out = new TruthThinner();
  let f = initialFold();
  for (const r of records) {
    const next = foldModemState(f, r);
    if (next.truth !== f.truth) out.add({ wall: r.wall, truth: next.truth });
    f = next;
  }
  return out.points();
}

/**
 * Labels quote commands: their secrets (a CONNECT password) are masked as the log masks them,
 * unless the records are already redacted (`conceal: false`, the exports).
 */
export function timelineOf(records: readonly JournalRecord[], opts: { conceal?: boolean } = {}): Timeline {
  const model = groupRecords(records);
  const conceal = opts.conceal ?? true;
  return buildTimeline({ entries: conceal ? model.entries.map(concealEntry) : model.entries, exchanges: conceal ? model.exchanges.map(concealExchange) : model.exchanges, truth: truthPoints(records) });
}

/**
 * The timeline gathered while an export streams the journal: the truth folded record by record,
 * only the rows the model reads — of the messages, the bulk of a busy session, only their times —
 * and the failed exchanges with their last rows.
 */
export class TimelineCollector {
  private fold = initialFold();
  private readonly truth = new TruthThinner(laneTruths());
  private readonly messages = new MessageTimes();
  private readonly rows: LogEntry[] = [];
  private readonly failedRows: LogEntry[] = [];
  private readonly failed: Exchange[] = [];
  private start = Infinity;
  private end = -Infinity;

  record(r: JournalRecord): void {
    // Raw bytes move no state (the fold says so too, after a call per record: half of a journal's records).
    if (!('event' in r)) return;
    const next = foldModemState(this.fold, r);
    if (next === this.fold) return;
    if (next.truth !== this.fold.truth) this.truth.add({ wall: r.wall, truth: next.truth });
    this.fold = next;
  }

  entry(e: LogEntry): void {
    if (e.wall < this.start) this.start = e.wall;
    if (e.wall > this.end) this.end = e.wall;
    if (!this.messages.add(e) && usedByTimeline(e)) this.rows.push(e);
  }

  /** A settled exchange; `rowAt` still holds its rows. */
  exchange(x: Exchange, rowAt: (i: number) => LogEntry | undefined): void {
    if ((x.kind !== undefined && x.kind !== 'command') || (x.outcome !== 'error' && x.outcome !== 'timeout')) return;
    this.failed.push(x);
    for (const i of [x.entries[0], x.resultEntry ?? x.entries[x.entries.length - 1]]) {
      const row = i === undefined ? undefined : rowAt(i);
      if (row) this.failedRows.push(row);
    }
  }

  finish(): Timeline {
    const byIndex = new Map<number, LogEntry>();
    for (const e of this.rows) byIndex.set(e.index, e);
    for (const e of this.failedRows) {
      byIndex.set(e.index, e);
      // A failed row outside the rows given (an exchange begun in a time range, ended after it) counts as a message all the same.
      if (!this.messages.has(e.index)) this.messages.add(e);
    }
    const entries = [...byIndex.values()].sort((a, b) => a.index - b.index);
    return buildTimeline({ entries, exchanges: this.failed, truth: this.truth.points(), messages: this.messages, ...(this.start <= this.end ? { span: { start: this.start, end: this.end } } : {}) });
  }
}
