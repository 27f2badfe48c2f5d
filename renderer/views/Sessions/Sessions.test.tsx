// @vitest-environment happy-dom
// The Sessions tab: rows newest first with their outcome, the keyboard opens a row, a file too large
// for the page is refused before it is read, and the port-closed notice leads to the list.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => {
  const calls: Array<{ name: string; args: unknown }> = [];
  const row = (name: string, startedAt: number, outcome: string, outcomeText: string) => ({
    path: `/data/journals/${name}`, name, startedAt, endedAt: startedAt + 65_000, port: 'virtual:ec20', modem: 'Quectel EC25', outcome, outcomeText, size: 3584, modifiedAt: startedAt, records: 40, lines: 30, live: false,
  });
  const answers: Record<string, unknown> = {
    listSessions: { ok: true, value: [row('session-b.cjsonl', Date.UTC(2026, 10, 29, 11), 'failed', 'failed at AT+QMTOPEN=0,"h",1883: Network failure'), row('session-a.cjsonl', Date.UTC(2026, 10, 29, 10), 'connected', 'connected')] },
    openJournalFile: { ok: true, value: { kind: 'journal', name: 'session-a.cjsonl', path: '/data/journals/session-a.cjsonl', records: 40, lines: 30, tornTail: false } },
  };
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

import { MAX_SESSION_TEXT } from '../../../shared/api';
import { useWorkbench } from '../../stores';
import { SessionSavedNotice, SessionsView } from './index';

afterEach(cleanup);
beforeEach(() => {
  calls.length = 0;
  useWorkbench.setState({ sessions: [], sessionsProblem: undefined, viewingJournal: undefined, port: { state: 'closed' }, activeTab: 'sessions', sessionSaved: false });
});

describe('sessions tab', () => {
  it('lists the sessions with their outcome, and Enter on a row opens it read-only and shows its log', async () => {
    await act(async () => {
      render(<SessionsView />);
    });
    const rows = screen.getAllByTestId('session-row');
    expect(rows.map((r) => r.getAttribute('data-outcome'))).toEqual(['failed', 'connected']);
    expect(rows[0]!.textContent).toContain('failed at AT+QMTOPEN');
    expect(rows[1]!.textContent).toContain('1 min 5 s');
    expect(rows[1]!.textContent).toContain('3.5 KB');
    rows[0]!.focus();
    fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[1]);
    await act(async () => {
      fireEvent.keyDown(rows[1]!, { key: 'Enter' });
    });
    expect(calls.find((c) => c.name === 'openJournalFile')?.args).toEqual({ path: '/data/journals/session-a.cjsonl' });
    expect(useWorkbench.getState().viewingJournal?.name).toBe('session-a.cjsonl');
    expect(useWorkbench.getState().activeTab).toBe('log');
  });

  it('says how far a session with no index has been read while it opens', async () => {
    await act(async () => {
      render(<SessionsView />);
    });
    const path = '/data/journals/session-b.cjsonl';
    act(() => {
      useWorkbench.setState({ openingSession: { path, done: 0, total: 0 } });
      useWorkbench.getState().journalOpenProgressed({ path, done: 420, total: 1000 });
      // Another journal's progress is not this one's.
      useWorkbench.getState().journalOpenProgressed({ path: '/data/journals/other.cjsonl', done: 900, total: 1000 });
    });
    const opening = screen.getByTestId('session-opening');
    expect(opening.textContent).toBe('Reading… 42%');
    expect(opening.closest('tr')?.getAttribute('data-path')).toBe(path);
    expect(screen.getAllByTestId('session-open')).toHaveLength(1);
    act(() => useWorkbench.setState({ openingSession: undefined }));
  });

  it('opens nothing while a port is open', async () => {
    useWorkbench.setState({ port: { state: 'open', path: 'virtual:ec20' } });
    await act(async () => {
      render(<SessionsView />);
    });
    expect(screen.getByTestId('sessions-port-open')).toBeTruthy();
    expect(screen.getAllByTestId('session-open').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });

  it('refuses a file too large for the page before reading it, and says how to open it', async () => {
    const text = vi.fn(async () => '');
    await act(async () => {
      await useWorkbench.getState().openSessionFile({ name: 'huge.cjsonl', size: MAX_SESSION_TEXT + 1, text });
    });
    expect(text).not.toHaveBeenCalled();
    expect(calls.map((c) => c.name)).not.toContain('openSessionText');
    const problem = useWorkbench.getState().sessionsProblem;
    expect(problem?.title).toBe('huge.cjsonl is too large to open in the browser (10.0 MiB)');
    expect(problem?.nextStep).toContain('npm start -- huge.cjsonl');
  });

  it('says where a closed session went, and leads to the list', () => {
    useWorkbench.setState({ sessionSaved: true, activeTab: 'log' });
    render(<SessionSavedNotice />);
    expect(screen.getByTestId('session-saved').textContent).toContain('Session saved — open it from Sessions.');
    fireEvent.click(screen.getByTestId('session-saved-open'));
    expect(useWorkbench.getState().activeTab).toBe('sessions');
  });
});
