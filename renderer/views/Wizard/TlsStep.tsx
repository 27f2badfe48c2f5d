// The wizard's TLS section: the SSL context (AT+QSSLCFG, protocol.md §4.4) and the certificates
// it names, chosen from the modem's files or uploaded from disk right here, with the laptop's
// checks (they parse, the key matches, valid at the modem's clock, the server name) shown before
// anything is sent. Choosing TLS moves the port to 8883 unless one was typed.
import { useEffect, useState } from 'react';
import type { CertificateCheck } from '../../../shared/modem-tls';
import type { Problem } from '../../../shared/outcome';
import type { Translate } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { useViewLang } from '../../i18n-explain';
import { msgIn } from '../../../shared/protocol/localize';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { modemNameFor, readPicked } from '../../stores/files/read';
import type { TlsFileRole } from '../../stores/options/state';
import { ProblemBox } from '../common/ProblemBox';
import { ReplaceQuestion, UploadStatus } from '../Files/UploadProgress';

/** The command the Verify choice sets (the same in every language). */
const SECLEVEL = 'AT+QSSLCFG="seclevel"';

const roleLabel = (role: TlsFileRole, t: Translate): string =>
  role === 'ca' ? t('wizard.tlsRoleCa') : role === 'clientCert' ? t('wizard.tlsRoleClientCert') : t('wizard.tlsRoleClientKey');

/** A file for one role: one of the modem's files, or one picked from disk and uploaded here. */
function FileChoice({ role }: { role: TlsFileRole }) {
  const value = useWorkbench((s) => s.tlsForm[role]);
  const files = useWorkbench((s) => s.listing?.files);
  const picked = useWorkbench((s) => s.tlsPicked[role]);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const uploading = useWorkbench((s) => s.uploading);
  const { setTlsFile, uploadFile } = useWorkbench.getState();
  const t = useT();
  const id = `wizard-tls-${role}`;
  const names = files?.map((f) => f.name) ?? [];
  // A name chosen (or picked from disk) that the listing does not hold yet still shows.
  const options = value && !names.includes(value) ? [value, ...names] : names;
  return (
    <div className="tls-file">
      <label className="field" htmlFor={id}>
        <span>{roleLabel(role, t)}</span>
        <select id={id} data-testid={id} value={value} onChange={(e) => setTlsFile(role, e.target.value)}>
          <option value="">{names.length ? t('wizard.tlsChooseFile') : t('wizard.tlsNoFiles')}</option>
          {options.map((n) => (
            <option key={n} value={n}>
              {n}
              {picked?.name === n && !picked.uploaded ? t('wizard.tlsFromDiskTag') : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="field tls-upload">
        <span className="muted small">{t('wizard.tlsOrFromDisk')}</span>
        <input
          type="file"
          data-testid={`${id}-upload`}
          accept=".pem,.crt,.cer,.der,.key"
          disabled={uploading}
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            const p = await readPicked(f);
            const name = modemNameFor(p.name);
            // Kept for the laptop's checks; the modem gets it now when a port is open, else at connect.
            setTlsFile(role, name, { content: p.content, encoding: p.encoding, uploaded: false });
            if (!isOpen) return;
            const r = await uploadFile(p, name, { origin: `tls-${role}` });
            if (r.kind === 'uploaded') setTlsFile(role, name, { content: p.content, encoding: p.encoding, uploaded: true });
          }}
        />
      </label>
      <ReplaceQuestion origin={`tls-${role}`} />
      {value && <UploadStatus name={value} />}
    </div>
  );
}

function CheckResult({ check, problem, onAgain }: { check?: CertificateCheck; problem?: Problem; onAgain?: () => void }) {
  const t = useT();
  const lang = useViewLang();
  const again = onAgain && (
    <button type="button" data-testid="wizard-tls-check" className="link small" onClick={onAgain}>
      {t('wizard.tlsCheckAgain')}
    </button>
  );
  if (problem)
    return (
      <>
        <ProblemBox problem={problem} testId="tls-check-problem" />
        {again}
      </>
    );
  if (!check) return null;
  return (
    <div className={`tls-check ${check.ok ? 'ok' : 'bad'}`} data-testid="tls-check" data-ok={String(check.ok)}>
      <div className="tls-check-head">
        {check.ok ? t('wizard.tlsCheckOk') : t('wizard.tlsCheckBad')}
        {check.checkedAt && (
          <span className="muted small">
            {' '}
            {t('wizard.tlsValidityAt', { time: check.checkedAt.iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'), source: check.checkedAt.source })}
          </span>
        )}{' '}
        {again}
      </div>
      <ul className="tls-certs">
        {check.certificates.map((c) => (
          <li key={c.fingerprint256} data-testid="tls-cert">
            <strong>{c.role === 'ca' ? t('wizard.tlsCertCa') : t('wizard.tlsCertClient')}</strong> {c.subject}
            <span className="muted small">
              {' '}
              {t('wizard.tlsCertValid', { from: c.validFrom.slice(0, 10), to: c.validTo.slice(0, 10) })}
              {c.altNames.length ? t('wizard.tlsCertNames', { names: c.altNames.join(', ') }) : ''}
            </span>
          </li>
        ))}
      </ul>
      {check.problems.map((p, i) => (
        <ProblemBox key={i} problem={p} testId="tls-check-problem" />
      ))}
      {check.notes.map((n, i) => (
        <div key={n} className="muted small" data-testid="tls-check-note">
          {msgIn(lang, check.noteMsgs?.[i], n)}
        </div>
      ))}
    </div>
  );
}

/** Runs the laptop's checks whenever what they depend on changes; the last result shows meanwhile. */
function useCertificateCheck(): { check?: CertificateCheck; problem?: Problem; running: boolean; run: () => void } {
  const picked = useWorkbench((s) => s.tlsPicked);
  const t = useWorkbench((s) => s.tlsForm);
  const host = useWorkbench((s) => s.form.host.trim());
  const port = useWorkbench((s) => Number(s.form.port) || undefined);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const [result, setResult] = useState<{ key: string; check?: CertificateCheck; problem?: Problem }>();
  const [nonce, setNonce] = useState(0);
  const seclevel = Number(t.seclevel) as 0 | 1 | 2;
  const input = (role: TlsFileRole) => {
    const p = picked[role];
    return p && p.name === t[role] ? { content: p.content, encoding: p.encoding } : undefined;
  };
  const ca = seclevel >= 1 ? input('ca') : undefined;
  const clientCert = seclevel === 2 ? input('clientCert') : undefined;
  const clientKey = seclevel === 2 ? input('clientKey') : undefined;
  const nothing = !ca && !clientCert && !clientKey;
  const args = { ...(ca ? { ca } : {}), ...(clientCert ? { clientCert } : {}), ...(clientKey ? { clientKey } : {}), ...(host ? { host, ...(port ? { port } : {}) } : {}), seclevel, sni: t.sni, ignoreLocalTime: t.ignoreLocalTime, modemClock: isOpen };
  const key = nothing ? '' : `${JSON.stringify(args)}#${nonce}`;
  useEffect(() => {
    if (!key) return;
    let live = true;
    // Typing a host or port: wait for a pause, the check may reach out to the server.
    const timer = setTimeout(() => {
      void useWorkbench
        .getState()
        .api.checkCertificates(JSON.parse(key.slice(0, key.lastIndexOf('#'))) as typeof args)
        .then((r) => live && setResult(r.ok ? { key, check: r.value } : { key, problem: r.problem }));
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]); // the key holds every input
  if (nothing) return { running: false, run: () => undefined };
  return { ...(result?.check ? { check: result.check } : {}), ...(result?.problem ? { problem: result.problem } : {}), running: result?.key !== key, run: () => setNonce((n) => n + 1) };
}

export function TlsSection() {
  const tls = useWorkbench((s) => s.form.tls);
  const tf = useWorkbench((s) => s.tlsForm);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const hasListing = useWorkbench((s) => s.listing !== undefined);
  const { chooseTls, setTlsOption, refreshFiles } = useWorkbench.getState();
  const check = useCertificateCheck();
  // The choices list the modem's files: read them once TLS is chosen on an open port.
  useEffect(() => {
    if (tls && isOpen && !hasListing) void refreshFiles();
  }, [tls, isOpen, hasListing, refreshFiles]);
  const seclevel = Number(tf.seclevel);
  const t = useT();
  return (
    <>
      <label className="field" htmlFor="wizard-tls">
        <span>TLS</span>
        <input id="wizard-tls" data-testid="wizard-tls" type="checkbox" checked={tls} onChange={(e) => chooseTls(e.target.checked)} />
      </label>
      {tls && (
        <fieldset className="wizard-section tls-section" data-testid="wizard-tls-section">
          <legend>{t('wizard.tlsLegend')}</legend>
          <label className="field" htmlFor="wizard-tls-ctx" title={t('wizard.tlsCtxHint')}>
            <span>{t('wizard.tlsCtx')}</span>
            <select id="wizard-tls-ctx" data-testid="wizard-tls-ctx" value={tf.sslCtx} onChange={(e) => setTlsOption('sslCtx', e.target.value)}>
              {[0, 1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label className="field" htmlFor="wizard-tls-seclevel" title={SECLEVEL}>
            <span>{t('wizard.tlsVerify')}</span>
            <select id="wizard-tls-seclevel" data-testid="wizard-tls-seclevel" value={tf.seclevel} onChange={(e) => setTlsOption('seclevel', e.target.value as '0' | '1' | '2')}>
              <option value="0">{t('wizard.tlsVerify0')}</option>
              <option value="1">{t('wizard.tlsVerify1')}</option>
              <option value="2">{t('wizard.tlsVerify2')}</option>
            </select>
          </label>
          {seclevel === 0 && <div className="muted small">{t('wizard.tlsLevel0')}</div>}
          {seclevel >= 1 && <FileChoice role="ca" />}
          {seclevel === 2 && <FileChoice role="clientCert" />}
          {seclevel === 2 && <FileChoice role="clientKey" />}
          <label className="field" htmlFor="wizard-tls-sni" title={t('wizard.tlsSniHint')}>
            <span>SNI</span>
            <input id="wizard-tls-sni" data-testid="wizard-tls-sni" type="checkbox" checked={tf.sni} onChange={(e) => setTlsOption('sni', e.target.checked)} />
          </label>
          <label className="field" htmlFor="wizard-tls-ignoreLocalTime" title={t('wizard.tlsIgnoreClockHint')}>
            <span>{t('wizard.tlsIgnoreClock')}</span>
            <input id="wizard-tls-ignoreLocalTime" data-testid="wizard-tls-ignoreLocalTime" type="checkbox" checked={tf.ignoreLocalTime} onChange={(e) => setTlsOption('ignoreLocalTime', e.target.checked)} />
          </label>
          {check.running && <div className="small muted">{t('wizard.tlsChecking')}</div>}
          {!check.running && !check.check && !check.problem && seclevel >= 1 && <div className="muted small">{t('wizard.tlsCheckedBeforeSent')}</div>}
          <CheckResult check={check.check} problem={check.problem} onAgain={check.running ? undefined : check.run} />
          {seclevel >= 1 && !tf.ca && <div className="muted small">{t('wizard.tlsChooseCa')}</div>}
        </fieldset>
      )}
    </>
  );
}
