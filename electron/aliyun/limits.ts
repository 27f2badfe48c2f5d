// What the Aliyun profile allows beyond standard MQTT: keepalive range, QoS 0/1 only, no retained
// or Will messages, payload and SUBSCRIBE sizes, MQTT version per instance kind.
// Follows aliyun.md §5.1, §5.2 and §8 items 6 and 10. Pure.
import { fail, ok, problem, type Outcome } from '../../shared/outcome';
import type { AliyunInstance } from './endpoints';

/** aliyun.md §5.2 [doc] numbers. */
export const ALIYUN_LIMITS = {
  keepalive: { min: 30, max: 1200, recommended: 300 },
  payloadBytes: 256 * 1024,
  topicsPerSubscribe: 8,
  subscriptionsPerDevice: 100,
  /** Uplink messages per second per device, by QoS (throttled silently beyond). */
  uplinkPerSecond: { 0: 30, 1: 10 },
} as const;

export interface Checked<T> {
  value: T;
  warnings: string[];
}

const refuse = <T>(code: string, title: string, detail: string, nextStep: string): Outcome<Checked<T>> => fail(problem(`aliyun.limit.${code}`, title, detail, nextStep));

/**
 * Keepalive in seconds: 30–1200 or the CONNECT is refused (CONNACK 3 per the Link SDK). The EC20
 * accepts 0–3600 (default 120), so 0, 1–29 and 1201–3600 pass the modem and fail at Aliyun.
 */
export function checkKeepalive(seconds: number): Outcome<Checked<number>> {
  const { min, max, recommended } = ALIYUN_LIMITS.keepalive;
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    return refuse('keepalive', `Keepalive ${seconds} s is outside Aliyun's ${min}–${max} s.`, `Aliyun refuses the connection (CONNACK 3) for keepalive outside ${min}–${max} s${seconds === 0 ? '; 0 (no keepalive) is valid for the modem but not for Aliyun' : ''}.`, `Set AT+QMTCFG="keepalive",<idx>,${recommended}.`);
  }
  const warnings = seconds < recommended ? [`Keepalive below ${recommended} s costs data and battery on cellular and makes short outages drop the link; Aliyun recommends ≥ ${recommended} s.`] : [];
  return ok({ value: seconds, warnings });
}

/** PUBLISH options: QoS 0/1 only, no retain, payload ≤ 256 KB (aliyun.md §5.1, §5.2). */
export function checkPublish(a: { qos: number; retain?: boolean; payloadBytes?: number }): Outcome<Checked<{ qos: 0 | 1 }>> {
  if (a.qos === 2) return refuse('qos2', 'Aliyun IoT does not support QoS 2.', 'Only QoS 0 and 1 exist on Aliyun; what the broker does with a QoS 2 PUBLISH is not documented.', 'Publish with QoS 1 (AT+QMTPUBEX=<idx>,<msgid>,1,…).');
  if (a.qos !== 0 && a.qos !== 1) return refuse('qos', `QoS ${a.qos} is not an MQTT QoS.`, 'MQTT QoS is 0, 1 or 2; Aliyun accepts 0 and 1.', 'Use QoS 0 or 1.');
  if (a.retain) return refuse('retain', 'Aliyun IoT does not support retained messages.', 'With MQTT 3.1.1 the platform keeps no retained messages.', 'Publish with retain=0.');
  if (a.payloadBytes !== undefined && a.payloadBytes > ALIYUN_LIMITS.payloadBytes) {
    return refuse('payload', `The payload is ${a.payloadBytes} bytes; Aliyun accepts at most ${ALIYUN_LIMITS.payloadBytes}.`, 'Bigger PUBLISH packets are rejected. The modem\'s own AT payload limits are far smaller.', 'Split the data or use OTA/file upload for large content.');
  }
  const rate = ALIYUN_LIMITS.uplinkPerSecond[a.qos];
  return ok({ value: { qos: a.qos }, warnings: [`At most ${rate} QoS ${a.qos} messages per second per device; more are throttled silently.`] });
}

/** SUBSCRIBE: at most 8 filters per request and 100 per device; QoS 2 is granted as 1 (aliyun.md §5.1, §5.2). */
export function checkSubscribe(a: { qos: number; filters: number; existing?: number }): Outcome<Checked<{ grantedQos: 0 | 1 }>> {
  if (a.qos !== 0 && a.qos !== 1 && a.qos !== 2) return refuse('qos', `QoS ${a.qos} is not an MQTT QoS.`, 'MQTT QoS is 0, 1 or 2.', 'Use QoS 0 or 1.');
  if (a.filters > ALIYUN_LIMITS.topicsPerSubscribe) return refuse('subscribe-batch', `${a.filters} topics in one SUBSCRIBE; Aliyun takes at most ${ALIYUN_LIMITS.topicsPerSubscribe}.`, '', 'Subscribe in several AT+QMTSUB commands.');
  const total = (a.existing ?? 0) + a.filters;
  if (total > ALIYUN_LIMITS.subscriptionsPerDevice) return refuse('subscriptions', `${total} subscriptions; Aliyun allows at most ${ALIYUN_LIMITS.subscriptionsPerDevice} per device.`, '', 'Unsubscribe from topics no longer needed, or use a wildcard filter.');
  const warnings = ['Subscriptions take effect after about 10 s on Aliyun.'];
  if (a.qos === 2) warnings.unshift('QoS 2 is not supported: the subscription is granted QoS 1 (+QMTSUB reports 1).');
  return ok({ value: { grantedQos: a.qos === 0 ? 0 : 1 }, warnings });
}

/** Will messages are not supported with MQTT 3.1.1 on Aliyun (aliyun.md §5.1): block AT+QMTCFG="will",idx,1,…. */
export function checkWill(enabled: boolean): Outcome<Checked<boolean>> {
  if (enabled) return refuse('will', 'Aliyun IoT does not support Will messages.', 'A Will set with AT+QMTCFG="will" is not delivered by the platform.', 'Turn the Will off (AT+QMTCFG="will",<idx>,0) and report state with a property post instead.');
  return ok({ value: false, warnings: [] });
}

/**
 * MQTT version, as AT+QMTCFG="version" numbers it: 3 = MQTT 3.1, 4 = 3.1.1. MQTT 5 exists only on
 * Enterprise instances (aliyun.md §5.1), which a modem's 3.x client does not need.
 */
export function checkMqttVersion(version: number, instance: AliyunInstance['kind']): Outcome<Checked<number>> {
  if (version === 3 || version === 4) return ok({ value: version, warnings: version === 3 ? ['MQTT 3.1 works; 3.1.1 (version 4) is the usual choice.'] : [] });
  if (version === 5 && instance === 'instance') return ok({ value: 5, warnings: ['MQTT 5 works on Enterprise instances only, and a device identity keeps one protocol family.'] });
  return refuse('version', `MQTT version ${version} is not accepted here.`, 'Public instances speak MQTT 3.1/3.1.1; an unsupported version is refused with CONNACK 1.', 'Set AT+QMTCFG="version",<idx>,4 (MQTT 3.1.1).');
}
