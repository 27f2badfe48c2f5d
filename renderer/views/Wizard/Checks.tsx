// The checks the code catalogue recommends when a bring-up stalls (protocol.md §4.3, §4.4), as
// actions with their own results: which port gets the URCs, packet attach, DNS servers, a ping
// with its series of replies, the module's clock and the SIM's identity.
import { DIAGNOSTIC_CHECKS, type DiagnosticCheck, type DiagnosticFinding } from '../../../shared/diagnostics';
import { msgText, type Translate } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { ProblemBox } from '../common/ProblemBox';

const COMMAND: Record<DiagnosticCheck, string> = {
  urcport: 'AT+QURCCFG="urcport"',
  attach: 'AT+CGATT?',
  dns: 'AT+QIDNSCFG',
  ping: 'AT+QPING',
  clock: 'AT+CCLK?',
  'sim-identity': 'AT+QCCID, AT+CIMI',
};

/** What a check is called and why it matters, in the current language. */
function about(check: DiagnosticCheck, t: Translate): { title: string; command: string; why: string } {
  const command = COMMAND[check];
  switch (check) {
    case 'urcport': return { command, title: t('wizard.checkUrcportTitle'), why: t('wizard.checkUrcportWhy') };
    case 'attach': return { command, title: t('wizard.checkAttachTitle'), why: t('wizard.checkAttachWhy') };
    case 'dns': return { command, title: t('wizard.checkDnsTitle'), why: t('wizard.checkDnsWhy') };
    case 'ping': return { command, title: t('wizard.checkPingTitle'), why: t('wizard.checkPingWhy') };
    case 'clock': return { command, title: t('wizard.checkClockTitle'), why: t('wizard.checkClockWhy') };
    case 'sim-identity': return { command, title: t('wizard.checkSimTitle'), why: t('wizard.checkSimWhy') };
  }
}

const VERDICT_ICON = { pass: '✔', warn: '!', fail: '✖' } as const;

function Finding({ f }: { f: DiagnosticFinding }) {
  const t = useT();
  switch (f.check) {
    case 'urcport':
      return <>{f.reachesThisPort ? t('wizard.findingUrcportThis', { port: f.port }) : t('wizard.findingUrcport', { port: f.port })}</>;
    case 'attach':
      return <>{f.attached ? t('wizard.findingAttached') : t('wizard.findingNotAttached')}</>;
    case 'dns':
      return <>{t('wizard.findingDns', { cid: f.cid, servers: [f.primary ?? '—', ...(f.secondary ? [f.secondary] : [])].join(', ') })}</>;
    case 'clock':
      return <>{f.unset ? t('wizard.findingClockUnset', { raw: f.raw }) : f.raw}</>;
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
                {r.result === 0 ? t('wizard.findingPingReply', { ip: r.ip ?? f.host, bytes: r.bytes ?? '?', ms: r.timeMs ?? '?', ttl: r.ttl ?? '?' }) : t('wizard.findingPingNoReply', { code: r.result })}
              </li>
            ))}
          </ol>
          {f.summary && f.summary.sent !== undefined && (
            <span>
              {f.summary.avgMs !== undefined
                ? t('wizard.findingPingAnsweredTimes', { received: f.summary.received ?? 0, sent: f.summary.sent, min: f.summary.minMs, avg: f.summary.avgMs, max: f.summary.maxMs })
                : t('wizard.findingPingAnswered', { received: f.summary.received ?? 0, sent: f.summary.sent })}
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
  const t = useT();
  const info = about(check, t);
  const verdict = run?.result?.verdict;
  return (
    <li className={`check check-${verdict ?? (run?.problem ? 'fail' : 'none')}`} data-testid={`check-${check}`} data-verdict={verdict ?? (run?.problem ? 'error' : '')}>
      <div className="check-head">
        <button type="button" className="small-button" data-testid={`check-${check}-run`} disabled={!isOpen || busy || run?.running} onClick={() => void useWorkbench.getState().runCheck(check)} title={`${info.command}: ${info.why}`}>
          {run?.running ? '…' : t('wizard.checksRun')}
        </button>
        <span className="check-title" title={info.why}>
          {info.title} <span className="muted small mono">{info.command}</span>
        </span>
        {verdict && <span className={`check-verdict v-${verdict}`}>{VERDICT_ICON[verdict]}</span>}
      </div>
      {run?.result && (
        <div className="check-body" data-testid={`check-${check}-result`}>
          <div>{msgText(t, run.result.summaryMsg, run.result.summary)}</div>
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
  const t = useT();
  return (
    <details className="wizard-section" data-testid="wizard-checks" key={stalled ? 'stalled' : 'idle'} open={stalled || undefined}>
      <summary>{t('wizard.checksTitle')}</summary>
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
          {t('wizard.checksRunAll')}
        </button>
        <label className="small">
          {t('wizard.checksPing')}{' '}
          <input data-testid="check-ping-host" className="mono ping-host" value={pingHost} placeholder={server.trim() || t('wizard.checksPingPlaceholder')} onChange={(e) => setPingHost(e.target.value)} spellCheck={false} />
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
