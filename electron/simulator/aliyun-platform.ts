// The virtual EC20's broker answering like the Aliyun IoT platform, so the thing-model presets can be
// tried without a cloud account: a property or event post from a device logged in the Aliyun way
// gets its `_reply` with code 200 when the Alink body is well formed, and the platform's error code
// when it is not (aliyun.md §3.1 request shape, §3.2 reply shape and codes). Written from the
// reference, not from electron/aliyun (a host-side bug must not be tested against itself). The
// demo account and what it answers are listed in aliyun.md §10.
import type { Aedes, Client, PublishPacket } from 'aedes';
import type { AliyunDevice } from './aliauth';

/**
 * The devices the virtual platform knows, as if created in an Aliyun console: the demo device is
 * the one the tests, the docs and the e2e paste. Any other triple is refused with CONNACK 4.
 */
export const VIRTUAL_ALIYUN_DEVICES: readonly AliyunDevice[] = [
  { productKey: 'a1X2bEnP82z', deviceName: 'meter-0042', deviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe' },
  { productKey: 'a1X2bEnP82z', deviceName: 'pump-01', deviceSecret: '3af7bc8812cb475e042a0a5ae377c6a1' },
];

export interface AlinkAnswer {
  topic: string;
  payload: string;
}

const POST = /^\/sys\/([^/]+)\/([^/]+)\/thing\/event\/(property|[^/]+)\/post$/;

/**
 * The reply the platform sends to a device's post, or undefined when the topic is not a post of the
 * thing model or not the device's own (the real platform drops those). Pure.
 */
export function answerAlinkPost(topic: string, payload: string, device: { productKey: string; deviceName: string }): AlinkAnswer | undefined {
  const m = POST.exec(topic);
  if (!m || m[1] !== device.productKey || m[2] !== device.deviceName) return undefined;
  const event = m[3] ?? 'property';
  const expectedMethod = event === 'property' ? 'thing.event.property.post' : `thing.event.${event}.post`;
  const reply = (code: number, message: string, id: string, method = expectedMethod) => ({
    topic: `${topic}_reply`,
    payload: JSON.stringify({ code, data: {}, id, message, method, version: '1.0' }),
  });
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    // aliyun.md §3.2: 6207 — the payload is not JSON.
    return reply(6207, 'request parameter error: payload is not json', '0');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return reply(6207, 'request parameter error: payload is not a json object', '0');
  const b = body as Record<string, unknown>;
  const id = typeof b.id === 'string' || typeof b.id === 'number' ? String(b.id) : '';
  if (!/^\d{1,10}$/.test(id) || Number(id) > 4294967295) return reply(460, 'request parameter error: id must be a decimal string 0…4294967295', id || '0');
  if (typeof b.method !== 'string') return reply(6300, 'method not found in request', id);
  if (b.method !== expectedMethod) return reply(460, `request parameter error: method ${b.method} does not match the topic`, id, b.method);
  const params = b.params;
  if (typeof params !== 'object' || params === null || Array.isArray(params) || Object.keys(params).length === 0) return reply(460, 'request parameter error: params is empty or not an object', id);
  if (event === 'property' && Object.keys(params).length > 200) return reply(6106, 'too many properties in one post (at most 200)', id);
  return reply(200, 'success', id);
}

/** Hooks the platform's replies into a broker whose Aliyun devices log in with `id|params|` client ids. */
export function attachAliyunPlatform(aedes: Aedes): void {
  aedes.on('publish', (packet: PublishPacket, client: Client | null) => {
    if (!client || !client.id.includes('|')) return;
    const user = (client as Client & { aliyunUser?: string }).aliyunUser;
    if (!user) return;
    const amp = user.indexOf('&');
    const answer = answerAlinkPost(packet.topic, packet.payload.toString('utf8'), { deviceName: user.slice(0, amp), productKey: user.slice(amp + 1) });
    if (!answer) return;
    // Asynchronously, as the platform does: the PUBACK reaches the device before the reply.
    setTimeout(() => aedes.publish({ cmd: 'publish', topic: answer.topic, payload: Buffer.from(answer.payload), qos: 0, retain: false, dup: false }, () => undefined), 20);
  });
}

/** Remembers who logged in (the user name dn&pk), for the replies above. */
export function noteAliyunLogin(client: Client, username: string): void {
  (client as Client & { aliyunUser?: string }).aliyunUser = username;
}

/**
 * Aliyun IoT MQTT hosts (aliyun.md §2.1): the virtual EC20 reaches them on its embedded broker (the
 * virtual platform of aliyun.md §10), also where it dials other named hosts for real.
 */
export function isVirtualAliyunHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  return /^[a-z0-9]+\.iot-as-mqtt\.[a-z0-9-]+\.aliyuncs\.com$/.test(h) || /^iot-[a-z0-9-]+\.mqtt\.iothub\.aliyuncs\.com$/.test(h) || h === 'ipv6.itls.cn-shanghai.aliyuncs.com';
}
