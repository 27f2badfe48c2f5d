// The checks the code catalogue recommends when a bring-up stalls (protocol.md §4.3, §4.4), as
// actions with their own results: which port gets the URCs, packet attach, DNS servers, a ping
// with its series of replies, the module's clock and the SIM's identity.
import { DIAGNOSTIC_CHECKS, type DiagnosticCheck, type DiagnosticFinding } from '../../../shared/diagnostics';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { ProblemBox } from '../common/ProblemBox';

const ABOUT: Record<DiagnosticCheck, { title: string; command: string; why: string }> = {
  urcport: { title: 'URC port', command: 'AT+QURCCFG="urcport"', why: 'URCs sent to another port: every command answers OK but no +QMTOPEN, +QMTCONN or +QMTRECV ever comes.' },
  attach: { title: 'Packet attach', command: 'AT+CGATT?', why: 'Not attached to packet service: no PDP context, so no open.' },
  dns: { title: 'DNS servers', command: 'AT+QIDNSCFG', why: 'No DNS server or a bad one: opening a server by name fails (+QMTOPEN: 0,4).' },
  ping: { title: 'Reach a host', command: 'AT+QPING', why: 'Whether the server (or any host) answers over the mobile link at all.' },
  clock: { title: 'Module clock', command: 'AT+CCLK?', why: 'Certificates are checked against this clock unless ignorelocaltime is 1; a clock still in 1980 fails every one.' },
  'sim-identity': { title: 'SIM identity', command: 'AT+QCCID, AT+CIMI', why: 'The ICCID and IMSI the operator knows the SIM by (for its support, or a data plan check).' },
};

const VERDICT_ICON = { pass: '✔', warn: '!', fail: '✖' } as const;

function Finding({ f }: { f: DiagnosticFinding }) {
  switch (f.check) {
    case 'urcport':
      return <>URCs go to {f.port}{f.reachesThisPort ? ' (this port)' : ''}</>;
    case 'attach':
      return <>{f.attached ? 'attached' : 'not attached'}</>;
    case 'dns':
      return (
        <>
          context {f.cid}: {f.primary ?? '—'}
          {f.secondary ? `, ${f.secondary}` : ''}
        </>
      );
    case 'clock':
      return (
        <>
          {f.raw}
          {f.unset ? ' (never set)' : ''}
        </>
      );
    case 'sim-identity':
      return (
        <>
          ICCID {f.iccid ?? '—'}, IMSI {f.imsi ?? '—'}
        </>
      );
    case 'ping':
      return (
        <>
          <ol className="ping-replies" data-testid="check-ping-replies">
            {f.replies.map((r, i) => (
              <li key={i} data-result={r.result}>
                {r.result === 0 ? `${r.ip ?? f.host}: ${r.bytes ?? '?'} bytes, ${r.timeMs ?? '?'} ms, TTL ${r.ttl ?? '?'}` : `no reply (error ${r.result})`}
              </li>
            ))}
          </ol>
          {f.summary && f.summary.sent !== undefined && (
            <span>
              {f.summary.received ?? 0}/{f.summary.sent} answered
              {f.summary.avgMs !== undefined ? `, ${f.summary.minMs}/${f.summary.avgMs}/${f.summary.maxMs} ms min/avg/max` : ''}
            </span>
          )}
        </>
      );
  }
}

function CheckRow({ check }: { check: DiagnosticCheck }) {
  const run = useWorkbench((s) => s.checks[check]);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const busy = useWorkbench((s) => s.running);
  const about = ABOUT[check];
  const verdict = run?.result?.verdict;
  return (
    <li className={`check check-${verdict ?? (run?.problem ? 'fail' : 'none')}`} data-testid={`check-${check}`} data-verdict={verdict ?? (run?.problem ? 'error' : '')}>
      <div className="check-head">
        <button type="button" className="small-button" data-testid={`check-${check}-run`} disabled={!isOpen || busy || run?.running} onClick={() => void useWorkbench.getState().runCheck(check)} title={`${about.command}: ${about.why}`}>
          {run?.running ? '…' : 'Run'}
        </button>
        <span className="check-title" title={about.why}>
          {about.title} <span className="muted small mono">{about.command}</span>
        </span>
        {verdict && <span className={`check-verdict v-${verdict}`}>{VERDICT_ICON[verdict]}</span>}
      </div>
      {run?.result && (
        <div className="check-body" data-testid={`check-${check}-result`}>
          <div>{run.result.summary}</div>
          {/* The summary says the rest; the ping's series and the clock as printed add to it. */}
          {run.result.finding && (run.result.finding.check === 'ping' || run.result.finding.check === 'clock') && (
            <div className="muted small">
              <Finding f={run.result.finding} />
            </div>
          )}
          {run.result.problem && <ProblemBox problem={run.result.problem} testId={`check-${check}-problem`} />}
        </div>
      )}
      {run?.problem && <ProblemBox problem={run.problem} testId={`check-${check}-problem`} />}
    </li>
  );
}

export function ChecksSection() {
  const pingHost = useWorkbench((s) => s.pingHost);
  const server = useWorkbench((s) => s.form.host);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const busy = useWorkbench((s) => s.running);
  // A bring-up that stalled on the network or the open is what these checks are for: show them then.
  const stalled = useWorkbench((s) => s.steps.some((st) => st.status === 'failed' && ['registration', 'pdp', 'open', 'connect'].includes(st.id)));
  const { setPingHost, runCheck } = useWorkbench.getState();
  return (
    <details className="wizard-section" data-testid="wizard-checks" key={stalled ? 'stalled' : 'idle'} open={stalled || undefined}>
      <summary>Checks when a step stalls</summary>
      <div className="row">
        <button
          type="button"
          data-testid="checks-run-all"
          disabled={!isOpen || busy}
          onClick={async () => {
            // One at a time: the modem answers one command at a time anyway, and the results appear in order.
            for (const c of DIAGNOSTIC_CHECKS) if (c !== 'ping' || pingHost.trim() || server.trim()) await runCheck(c);
          }}
        >
          Run all
        </button>
        <label className="small">
          Ping{' '}
          <input data-testid="check-ping-host" className="mono ping-host" value={pingHost} placeholder={server.trim() || 'host or IP'} onChange={(e) => setPingHost(e.target.value)} spellCheck={false} />
        </label>
      </div>
      <ul className="checks">
        {DIAGNOSTIC_CHECKS.map((c) => (
          <CheckRow key={c} check={c} />
        ))}
      </ul>
    </details>
  );
}
