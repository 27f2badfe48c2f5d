// The streaming export's timeline (TimelineCollector: raw bytes not folded, the messages kept as
// times, the lanes compared without keys) is the timeline of the whole session folded record by
// record (timelineOf), on the recorded-style transcripts and on random sessions; and the html
// report streamed says the same as the one built in memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalRecord, LogEntry } from '../../shared/model';
import { groupRecords } from '../../shared/exchanges';
import { laneKey, sameLanes } from '../../shared/timeline/model';
import { foldModemState, initialFold } from '../host/modem-state';
import { randomSession } from '../../test-support/random-session';
import { buildJournal } from './transcript';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from './fixtures';
import { TimelineCollector, timelineOf } from './timeline';
import { exportChunksWhole, exportToString } from './export';

/** The collector fed as the streaming export feeds it: every record, every row, every exchange once it is final. */
function collected(records: readonly JournalRecord[]) {
  const c = new TimelineCollector();
  for (const r of records) c.record(r);
  const model = groupRecords(records);
  const rows = new Map<number, LogEntry>(model.entries.map((e) => [e.index, e]));
  for (const e of model.entries) c.entry(e);
  for (const x of model.exchanges) c.exchange(x, (i) => rows.get(i));
  return c.finish();
}

/** The five transcripts one after another (200 s apart), then the port gone. */
const fixtures = buildJournal([...[successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession].flatMap((steps, k) => steps.map((s) => ({ ...s, at: s.at + k * 200_000 }))), { at: 1_000_000, portClosed: true as const }]);
/** The recorded-style transcripts with sampled signal, deliveries and publishes in between. */
const busy = buildJournal(
  Array.from({ length: 30 }, (_, k) => [
    { at: k * 10_000, send: 'AT+CSQ', lines: [k % 7 === 0 ? '+CSQ: 99,99' : `+CSQ: ${10 + (k % 20)},99`] },
    ...successSession.map((s) => ({ ...s, at: s.at + k * 10_000 + 100 })),
    { at: k * 10_000 + 5_200, send: 'AT+QMTPUB=0,0,0,0,"t"', payload: 'x', final: k % 5 === 0 ? 'ERROR' : 'OK' },
    { at: k * 10_000 + 5_400, urc: '+QMTRECV: 0,1,"t",1,"y"' },
  ]).flat(),
);

describe('the streaming export’s timeline', () => {
  it.each([
    ['the five transcripts', fixtures],
    ['a busy session', busy],
  ])('is the timeline of every record folded, on %s', (_name, records) => {
    const whole = timelineOf(records, { conceal: false });
    expect(collected(records)).toStrictEqual(whole);
    expect(Object.values(whole.rates).some((r) => r.in.some((n) => n > 0))).toBe(true);
  });

  it('is the timeline of every record folded, on random sessions', () => {
    fc.assert(
      fc.property(randomSession(), (records) => {
        expect(collected(records)).toStrictEqual(timelineOf(records, { conceal: false }));
      }),
      { numRuns: 300 },
    );
  });

  it('compares lanes as their keys do', () => {
    fc.assert(
      fc.property(randomSession(), (records) => {
        const truths = [initialFold().truth];
        let f = initialFold();
        for (const r of records) truths.push((f = foldModemState(f, r)).truth);
        for (let i = 1; i < truths.length; i++) {
          const [a, b] = [truths[i - 1]!, truths[i]!];
          const c = truths[(i * 7) % truths.length]!;
          expect(sameLanes(a, b)).toBe(laneKey(a) === laneKey(b));
          expect(sameLanes(c, b)).toBe(laneKey(c) === laneKey(b));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the html report the in-memory export gives, on random sessions', async () => {
    const opts = { format: 'html' as const, environment: { exportedAt: '2026-01-01T00:00:00.000Z' } };
    await fc.assert(
      fc.asyncProperty(randomSession(40), async (records) => {
        let whole = '';
        const gen = exportChunksWhole(records, opts);
        for (let r = await gen.next(); !r.done; r = await gen.next()) whole += r.value;
        expect((await exportToString(records, opts)).text).toBe(whole);
      }),
      { numRuns: 60 },
    );
  });
});
