// The wizard's settings → what the laptop probes: the form's password as typed, an Aliyun device
// signed on the host even when the modem uses "aliauth", the embedded broker when no host is typed,
// and another client ID while the modem holds the session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbeArgs } from '../../shared/api';
import { memoryKeyStore } from '../session/key-store';
import { createAliyunService } from './aliyun-service';
import { probeSettingsFrom } from './probe-service';

const SECRET = 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe';
const aliyun = createAliyunService({ keys: memoryKeyStore(), dir: fs.mkdtempSync(path.join(os.tmpdir(), 'wb-probe-svc-')) });

describe('probeSettingsFrom', () => {
  it('takes the form as it is: TLS options and files, MQTT version, keep-alive, credentials', () => {
    const args = ProbeArgs.parse({ host: 'broker.example.net', tls: true, clientId: 'dev-1', username: 'u', password: 'p', mqttVersion: 3, keepalive: 30, tlsOptions: { seclevel: 1, ca: { name: 'ca.pem', content: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' } } });
    const s = probeSettingsFrom(args, aliyun, { modemConnected: false });
    expect(s.ok && s.value).toMatchObject({ host: 'broker.example.net', port: 8883, tls: true, mqttVersion: 3, keepalive: 30, clientId: 'dev-1', username: 'u', password: 'p', tlsOptions: { seclevel: 1, sslVersion: 4, cipherSuite: '0XFFFF', sni: false, ignoreLocalTime: true, ca: expect.any(Uint8Array) } });
  });

  it('a connected modem keeps its session: the laptop takes another client ID', () => {
    const s = probeSettingsFrom(ProbeArgs.parse({ host: 'h', clientId: 'dev-1' }), aliyun, { modemConnected: true });
    expect(s.ok && s.value.clientId).toBe('dev-1-laptop');
  });

  it('no host typed: the virtual EC20\'s embedded broker, as the bring-up dials; none at all is a Problem', () => {
    const s = probeSettingsFrom(ProbeArgs.parse({ clientId: 'c' }), aliyun, { modemConnected: false, defaultServer: { host: '127.0.0.1', port: 41000 } });
    expect(s.ok && [s.value.host, s.value.port]).toEqual(['127.0.0.1', 41000]);
    expect(probeSettingsFrom(ProbeArgs.parse({ clientId: 'c' }), aliyun, { modemConnected: false })).toMatchObject({ ok: false, problem: { code: 'probe.no-host' } });
  });

  it('an Aliyun device prepared for "aliauth": the laptop signs on the host side; its signed client ID is kept', async () => {
    const prepared = await aliyun.prepare({ text: `a1X2bEnP82z meter-0042 ${SECRET}`, auth: 'aliauth', endpoint: { kind: 'region', region: 'cn-shanghai' }, tls: true, port: 8883 });
    if (!prepared.ok) throw new Error(prepared.problem.title);
    const s = probeSettingsFrom(ProbeArgs.parse({ clientId: 'ignored', aliyun: { handle: prepared.value.handle } }), aliyun, { modemConnected: true });
    if (!s.ok) throw new Error(s.problem.title);
    expect(s.value).toMatchObject({ host: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 8883, tls: true, username: 'meter-0042&a1X2bEnP82z', clientId: expect.stringMatching(/\|securemode=2,signmethod=hmacsha256.*\|$/) });
    expect(s.value.password).toMatch(/^[0-9A-F]{64}$/i);
    expect(s.value.password).not.toBe(SECRET);
  });
});
