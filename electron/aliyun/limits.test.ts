import { describe, expect, it } from 'vitest';
import { checkKeepalive, checkMqttVersion, checkPublish, checkSubscribe, checkWill } from './limits';

describe('keepalive (aliyun.md §5.2, §8.6)', () => {
  it.each([30, 120, 300, 1200])('%i s is accepted', (s) => {
    expect(checkKeepalive(s).ok).toBe(true);
  });
  it('warns below 300 s', () => {
    const r = checkKeepalive(120);
    expect(r.ok && r.value.warnings.join()).toContain('≥ 300');
    const r300 = checkKeepalive(300);
    expect(r300.ok && r300.value.warnings).toEqual([]);
  });
  it.each([0, 29, 1201, 3600, 60.5])('%i s (valid on the EC20 or not) is rejected with a clear message', (s) => {
    const r = checkKeepalive(s);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('aliyun.limit.keepalive');
      expect(r.problem.detail).toContain('CONNACK 3');
      expect(r.problem.nextStep).toBe('Set AT+QMTCFG="keepalive",<idx>,300.');
    }
  });
});

describe('QoS, retain, Will, payload, subscriptions (aliyun.md §5.1, §5.2, §8.10)', () => {
  it.each<[Parameters<typeof checkPublish>[0], string]>([
    [{ qos: 2 }, 'aliyun.limit.qos2'],
    [{ qos: 3 }, 'aliyun.limit.qos'],
    [{ qos: 1, retain: true }, 'aliyun.limit.retain'],
    [{ qos: 0, payloadBytes: 256 * 1024 + 1 }, 'aliyun.limit.payload'],
  ])('publish %j is rejected as %s', (args, code) => {
    const r = checkPublish(args);
    expect(!r.ok && r.problem.code).toBe(code);
  });

  it('publish QoS 0/1 within limits passes, with the uplink rate noted', () => {
    const r = checkPublish({ qos: 1, retain: false, payloadBytes: 256 * 1024 });
    expect(r.ok && r.value.warnings.join()).toContain('10 QoS 1 messages per second');
  });

  it('subscribe QoS 2 is granted as 1 with a warning', () => {
    const r = checkSubscribe({ qos: 2, filters: 1 });
    expect(r.ok && r.value.value.grantedQos).toBe(1);
    expect(r.ok && r.value.warnings[0]).toContain('granted QoS 1');
  });

  it.each<[Parameters<typeof checkSubscribe>[0], string]>([
    [{ qos: 1, filters: 9 }, 'aliyun.limit.subscribe-batch'],
    [{ qos: 1, filters: 2, existing: 99 }, 'aliyun.limit.subscriptions'],
    [{ qos: -1, filters: 1 }, 'aliyun.limit.qos'],
  ])('subscribe %j is rejected as %s', (args, code) => {
    const r = checkSubscribe(args);
    expect(!r.ok && r.problem.code).toBe(code);
  });

  it('a Will is rejected; no Will passes', () => {
    const r = checkWill(true);
    expect(!r.ok && r.problem.nextStep).toContain('AT+QMTCFG="will",<idx>,0');
    expect(checkWill(false).ok).toBe(true);
  });

  it.each<[number, 'legacy-public' | 'instance', boolean]>([
    [4, 'legacy-public', true],
    [3, 'legacy-public', true],
    [5, 'legacy-public', false],
    [5, 'instance', true],
    [6, 'instance', false],
  ])('MQTT version %i on a %s instance: accepted=%s', (v, kind, accepted) => {
    const r = checkMqttVersion(v, kind);
    expect(r.ok).toBe(accepted);
    if (!r.ok) expect(r.problem.nextStep).toContain('"version",<idx>,4');
  });
});
