// The Sessions tab: every session of the journal folder (newest first) to re-open read-only, and a
// file picker for a session file or a journal from elsewhere (a support ticket's attachment).
// Keyboard: ↑/↓ move between rows, Enter or the row's Open button opens it.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { SessionListing } from '../../../shared/api';
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const when = (ms: number) => (ms > 0 ? new Date(ms).toLocaleString() : '—');

function duration(s: SessionListing): string {
  const secs = Math.max(0, Math.round((s.endedAt - s.startedAt) / 1000));
  if (!s.startedAt || !s.endedAt) return '';
  return secs < 60 ? `${secs} s` : secs < 3600 ? `${Math.floor(secs / 60)} min ${secs % 60} s` : `${Math.floor(secs / 3600)} h ${Math.floor((secs % 3600) / 60)} min`;
}

export function SessionsView() {
  const sessions = useWorkbench((s) => s.sessions);
  const loading = useWorkbench((s) => s.sessionsLoading);
  const problem = useWorkbench((s) => s.sessionsProblem);
  const portState = useWorkbench((s) => s.port.state);
  const viewing = useWorkbench((s) => s.viewingJournal);
  const { refreshSessions, openListedSession, openSessionFile } = useWorkbench.getState();
  const fileInput = useRef<HTMLInputElement>(null);
  const table = useRef<HTMLTableSectionElement>(null);

  // Read again whenever the port opens or closes: a closed session appears at once.
  useEffect(() => {
    if (portState !== 'opening') void refreshSessions();
  }, [portState, refreshSessions]);

  const portOpen = portState !== 'closed';
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number, s: SessionListing) => {
    const rows = table.current?.querySelectorAll<HTMLTableRowElement>('tr[data-testid="session-row"]');
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      rows?.[Math.max(0, Math.min((rows?.length ?? 1) - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    } else if (e.key === 'Enter' && !portOpen && !s.live) {
      e.preventDefault();
      void openListedSession(s.path);
    }
  };

  return (
    <section className="sessions panel" data-testid="sessions-view" aria-label="Sessions">
      <div className="sessions-toolbar">
        <h2>Sessions</h2>
        <span className="muted">Every session is saved in the journal folder; open one to read it again (read-only).</span>
        <button data-testid="session-refresh" onClick={() => void refreshSessions()} disabled={loading}>
          {loading ? 'Reading…' : 'Refresh'}
        </button>
        <button data-testid="session-open-file" onClick={() => fileInput.current?.click()} disabled={portOpen} title={portOpen ? 'Close the port first' : 'Open a session file (.session.jsonl) or a journal (.cjsonl, .jsonl); you can also drop it on the window'}>
          Open a file…
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          data-testid="session-file-input"
          accept=".jsonl,.cjsonl,.json,application/json"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void openSessionFile(f);
          }}
        />
      </div>
      {portOpen && <p className="muted" data-testid="sessions-port-open">Close the port to open a saved session: the views show the live one now.</p>}
      {problem && <ProblemBox problem={problem} testId="sessions-problem" />}
      {sessions.length === 0 && !loading ? (
        <p className="muted" data-testid="session-list-empty">
          No session yet. Open a port (or the Virtual EC20): everything it says is saved here.
        </p>
      ) : (
        <table className="session-list" data-testid="session-list">
          <thead>
            <tr>
              <th>Started</th>
              <th>Length</th>
              <th>Port</th>
              <th>Modem</th>
              <th>Outcome</th>
              <th className="num">Lines</th>
              <th className="num">Size</th>
              <th />
            </tr>
          </thead>
          <tbody ref={table}>
            {sessions.map((s, i) => {
              const shown = viewing?.path === s.path;
              return (
                <tr key={s.path} data-testid="session-row" data-path={s.path} data-outcome={s.outcome} tabIndex={0} className={shown ? 'shown' : undefined} onKeyDown={(e) => onRowKey(e, i, s)} title={s.name}>
                  <td>{when(s.startedAt)}</td>
                  <td>{duration(s)}</td>
                  <td>{s.port ?? '—'}</td>
                  <td>{s.modem ?? <span className="muted">unknown</span>}</td>
                  <td>
                    <span className={`session-outcome outcome-${s.outcome}`} data-testid="session-outcome">
                      {s.outcomeText}
                    </span>
                  </td>
                  <td className="num">{s.lines}</td>
                  <td className="num">{formatSize(s.size)}</td>
                  <td>
                    {s.live ? (
                      <span className="muted">live now</span>
                    ) : shown ? (
                      <span className="muted" data-testid="session-shown">shown</span>
                    ) : (
                      <button data-testid="session-open" tabIndex={-1} disabled={portOpen} title={portOpen ? 'Close the port first' : `Open ${s.name} read-only`} onClick={() => void openListedSession(s.path)}>
                        Open
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Shown once the port closes: the session is not gone, and where to find it. */
export function SessionSavedNotice() {
  const saved = useWorkbench((s) => s.sessionSaved);
  const portState = useWorkbench((s) => s.port.state);
  const { showTab, sessionSavedChanged } = useWorkbench.getState();
  if (!saved || portState !== 'closed') return null;
  return (
    <div className="session-saved" role="status" data-testid="session-saved">
      <span>Session saved — open it from Sessions.</span>
      <button data-testid="session-saved-open" onClick={() => showTab('sessions')}>
        Show Sessions
      </button>
      <button data-testid="session-saved-dismiss" aria-label="Dismiss" onClick={() => sessionSavedChanged(false)}>
        ×
      </button>
    </div>
  );
}
