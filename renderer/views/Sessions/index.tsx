// The Sessions tab: every session of the journal folder (newest first) to re-open read-only, and a
// file picker for a session file or a journal from elsewhere (a support ticket's attachment).
// Keyboard: ↑/↓ move between rows, Enter or the row's Open button opens it.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { SessionListing } from '../../../shared/api';
import { useWorkbench } from '../../stores';
import type { Translate } from '../../../shared/i18n';
import { currentLang, useT } from '../../i18n';
import { ProblemBox } from '../common/ProblemBox';
import { msgText } from '../../../shared/i18n/msg';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const when = (ms: number) => (ms > 0 ? new Date(ms).toLocaleString(currentLang()) : '—');

function duration(t: Translate, s: SessionListing): string {
  const secs = Math.max(0, Math.round((s.endedAt - s.startedAt) / 1000));
  if (!s.startedAt || !s.endedAt) return '';
  return secs < 60 ? t('sessions.seconds', { s: secs }) : secs < 3600 ? t('sessions.minutes', { m: Math.floor(secs / 60), s: secs % 60 }) : t('sessions.hours', { h: Math.floor(secs / 3600), m: Math.floor((secs % 3600) / 60) });
}

export function SessionsView() {
  const t = useT();
  const sessions = useWorkbench((s) => s.sessions);
  const loading = useWorkbench((s) => s.sessionsLoading);
  const problem = useWorkbench((s) => s.sessionsProblem);
  const portState = useWorkbench((s) => s.port.state);
  const viewing = useWorkbench((s) => s.viewingJournal);
  const opening = useWorkbench((s) => s.openingSession);
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
    <section className="sessions panel" data-testid="sessions-view" aria-label={t('sessions.region')}>
      <div className="sessions-toolbar">
        <h2>{t('sessions.heading')}</h2>
        <span className="muted">{t('sessions.intro')}</span>
        <button data-testid="session-refresh" onClick={() => void refreshSessions()} disabled={loading}>
          {loading ? t('sessions.reading') : t('sessions.refresh')}
        </button>
        <button data-testid="session-open-file" onClick={() => fileInput.current?.click()} disabled={portOpen} title={portOpen ? t('sessions.closePortFirst') : t('sessions.openFileTitle')}>
          {t('sessions.openFile')}
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
      {portOpen && <p className="muted" data-testid="sessions-port-open">{t('sessions.portOpen')}</p>}
      {problem && <ProblemBox problem={problem} testId="sessions-problem" />}
      {sessions.length === 0 && !loading ? (
        <p className="muted" data-testid="session-list-empty">
          {t('sessions.empty')}
        </p>
      ) : (
        <table className="session-list" data-testid="session-list">
          <thead>
            <tr>
              <th>{t('sessions.colStarted')}</th>
              <th>{t('sessions.colLength')}</th>
              <th>{t('sessions.colPort')}</th>
              <th>{t('sessions.colModem')}</th>
              <th>{t('sessions.colOutcome')}</th>
              <th className="num">{t('sessions.colLines')}</th>
              <th className="num">{t('sessions.colSize')}</th>
              <th />
            </tr>
          </thead>
          <tbody ref={table}>
            {sessions.map((s, i) => {
              const shown = viewing?.path === s.path;
              return (
                <tr key={s.path} data-testid="session-row" data-path={s.path} data-outcome={s.outcome} tabIndex={0} className={shown ? 'shown' : undefined} onKeyDown={(e) => onRowKey(e, i, s)} title={s.name}>
                  <td>{when(s.startedAt)}</td>
                  <td>{duration(t, s)}</td>
                  <td>{s.port ?? '—'}</td>
                  <td>{s.modem ?? <span className="muted">{t('sessions.unknown')}</span>}</td>
                  <td>
                    <span className={`session-outcome outcome-${s.outcome}`} data-testid="session-outcome">
                      {msgText(t, s.outcomeMsg, s.outcomeText)}
                    </span>
                  </td>
                  <td className="num">{s.lines}</td>
                  <td className="num">{formatSize(s.size)}</td>
                  <td>
                    {s.live ? (
                      <span className="muted">{t('sessions.live')}</span>
                    ) : shown ? (
                      <span className="muted" data-testid="session-shown">{t('sessions.shown')}</span>
                    ) : opening?.path === s.path ? (
                      <span className="muted" data-testid="session-opening" title={t('sessions.openingTitle')}>
                        {opening.total > 0 ? t('sessions.openingPercent', { percent: Math.floor((opening.done / opening.total) * 100) }) : t('sessions.reading')}
                      </span>
                    ) : (
                      <button data-testid="session-open" tabIndex={-1} disabled={portOpen} title={portOpen ? t('sessions.closePortFirst') : t('sessions.openTitle', { name: s.name })} onClick={() => void openListedSession(s.path)}>
                        {t('sessions.open')}
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
  const t = useT();
  const saved = useWorkbench((s) => s.sessionSaved);
  const portState = useWorkbench((s) => s.port.state);
  const { showTab, sessionSavedChanged } = useWorkbench.getState();
  if (!saved || portState !== 'closed') return null;
  return (
    <div className="session-saved" role="status" data-testid="session-saved">
      <span>{t('sessions.saved')}</span>
      <button data-testid="session-saved-open" onClick={() => showTab('sessions')}>
        {t('sessions.showSessions')}
      </button>
      <button data-testid="session-saved-dismiss" aria-label={t('sessions.dismiss')} onClick={() => sessionSavedChanged(false)}>
        ×
      </button>
    </div>
  );
}
