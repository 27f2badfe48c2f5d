// What the Sessions list and the crash-recovery banner say of a journal, read as it streams by
// (journal-stream.ts): counts, times, the port, and what the session summary (export/summary.ts)
// says of the modem, the MQTT clients and the first failure. Memory stays flat in the journal's
// length: records are counted and let go; exchanges are grouped in a window and summarised as each
// settles (as the streaming export does), holding only those still open. A pass that reads the
// journal anyway (the open pass of host/services.ts) feeds the same records to one of these.
// Redaction: the list shows the failing command (it may be the QMTCONN carrying the password), so
// the few strings the summary keeps are redacted at the end with every secret the whole session
// revealed (SecretCollector over its events), by the same function that redacts whole journals;
// records carrying marks are redacted before they are grouped, as a whole-journal redaction does.
import type { Exchange, JournalRecord, LogEntry } from '../../shared/model';
import { ExchangeGrouper } from '../../shared/exchanges';
import { SummaryBuilder } from './export/summary';
import { RecordRedactor, SecretCollector, redactText, sessionSecrets } from './redact';

/** Records between two takes of the grouper's changes (well under its window: see GroupOptions.window). */
const TAKE_EVERY = 2_000;

/** Counts and times of a journal: what the recovery banner shows and the list's row starts from. */
export class JournalCounts {
  records = 0;
  lines = 0;
  /** Wall time of the first record, of the last line event and of the last record. */
  firstWall: number | undefined;
  lastLineWall: number | undefined;
  lastWall: number | undefined;
  /** The port of the last port-opened event. */
  port: string | undefined;

  push(r: JournalRecord): void {
    this.records++;
    this.firstWall ??= r.wall;
    this.lastWall = r.wall;
    if (!('event' in r)) return;
    if (r.event.type === 'line') {
      this.lines++;
      this.lastLineWall = r.wall;
    } else if (r.event.type === 'port-opened') this.port = r.event.path;
  }
}

/** What the list's outcome is read from (sessions.ts outcomeFrom). */
export interface SummaryFacts {
  modem?: string;
  /** Result of each MQTT client's last AT+QMTCONN, as reported. */
  connectResults: string[];
  /** 'AT+QMTCONN=…: title' of the first failed exchange, redacted. */
  failure?: string;
}

/**
 * Feeds a windowed grouper and a SummaryBuilder as records go by; finish() gives the counts and
 * the facts the list's outcome is read from.
 */
export class StreamingSummary {
  readonly counts = new JournalCounts();
  private readonly grouper = new ExchangeGrouper();
  private sinceTake = 0;
  /** Exchanges not settled yet (their latest copies), and the rows of those exchanges, by index. */
  private readonly live = new Map<number, Exchange>();
  private readonly entries = new Map<number, LogEntry>();
  private nextSettle = 0;
  private readonly builder = new SummaryBuilder();
  private readonly collector = new SecretCollector();
  /** Replaces marked ranges (and what the field detector finds) in a marked event before grouping. */
  private readonly marks = new RecordRedactor(sessionSecrets([]));

  push(r: JournalRecord): void {
    this.counts.push(r);
    if ('event' in r) {
      this.collector.add(r);
      if ('secret' in r) r = this.marks.redactEvent(r);
    }
    this.grouper.push(r);
    if (++this.sinceTake >= TAKE_EVERY) this.take(false);
  }

  /** Exchanges not settled yet and rows kept for them (for the memory-bound tests). */
  held(): { exchanges: number; entries: number } {
    return { exchanges: this.live.size, entries: this.entries.size };
  }

  finish(): SummaryFacts {
    this.grouper.finish();
    this.take(true);
    const s = this.builder.finish(0, undefined, undefined);
    const { exact } = this.collector.finish();
    const redact = (text: string): string => redactText(text, exact);
    const modem = [s.manufacturer, s.model].filter(Boolean).join(' ') || undefined;
    return {
      ...(modem ? { modem: redact(modem) } : {}),
      connectResults: s.clients.flatMap((c) => (c.connectResult !== undefined ? [c.connectResult] : [])),
      ...(s.firstFailure ? { failure: `${redact(s.firstFailure.command)}: ${redact(s.firstFailure.title)}` } : {}),
    };
  }

  /** Takes the grouper's changes and summarises the exchanges that can no longer change, in id order. */
  private take(final: boolean): void {
    this.sinceTake = 0;
    const changes = this.grouper.takeChanges();
    for (const x of changes.exchanges) if (x.id >= this.nextSettle) this.live.set(x.id, x);
    for (const e of changes.entries) if (e.exchangeId !== undefined && e.exchangeId >= this.nextSettle) this.entries.set(e.index, e);
    const open = final ? Infinity : this.grouper.oldestOpenExchange();
    const entryAt = (i: number): LogEntry | undefined => this.entries.get(i);
    while (this.nextSettle < open) {
      const x = this.live.get(this.nextSettle);
      if (!x) break;
      this.live.delete(this.nextSettle);
      this.nextSettle++;
      this.builder.add(x, entryAt);
      for (const i of x.entries) this.entries.delete(i);
    }
  }
}
