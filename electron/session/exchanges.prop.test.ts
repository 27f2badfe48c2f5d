import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExchangeGrouper, groupRecords } from '../../shared/exchanges';
import { buildJournal, type Step } from './transcript';
import type { Exchange, JournalRecord, LogEntry } from '../../shared/model';
import { sessionToMermaid as toMermaid } from '../../shared/diagram';
import { checkMermaid } from './export/mermaid-check';

const idx = fc.integer({ min: 0, max: 2 });
const msg = fc.integer({ min: 1, max: 4 });
const command = fc.oneof(
  idx.map((i) => `AT+QMTOPEN=${i},"broker.example.net",1883`),
  idx.map((i) => `AT+QMTCONN=${i},"dev-${i}","u","p"`),
  fc.tuple(idx, msg).map(([i, m]) => `AT+QMTSUB=${i},${m},"a/#",1`),
  fc.tuple(idx, msg, fc.integer({ min: 0, max: 2 })).map(([i, m, q]) => `AT+QMTPUB=${i},${q ? m : 0},${q},0,"a/b"`),
  idx.map((i) => `AT+QMTDISC=${i}`),
  idx.map((i) => `AT+QMTCLOSE=${i}`),
  fc.constant('AT+CSQ'),
);
const urc = fc.oneof(
  fc.tuple(idx, fc.constantFrom('-1', '0', '3', '4', '5')).map(([i, r]) => `+QMTOPEN: ${i},${r}`),
  fc.tuple(idx, fc.constantFrom('0,0', '0,4', '1', '2')).map(([i, r]) => `+QMTCONN: ${i},${r}`),
  fc.tuple(idx, msg, fc.constantFrom('0,1', '0,128', '1,1', '2')).map(([i, m, r]) => `+QMTSUB: ${i},${m},${r}`),
  fc.tuple(idx, msg, fc.constantFrom('0', '1,1', '2')).map(([i, m, r]) => `+QMTPUB: ${i},${m},${r}`),
  fc.tuple(idx, fc.constantFrom('1', '2', '5', '7')).map(([i, c]) => `+QMTSTAT: ${i},${c}`),
  fc.tuple(idx, msg).map(([i, m]) => `+QMTRECV: ${i},${m},"a/b","x"`),
  fc.constantFrom('RDY', '+CPIN: READY', '+CEREG: 1'),
);
const step = fc.oneof(
  fc.record({ send: command, final: fc.constantFrom<string | null | undefined>(undefined, 'ERROR', null) }),
  fc.record({ urc }),
);
const session = fc
  .array(fc.tuple(step, fc.integer({ min: 1, max: 30_000 })), { maxLength: 40 })
  .map((xs) => {
    let t = 0;
    return xs.map(([s, dt]) => {
      t += dt;
      if ('urc' in s) return { at: t, urc: s.urc };
      return { at: t, send: s.send, ...(s.final !== undefined ? { final: s.final } : {}) };
    }) as Step[];
  });

const lineEvents = (rs: JournalRecord[]) => rs.filter((r) => 'event' in r && r.event.type === 'line').length;

describe('grouper properties over random sessions', () => {
  it('one entry per line, each in at most one exchange, ids in order, ends after starts', () => {
    fc.assert(
      fc.property(session, (steps) => {
        const records = buildJournal(steps);
        const { entries, exchanges } = groupRecords(records);
        expect(entries.length).toBe(lineEvents(records));
        const owner = new Map<number, number>();
        exchanges.forEach((x, i) => {
          expect(x.id).toBe(i);
          if (x.endedMono !== undefined) expect(x.endedMono).toBeGreaterThanOrEqual(x.startedMono);
          if (x.outcome !== 'pending') expect(x.endedMono).toBeDefined();
          for (const e of x.entries) {
            expect(owner.has(e)).toBe(false);
            owner.set(e, x.id);
            expect(entries[e]?.exchangeId).toBe(x.id);
          }
          if (x.implied.some((p) => p.failed)) expect(x.outcome).not.toBe('ok');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the same model whether the engine reports URCs as lines, as urc events, or both', () => {
    fc.assert(
      fc.property(session, (steps) => {
        const both = buildJournal(steps);
        const onlyEvents = both.filter((r) => !('event' in r && r.event.type === 'line' && r.event.kind === 'urc'));
        const onlyLines = both.filter((r) => !('event' in r && r.event.type === 'urc'));
        const shape = (rs: JournalRecord[]) => groupRecords(rs).exchanges.map((x) => [x.command, x.outcome, x.result, x.implied.map((p) => p.name)]);
        expect(shape(onlyEvents)).toEqual(shape(both));
        expect(shape(onlyLines)).toEqual(shape(both));
      }),
      { numRuns: 200 },
    );
  });

  it('every diagram drawn from a random session passes the strict Mermaid check, also with hostile text', () => {
    const hostile = fc.string({ unit: fc.constantFrom('a', ';', '#', '"', '<', '>', '%', '{', '\r', '\n', '\u0000', ' ', '«', ':', '-', '>>'), maxLength: 20 });
    fc.assert(
      fc.property(session, hostile, (steps, text) => {
        const withHostile: Step[] = [...steps, { at: 1e9, send: `AT+QMTPUB=0,0,0,0,"${text}"` }, { at: 1e9 + 1, urc: `+QMTRECV: 0,0,"t","${text}"` }];
        expect(checkMermaid(toMermaid(groupRecords(buildJournal(withHostile))))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('changes taken batch by batch add up to the full model', () => {
    fc.assert(
      fc.property(session, fc.integer({ min: 1, max: 7 }), (steps, batch) => {
        const records = buildJournal(steps);
        const g = new ExchangeGrouper();
        const entries: LogEntry[] = [];
        const exchanges = new Map<number, Exchange>();
        const take = () => {
          const c = g.takeChanges();
          entries.push(...c.entries);
          for (const x of c.exchanges) exchanges.set(x.id, x);
        };
        records.forEach((r, i) => {
          g.push(r);
          if (i % batch === 0) take();
        });
        g.finish();
        take();
        const full = groupRecords(records);
        expect(entries).toEqual(full.entries);
        expect([...exchanges.values()].sort((a, b) => a.id - b.id)).toEqual(full.exchanges);
      }),
      { numRuns: 200 },
    );
  });

  it('a grouper restored from a checkpoint (copied) at any record makes the same entries and later exchanges', () => {
    fc.assert(
      fc.property(session, fc.nat(), fc.integer({ min: 1, max: 50 }), (steps, at, window) => {
        const records = buildJournal(steps);
        const cut = records.length === 0 ? 0 : at % (records.length + 1);
        const full = groupRecords(records);
        const before = new ExchangeGrouper({ window: { entries: window, exchanges: window } });
        for (const r of records.slice(0, cut)) before.push(r);
        const made: LogEntry[] = [];
        const state = structuredClone(before.checkpoint());
        const after = ExchangeGrouper.fromCheckpoint(state, { onEntry: (e) => made.push(e), window: { entries: Infinity, exchanges: Infinity } });
        for (const r of records.slice(cut)) after.push(r);
        // The original goes on unchanged by the checkpoint taken of it.
        for (const r of records.slice(cut)) before.push(r);
        expect(made).toEqual(full.entries.slice(state.entryCount));
        const later = after.finish().exchanges;
        expect(later).toEqual(full.exchanges.filter((x) => x.id >= state.nextExchangeId));
        expect(before.entryCount).toBe(full.entries.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a grouper restored from a checkpoint with its rows is the same grouper: same changes, window and model', () => {
    fc.assert(
      fc.property(session, fc.nat(), fc.integer({ min: 1, max: 50 }), fc.boolean(), (steps, at, window, taken) => {
        const records = buildJournal(steps);
        const cut = records.length === 0 ? 0 : at % (records.length + 1);
        const opts = { window: { entries: window, exchanges: window } };
        const a = new ExchangeGrouper(opts);
        for (const r of records.slice(0, cut)) a.push(r);
        if (taken) a.takeChanges();
        const b = ExchangeGrouper.fromCheckpoint(structuredClone(a.checkpoint({ rows: true })), opts);
        expect(b.held()).toEqual(a.held());
        expect(b.takeChanges()).toEqual(a.takeChanges());
        for (const r of records.slice(cut)) {
          a.push(r);
          b.push(r);
        }
        expect(b.takeChanges()).toEqual(a.takeChanges());
        expect(b.finish()).toEqual(a.finish());
        expect(b.oldestOpenExchange()).toBe(a.oldestOpenExchange());
      }),
      { numRuns: 300 },
    );
  });
});
