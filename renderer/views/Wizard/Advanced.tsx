// The wizard's Advanced section: every option of AT+QMTCFG (protocol.md §2.1), starting from the
// defaults `workbench bringup` uses, so the app and the CLI send the same values.
import type { ReactNode } from 'react';
import { MQTT_DEFAULTS } from '../../../shared/mqtt-options';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import type { MqttOptionsForm } from '../../stores/options/state';

type Keys<T> = { [K in keyof MqttOptionsForm]: MqttOptionsForm[K] extends T ? K : never }[keyof MqttOptionsForm];

function Row({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="field" htmlFor={id} title={hint}>
      <span>{label}</span>
      {children}
    </label>
  );
}

function NumberOption({ k, label, min, max, hint }: { k: Keys<string>; label: string; min: number; max: number; hint: string }) {
  const value = useWorkbench((s) => s.mqttOptions[k]);
  const id = `wizard-adv-${k}`;
  return (
    <Row id={id} label={label} hint={hint}>
      <input id={id} data-testid={id} type="number" min={min} max={max} value={value} onChange={(e) => useWorkbench.getState().setMqttOption(k, e.target.value)} />
    </Row>
  );
}

function BoolOption({ k, label, hint, disabled }: { k: Keys<boolean>; label: string; hint: string; disabled?: boolean }) {
  const value = useWorkbench((s) => s.mqttOptions[k]);
  const id = `wizard-adv-${k}`;
  return (
    <Row id={id} label={label} hint={hint}>
      <input id={id} data-testid={id} type="checkbox" checked={value} disabled={disabled} onChange={(e) => useWorkbench.getState().setMqttOption(k, e.target.checked)} />
    </Row>
  );
}

/** Options that differ from the shared defaults, for the section's summary line. */
function changedCount(o: MqttOptionsForm): number {
  const d = MQTT_DEFAULTS;
  return [
    o.mqttVersion !== String(d.mqttVersion),
    o.cid !== String(d.cid),
    o.keepalive !== String(d.keepalive),
    o.cleanSession !== d.cleanSession,
    o.pktTimeoutS !== String(d.pktTimeoutS),
    o.retryTimes !== String(d.retryTimes),
    o.willOn,
    o.recvBuffered !== d.recvMode.buffered || o.recvLengthField !== d.recvMode.lengthField,
  ].filter(Boolean).length;
}

export function AdvancedOptions() {
  const o = useWorkbench((s) => s.mqttOptions);
  const { setMqttOption, resetMqttOptions } = useWorkbench.getState();
  const changed = changedCount(o);
  const t = useT();
  return (
    <details className="wizard-section" data-testid="wizard-advanced">
      <summary>
        {t('wizard.advTitle')} <span className="muted small">{changed ? t('wizard.advChanged', { count: changed }) : t('wizard.advDefaults')}</span>
      </summary>
      <Row id="wizard-adv-mqttVersion" label={t('wizard.advVersion')} hint={t('wizard.advVersionHint')}>
        <select id="wizard-adv-mqttVersion" data-testid="wizard-adv-mqttVersion" value={o.mqttVersion} onChange={(e) => setMqttOption('mqttVersion', e.target.value as '3' | '4')}>
          <option value="4">4 — MQTT 3.1.1</option>
          <option value="3">3 — MQTT 3.1</option>
        </select>
      </Row>
      <NumberOption k="cid" label={t('wizard.advCid')} min={1} max={16} hint={t('wizard.advCidHint')} />
      <NumberOption k="keepalive" label={t('wizard.advKeepalive')} min={0} max={3600} hint={t('wizard.advKeepaliveHint')} />
      <BoolOption k="cleanSession" label={t('wizard.advCleanSession')} hint={t('wizard.advCleanSessionHint')} />
      <NumberOption k="pktTimeoutS" label={t('wizard.advPktTimeout')} min={1} max={60} hint={t('wizard.advPktTimeoutHint')} />
      <NumberOption k="retryTimes" label={t('wizard.advRetries')} min={0} max={10} hint={t('wizard.advRetriesHint')} />
      <BoolOption k="willOn" label={t('wizard.advWill')} hint={t('wizard.advWillHint')} />
      {o.willOn && (
        <div className="wizard-subsection" data-testid="wizard-adv-will">
          <Row id="wizard-adv-willTopic" label={t('wizard.advWillTopic')}>
            <input id="wizard-adv-willTopic" data-testid="wizard-adv-willTopic" value={o.willTopic} placeholder={t('wizard.advWillTopicPlaceholder')} onChange={(e) => setMqttOption('willTopic', e.target.value)} spellCheck={false} />
          </Row>
          <Row id="wizard-adv-willMessage" label={t('wizard.advWillMessage')}>
            <input id="wizard-adv-willMessage" data-testid="wizard-adv-willMessage" value={o.willMessage} placeholder={t('wizard.advWillMessagePlaceholder')} onChange={(e) => setMqttOption('willMessage', e.target.value)} spellCheck={false} />
          </Row>
          <Row id="wizard-adv-willQos" label={t('wizard.advWillQos')}>
            <select id="wizard-adv-willQos" data-testid="wizard-adv-willQos" value={o.willQos} onChange={(e) => setMqttOption('willQos', e.target.value as '0' | '1' | '2')}>
              <option value="0">0</option>
              <option value="1">1</option>
              <option value="2">2</option>
            </select>
          </Row>
          <BoolOption k="willRetain" label={t('wizard.advWillRetain')} hint={t('wizard.advWillRetainHint')} />
        </div>
      )}
      <Row id="wizard-adv-recv" label={t('wizard.advRecv')} hint={t('wizard.advRecvHint')}>
        <select
          id="wizard-adv-recv"
          data-testid="wizard-adv-recv"
          value={o.recvBuffered ? 'buffered' : 'push'}
          onChange={(e) => setMqttOption('recvBuffered', e.target.value === 'buffered')}
        >
          <option value="push">{t('wizard.advRecvPush')}</option>
          <option value="buffered">{t('wizard.advRecvBuffered')}</option>
        </select>
      </Row>
      <BoolOption k="recvLengthField" label={t('wizard.advLengthField')} hint={t('wizard.advLengthFieldHint')} />
      <div className="row">
        <button type="button" data-testid="wizard-adv-reset" onClick={resetMqttOptions} disabled={changed === 0}>
          {t('wizard.advReset')}
        </button>
      </div>
    </details>
  );
}
