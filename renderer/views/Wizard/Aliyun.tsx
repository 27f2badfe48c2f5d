// The wizard's Aliyun IoT path: the device (a paste of what the console copies, or typed fields),
// the endpoint with its derived host, the transport, sign method and keepalive, the two ways to
// log in side by side with what each sends, and the checks before anything is sent.
import { useEffect, type CSSProperties } from 'react';
import { ALIYUN_PUBLIC_REGIONS, ALIYUN_SIGN_METHODS } from '../../../shared/aliyun';
import { msgText, type Translate } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { ProblemBox } from '../common/ProblemBox';
import { TRANSPORTS, useAliyunWizard, type Transport, type WizardKind } from './aliyunStore';

/** A public region's name as the Aliyun console shows it in the current language. */
function regionName(id: string, fallback: string, t: Translate): string {
  switch (id) {
    case 'cn-shanghai': return t('wizardAliyun.regionCnShanghai');
    case 'ap-southeast-1': return t('wizardAliyun.regionApSoutheast1');
    case 'ap-northeast-1': return t('wizardAliyun.regionApNortheast1');
    case 'us-west-1': return t('wizardAliyun.regionUsWest1');
    case 'us-east-1': return t('wizardAliyun.regionUsEast1');
    case 'eu-central-1': return t('wizardAliyun.regionEuCentral1');
    default: return fallback;
  }
}

function transportName(id: Transport, t: Translate): string {
  switch (id) {
    case 'tls-8883': return t('wizardAliyun.transportTls8883');
    case 'tls-443': return t('wizardAliyun.transportTls443');
    case 'tcp-1883': return t('wizardAliyun.transportTcp1883');
  }
}

/** Names kept as the Aliyun console and the AT manual spell them, in every language. */
const TOKEN = { productKey: 'ProductKey', deviceName: 'DeviceName', deviceSecret: 'DeviceSecret', clientIdx: 'client_idx', instanceExample: 'iot-06z00ae5m2066i3' } as const;

const card: CSSProperties = { border: '1px solid #d5dbe5', borderRadius: 4, padding: '0.3rem 0.4rem', fontSize: 11, minWidth: 0 };
const chosen: CSSProperties = { ...card, borderColor: '#2f6fdb', background: '#f3f7ff' };
const heading: CSSProperties = { fontSize: 13, margin: '0.7rem 0 0.2rem' };
const fit: CSSProperties = { minWidth: 0, width: '100%', boxSizing: 'border-box' };
const kv = (label: string, value: string, testId: string) => (
  <div>
    <span className="muted">{label}</span>
    <div className="mono small" data-testid={testId}>
      {value}
    </div>
  </div>
);

/** "Any MQTT server" or "Aliyun IoT", chosen at the start of the wizard. */
export function WizardKindSwitch() {
  const kind = useAliyunWizard((s) => s.kind);
  const set = useAliyunWizard((s) => s.set);
  const t = useT();
  const options: Array<[WizardKind, string]> = [
    ['mqtt', t('wizardAliyun.kindMqtt')],
    ['aliyun', t('wizardAliyun.kindAliyun')],
  ];
  return (
    <div className="row" role="radiogroup" aria-label={t('wizardAliyun.kindLabel')} data-testid="wizard-kind">
      {options.map(([k, label]) => (
        <label key={k}>
          <input type="radio" name="wizard-kind" data-testid={`wizard-kind-${k}`} checked={kind === k} onChange={() => set({ kind: k })} /> {label}
        </label>
      ))}
    </div>
  );
}

export const useWizardKind = (): WizardKind => useAliyunWizard((s) => s.kind);

export function AliyunWizard() {
  const s = useAliyunWizard();
  const t = useT();
  const running = useWorkbench((w) => w.running);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const isVirtual = useWorkbench((w) => Boolean(w.port.virtual));
  const apn = useWorkbench((w) => w.form.apn);
  const clientIdx = useWorkbench((w) => w.form.clientIdx);
  const setField = useWorkbench.getState().setWizardField;
  const p = s.prepared;
  const params = p?.source === 'mqtt-params';
  const tls = TRANSPORTS.find((x) => x.id === s.transport)?.tls ?? true;
  const errors = p?.findings.filter((f) => f.severity === 'error') ?? [];

  useEffect(() => {
    void useAliyunWizard.getState().listProfiles();
  }, []);

  return (
    <div className="aliyun-wizard" data-testid="aliyun-wizard">
      <h3 style={heading}>{t('wizardAliyun.device')}</h3>
      <textarea
        data-testid="aliyun-paste"
        className="mono"
        rows={3}
        style={{ width: '100%', boxSizing: 'border-box' }}
        placeholder={t('wizardAliyun.pastePlaceholder')}
        value={s.paste}
        onChange={(e) => s.set({ paste: e.target.value })}
        autoComplete="off"
        spellCheck={false}
      />
      <div className="row">
        <button type="button" data-testid="aliyun-read" disabled={s.busy || !s.paste.trim()} onClick={() => void s.read('paste')}>
          {t('wizardAliyun.readPaste')}
        </button>
        <span className="muted small">{t('wizardAliyun.orTypeFields')}</span>
      </div>
      <label className="field">
        <span>{TOKEN.productKey}</span>
        <input data-testid="aliyun-pk" value={s.fields.productKey} onChange={(e) => s.set({ fields: { ...s.fields, productKey: e.target.value } })} autoComplete="off" spellCheck={false} />
      </label>
      <label className="field">
        <span>{TOKEN.deviceName}</span>
        <input data-testid="aliyun-dn" value={s.fields.deviceName} onChange={(e) => s.set({ fields: { ...s.fields, deviceName: e.target.value } })} autoComplete="off" spellCheck={false} />
      </label>
      <label className="field">
        <span>{TOKEN.deviceSecret}</span>
        <input
          data-testid="aliyun-ds"
          type="password"
          value={s.fields.deviceSecret}
          placeholder={p?.source === 'triple' ? t('wizardAliyun.secretHeld') : ''}
          onChange={(e) => s.set({ fields: { ...s.fields, deviceSecret: e.target.value } })}
          autoComplete="off"
        />
      </label>
      <div className="row">
        <button type="button" data-testid="aliyun-use-fields" disabled={s.busy || !s.fields.productKey || !s.fields.deviceName || (!s.fields.deviceSecret && p?.source !== 'triple')} onClick={() => void s.read('fields')}>
          {t('wizardAliyun.useFields')}
        </button>
      </div>
      {s.problem && <ProblemBox problem={s.problem} testId="aliyun-problem" />}
      {s.note && <div className="muted" style={{ fontSize: 11 }} data-testid="aliyun-note">{s.note}</div>}

      <h3 style={heading}>{t('wizardAliyun.endpoint')}</h3>
      {params ? (
        <div className="small">{t('wizardAliyun.fromPasted')}</div>
      ) : (
        <>
          <div className="row small" role="radiogroup" aria-label={t('wizardAliyun.instance')}>
            <label>
              <input type="radio" name="aliyun-endpoint" data-testid="aliyun-endpoint-region" checked={s.endpointKind === 'region'} onChange={() => void s.refresh({ endpointKind: 'region' })} /> {t('wizardAliyun.publicInstance')}
            </label>
            <label>
              <input type="radio" name="aliyun-endpoint" data-testid="aliyun-endpoint-instance" checked={s.endpointKind === 'instance'} onChange={() => void s.refresh({ endpointKind: 'instance' })} /> {t('wizardAliyun.instanceId')}
            </label>
          </div>
          {s.endpointKind === 'region' ? (
            <label className="field">
              <span>{t('wizardAliyun.region')}</span>
              <select style={fit} data-testid="aliyun-region" value={s.region} onChange={(e) => void s.refresh({ region: e.target.value })}>
                {ALIYUN_PUBLIC_REGIONS.map(([id, label]) => (
                  <option key={id} value={id}>
                    {id} — {regionName(id, label, t)}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label className="field">
              <span>{t('wizardAliyun.instanceId')}</span>
              <input style={fit} data-testid="aliyun-instance" placeholder={TOKEN.instanceExample} value={s.instanceId} onChange={(e) => s.set({ instanceId: e.target.value })} onBlur={() => void s.refresh({})} autoComplete="off" spellCheck={false} />
            </label>
          )}
        </>
      )}
      <div className="field">
        <span>{t('wizardAliyun.host')}</span>
        <span className="mono small" data-testid="aliyun-host">
          {p?.host || '—'}
        </span>
      </div>
      <label className="field">
        <span>{t('wizardAliyun.transport')}</span>
        <select style={fit} data-testid="aliyun-transport" value={s.transport} onChange={(e) => void s.refresh({ transport: e.target.value as Transport })}>
          {TRANSPORTS.map((x) => (
            <option key={x.id} value={x.id}>
              {transportName(x.id, t)}
            </option>
          ))}
        </select>
      </label>
      {tls && (
        <div className="muted" style={{ fontSize: 11 }} data-testid="aliyun-root-ca">
          {s.transport === 'tls-8883' ? t('wizardAliyun.rootCaAliyun') : t('wizardAliyun.rootCaGlobalSign')}
          {isVirtual && <strong data-testid="aliyun-virtual-tls">{t('wizardAliyun.virtualTls')}</strong>}
        </div>
      )}
      <label className="field">
        <span>{t('wizardAliyun.signMethod')}</span>
        <select style={fit} data-testid="aliyun-method" value={s.method} disabled={params} onChange={(e) => void s.refresh({ method: e.target.value as (typeof ALIYUN_SIGN_METHODS)[number] })}>
          {ALIYUN_SIGN_METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('wizardAliyun.keepalive')}</span>
        <input data-testid="aliyun-keepalive" type="number" min={30} max={1200} value={s.keepalive} onChange={(e) => s.set({ keepalive: e.target.value })} onBlur={() => void s.refresh({})} />
      </label>
      <label className="field">
        <span>APN</span>
        <input data-testid="aliyun-apn" value={apn} onChange={(e) => setField('apn', e.target.value)} autoComplete="off" />
      </label>
      <label className="field">
        <span>{TOKEN.clientIdx}</span>
        <input data-testid="aliyun-client-idx" type="number" min={0} max={5} value={clientIdx} onChange={(e) => setField('clientIdx', e.target.value)} />
      </label>

      <h3 style={heading}>{t('wizardAliyun.logIn')}</h3>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '0.3rem' }} data-testid="aliyun-auth">
        <label style={s.auth === 'aliauth' ? chosen : card}>
          <input type="radio" name="aliyun-auth" data-testid="aliyun-auth-aliauth" checked={s.auth === 'aliauth'} disabled={params} onChange={() => void s.refresh({ auth: 'aliauth' })} /> <strong>{t('wizardAliyun.modemSigns')}</strong>
          <div className="muted">{t('wizardAliyun.modemSignsAbout')}</div>
          {p?.aliauthCommand && kv(t('wizardAliyun.kvCommand'), p.aliauthCommand, 'aliyun-aliauth-command')}
          {p && kv(t('wizardAliyun.kvConnClientId'), p.source === 'triple' ? p.clientId.split('|')[0] ?? '' : '—', 'aliyun-aliauth-clientid')}
        </label>
        <label style={s.auth === 'host' ? chosen : card}>
          <input type="radio" name="aliyun-auth" data-testid="aliyun-auth-host" checked={s.auth === 'host'} onChange={() => void s.refresh({ auth: 'host' })} /> <strong>{t('wizardAliyun.workbenchSigns')}</strong>
          <div className="muted">{t('wizardAliyun.workbenchSignsAbout')}</div>
          {p && kv(t('wizardAliyun.kvClientId'), p.clientId, 'aliyun-clientid')}
          {p && kv(t('wizardAliyun.kvUsername'), p.username, 'aliyun-username')}
          {p?.content && kv(t('wizardAliyun.kvContent'), p.content, 'aliyun-content')}
          {p && (
            <div>
              <span className="muted">{t('wizardAliyun.kvPassword')}</span>{' '}
              {s.revealed ? (
                <>
                  <div className="mono small" data-testid="aliyun-password">
                    {s.revealed}
                  </div>
                  <button type="button" onClick={(e) => { e.preventDefault(); s.hide(); }}>
                    {t('wizardAliyun.hide')}
                  </button>
                </>
              ) : (
                <button type="button" data-testid="aliyun-reveal-password" onClick={(e) => { e.preventDefault(); void s.reveal(); }}>
                  {t('wizardAliyun.showPassword')}
                </button>
              )}
            </div>
          )}
        </label>
      </div>

      <h3 style={heading}>{t('wizardAliyun.checks')}</h3>
      <ul data-testid="aliyun-findings" style={{ paddingLeft: '1rem', fontSize: 11 }}>
        {!p && <li className="muted">{t('wizardAliyun.readFirst')}</li>}
        {p && p.findings.length === 0 && (
          <li data-testid="aliyun-checks-ok">
            {tls ? t('wizardAliyun.checksOkTls') : t('wizardAliyun.checksOkTcp')}
          </li>
        )}
        {p?.findings.map((f, i) => (
          <li key={i} data-testid="aliyun-finding" data-severity={f.severity} data-code={f.code} className={f.severity === 'error' ? 'bad' : ''}>
            {f.severity === 'error' ? '✖' : '!'} {msgText(t, f.messageMsg, f.message)} <span className="muted">{t('wizardAliyun.fix', { fix: msgText(t, f.fixMsg, f.fix) })}</span>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" data-testid="aliyun-run" disabled={!isOpen || running || !p?.ready} onClick={() => void s.run()}>
          {running ? t('wizardAliyun.running') : t('wizardAliyun.connect')}
        </button>
        {running && (
          <button type="button" onClick={() => void useWorkbench.getState().cancelWizard()}>
            {t('wizardAliyun.cancel')}
          </button>
        )}
        {!isOpen && <span className="muted">{t('wizardAliyun.openPortFirst')}</span>}
        {isOpen && p && errors.length > 0 && <span className="bad small">{t('wizardAliyun.fixFirst')}</span>}
      </div>

      <h3 style={heading}>{t('wizardAliyun.profiles')}</h3>
      <div className="row">
        <input data-testid="aliyun-profile-name" placeholder={t('wizardAliyun.profileName')} value={s.profileName} onChange={(e) => s.set({ profileName: e.target.value })} />
        <button type="button" data-testid="aliyun-save" disabled={!p || !s.profileName.trim()} onClick={() => void s.save()}>
          {t('wizardAliyun.save')}
        </button>
      </div>
      {s.profiles.length > 0 && (
        <div className="row">
          <select style={fit} data-testid="aliyun-profiles" defaultValue="" onChange={(e) => e.target.value && void s.loadProfile(e.target.value)}>
            <option value="">{t('wizardAliyun.loadSaved')}</option>
            {s.profiles.map((x) => (
              <option key={x.name} value={x.name}>
                {x.name} — {x.deviceName} ({x.productKey})
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
