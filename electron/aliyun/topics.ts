// Aliyun preset topics, topic ownership/limit checks and Alink thing-model messages.
// Follows aliyun.md §3 (topic table), §3.1 (property post payload), §3.2 (reply shape and
// codes) and aliyun.md §5.2 (topic ≤ 128 bytes, ≤ 7 levels, ≤ 200 properties). Pure.
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';

/** Who publishes: 'up' = the device publishes, 'down' = the device subscribes. */
export type Direction = 'up' | 'down';

interface Preset {
  id: string;
  /** '/'-joined template; {pk} {dn} are the device, other {names} are one free level, optionally suffixed. */
  template: string;
  dir: Direction;
  purpose: string;
  /** Pushed by the platform without a SUBSCRIBE (aliyun.md §3: /ext/register, /ext/regnwl). */
  noSubscribe?: boolean;
}

/** aliyun.md §3 topic table [doc]/[sdk]. Specific rows come before the generic {eventId}/{serviceId} rows. */
export const PRESET_TOPICS: readonly Preset[] = [
  { id: 'property.post', template: '/sys/{pk}/{dn}/thing/event/property/post', dir: 'up', purpose: 'property post' },
  { id: 'property.post_reply', template: '/sys/{pk}/{dn}/thing/event/property/post_reply', dir: 'down', purpose: 'property post reply' },
  { id: 'property.pack.post', template: '/sys/{pk}/{dn}/thing/event/property/pack/post', dir: 'up', purpose: 'batch property post (gateway)' },
  { id: 'property.pack.post_reply', template: '/sys/{pk}/{dn}/thing/event/property/pack/post_reply', dir: 'down', purpose: 'batch property post reply' },
  { id: 'property.history.post', template: '/sys/{pk}/{dn}/thing/event/property/history/post', dir: 'up', purpose: 'history property post' },
  { id: 'property.history.post_reply', template: '/sys/{pk}/{dn}/thing/event/property/history/post_reply', dir: 'down', purpose: 'history property post reply' },
  { id: 'property.set', template: '/sys/{pk}/{dn}/thing/service/property/set', dir: 'down', purpose: 'property set (cloud → device)' },
  { id: 'property.set_reply', template: '/sys/{pk}/{dn}/thing/service/property/set_reply', dir: 'up', purpose: 'property set reply from the device' },
  { id: 'event.post', template: '/sys/{pk}/{dn}/thing/event/{eventId}/post', dir: 'up', purpose: 'event post' },
  { id: 'event.post_reply', template: '/sys/{pk}/{dn}/thing/event/{eventId}/post_reply', dir: 'down', purpose: 'event post reply' },
  { id: 'raw.up', template: '/sys/{pk}/{dn}/thing/model/up_raw', dir: 'up', purpose: 'raw (transparent) uplink' },
  { id: 'raw.up_reply', template: '/sys/{pk}/{dn}/thing/model/up_raw_reply', dir: 'down', purpose: 'raw uplink reply' },
  { id: 'raw.down', template: '/sys/{pk}/{dn}/thing/model/down_raw', dir: 'down', purpose: 'raw (transparent) downlink' },
  { id: 'raw.down_reply', template: '/sys/{pk}/{dn}/thing/model/down_raw_reply', dir: 'up', purpose: 'raw downlink reply' },
  { id: 'ota.firmware.get', template: '/sys/{pk}/{dn}/thing/ota/firmware/get', dir: 'up', purpose: 'OTA firmware request' },
  { id: 'ota.firmware.get_reply', template: '/sys/{pk}/{dn}/thing/ota/firmware/get_reply', dir: 'down', purpose: 'OTA firmware request reply' },
  { id: 'config.get', template: '/sys/{pk}/{dn}/thing/config/get', dir: 'up', purpose: 'remote config request' },
  { id: 'config.get_reply', template: '/sys/{pk}/{dn}/thing/config/get_reply', dir: 'down', purpose: 'remote config reply' },
  { id: 'config.push', template: '/sys/{pk}/{dn}/thing/config/push', dir: 'down', purpose: 'remote config push' },
  { id: 'service.call_reply', template: '/sys/{pk}/{dn}/thing/service/{serviceId}_reply', dir: 'up', purpose: 'service call reply from the device' },
  { id: 'service.call', template: '/sys/{pk}/{dn}/thing/service/{serviceId}', dir: 'down', purpose: 'async service call' },
  { id: 'rrpc.request', template: '/sys/{pk}/{dn}/rrpc/request/{msgId}', dir: 'down', purpose: 'RRPC request (answer within 8 s)' },
  { id: 'rrpc.response', template: '/sys/{pk}/{dn}/rrpc/response/{msgId}', dir: 'up', purpose: 'RRPC response' },
  { id: 'ota.inform', template: '/ota/device/inform/{pk}/{dn}', dir: 'up', purpose: 'OTA version report' },
  { id: 'ota.upgrade', template: '/ota/device/upgrade/{pk}/{dn}', dir: 'down', purpose: 'OTA push' },
  { id: 'ota.progress', template: '/ota/device/progress/{pk}/{dn}', dir: 'up', purpose: 'OTA progress' },
  { id: 'legacy.update', template: '/{pk}/{dn}/update', dir: 'up', purpose: 'legacy default custom topic (publish)' },
  { id: 'legacy.update.error', template: '/{pk}/{dn}/update/error', dir: 'up', purpose: 'legacy default custom topic (publish)' },
  { id: 'legacy.get', template: '/{pk}/{dn}/get', dir: 'down', purpose: 'legacy default custom topic (subscribe)' },
  { id: 'ext.error', template: '/ext/error/{pk}/{dn}', dir: 'down', purpose: 'errors for sub-devices' },
  { id: 'ext.register', template: '/ext/register', dir: 'down', purpose: 'dynamic-registration result (DeviceSecret)', noSubscribe: true },
  { id: 'ext.regnwl', template: '/ext/regnwl', dir: 'down', purpose: 'registration-free result (token)', noSubscribe: true },
];

export interface DeviceId {
  productKey: string;
  deviceName: string;
}

/** Expand a preset for a device; extra {names} (eventId, serviceId, msgId) come from params. */
export function presetTopic(id: string, device: DeviceId, params: Record<string, string> = {}): string {
  const preset = PRESET_TOPICS.find((p) => p.id === id);
  if (!preset) throw new TypeError(`"id" must be a preset topic id (${PRESET_TOPICS.map((p) => p.id).join(', ')}), got "${id}"`);
  return preset.template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = name === 'pk' ? device.productKey : name === 'dn' ? device.deviceName : params[name];
    if (v === undefined || v === '' || /[/+#]/.test(v)) throw new TypeError(`"${name}" must be a non-empty topic level for ${id}`);
    return v;
  });
}

/** Custom topics of the new style: /{pk}/{dn}/user/<anything>, defined per product in the console (aliyun.md §3). */
export const customTopic = (device: DeviceId, suffix: string): string => `/${device.productKey}/${device.deviceName}/user/${suffix.replace(/^\/+/, '')}`;

/** The subscriptions a typical thing-model device keeps (property post reply, property set, OTA push, service calls). */
export function defaultSubscriptions(device: DeviceId): string[] {
  return [
    presetTopic('property.post_reply', device),
    presetTopic('property.set', device),
    presetTopic('ota.upgrade', device),
    `/sys/${device.productKey}/${device.deviceName}/thing/service/+`,
  ];
}

// aliyun.md §5.2 [doc]. The 7-level limit is applied to custom and unrecognised topics only: several system
// topics of aliyun.md §3 (…/property/history/post_reply) are 8 levels deep, so the limit cannot cover them [inferred].
export const TOPIC_LIMITS = { maxBytes: 128, maxLevels: 7 } as const;

export type TopicKind = { kind: 'preset'; id: string; purpose: string } | { kind: 'custom' } | { kind: 'wildcard-filter' };

export interface TopicCheck {
  topic: string;
  kind: TopicKind;
  /** Shown to the engineer; the topic may still work. */
  warnings: string[];
}

const bad = (code: string, title: string, detail: string, nextStep: string): Outcome<TopicCheck> => fail(problem(`aliyun.topic.${code}`, title, detail, nextStep));

/**
 * May this device publish or subscribe to this topic? Devices may use only their own topics (aliyun.md §3),
 * in the direction the class allows; topics are ≤ 128 bytes (aliyun.md §5.2); wildcards only in subscriptions.
 * Console-defined /user/ classes are unknown here, so they pass with a reminder.
 */
export function checkTopic(device: DeviceId, topic: string, action: 'publish' | 'subscribe'): Outcome<TopicCheck> {
  const bytes = new TextEncoder().encode(topic).length;
  const own = `/${device.productKey}/${device.deviceName}/`;
  const ownSys = `/sys${own}`;
  if (topic.length === 0) return bad('empty', 'The topic is empty.', '', `Use a topic of this device, for example ${presetTopic('property.post', device)}.`);
  if (bytes > TOPIC_LIMITS.maxBytes) return bad('too-long', `The topic is ${bytes} bytes; Aliyun allows at most ${TOPIC_LIMITS.maxBytes}.`, topic, 'Shorten the custom part of the topic.');
  if (/[\u0000"]/.test(topic)) return bad('bad-character', 'The topic contains a NUL or a double quote.', JSON.stringify(topic), 'Remove the character; AT+QMTPUB/QMTSUB take the topic as a quoted string.');
  if (!topic.startsWith('/')) return bad('not-device-topic', 'Aliyun topics start with "/".', topic, `Did you mean /${topic}?`);

  const wild = /[+#]/.test(topic);
  if (wild) {
    if (action === 'publish') return bad('wildcard-publish', 'A PUBLISH topic cannot contain + or #.', topic, 'Publish to one concrete topic.');
    const levels = topic.split('/');
    if (levels.some((l, i) => (l.includes('+') && l !== '+') || (l.includes('#') && (l !== '#' || i !== levels.length - 1)))) {
      return bad('bad-wildcard', 'A wildcard must fill a whole level ("#" only as the last one).', topic, 'Write the filter as …/+/… or …/#.');
    }
    // Wildcards may narrow the device's own tree, not stand in for ProductKey or DeviceName.
    const prefixes = [ownSys, own, `/ota/device/upgrade${own}`, `/ext/error${own}`];
    if (!prefixes.some((p) => topic.startsWith(p))) {
      return bad('not-own', 'The filter reaches beyond this device.', `${topic} does not start with ${own} or ${ownSys}. Devices may subscribe to their own topics only.`, `Start the filter with ${ownSys} or ${own}user/.`);
    }
    return ok({ topic, kind: { kind: 'wildcard-filter' }, warnings: topic.startsWith(`${own}user/`) ? ['Wildcards work only where the console defines a subscribe-permission topic class.'] : [] });
  }

  const preset = matchPreset(device, topic);
  if (preset) {
    const want: Direction = action === 'publish' ? 'up' : 'down';
    if (preset.dir !== want) {
      return action === 'publish'
        ? bad('wrong-direction', `${topic} is a downlink topic (${preset.purpose}); the device cannot publish to it.`, 'Publishing to a topic the device may only subscribe to is dropped by the platform.', 'Publish to the matching uplink topic, for example …/property/post instead of …/property/post_reply.')
        : bad('wrong-direction', `${topic} is an uplink topic (${preset.purpose}); the device cannot subscribe to it.`, 'The platform rejects subscriptions to topics the device may only publish to.', 'Subscribe to the reply topic instead, for example …/property/post_reply.');
    }
    const warnings = action === 'subscribe' && preset.noSubscribe ? ['The platform pushes this topic without a subscription.'] : [];
    return ok({ topic, kind: { kind: 'preset', id: preset.id, purpose: preset.purpose }, warnings });
  }

  const levels = topic.split('/').length - 1;
  if (topic.startsWith(`${own}user/`)) {
    if (topic.endsWith('/') || topic.includes('//')) return bad('empty-level', 'The topic has an empty level.', topic, 'Remove the doubled or trailing "/".');
    if (levels > TOPIC_LIMITS.maxLevels) return bad('too-deep', `The topic has ${levels} levels; Aliyun allows at most ${TOPIC_LIMITS.maxLevels}.`, topic, 'Use fewer "/"-separated levels in the custom part.');
    return ok({ topic, kind: { kind: 'custom' }, warnings: [`Custom topics must be defined for the product in the console with ${action === 'publish' ? 'publish' : 'subscribe'} permission, or the ${action} is dropped.`] });
  }
  if (topic.startsWith(ownSys) || topic.startsWith(own)) {
    return bad('unknown-class', `${topic} is not a topic class Aliyun defines.`, 'Device topics are the /sys/… thing-model topics, /ota/…, and custom topics under /<pk>/<dn>/user/.', `For your own data use ${own}user/<name> (define it in the console first).`);
  }
  const other = otherDevice(topic);
  if (other && (other.productKey !== device.productKey || other.deviceName !== device.deviceName)) {
    return bad('not-own', `${topic} belongs to ${other.deviceName} of product ${other.productKey}, not to this device.`, `This device is ${device.deviceName} of ${device.productKey} (ProductKey and DeviceName are case-sensitive). Devices may only publish and subscribe to their own topics.`, `Use ${own}… or ${ownSys}….`);
  }
  return bad('not-own', `${topic} is not a topic of this device.`, 'Devices may only publish and subscribe to their own topics.', `Use ${ownSys}… or ${own}user/….`);
}

function matchPreset(device: DeviceId, topic: string): Preset | undefined {
  const levels = topic.split('/');
  return PRESET_TOPICS.find((p) => {
    const t = p.template.split('/');
    return t.length === levels.length && t.every((seg, i) => matchLevel(seg, levels[i] ?? '', device));
  });
}

function matchLevel(seg: string, level: string, device: DeviceId): boolean {
  if (seg === '{pk}') return level === device.productKey;
  if (seg === '{dn}') return level === device.deviceName;
  const m = /^\{\w+\}(.*)$/.exec(seg);
  if (!m) return seg === level;
  const suffix = m[1] ?? '';
  return level.length > suffix.length && level.endsWith(suffix) && (suffix !== '' || !level.endsWith('_reply'));
}

function otherDevice(topic: string): DeviceId | undefined {
  const l = topic.split('/');
  if (l[1] === 'sys' && l[2] && l[3]) return { productKey: l[2], deviceName: l[3] };
  if (l[1] === 'ota' && l[4] && l[5]) return { productKey: l[4], deviceName: l[5] };
  if (l[1] && l[2] && /^[A-Za-z0-9]{11}$/.test(l[1])) return { productKey: l[1], deviceName: l[2] };
  return undefined;
}

// ── Alink JSON (aliyun.md §3.1) ────────────────────────────────────────────────────────────────────────────

export type AlinkValue = string | number | boolean | null | AlinkValue[] | { [key: string]: AlinkValue };

/** aliyun.md §3.1: ids are decimal strings 0…4294967295, unique per device; at most 200 properties per post (6106). */
export const ALINK_LIMITS = { maxId: 4294967295, maxProperties: 200 } as const;

export interface AlinkRequestArgs {
  /** Message id used to match the reply; number or decimal string 0…4294967295. */
  id: number | string;
  /** Property identifier → value. */
  params: Record<string, AlinkValue>;
  /** Optional per-property sample time, UTC milliseconds; sent as {"value":…,"time":…}. */
  times?: Record<string, number>;
  /** sys.ack 0 asks the platform not to reply [obs]/[uncertain]; omitted unless given. */
  ack?: 0 | 1;
}

export interface AlinkMessage {
  topic: string;
  id: string;
  payload: string;
}

/** Method names (aliyun.md §3.1). */
export const ALINK_METHODS = {
  propertyPost: 'thing.event.property.post',
  propertySet: 'thing.service.property.set',
  eventPost: (eventId: string) => `thing.event.${eventId}.post`,
  service: (serviceId: string) => `thing.service.${serviceId}`,
} as const;

/** {"id","version":"1.0","params",…,"method"} — the request body of aliyun.md §3.1. Invalid input throws TypeError naming the field. */
export function alinkRequest(method: string, a: AlinkRequestArgs): { id: string; payload: string } {
  const id = alinkId(a.id);
  const names = Object.keys(a.params ?? {});
  if (names.length === 0) throw new TypeError('"params" must name at least one property (an empty post is refused with 460)');
  if (names.length > ALINK_LIMITS.maxProperties) throw new TypeError(`"params" has ${names.length} properties; Aliyun accepts at most ${ALINK_LIMITS.maxProperties} per post (error 6106)`);
  const params: Record<string, AlinkValue> = {};
  for (const name of names) {
    if (name.trim() === '' || name !== name.trim()) throw new TypeError(`"params" has a blank or space-padded property identifier ${JSON.stringify(name)}`);
    const value = a.params[name] as AlinkValue;
    checkValue(value, `params.${name}`);
    const time = a.times?.[name];
    if (time !== undefined && (!Number.isSafeInteger(time) || time < 0)) throw new TypeError(`"times.${name}" must be UTC milliseconds (a non-negative integer)`);
    params[name] = time === undefined ? value : { value, time };
  }
  for (const t of Object.keys(a.times ?? {})) if (!(t in a.params)) throw new TypeError(`"times.${t}" names a property that is not in params`);
  if (a.ack !== undefined && a.ack !== 0 && a.ack !== 1) throw new TypeError('"ack" must be 0 or 1');
  const body = { id, version: '1.0', ...(a.ack !== undefined ? { sys: { ack: a.ack } } : {}), params, method };
  return { id, payload: JSON.stringify(body) };
}

/** A property post for a device: topic + payload (aliyun.md §3, §3.1). */
export function propertyPost(device: DeviceId, a: AlinkRequestArgs): AlinkMessage {
  return { topic: presetTopic('property.post', device), ...alinkRequest(ALINK_METHODS.propertyPost, a) };
}

/** An event post for a device: /sys/{pk}/{dn}/thing/event/{eventId}/post with method thing.event.{eventId}.post. */
export function eventPost(device: DeviceId, eventId: string, a: AlinkRequestArgs): AlinkMessage {
  return { topic: presetTopic('event.post', device, { eventId }), ...alinkRequest(ALINK_METHODS.eventPost(eventId), a) };
}

function alinkId(raw: number | string): string {
  const s = typeof raw === 'number' ? String(raw) : raw;
  if (typeof s !== 'string' || !/^\d{1,10}$/.test(s) || Number(s) > ALINK_LIMITS.maxId) throw new TypeError(`"id" must be a whole number 0…${ALINK_LIMITS.maxId}, got ${JSON.stringify(raw)}`);
  return String(Number(s));
}

function checkValue(v: unknown, path: string): void {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`"${path}" must be a finite number (JSON has no NaN or Infinity)`);
  if (v === undefined || typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') throw new TypeError(`"${path}" must be a JSON value`);
  if (Array.isArray(v)) v.forEach((x, i) => checkValue(x, `${path}[${i}]`));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) checkValue(x, `${path}.${k}`);
}

// ── Replies (aliyun.md §3.2) ───────────────────────────────────────────────────────────────────────────────

interface CodeRow {
  match: (code: number) => boolean;
  title: string;
  nextStep: string;
}

/** aliyun.md §3.2 [doc]/[obs]: reply codes, most specific first. */
export const REPLY_CODES: readonly CodeRow[] = [
  { match: (c) => c === 200, title: 'Accepted.', nextStep: 'Nothing to do. Properties that fail the thing-model check may still have been dropped silently; check the device\'s property view in the console.' },
  { match: (c) => c === 400, title: 'Request error.', nextStep: 'Check the JSON body against the Alink format (id, version "1.0", params, method).' },
  { match: (c) => c === 429, title: 'Too many requests: the device is being throttled.', nextStep: 'Slow down: at most 30 QoS 0 or 10 QoS 1 messages per second per device.' },
  { match: (c) => c === 460, title: 'Request parameter error: empty or malformed data, or too many parameters.', nextStep: 'Send at least one property, with values of the types the thing model defines.' },
  { match: (c) => c === 500, title: 'Internal error on the platform.', nextStep: 'Retry later; if it persists, open a ticket with the message id.' },
  { match: (c) => c === 5005 || c === 6250, title: 'Product lookup failed.', nextStep: 'Check the ProductKey in the topic (case-sensitive) and the region/instance.' },
  { match: (c) => c === 6100, title: 'Device not found.', nextStep: 'Check the DeviceName in the topic and that the device exists in this region/instance.' },
  { match: (c) => c === 6106, title: 'More than 200 properties in one post.', nextStep: 'Split the post into several messages of at most 200 properties.' },
  { match: (c) => c === 6203, title: 'The topic could not be parsed.', nextStep: 'Use the preset topic of the thing model, e.g. /sys/<pk>/<dn>/thing/event/property/post.' },
  { match: (c) => c === 6204, title: 'The device is disabled.', nextStep: 'Enable the device in the console.' },
  { match: (c) => c === 6207, title: 'The payload is not JSON.', nextStep: 'Send an Alink JSON body, or use the raw topic (up_raw) with a data-parsing script.' },
  { match: (c) => c === 6300, title: 'The "method" field is missing.', nextStep: 'Add "method":"thing.event.property.post" (or the event/service method) to the body.' },
  { match: (c) => c === 6306, title: 'A property value has the wrong type or is out of range.', nextStep: 'Compare the value with the thing model (TSL) definition of the property.' },
  { match: (c) => c === 6313, title: 'The thing-model check service is unavailable.', nextStep: 'Retry later.' },
  { match: (c) => c === 6320, title: 'The property is not defined in the thing model.', nextStep: 'Check the identifier spelling (case-sensitive) or add the property to the TSL.' },
  { match: (c) => c === 6450, title: 'The parsed raw data has no method.', nextStep: 'Fix the data-parsing script so it outputs a "method" field.' },
  { match: (c) => c >= 6300 && c < 6400, title: 'The thing-model (TSL) check failed.', nextStep: 'Compare identifiers, types and ranges with the thing model.' },
  { match: (c) => c >= 26001 && c <= 26010, title: 'The data-parsing script failed.', nextStep: 'Test the script in the console with this payload.' },
  { match: (c) => c >= 100000 && c <= 110000, title: 'Device-defined error.', nextStep: 'See the device firmware\'s own error list.' },
];

export interface AlinkReply {
  id: string;
  code: number;
  message?: string;
  method?: string;
  data: unknown;
}

/** Parse a reply body: {"code":200,"data":{},"id":"1","message":"success","method":…,"version":"1.0"} (aliyun.md §3.2). */
export function parseAlinkReply(payload: string): Outcome<AlinkReply> {
  let j: unknown;
  try {
    j = JSON.parse(payload);
  } catch {
    return fail(problem('aliyun.reply.not-json', 'The reply is not JSON.', payload.slice(0, 200), 'Check that this is a …_reply topic of the thing model.'));
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j)) return fail(problem('aliyun.reply.malformed', 'The reply is not a JSON object.', payload.slice(0, 200), 'Check that this is a …_reply topic of the thing model.'));
  const r = j as Record<string, unknown>;
  const code = typeof r.code === 'number' ? r.code : typeof r.code === 'string' && /^\d+$/.test(r.code) ? Number(r.code) : undefined;
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : undefined;
  if (code === undefined || id === undefined) return fail(problem('aliyun.reply.malformed', 'The reply has no numeric "code" or no "id".', payload.slice(0, 200), 'Check that this is a …_reply topic of the thing model.'));
  return ok({ id, code, data: r.data, ...(typeof r.message === 'string' ? { message: r.message } : {}), ...(typeof r.method === 'string' ? { method: r.method } : {}) });
}

/** What a reply code means, as a Problem for non-200 codes (undefined for 200). */
export function explainReplyCode(code: number, message?: string): Problem | undefined {
  if (code === 200) return undefined;
  const row = REPLY_CODES.find((r) => r.match(code));
  const detail = `Reply code ${code}${message ? `: "${message}"` : ''}.`;
  return row ? problem(`aliyun.reply.${code}`, row.title, detail, row.nextStep) : problem(`aliyun.reply.${code}`, 'The platform refused the request.', detail, 'Look the code up in the Aliyun device-side error code list.');
}

/** Meaning of a reply code for display, including 200. */
export const replyCodeMeaning = (code: number): string => REPLY_CODES.find((r) => r.match(code))?.title ?? 'Unknown code.';
