// The wizard's Advanced section: every option of AT+QMTCFG (protocol.md §2.1), starting from the
// defaults `workbench bringup` uses, so the app and the CLI send the same values.
import type { ReactNode } from 'react';
import { MQTT_DEFAULTS } from '../../../shared/mqtt-options';
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
  return (
    <details className="wizard-section" data-testid="wizard-advanced">
      <summary>
        Advanced MQTT options <span className="muted small">{changed ? `${changed} changed` : 'CLI defaults'}</span>
      </summary>
      <Row id="wizard-adv-mqttVersion" label="MQTT version" hint='AT+QMTCFG="version": 3 is MQTT 3.1, 4 is MQTT 3.1.1'>
        <select id="wizard-adv-mqttVersion" data-testid="wizard-adv-mqttVersion" value={o.mqttVersion} onChange={(e) => setMqttOption('mqttVersion', e.target.value as '3' | '4')}>
          <option value="4">4 — MQTT 3.1.1</option>
          <option value="3">3 — MQTT 3.1</option>
        </select>
      </Row>
      <NumberOption k="cid" label="PDP context" min={1} max={16} hint='AT+QMTCFG="pdpcid": the PDP context the client uses (the one the wizard activates)' />
      <NumberOption k="keepalive" label="Keep-alive (s)" min={0} max={3600} hint='AT+QMTCFG="keepalive": 0 turns it off; mobile NATs often drop idle links within two minutes' />
      <BoolOption k="cleanSession" label="Clean session" hint='AT+QMTCFG="session": the server forgets subscriptions and queued messages on connect' />
      <NumberOption k="pktTimeoutS" label="Packet timeout (s)" min={1} max={60} hint='AT+QMTCFG="timeout": how long the module waits for an acknowledgement' />
      <NumberOption k="retryTimes" label="Retries" min={0} max={10} hint='AT+QMTCFG="timeout": how often it resends before giving up' />
      <BoolOption k="willOn" label="Will message" hint='AT+QMTCFG="will": what the server publishes when the link dies without a DISCONNECT' />
      {o.willOn && (
        <div className="wizard-subsection" data-testid="wizard-adv-will">
          <Row id="wizard-adv-willTopic" label="Will topic">
            <input id="wizard-adv-willTopic" data-testid="wizard-adv-willTopic" value={o.willTopic} placeholder="devices/x/status" onChange={(e) => setMqttOption('willTopic', e.target.value)} spellCheck={false} />
          </Row>
          <Row id="wizard-adv-willMessage" label="Will message">
            <input id="wizard-adv-willMessage" data-testid="wizard-adv-willMessage" value={o.willMessage} placeholder="offline" onChange={(e) => setMqttOption('willMessage', e.target.value)} spellCheck={false} />
          </Row>
          <Row id="wizard-adv-willQos" label="Will QoS">
            <select id="wizard-adv-willQos" data-testid="wizard-adv-willQos" value={o.willQos} onChange={(e) => setMqttOption('willQos', e.target.value as '0' | '1' | '2')}>
              <option value="0">0</option>
              <option value="1">1</option>
              <option value="2">2</option>
            </select>
          </Row>
          <BoolOption k="willRetain" label="Will retain" hint="The server keeps the Will as the topic's retained message" />
        </div>
      )}
      <Row id="wizard-adv-recv" label="Receive mode" hint='AT+QMTCFG="recv/mode": messages pushed in +QMTRECV, or kept in the module and read with AT+QMTRECV'>
        <select
          id="wizard-adv-recv"
          data-testid="wizard-adv-recv"
          value={o.recvBuffered ? 'buffered' : 'push'}
          onChange={(e) => setMqttOption('recvBuffered', e.target.value === 'buffered')}
        >
          <option value="push">pushed in the URC</option>
          <option value="buffered">buffered, read on request</option>
        </select>
      </Row>
      <BoolOption k="recvLengthField" label="Length field" hint="The payload's length comes before it, so quotes, commas and line breaks stay readable" />
      <div className="row">
        <button type="button" data-testid="wizard-adv-reset" onClick={resetMqttOptions} disabled={changed === 0}>
          Back to defaults
        </button>
      </div>
    </details>
  );
}
