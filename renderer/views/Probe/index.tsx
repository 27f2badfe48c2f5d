// Side by side: the modem's bring-up and the laptop's probe of the same server, phase by phase,
// with the verdict in plain words on top and the laptop's stages (times, TLS chain) below. Styles
// are local to the view (the app's stylesheet is shared with other views).
import type { CSSProperties } from 'react';
import type { Translate } from '../../../shared/i18n';
import type { CompareSide, ProbeStage } from '../../../shared/probe';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { ProblemBox } from '../common/ProblemBox';
import { useProbe } from './probeStore';
import { comparePhaseTitle, probeStageTitle } from '../../../shared/i18n/messages/probe';
import { msgIn } from '../../../shared/protocol/localize';
import { problemIn, useViewLang } from '../../i18n-explain';

const SIDE_COLOR: Record<string, string> = { modem: 'var(--warning)', server: 'var(--danger)', laptop: 'var(--purple)', none: 'var(--success)', unknown: 'var(--fg-muted)' };
function sideLabel(t: Translate, side: string): string {
  switch (side) {
    case 'modem':
      return t('probe.sideModem');
    case 'server':
      return t('probe.sideServer');
    case 'laptop':
      return t('probe.sideLaptop');
    case 'none':
      return t('probe.sideNone');
    default:
      return t('probe.sideUnknown');
  }
}

const MARK: Record<CompareSide['status'] | ProbeStage['status'], string> = { passed: '✔', failed: '✖', 'not-reached': '–', unknown: '·', skipped: '–' };
const MARK_COLOR: Record<string, string> = { passed: 'var(--success)', failed: 'var(--danger)' };

const s = {
  view: { flex: 1, overflow: 'auto', padding: '0.6rem 1rem', background: 'var(--surface)', color: 'var(--fg)', borderTop: '1px solid var(--border)' },
  verdict: (side: string): CSSProperties => ({ borderLeft: `5px solid ${SIDE_COLOR[side] ?? 'var(--fg-muted)'}`, background: 'var(--surface-2)', padding: '0.5rem 0.8rem', margin: '0.4rem 0 0.8rem' }),
  table: { width: '100%', borderCollapse: 'collapse', fontSize: 13 },
  th: { textAlign: 'left', background: 'var(--surface-3)', padding: '0.3rem 0.5rem', borderBottom: '1px solid var(--border)', fontWeight: 600 },
  td: { verticalAlign: 'top', padding: '0.35rem 0.5rem', borderBottom: '1px solid var(--border-subtle)' },
  code: { fontFamily: 'var(--font-mono)', fontSize: 11, color: 'var(--fg-muted)' },
  stage: { margin: '0.25rem 0', fontSize: 13 },
  chain: { margin: '0.2rem 0 0.2rem 1.4rem', fontSize: 12, color: 'var(--fg-muted)' },
} satisfies Record<string, CSSProperties | ((x: string) => CSSProperties)>;

function Side({ side, testId }: { side: CompareSide; testId: string }) {
  const lang = useViewLang();
  return (
    <td style={s.td} data-testid={testId} data-status={side.status}>
      <span style={{ color: MARK_COLOR[side.status] ?? 'var(--fg-muted)', marginRight: 6 }} aria-hidden>
        {MARK[side.status]}
      </span>
      {msgIn(lang, side.textMsg, side.text)}
      {side.code && <div style={s.code}>{side.code}</div>}
    </td>
  );
}

function Stage({ st }: { st: ProbeStage }) {
  const t = useT();
  const lang = useViewLang();
  return (
    <li style={s.stage} data-testid={`probe-stage-${st.stage}`} data-status={st.status}>
      <span style={{ color: MARK_COLOR[st.status] ?? 'var(--fg-muted)', display: 'inline-block', width: '1.2rem' }} aria-hidden>
        {MARK[st.status]}
      </span>
      <strong>{probeStageTitle(t, st.stage)}</strong> <span className="muted">{t('probe.ms', { ms: st.ms })}</span> — {msgIn(lang, st.detailMsg, st.detail)}
      {st.tls && (
        <div style={s.chain}>
          {st.tls.chain.map((c) => (
            <div key={c.fingerprint256}>
              {t('probe.issuedBy', { role: c.role, subject: c.subject, issuer: c.issuer, from: c.validFrom.slice(0, 10), to: c.validTo.slice(0, 10) })}
            </div>
          ))}
          {st.tls.modemCompatibility && <div>{t('probe.modemCompat', { text: msgIn(lang, st.tls.modemCompatibilityMsg, st.tls.modemCompatibility) })}</div>}
          {st.tls.notes.map((n, i) => (
            <div key={n} className="muted">
              {msgIn(lang, st.tls?.noteMsgs?.[i], n)}
            </div>
          ))}
        </div>
      )}
      {st.problem && st.status === 'failed' && <div style={{ ...s.chain, color: 'var(--danger-fg)' }}>{t('probe.next', { step: problemIn(st.problem, lang).nextStep })}</div>}
    </li>
  );
}

export function ProbeView() {
  const t = useT();
  const lang = useViewLang();
  const { running, run, problem, roundtripTopic, setRoundtripTopic, start } = useProbe();
  const host = useWorkbench((st) => st.form.host);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const c = run?.comparison;
  return (
    <section style={s.view} aria-label={t('probe.region')} data-testid="probe-view">
      <h2 style={{ margin: '0 0 0.3rem' }}>{t('probe.heading')}</h2>
      <p className="muted" style={{ margin: 0, fontSize: 13 }}>
        {t('probe.intro')}
      </p>
      <div className="row">
        <button type="button" data-testid="probe-run" disabled={running} onClick={() => void start()}>
          {running ? t('probe.trying') : run ? t('probe.tryAgain') : host ? t('probe.tryHost', { host }) : t('probe.tryThisServer')}
        </button>
        <label className="muted" style={{ fontSize: 12 }}>
          {t('probe.roundtripTopic')}{' '}
          <input data-testid="probe-roundtrip-topic" value={roundtripTopic} placeholder={t('probe.optional')} onChange={(e) => setRoundtripTopic(e.target.value)} style={{ width: 160 }} />
        </label>
        {!isOpen && <span className="muted">{t('probe.noPort')}</span>}
      </div>
      {problem && <ProblemBox problem={problem} testId="probe-problem" />}
      {running && <p className="muted" data-testid="probe-running">{host ? t('probe.runningHost', { host }) : t('probe.runningServer')}</p>}
      {c && run && !running && (
        <>
          <div style={s.verdict(c.side)} data-testid="probe-verdict" data-side={c.side} role="status">
            <div style={{ fontSize: 11, fontWeight: 700, letterSpacing: '0.05em', textTransform: 'uppercase', color: SIDE_COLOR[c.side] }}>{sideLabel(t, c.side)}</div>
            <div style={{ fontSize: 15, fontWeight: 600, margin: '0.2rem 0' }}>{msgIn(lang, c.verdictMsg, c.verdict)}</div>
            <div style={{ fontSize: 13 }}>{t('probe.next', { step: msgIn(lang, c.nextStepMsg, c.nextStep) })}</div>
          </div>
          <table style={s.table} data-testid="probe-compare">
            <thead>
              <tr>
                <th style={{ ...s.th, width: '22%' }}>{t('probe.colPhase')}</th>
                <th style={s.th}>{t('probe.colModem')}</th>
                <th style={s.th}>{t(run.result.server.tls ? 'probe.colLaptopTls' : 'probe.colLaptop', { host: run.result.server.host, port: run.result.server.port })}</th>
              </tr>
            </thead>
            <tbody>
              {c.rows.map((r) => (
                <tr key={r.phase} data-testid={`probe-row-${r.phase}`}>
                  <td style={{ ...s.td, fontWeight: 600 }}>{comparePhaseTitle(t, r.phase)}</td>
                  <Side side={r.modem} testId={`probe-modem-${r.phase}`} />
                  <Side side={r.laptop} testId={`probe-laptop-${r.phase}`} />
                </tr>
              ))}
            </tbody>
          </table>
          <h3 style={{ fontSize: 14, margin: '0.9rem 0 0.2rem' }}>{t('probe.stages')}</h3>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {run.result.stages.map((st) => (
              <Stage key={st.stage} st={st} />
            ))}
          </ul>
          <p className="muted" style={{ fontSize: 12 }}>{t('probe.inJournal')}</p>
        </>
      )}
      {!c && !running && !problem && <p className="muted">{t('probe.hint')}</p>}
    </section>
  );
}

/** The wizard's offer after a failed open or connect: the laptop tries the same server. */
export function TryLaptopButton() {
  const t = useT();
  const running = useProbe((st) => st.running);
  return (
    <button type="button" data-testid="wizard-try-laptop" disabled={running} onClick={() => void useProbe.getState().start()} title={t('probe.tryTitle')}>
      {t('probe.tryThisServer')}
    </button>
  );
}
