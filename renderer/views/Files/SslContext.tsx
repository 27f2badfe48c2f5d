// An SSL context read back from the modem (every AT+QSSLCFG option, protocol.md §4.4): what the
// TLS open will actually use, and the options this firmware does not know.
import { useState } from 'react';
import type { SslContextReading, SslContextSettings } from '../../../shared/modem-tls';
import type { Problem } from '../../../shared/outcome';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { ProblemBox } from '../common/ProblemBox';

const ROWS: Array<{ key: keyof SslContextSettings; option: string; show: (v: number | string) => string }> = [
  { key: 'sslVersion', option: 'sslversion', show: (v) => `${v} — ${['SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'all'][Number(v)] ?? '?'}` },
  { key: 'cipherSuite', option: 'ciphersuite', show: (v) => (String(v).toUpperCase() === '0XFFFF' ? `${v} — all` : String(v)) },
  { key: 'seclevel', option: 'seclevel', show: (v) => `${v} — ${['no authentication', 'verify the server', 'server and client certificate'][Number(v)] ?? '?'}` },
  { key: 'cacert', option: 'cacert', show: String },
  { key: 'clientcert', option: 'clientcert', show: String },
  { key: 'clientkey', option: 'clientkey', show: String },
  { key: 'ignoreLocalTime', option: 'ignorelocaltime', show: (v) => `${v} — ${Number(v) ? 'validity dates not checked' : "checked at the module's clock"}` },
  { key: 'negotiateTimeS', option: 'negotiatetime', show: (v) => `${v} s` },
  { key: 'sni', option: 'sni', show: (v) => `${v} — ${Number(v) ? 'server name sent' : 'off'}` },
];

export function SslContextPanel() {
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
    <section className="ssl-context" aria-label="SSL context" data-testid="ssl-context">
      <div className="sessions-toolbar">
        <h2>SSL context</h2>
        <select data-testid="ssl-context-ctx" value={ctx} onChange={(e) => setCtx(Number(e.target.value))} aria-label="SSL context number">
          {[0, 1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <button type="button" data-testid="ssl-context-read" disabled={!isOpen || busy} onClick={() => void read()}>
          {busy ? 'Reading…' : 'Read from the modem'}
        </button>
        <span className="muted small">what a TLS open with this context uses (AT+QSSLCFG)</span>
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
                  <td className={unsupported ? 'muted' : 'mono'}>{unsupported ? 'not known to this firmware (ERROR)' : v === undefined || v === '' ? '—' : show(v)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
