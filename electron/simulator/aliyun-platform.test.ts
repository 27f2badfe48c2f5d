import { describe, expect, it } from 'vitest';
import { answerAlinkPost } from './aliyun-platform';

const dev = { productKey: 'a1X2bEnP82z', deviceName: 'meter-0042' };
const post = '/sys/a1X2bEnP82z/meter-0042/thing/event/property/post';
const reply = (topic: string, payload: string) => {
  const a = answerAlinkPost(topic, payload, dev);
  return a ? { topic: a.topic, ...(JSON.parse(a.payload) as Record<string, unknown>) } : undefined;
};

describe('the virtual platform answers thing-model posts (aliyun.md §3.2)', () => {
  it('code 200 for a well-formed property post, on the _reply topic, with the request id', () => {
    expect(reply(post, JSON.stringify({ id: '17', version: '1.0', params: { temperature: 21.5 }, method: 'thing.event.property.post' }))).toEqual({ topic: `${post}_reply`, code: 200, data: {}, id: '17', message: 'success', method: 'thing.event.property.post', version: '1.0' });
    const ev = '/sys/a1X2bEnP82z/meter-0042/thing/event/alarm/post';
    expect(reply(ev, JSON.stringify({ id: 3, params: { level: 2 }, method: 'thing.event.alarm.post' }))).toMatchObject({ topic: `${ev}_reply`, code: 200, id: '3' });
  });
  it.each([
    ['not JSON', 'temperature=21', 6207],
    ['no method', JSON.stringify({ id: '1', params: { t: 1 } }), 6300],
    ['empty params', JSON.stringify({ id: '1', params: {}, method: 'thing.event.property.post' }), 460],
    ['an id that is not a number', JSON.stringify({ id: 'abc', params: { t: 1 }, method: 'thing.event.property.post' }), 460],
    ['the wrong method for the topic', JSON.stringify({ id: '1', params: { t: 1 }, method: 'thing.service.property.set' }), 460],
    ['more than 200 properties', JSON.stringify({ id: '1', params: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`p${i}`, i])), method: 'thing.event.property.post' }), 6106],
  ])('the platform error for %s', (_name, payload, code) => {
    expect(reply(post, payload)).toMatchObject({ topic: `${post}_reply`, code });
  });
  it('no answer for topics that are not posts or not the device\'s own', () => {
    expect(reply('/a1X2bEnP82z/meter-0042/user/update', '{}')).toBeUndefined();
    expect(reply('/sys/a1X2bEnP82z/other-dev/thing/event/property/post', '{}')).toBeUndefined();
  });
});

describe('the hosts the virtual platform stands in for', () => {
  it('recognises Aliyun IoT MQTT hosts only', async () => {
    const { isVirtualAliyunHost } = await import('./aliyun-platform');
    expect(isVirtualAliyunHost('a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com')).toBe(true);
    expect(isVirtualAliyunHost('iot-06z00ae5m2066i3.mqtt.iothub.aliyuncs.com')).toBe(true);
    expect(isVirtualAliyunHost('broker.example.net')).toBe(false);
    expect(isVirtualAliyunHost('evil.aliyuncs.com.example.net')).toBe(false);
  });
});
