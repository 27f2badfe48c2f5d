// The wizard's Aliyun IoT path: the device (a paste of what the console copies, or typed fields),
// the endpoint with its derived host, the transport, sign method and keepalive, the two ways to
// log in side by side with what each sends, and the checks before anything is sent.
import { useEffect, type CSSProperties } from 'react';
import { ALIYUN_PUBLIC_REGIONS, ALIYUN_SIGN_METHODS } from '../../../shared/aliyun';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { ProblemBox } from '../common/ProblemBox';
import { TRANSPORTS, useAliyunWizard, type Transport, type WizardKind } from './aliyunStore';

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
  const options: Array<[WizardKind, string]> = [
    ['mqtt', 'Any MQTT server'],
    ['aliyun', 'Aliyun IoT'],
  ];
  return (
    <div className="row" role="radiogroup" aria-label="Server kind" data-testid="wizard-kind">
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
  const running = useWorkbench((w) => w.running);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const isVirtual = useWorkbench((w) => Boolean(w.port.virtual));
  const apn = useWorkbench((w) => w.form.apn);
  const clientIdx = useWorkbench((w) => w.form.clientIdx);
  const setField = useWorkbench.getState().setWizardField;
  const p = s.prepared;
  const params = p?.source === 'mqtt-params';
  const tls = TRANSPORTS.find((t) => t.id === s.transport)?.tls ?? true;
  const errors = p?.findings.filter((f) => f.severity === 'error') ?? [];

  useEffect(() => {
    void useAliyunWizard.getState().listProfiles();
  }, []);

  return (
    <div className="aliyun-wizard" data-testid="aliyun-wizard">
      <h3 style={heading}>Device</h3>
      <textarea
        data-testid="aliyun-paste"
        className="mono"
        rows={3}
        style={{ width: '100%', boxSizing: 'border-box' }}
        placeholder={'Paste the device certificate or the MQTT connection parameters (Device details → Copy), or: ProductKey DeviceName DeviceSecret'}
        value={s.paste}
        onChange={(e) => s.set({ paste: e.target.value })}
        autoComplete="off"
        spellCheck={false}
      />
      <div className="row">
        <button type="button" data-testid="aliyun-read" disabled={s.busy || !s.paste.trim()} onClick={() => void s.read('paste')}>
          Read the paste
        </button>
        <span className="muted small">or type the fields:</span>
      </div>
      <label className="field">
        <span>ProductKey</span>
        <input data-testid="aliyun-pk" value={s.fields.productKey} onChange={(e) => s.set({ fields: { ...s.fields, productKey: e.target.value } })} autoComplete="off" spellCheck={false} />
      </label>
      <label className="field">
        <span>DeviceName</span>
        <input data-testid="aliyun-dn" value={s.fields.deviceName} onChange={(e) => s.set({ fields: { ...s.fields, deviceName: e.target.value } })} autoComplete="off" spellCheck={false} />
      </label>
      <label className="field">
        <span>DeviceSecret</span>
        <input
          data-testid="aliyun-ds"
          type="password"
          value={s.fields.deviceSecret}
          placeholder={p?.source === 'triple' ? 'held by the workbench (type to replace)' : ''}
          onChange={(e) => s.set({ fields: { ...s.fields, deviceSecret: e.target.value } })}
          autoComplete="off"
        />
      </label>
      <div className="row">
        <button type="button" data-testid="aliyun-use-fields" disabled={s.busy || !s.fields.productKey || !s.fields.deviceName || (!s.fields.deviceSecret && p?.source !== 'triple')} onClick={() => void s.read('fields')}>
          Use these fields
        </button>
      </div>
      {s.problem && <ProblemBox problem={s.problem} testId="aliyun-problem" />}
      {s.note && <div className="muted" style={{ fontSize: 11 }} data-testid="aliyun-note">{s.note}</div>}

      <h3 style={heading}>Endpoint</h3>
      {params ? (
        <div className="small">From the pasted parameters.</div>
      ) : (
        <>
          <div className="row small" role="radiogroup" aria-label="Instance">
            <label>
              <input type="radio" name="aliyun-endpoint" data-testid="aliyun-endpoint-region" checked={s.endpointKind === 'region'} onChange={() => void s.refresh({ endpointKind: 'region' })} /> Public instance (region)
            </label>
            <label>
              <input type="radio" name="aliyun-endpoint" data-testid="aliyun-endpoint-instance" checked={s.endpointKind === 'instance'} onChange={() => void s.refresh({ endpointKind: 'instance' })} /> Instance id
            </label>
          </div>
          {s.endpointKind === 'region' ? (
            <label className="field">
              <span>Region</span>
              <select style={fit} data-testid="aliyun-region" value={s.region} onChange={(e) => void s.refresh({ region: e.target.value })}>
                {ALIYUN_PUBLIC_REGIONS.map(([id, label]) => (
                  <option key={id} value={id}>
                    {id} — {label}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label className="field">
              <span>Instance id</span>
              <input style={fit} data-testid="aliyun-instance" placeholder="iot-06z00ae5m2066i3" value={s.instanceId} onChange={(e) => s.set({ instanceId: e.target.value })} onBlur={() => void s.refresh({})} autoComplete="off" spellCheck={false} />
            </label>
          )}
        </>
      )}
      <div className="field">
        <span>Host</span>
        <span className="mono small" data-testid="aliyun-host">
          {p?.host || '—'}
        </span>
      </div>
      <label className="field">
        <span>Transport</span>
        <select style={fit} data-testid="aliyun-transport" value={s.transport} onChange={(e) => void s.refresh({ transport: e.target.value as Transport })}>
          {TRANSPORTS.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      {tls && (
        <div className="muted" style={{ fontSize: 11 }} data-testid="aliyun-root-ca">
          TLS needs the matching root CA on the modem: {s.transport === 'tls-8883' ? 'the Aliyun IoT root (valid to 2053)' : 'GlobalSign Root CA R1 (expires 2028-01-28)'}. Upload it in the Files panel and select it as the CA certificate of SSL context 0 before connecting.
          {isVirtual && <strong data-testid="aliyun-virtual-tls"> The Virtual EC20's broker listens on plain TCP: choose TCP 1883 to try it.</strong>}
        </div>
      )}
      <label className="field">
        <span>Sign method</span>
        <select style={fit} data-testid="aliyun-method" value={s.method} disabled={params} onChange={(e) => void s.refresh({ method: e.target.value as (typeof ALIYUN_SIGN_METHODS)[number] })}>
          {ALIYUN_SIGN_METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Keepalive (s)</span>
        <input data-testid="aliyun-keepalive" type="number" min={30} max={1200} value={s.keepalive} onChange={(e) => s.set({ keepalive: e.target.value })} onBlur={() => void s.refresh({})} />
      </label>
      <label className="field">
        <span>APN</span>
        <input data-testid="aliyun-apn" value={apn} onChange={(e) => setField('apn', e.target.value)} autoComplete="off" />
      </label>
      <label className="field">
        <span>client_idx</span>
        <input data-testid="aliyun-client-idx" type="number" min={0} max={5} value={clientIdx} onChange={(e) => setField('clientIdx', e.target.value)} />
      </label>

      <h3 style={heading}>Log in</h3>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '0.3rem' }} data-testid="aliyun-auth">
        <label style={s.auth === 'aliauth' ? chosen : card}>
          <input type="radio" name="aliyun-auth" data-testid="aliyun-auth-aliauth" checked={s.auth === 'aliauth'} disabled={params} onChange={() => void s.refresh({ auth: 'aliauth' })} /> <strong>The modem signs</strong>
          <div className="muted">AT+QMTCFG="aliauth" gives the module the triple; AT+QMTCONN sends only a client id.</div>
          {p?.aliauthCommand && kv('command', p.aliauthCommand, 'aliyun-aliauth-command')}
          {p && kv('AT+QMTCONN client id', p.source === 'triple' ? p.clientId.split('|')[0] ?? '' : '—', 'aliyun-aliauth-clientid')}
        </label>
        <label style={s.auth === 'host' ? chosen : card}>
          <input type="radio" name="aliyun-auth" data-testid="aliyun-auth-host" checked={s.auth === 'host'} onChange={() => void s.refresh({ auth: 'host' })} /> <strong>The workbench signs</strong>
          <div className="muted">The app computes the login and passes it to AT+QMTCONN.</div>
          {p && kv('clientId', p.clientId, 'aliyun-clientid')}
          {p && kv('username', p.username, 'aliyun-username')}
          {p?.content && kv('signed content', p.content, 'aliyun-content')}
          {p && (
            <div>
              <span className="muted">password</span>{' '}
              {s.revealed ? (
                <>
                  <div className="mono small" data-testid="aliyun-password">
                    {s.revealed}
                  </div>
                  <button type="button" onClick={(e) => { e.preventDefault(); s.hide(); }}>
                    Hide
                  </button>
                </>
              ) : (
                <button type="button" data-testid="aliyun-reveal-password" onClick={(e) => { e.preventDefault(); void s.reveal(); }}>
                  Show password
                </button>
              )}
            </div>
          )}
        </label>
      </div>

      <h3 style={heading}>Checks</h3>
      <ul data-testid="aliyun-findings" style={{ paddingLeft: '1rem', fontSize: 11 }}>
        {!p && <li className="muted">Read a device first.</li>}
        {p && p.findings.length === 0 && (
          <li data-testid="aliyun-checks-ok">
            ✔ Fields, endpoint, secure mode ({tls ? 'securemode=2 with TLS' : 'securemode=3 with TCP'}) and keepalive fit Aliyun.
          </li>
        )}
        {p?.findings.map((f, i) => (
          <li key={i} data-testid="aliyun-finding" data-severity={f.severity} data-code={f.code} className={f.severity === 'error' ? 'bad' : ''}>
            {f.severity === 'error' ? '✖' : '!'} {f.message} <span className="muted">Fix: {f.fix}</span>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" data-testid="aliyun-run" disabled={!isOpen || running || !p?.ready} onClick={() => void s.run()}>
          {running ? 'Running…' : 'Connect to Aliyun'}
        </button>
        {running && (
          <button type="button" onClick={() => void useWorkbench.getState().cancelWizard()}>
            Cancel
          </button>
        )}
        {!isOpen && <span className="muted">Open a port (or the Virtual EC20) first.</span>}
        {isOpen && p && errors.length > 0 && <span className="bad small">Fix the checks marked ✖ first.</span>}
      </div>

      <h3 style={heading}>Profiles</h3>
      <div className="row">
        <input data-testid="aliyun-profile-name" placeholder="profile name" value={s.profileName} onChange={(e) => s.set({ profileName: e.target.value })} />
        <button type="button" data-testid="aliyun-save" disabled={!p || !s.profileName.trim()} onClick={() => void s.save()}>
          Save
        </button>
      </div>
      {s.profiles.length > 0 && (
        <div className="row">
          <select style={fit} data-testid="aliyun-profiles" defaultValue="" onChange={(e) => e.target.value && void s.loadProfile(e.target.value)}>
            <option value="">Load a saved device…</option>
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
