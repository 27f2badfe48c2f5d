// An SSL context read back from the modem (every AT+QSSLCFG option, protocol.md §4.4): what the
// TLS open will actually use, and the options this firmware does not know.
import { useState } from 'react';
import type { SslContextReading, SslContextSettings } from '../../../shared/modem-tls';
import type { Problem } from '../../../shared/outcome';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import type { Translate } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { ProblemBox } from '../common/ProblemBox';

const ROWS: Array<{ key: keyof SslContextSettings; option: string; show: (v: number | string, t: Translate) => string }> = [
  { key: 'sslVersion', option: 'sslversion', show: (v, t) => `${v} — ${['SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', t('files.sslAll')][Number(v)] ?? '?'}` },
  { key: 'cipherSuite', option: 'ciphersuite', show: (v, t) => (String(v).toUpperCase() === '0XFFFF' ? `${v} — ${t('files.sslAll')}` : String(v)) },
  { key: 'seclevel', option: 'seclevel', show: (v, t) => `${v} — ${[t('files.sslSeclevel0'), t('files.sslSeclevel1'), t('files.sslSeclevel2')][Number(v)] ?? '?'}` },
  { key: 'cacert', option: 'cacert', show: String },
  { key: 'clientcert', option: 'clientcert', show: String },
  { key: 'clientkey', option: 'clientkey', show: String },
  { key: 'ignoreLocalTime', option: 'ignorelocaltime', show: (v, t) => `${v} — ${Number(v) ? t('files.sslTimeIgnored') : t('files.sslTimeChecked')}` },
  { key: 'negotiateTimeS', option: 'negotiatetime', show: (v) => `${v} s` },
  { key: 'sni', option: 'sni', show: (v, t) => `${v} — ${Number(v) ? t('files.sslSniOn') : t('files.sslSniOff')}` },
];

export function SslContextPanel() {
  const t = useT();
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const [ctx, setCtx] = useState(0);
  const [busy, setBusy] = useState(false);
  const [reading, setReading] = useState<SslContextReading>();
  const [problem, setProblem] = useState<Problem>();
  const read = async () => {
    setBusy(true);
    setProblem(undefined);
    const r = await useWorkbench.getState().api.readSslContext({ ctx });
    setBusy(false);
    if (r.ok) setReading(r.value);
    else setProblem(r.problem);
  };
  return (
    <section className="ssl-context" aria-label={t('files.sslRegion')} data-testid="ssl-context">
      <div className="sessions-toolbar">
        <h2>{t('files.sslHeading')}</h2>
        <select data-testid="ssl-context-ctx" value={ctx} onChange={(e) => setCtx(Number(e.target.value))} aria-label={t('files.sslNumber')}>
          {[0, 1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <button type="button" data-testid="ssl-context-read" disabled={!isOpen || busy} onClick={() => void read()}>
          {busy ? t('files.reading') : t('files.sslRead')}
        </button>
        <span className="muted small">{t('files.sslHint')}</span>
      </div>
      {problem && <ProblemBox problem={problem} testId="ssl-context-problem" />}
      {reading && (
        <table className="session-list ssl-context-table" data-testid="ssl-context-table" data-ctx={reading.ctx}>
          <tbody>
            {ROWS.map(({ key, option, show }) => {
              const v = reading.settings[key];
              const unsupported = reading.unsupported.includes(key);
              return (
                <tr key={key} data-option={option}>
                  <td className="mono">{option}</td>
                  <td className={unsupported ? 'muted' : 'mono'}>{unsupported ? t('files.sslUnsupported') : v === undefined || v === '' ? '—' : show(v, t)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
