import { describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => {
  const state = { exchanges: [] as unknown[], log: [] as { index: number }[], asked: [] as { from: number; limit: number }[], duringRead: undefined as (() => void) | undefined };
  // The stores pick window.workbench at import time: install a contract stand-in first.
  (globalThis as unknown as { window: unknown }).window ??= globalThis;
  (globalThis as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    {
      get: (_t, name: string) =>
        name.startsWith('on')
          ? () => () => undefined
          : async (args?: { from: number; limit: number }) => {
              if (name === 'getLog') {
                // Served by index, as the main side does: rows `from` on, at most `limit`.
                state.asked.push(args!);
                state.duringRead?.();
                return { ok: true, value: state.log.filter((e) => e.index >= args!.from).slice(0, args!.limit) };
              }
              return name === 'getExchanges' ? { ok: true, value: state.exchanges } : { ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } };
            },
    },
  );
  return state;
});

import type { LogEntry } from '../../../shared/model';
import { useWorkbench } from '../index';
import { exchangeList } from '../diagram/exchanges';
import { sampleModel } from '../../../test-support/sample-session';
import { CATCH_UP_PAGE } from './actions';
import { logBuffer } from './buffer';
import { logView } from './view';

const line = (index: number, text: string): LogEntry => ({ index, mono: index, wall: index, dir: 'rx', kind: 'urc', text });

describe('log slice', () => {
  it('starts over when the main side starts a new session (indexes back at 0), and reloads its exchanges', async () => {
    const m = sampleModel();
    const s = useWorkbench.getState();
    s.appendLog(m.entries);
    s.applyExchanges(m.exchanges);
    s.setLogView({ kindFilter: ['urc'] });
    s.clickLogRow(3, 'single');
    expect(logView.length).toBe(5);

    api.exchanges = [{ ...m.exchanges[0]!, command: 'AT+QMTOPEN=1,"new",1883' }];
    s.appendLog([line(0, 'RDY'), line(1, '+CPIN: READY')]);
    expect(logBuffer.length).toBe(2);
    expect(logBuffer.text(0)).toBe('RDY');
    expect(logView.length).toBe(2); // the kind filter still applies to the new rows
    expect(useWorkbench.getState().selectedRows).toEqual([]);
    await vi.waitFor(() => expect(exchangeList.all().map((x) => x.command)).toEqual(['AT+QMTOPEN=1,"new",1883']));

    // A later batch continues the new session.
    s.appendLog([line(1, '+CPIN: READY'), line(2, '+QIND: PB DONE')]);
    expect(logBuffer.length).toBe(3);
  });

  it('catches up page by page, and appends the live batches that arrived meanwhile after the older rows', async () => {
    const n = CATCH_UP_PAGE * 2 + 10;
    api.log = Array.from({ length: n }, (_, i) => line(i, `row ${i}`));
    api.asked = [];
    const s = useWorkbench.getState();
    // While the second page is read, the main side sends two newer rows live.
    let reads = 0;
    api.duringRead = () => {
      if (++reads === 2) s.appendLog([line(n, 'live 1'), line(n + 1, 'live 2')]);
    };
    const version = useWorkbench.getState().logVersion;
    await s.catchUpLog();
    api.duringRead = undefined;
    expect(api.asked.map((a) => a.from)).toEqual([0, CATCH_UP_PAGE, CATCH_UP_PAGE * 2]);
    expect(logBuffer.length).toBe(n + 2);
    for (const i of [0, CATCH_UP_PAGE - 1, CATCH_UP_PAGE, n - 1]) expect(logBuffer.text(i)).toBe(`row ${i}`);
    expect([logBuffer.text(n), logBuffer.text(n + 1)]).toEqual(['live 1', 'live 2']);
    expect(logView.length).toBe(logBuffer.length);
    expect(useWorkbench.getState().logVersion).toBeGreaterThan(version);
    // Live rows go straight in again once the catch-up is over.
    s.appendLog([line(n + 2, 'live 3')]);
    expect(logBuffer.text(n + 2)).toBe('live 3');
  });
});
