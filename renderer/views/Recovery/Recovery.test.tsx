// @vitest-environment happy-dom
// The banner of a crashed session: what it says, "Open it" loading the journal read-only, "Dismiss".
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => {
  const calls: Array<{ name: string; args: unknown }> = [];
  const offer = { path: '/data/journals/session-2026-11-29T10-00-00-000Z.cjsonl', startedAt: Date.UTC(2026, 10, 29, 10), lastLineAt: Date.UTC(2026, 10, 29, 10, 5), records: 60, lines: 17 };
  const answers: Record<string, unknown> = {
    getRecoverableSession: { ok: true, value: offer },
    openJournalFile: { ok: true, value: { path: offer.path, records: 60, lines: 17, tornTail: false } },
    dismissRecoverableSession: { ok: true, value: null },
  };
  // The stores pick window.workbench at import time: install a contract stand-in first.
  (window as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    {
      get: (_t, name: string) =>
        name.startsWith('on')
          ? () => () => undefined
          : async (args: unknown) => {
              calls.push({ name, args });
              return answers[name] ?? { ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } };
            },
    },
  );
  return calls;
});

import { i18n } from '../../i18n';
import { useWorkbench } from '../../stores';
import { RecoveryBanner } from './index';

afterEach(cleanup);
beforeEach(() => {
  calls.length = 0;
  useWorkbench.setState({ recoverable: undefined, viewingJournal: undefined, recoveryProblem: undefined, port: { state: 'closed' } });
});

describe('recovery banner', () => {
  it('offers the crashed session with its time and line count, and opens it read-only', async () => {
    await act(async () => {
      render(<RecoveryBanner />);
    });
    expect(screen.getByTestId('recovery-text').textContent).toMatch(/^The last session ended unexpectedly at .+ — 17 lines were saved\.$/);
    await act(async () => {
      fireEvent.click(screen.getByTestId('recovery-open'));
    });
    expect(calls.find((c) => c.name === 'openJournalFile')?.args).toEqual({ path: '/data/journals/session-2026-11-29T10-00-00-000Z.cjsonl' });
    expect(screen.queryByTestId('recovery-banner')).toBeNull();
    expect(screen.getByTestId('recovery-viewing').textContent).toContain('session-2026-11-29T10-00-00-000Z.cjsonl (read-only, 17 lines)');
    // A port opened later: the views show the live session, the notice goes.
    act(() => useWorkbench.setState({ port: { state: 'open', path: '/dev/ttyUSB2' } }));
    expect(screen.queryByTestId('recovery-viewing')).toBeNull();
  });

  it('speaks Simplified Chinese when chosen, the plural included, and switches back in place', async () => {
    await act(async () => {
      await i18n.changeLanguage('zh-CN');
      render(<RecoveryBanner />);
    });
    expect(screen.getByTestId('recovery-text').textContent).toMatch(/^上次会话于 .+ 意外结束 — 已保存 17 行。$/);
    expect(screen.getByTestId('recovery-open').textContent).toBe('打开');
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    expect(screen.getByTestId('recovery-text').textContent).toMatch(/17 lines were saved\.$/);
  });

  it('marks an opened recording until a port opens: Hide folds the notice, it does not remove the mark; damage is said', async () => {
    useWorkbench.setState({ recoverable: undefined, viewingJournal: { kind: 'session-file', name: 'ticket.session.jsonl', path: 'ticket.session.jsonl', records: 10, lines: 7, tornTail: false, damage: 'read 10 records; stopped at line 12: cut' } });
    calls.length = 0;
    await act(async () => {
      render(<RecoveryBanner />);
    });
    // Nothing crashed to offer: the stand-in answers getRecoverableSession with the offer, so clear it.
    act(() => useWorkbench.setState({ recoverable: undefined }));
    const banner = screen.getByTestId('recording-banner');
    expect(banner.textContent).toContain('RECORDING');
    expect(banner.textContent).toContain('Showing the session file ticket.session.jsonl (read-only, 7 lines)');
    expect(screen.getByTestId('recording-damage').textContent).toBe('This file is damaged: read 10 records; stopped at line 12: cut. Everything before that point is shown.');
    fireEvent.click(screen.getByTestId('recovery-close'));
    expect(screen.getByTestId('recording-banner').textContent).toContain('RECORDING');
    expect(screen.getByTestId('recovery-viewing').textContent).toBe('ticket.session.jsonl (read-only)');
  });

  it('dismisses the offer for good', async () => {
    await act(async () => {
      render(<RecoveryBanner />);
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('recovery-dismiss'));
    });
    expect(calls.map((c) => c.name)).toContain('dismissRecoverableSession');
    expect(screen.queryByTestId('recovery-banner')).toBeNull();
  });

  it('cannot open the journal while a port is open', async () => {
    useWorkbench.setState({ port: { state: 'open', path: '/dev/ttyUSB2' } });
    await act(async () => {
      render(<RecoveryBanner />);
    });
    expect((screen.getByTestId('recovery-open') as HTMLButtonElement).disabled).toBe(true);
  });
});
