import { describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => {
  const state = { exchanges: [] as unknown[] };
  // The stores pick window.workbench at import time: install a contract stand-in first.
  (globalThis as unknown as { window: unknown }).window ??= globalThis;
  (globalThis as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    {
      get: (_t, name: string) =>
        name.startsWith('on')
          ? () => () => undefined
          : async () => (name === 'getExchanges' ? { ok: true, value: state.exchanges } : { ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } }),
    },
  );
  return state;
});

import type { LogEntry } from '../../../shared/model';
import { useWorkbench } from '../index';
import { exchangeList } from '../diagram/exchanges';
import { sampleModel } from '../../../test-support/sample-session';
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
});
