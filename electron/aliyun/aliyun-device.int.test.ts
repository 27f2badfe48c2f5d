// The virtual EC20 brought up as an Aliyun device against its broker's credential check, in
// process: both ways of logging in (aliyun.md §7), a wrong secret refused with the Aliyun
// explanation, then a property post answered on its _reply topic like the platform (aliyun.md §3.2).
import { afterEach, describe, expect, it } from 'vitest';
import { runBringup } from '../quectel/bringup';
import { publish, subscribe } from '../quectel/mqtt';
import { decodeUrc, isModemUrc } from '../quectel/urc';
import { planAliyun, readAliyunText, type AliyunPlan, type AuthWay } from './setup';
import { parseAlinkReply, presetTopic, propertyPost } from './topics';
import { closeVirtualEngines, openVirtualEngine } from '../../test-support/virtual-engine';
import type { AtEngine } from '../at/types';

afterEach(closeVirtualEngines);

const modem = async (): Promise<AtEngine> => (await openVirtualEngine()).engine;

function plan(secret: string, auth: AuthWay): AliyunPlan {
  const s = readAliyunText(JSON.stringify({ ProductKey: 'a1X2bEnP82z', DeviceName: 'meter-0042', DeviceSecret: secret }));
  if (!s.ok) throw new Error(s.problem.title);
  const p = planAliyun(s.value, { auth, instance: { kind: 'legacy-public', region: 'cn-shanghai' }, tls: false });
  if (!p.ok) throw new Error(p.problem.title);
  return p.value;
}

async function bringUp(e: AtEngine, p: AliyunPlan) {
  return runBringup(e, {
    server: { host: p.host, port: p.port },
    tls: p.tls,
    keepalive: p.keepalive,
    clientId: p.connectClientId,
    ...(p.auth === 'aliauth' && p.device ? { aliauth: { productKey: p.device.productKey, deviceName: p.device.deviceName, deviceSecret: p.device.deviceSecret.reveal() } } : { username: p.username, password: p.password.reveal() }),
    pollMs: 50,
  });
}

describe('the virtual EC20 as an Aliyun device', () => {
  for (const auth of ['host', 'aliauth'] as const) {
    it(`${auth}: the right triple connects`, async () => {
      const r = await bringUp(await modem(), plan('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe', auth));
      expect(r.ok ? 'ready' : r.problem?.title).toBe('ready');
    }, 60_000);

    it(`${auth}: a wrong secret is refused with CONNACK 4 and the Aliyun causes`, async () => {
      const r = await bringUp(await modem(), plan('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSX', auth));
      expect(r).toMatchObject({ ok: false, step: 'connect', problem: { code: 'connack.4' } });
      expect(r.problem?.detail).toMatch(/wrong DeviceSecret or signature/);
      expect(r.problem?.detail).toMatch(/wrong region or instance endpoint/);
    }, 60_000);
  }

  it('a property post gets its reply with code 200; a malformed one the platform error', async () => {
    const e = await modem();
    const p = plan('ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe', 'aliauth');
    expect((await bringUp(e, p)).ok).toBe(true);
    const device = { productKey: p.productKey, deviceName: p.deviceName };
    const replies: string[] = [];
    e.onUrc(isModemUrc, (u) => {
      const ev = decodeUrc(u.text);
      if (ev.type === 'mqtt-message') replies.push(ev.payload);
    });
    expect((await subscribe(e, { client: 0, msgId: 1, topics: [{ topic: presetTopic('property.post_reply', device), qos: 0 }] })).ok).toBe(true);
    const msg = propertyPost(device, { id: 42, params: { temperature: 21.5 } });
    expect((await publish(e, { client: 0, msgId: 2, qos: 1, retain: false, topic: msg.topic, payload: msg.payload, form: 'prompt' })).ok).toBe(true);
    await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(1);
    expect(parseAlinkReply(replies[0] ?? '')).toMatchObject({ ok: true, value: { id: '42', code: 200, message: 'success' } });
    expect((await publish(e, { client: 0, msgId: 3, qos: 1, retain: false, topic: msg.topic, payload: '{"id":"43","params":{"t":1}}', form: 'prompt' })).ok).toBe(true);
    await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(2);
    expect(parseAlinkReply(replies[1] ?? '')).toMatchObject({ ok: true, value: { id: '43', code: 6300 } });
  }, 60_000);
});
