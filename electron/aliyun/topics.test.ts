import { describe, expect, it } from 'vitest';
import { alinkRequest, checkTopic, customTopic, defaultSubscriptions, eventPost, explainReplyCode, parseAlinkReply, presetTopic, propertyPost, PRESET_TOPICS, replyCodeMeaning } from './topics';

const dev = { productKey: 'a1X2bEnP82z', deviceName: 'pump-01' };

describe('preset topics (aliyun.md §3)', () => {
  it.each([
    ['property.post', {}, '/sys/a1X2bEnP82z/pump-01/thing/event/property/post'],
    ['property.post_reply', {}, '/sys/a1X2bEnP82z/pump-01/thing/event/property/post_reply'],
    ['property.set', {}, '/sys/a1X2bEnP82z/pump-01/thing/service/property/set'],
    ['property.set_reply', {}, '/sys/a1X2bEnP82z/pump-01/thing/service/property/set_reply'],
    ['event.post', { eventId: 'Alarm' }, '/sys/a1X2bEnP82z/pump-01/thing/event/Alarm/post'],
    ['service.call_reply', { serviceId: 'Reboot' }, '/sys/a1X2bEnP82z/pump-01/thing/service/Reboot_reply'],
    ['raw.up', {}, '/sys/a1X2bEnP82z/pump-01/thing/model/up_raw'],
    ['ota.inform', {}, '/ota/device/inform/a1X2bEnP82z/pump-01'],
    ['ota.upgrade', {}, '/ota/device/upgrade/a1X2bEnP82z/pump-01'],
    ['ota.progress', {}, '/ota/device/progress/a1X2bEnP82z/pump-01'],
    ['ota.firmware.get', {}, '/sys/a1X2bEnP82z/pump-01/thing/ota/firmware/get'],
    ['config.push', {}, '/sys/a1X2bEnP82z/pump-01/thing/config/push'],
    ['rrpc.response', { msgId: '1442' }, '/sys/a1X2bEnP82z/pump-01/rrpc/response/1442'],
    ['legacy.update', {}, '/a1X2bEnP82z/pump-01/update'],
    ['legacy.get', {}, '/a1X2bEnP82z/pump-01/get'],
    ['ext.error', {}, '/ext/error/a1X2bEnP82z/pump-01'],
    ['ext.register', {}, '/ext/register'],
  ])('%s → %s', (id, params, topic) => {
    expect(presetTopic(id, dev, params)).toBe(topic);
  });

  it('builds new-style custom topics under /user/', () => {
    expect(customTopic(dev, 'get')).toBe('/a1X2bEnP82z/pump-01/user/get');
    expect(customTopic(dev, '/update')).toBe('/a1X2bEnP82z/pump-01/user/update');
  });

  it('rejects an unknown preset or a missing level parameter, naming the field', () => {
    expect(() => presetTopic('property.push', dev)).toThrow(/"id" must be a preset topic id/);
    expect(() => presetTopic('event.post', dev)).toThrow(/"eventId"/);
    expect(() => presetTopic('rrpc.response', dev, { msgId: '+' })).toThrow(/"msgId"/);
  });

  it('every preset passes checkTopic in its own direction and fails in the other', () => {
    for (const p of PRESET_TOPICS) {
      const t = presetTopic(p.id, dev, { eventId: 'Alarm', serviceId: 'Reboot', msgId: '7' });
      const right = checkTopic(dev, t, p.dir === 'up' ? 'publish' : 'subscribe');
      const wrong = checkTopic(dev, t, p.dir === 'up' ? 'subscribe' : 'publish');
      expect(right.ok && right.value.kind, `${p.id} ${t}`).toEqual({ kind: 'preset', id: p.id, purpose: p.purpose });
      expect(!wrong.ok && wrong.problem.code, `${p.id} ${t}`).toBe('aliyun.topic.wrong-direction');
    }
  });

  it('default subscriptions are all allowed', () => {
    for (const t of defaultSubscriptions(dev)) expect(checkTopic(dev, t, 'subscribe').ok, t).toBe(true);
  });
});

describe('checkTopic (aliyun.md §3 ownership, §5.2 limits, §8.11)', () => {
  it.each<[string, 'publish' | 'subscribe', string]>([
    ['/sys/a1X2bEnP82z/pump-02/thing/event/property/post', 'publish', 'belongs to pump-02'],
    ['/sys/A1X2BENP82Z/pump-01/thing/event/property/post', 'publish', 'case-sensitive'],
    ['/k0leyWHxYT1/pump-01/user/update', 'publish', 'of product k0leyWHxYT1'],
    ['/sys/a1X2bEnP82z/pump-01/thing/event/property/post_reply', 'publish', 'downlink topic'],
    ['/a1X2bEnP82z/pump-01/get', 'publish', 'downlink topic'],
    ['/sys/a1X2bEnP82z/pump-01/thing/event/property/post', 'subscribe', 'uplink topic'],
    ['/a1X2bEnP82z/pump-01/user/#', 'publish', 'cannot contain + or #'],
    ['/sys/+/+/thing/service/property/set', 'subscribe', 'reaches beyond this device'],
    ['/a1X2bEnP82z/pump-01/user/a#', 'subscribe', 'whole level'],
    ['/a1X2bEnP82z/pump-01/user/#/x', 'subscribe', 'whole level'],
    ['/a1X2bEnP82z/pump-01/data', 'publish', 'not a topic class'],
    ['a1X2bEnP82z/pump-01/user/update', 'publish', 'start with "/"'],
    ['/a1X2bEnP82z/pump-01/user/a/b/c/d/e', 'publish', 'at most 7'],
    ['/a1X2bEnP82z/pump-01/user//x', 'publish', 'empty level'],
    [`/a1X2bEnP82z/pump-01/user/${'x'.repeat(120)}`, 'publish', 'at most 128'],
    ['/a1X2bEnP82z/pump-01/user/温度'.padEnd(70, '温'), 'publish', 'at most 128'],
    ['/public/broadcast', 'subscribe', 'not a topic of this device'],
    ['', 'publish', 'empty'],
  ])('%s (%s) is rejected: %s', (topic, action, phrase) => {
    const r = checkTopic(dev, topic, action);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(`${r.problem.title} ${r.problem.detail} ${r.problem.nextStep}`).toContain(phrase);
  });

  it.each<[string, 'publish' | 'subscribe', string]>([
    ['/a1X2bEnP82z/pump-01/user/update', 'publish', 'custom'],
    ['/a1X2bEnP82z/pump-01/user/a/b/c/d', 'subscribe', 'custom'],
    ['/a1X2bEnP82z/pump-01/user/#', 'subscribe', 'wildcard-filter'],
    ['/sys/a1X2bEnP82z/pump-01/thing/service/+', 'subscribe', 'wildcard-filter'],
    ['/sys/a1X2bEnP82z/pump-01/thing/event/property/history/post_reply', 'subscribe', 'preset'],
  ])('%s (%s) is allowed as %s', (topic, action, kind) => {
    const r = checkTopic(dev, topic, action);
    expect(r.ok && r.value.kind.kind).toBe(kind);
  });

  it('reminds that custom topic classes must exist in the console', () => {
    const r = checkTopic(dev, '/a1X2bEnP82z/pump-01/user/update', 'publish');
    expect(r.ok && r.value.warnings.join()).toContain('defined for the product in the console');
  });
});

describe('Alink property post (aliyun.md §3.1)', () => {
  it('builds the documented body on the property post topic', () => {
    const m = propertyPost(dev, { id: 123, params: { Power: 'on', WF: 23.6 }, times: { Power: 1524448722000 } });
    expect(m.topic).toBe('/sys/a1X2bEnP82z/pump-01/thing/event/property/post');
    expect(m.id).toBe('123');
    expect(m.payload).toBe('{"id":"123","version":"1.0","params":{"Power":{"value":"on","time":1524448722000},"WF":23.6},"method":"thing.event.property.post"}');
  });

  it('adds sys.ack only when asked', () => {
    expect(JSON.parse(propertyPost(dev, { id: '1', params: { T: 1 }, ack: 0 }).payload).sys).toEqual({ ack: 0 });
    expect(JSON.parse(propertyPost(dev, { id: '1', params: { T: 1 } }).payload)).not.toHaveProperty('sys');
  });

  it('builds an event post with its method', () => {
    const m = eventPost(dev, 'Alarm', { id: 4294967295, params: { Level: 3 } });
    expect(m.topic).toBe('/sys/a1X2bEnP82z/pump-01/thing/event/Alarm/post');
    expect(JSON.parse(m.payload)).toMatchObject({ id: '4294967295', method: 'thing.event.Alarm.post', params: { Level: 3 } });
  });

  it('accepts exactly 200 properties', () => {
    const params = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, i]));
    expect(() => alinkRequest('thing.event.property.post', { id: 1, params })).not.toThrow();
  });

  it.each<[string, Parameters<typeof alinkRequest>[1], RegExp]>([
    ['an id above 4294967295', { id: 4294967296, params: { T: 1 } }, /"id" must be a whole number/],
    ['a negative id', { id: -1, params: { T: 1 } }, /"id"/],
    ['a non-numeric id', { id: 'abc', params: { T: 1 } }, /"id"/],
    ['no properties', { id: 1, params: {} }, /"params" must name at least one property.*460/],
    ['201 properties', { id: 1, params: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`p${i}`, i])) }, /at most 200.*6106/],
    ['NaN', { id: 1, params: { T: Number.NaN } }, /"params.T" must be a finite number/],
    ['a nested undefined', { id: 1, params: { S: { a: undefined as unknown as number } } }, /"params.S.a" must be a JSON value/],
    ['a fractional time', { id: 1, params: { T: 1 }, times: { T: 1.5 } }, /"times.T" must be UTC milliseconds/],
    ['a time for a missing property', { id: 1, params: { T: 1 }, times: { X: 1 } }, /"times.X" names a property that is not in params/],
    ['a padded identifier', { id: 1, params: { ' T': 1 } }, /space-padded property identifier/],
    ['ack 2', { id: 1, params: { T: 1 }, ack: 2 as 0 }, /"ack" must be 0 or 1/],
  ])('rejects %s', (_what, args, message) => {
    expect(() => alinkRequest('thing.event.property.post', args)).toThrow(TypeError);
    expect(() => alinkRequest('thing.event.property.post', args)).toThrow(message);
  });
});

describe('Alink replies (aliyun.md §3.2)', () => {
  it('parses the reply a BC26 received', () => {
    const r = parseAlinkReply('{"code":200,"data":{},"id":"1","message":"success","method":"thing.event.property.post","version":"1.0"}');
    expect(r).toEqual({ ok: true, value: { id: '1', code: 200, data: {}, message: 'success', method: 'thing.event.property.post' } });
    expect(explainReplyCode(200)).toBeUndefined();
    expect(replyCodeMeaning(200)).toBe('Accepted.');
  });

  it('parses the minimal documented reply', () => {
    const r = parseAlinkReply('{"id":"123","code":460,"data":{}}');
    expect(r.ok && r.value.code).toBe(460);
  });

  it.each([
    [400, 'Request error'],
    [429, 'throttled'],
    [460, 'parameter error'],
    [500, 'Internal error'],
    [5005, 'Product lookup'],
    [6250, 'Product lookup'],
    [6100, 'Device not found'],
    [6106, '200 properties'],
    [6203, 'topic could not be parsed'],
    [6204, 'disabled'],
    [6207, 'not JSON'],
    [6300, '"method"'],
    [6306, 'wrong type'],
    [6313, 'unavailable'],
    [6320, 'not defined in the thing model'],
    [6331, 'thing-model (TSL) check failed'],
    [6450, 'raw data has no method'],
    [26005, 'data-parsing script'],
    [100042, 'Device-defined'],
    [777, 'refused the request'],
  ])('code %i is explained: %s', (code, phrase) => {
    const p = explainReplyCode(code, 'x');
    expect(p?.code).toBe(`aliyun.reply.${code}`);
    expect(p?.title).toContain(phrase);
    expect(p?.nextStep.length).toBeGreaterThan(5);
  });

  it.each([
    ['not json', 'aliyun.reply.not-json'],
    ['[1,2]', 'aliyun.reply.malformed'],
    ['{"id":"1"}', 'aliyun.reply.malformed'],
    ['{"code":200}', 'aliyun.reply.malformed'],
  ])('rejects the body %j as %s', (body, code) => {
    const r = parseAlinkReply(body);
    expect(!r.ok && r.problem.code).toBe(code);
  });
});
