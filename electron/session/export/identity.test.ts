// The exports and the grouper's output of one fixed generated session, pinned by digest: work that
// only makes them faster must leave every byte as it was. A change meant to alter an export
// updates these digests in the same commit (and says why).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../shared/model';
import { ExchangeGrouper, groupRecords } from '../../../shared/exchanges';
import { buildJournal, type Step } from '../transcript';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from '../fixtures';
import { EXPORT_FORMATS, exportToString } from '.';

/** The recorded-style fixtures repeated with shifted times and command ids, then a port closed with a result awaited. */
function fixedSession(cycles: number): JournalRecord[] {
  const out: JournalRecord[] = [];
  const wall0 = Date.UTC(2026, 0, 1);
  out.push({ seq: 0, mono: 0, wall: wall0, event: { type: 'session-started', app: 'workbench at', version: '0.1.0' } });
  let ids = 0;
  let t = 0;
  const add = (steps: Step[]) => {
    let top = 0;
    for (const r of buildJournal(steps.map((s) => ({ ...s, at: t + s.at })))) {
      let rec: JournalRecord = { ...r, seq: out.length };
      if ('event' in rec) {
        const e = rec.event as { id?: number; commandId?: number };
        const moved = { ...e, ...(e.id !== undefined ? { id: e.id + ids } : {}), ...(e.commandId !== undefined ? { commandId: e.commandId + ids } : {}) };
        top = Math.max(top, moved.id ?? 0, moved.commandId ?? 0);
        rec = { ...rec, event: moved } as JournalRecord;
      }
      out.push(rec);
    }
    ids = Math.max(ids, top);
    t += 200_000;
  };
  for (let i = 0; i < cycles; i++) for (const s of [successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession]) add(s);
  add(timeoutSession.slice(0, -1));
  const last = out[out.length - 1];
  const at = { mono: (last?.mono ?? 0) + 10, wall: (last?.wall ?? wall0) + 10 };
  out.push({ seq: out.length, ...at, event: { type: 'port-closed', reason: { kind: 'unplugged', detail: 'cable' }, at } });
  return out;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

describe('a fixed generated session', () => {
  const records = fixedSession(40);

  it('is long enough to cross the streaming export takes and the grouper windows', () => {
    expect(records.length).toBeGreaterThan(6_000);
  });

  it('exports byte for byte as pinned, in every format', async () => {
    const got: Record<string, string> = {};
    for (const format of EXPORT_FORMATS) {
      const { text } = await exportToString(records, { format, environment: { app: 'workbench', appVersion: '0.0.0', os: 'test', source: 'fixed.jsonl', exportedAt: '2026-01-01T00:00:00.000Z' } });
      got[format] = digest(text);
    }
    // html re-pinned once when the report gained its Timeline section, text once when it gained its
    // closing list of link drops with the signal at each; json and mermaid are unchanged.
    expect(got).toEqual({ html: '633e6ec72630b839', json: '03ba8bb496ec280e', mermaid: 'f18a5b65b4e7dd30', text: 'a3d063217d4ab65d' });
  });

  it('groups as pinned: every change taken, the oldest open exchange, the held counts, a small window and a whole one', () => {
    const g = new ExchangeGrouper({ window: { entries: 400, exchanges: 200 } });
    const parts: string[] = [];
    records.forEach((r, i) => {
      g.push(r);
      if (i % 97 === 0) parts.push(JSON.stringify([g.takeChanges(), g.oldestOpenExchange(), g.held(), g.contextOfLine('+QMTCONN: 0,0,4')]));
    });
    parts.push(JSON.stringify([g.finish(), g.takeChanges(), g.oldestOpenExchange(), g.held()]));
    expect({ windowed: digest(parts.join('\n')), whole: digest(JSON.stringify(groupRecords(records))) }).toEqual({ windowed: 'e8b4a9214e14b8e8', whole: 'daf375b96521c710' });
  });
});
