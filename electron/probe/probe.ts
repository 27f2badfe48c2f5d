// The laptop's probe of an MQTT server, stage by stage, with exactly what the modem was told to
// use: DNS → TCP → TLS (what the server presents, checked as the module would check it) → MQTT
// CONNECT/CONNACK (mqtt.js) → optionally a subscribe/publish round trip. Real sockets; each stage
// has its time, its result and the catalogue's explanation. The judging of what was seen is pure
// (stage-results.ts); this file only touches the network.
import dns from 'node:dns/promises';
import net, { isIP } from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { PROBE_STAGE_IDS, type ProbeResult, type ProbeStage, type ProbeStageId } from '../../shared/probe';
import { tlsVersionOptions } from '../simulator/net-tools';
import { msg } from '../../shared/i18n/msg';
import { connackStage, dnsFailed, judgeTls, mqttFailed, roundtripFailed, said, tcpFailed, type TlsSeen } from './stage-results';

/** What the modem was told to use, resolved on the main side (secrets in clear, never echoed back). */
export interface ProbeSettings {
  host: string;
  port: number;
  tls: boolean;
  /** The SSL context's options (protocol.md §4.4), with the files' bytes when the laptop has them. */
  tlsOptions?: {
    seclevel: 0 | 1 | 2;
    sslVersion: number;
    cipherSuite: string;
    /** The module sends SNI only with "sni" 1; `sniName` overrides the name (CLI --sni). */
    sni: boolean;
    sniName?: string;
    ignoreLocalTime: boolean;
    ca?: Uint8Array;
    clientCert?: Uint8Array;
    clientKey?: Uint8Array;
  };
  mqttVersion: 3 | 4;
  clientId: string;
  username?: string;
  password?: string;
  keepalive: number;
  cleanSession: boolean;
  /** Subscribe to this topic and publish to it once (optional last stage). */
  roundtripTopic?: string;
  /** Per stage, ms (default 8 s). */
  timeoutMs?: number;
}

/** Told of each stage as it ends (the CLI prints a JSON line per stage, the app journals them). */
export type StageListener = (s: ProbeStage) => void;

const since = (t0: number) => Math.round(performance.now() - t0);

export async function runProbe(s: ProbeSettings, onStage: StageListener = () => undefined): Promise<ProbeResult> {
  const startedAt = Date.now();
  const timeoutMs = s.timeoutMs ?? 8_000;
  const stages: ProbeStage[] = [];
  const push = (st: ProbeStage) => {
    stages.push(st);
    onStage(st);
    return st;
  };
  const finish = (): ProbeResult => {
    const failed = stages.find((x) => x.status === 'failed');
    const last = failed ?? [...stages].reverse().find((x) => x.status === 'passed') ?? stages[0]!;
    // Stages after a failure are reported as skipped, so every run lists all of them.
    for (const id of PROBE_STAGE_IDS) if (!stages.some((x) => x.stage === id)) push({ stage: id, status: 'skipped', ms: 0, ...said(msg(failed ? 'probe.dNotRun' : 'probe.dNotAsked')) });
    stages.sort((a, b) => PROBE_STAGE_IDS.indexOf(a.stage) - PROBE_STAGE_IDS.indexOf(b.stage));
    return { ok: !failed, stage: last.stage, ...(failed?.problem ? { problem: failed.problem } : {}), stages, server: { host: s.host, port: s.port, tls: s.tls }, startedAt };
  };

  // DNS: the addresses the laptop's resolver gives (the modem asks its network's DNS, protocol.md §4.3).
  let t0 = performance.now();
  let addresses: string[];
  if (isIP(s.host)) {
    addresses = [s.host];
    push({ stage: 'dns', status: 'passed', ms: 0, ...said(msg('probe.dIsAddress', { host: s.host })), addresses });
  } else {
    try {
      addresses = (await dns.lookup(s.host, { all: true })).map((a) => a.address);
      push({ stage: 'dns', status: 'passed', ms: since(t0), ...said(msg('probe.dResolved', { host: s.host, addresses: addresses.join(', ') })), addresses });
    } catch (err) {
      push(dnsFailed(s.host, err, since(t0)));
      return finish();
    }
  }

  // TCP: the first address that answers, as a module tries the first one its resolver gives.
  t0 = performance.now();
  const tcp = await tcpConnect(addresses, s.port, timeoutMs);
  if (!tcp.ok) {
    push(tcpFailed(s.host, s.port, tcp.err, since(t0)));
    return finish();
  }
  const address = tcp.address;
  push({ stage: 'tcp', status: 'passed', ms: since(t0), ...said(msg('probe.dConnected', { address, port: s.port })), address });

  // TLS: what the server presents, checked against the modem's CA, name and options.
  const servername = s.tlsOptions?.sniName ?? (s.tlsOptions?.sni && !isIP(s.host) ? s.host : undefined);
  if (s.tls) {
    const o = s.tlsOptions ?? { seclevel: 1, sslVersion: 4, cipherSuite: '0XFFFF', sni: false, ignoreLocalTime: true };
    t0 = performance.now();
    const seen = await tlsHandshake(address, s.port, { ...(servername ? { servername } : {}), ...clientFiles(o) }, timeoutMs);
    const ms = since(t0);
    let modem: { ok: boolean; reason?: string } | undefined;
    if (seen.ok) {
      const v = tlsVersionOptions(o.sslVersion, o.cipherSuite.toUpperCase());
      if (!v) modem = { ok: false, reason: 'sslversion 0 (SSL 3.0) cannot be spoken by any current server' };
      else {
        const m = await tlsHandshake(address, s.port, { ...(servername ? { servername } : {}), ...clientFiles(o), ...v }, timeoutMs);
        modem = m.ok ? { ok: true } : { ok: false, reason: m.error };
      }
    }
    const stage = push(judgeTls({ seen, ms, host: s.host, options: o, ...(modem ? { modem } : {}) }));
    if (stage.status === 'failed') return finish();
  } else push({ stage: 'tls', status: 'skipped', ms: 0, ...said(msg('probe.dNoTls')) });

  // MQTT CONNECT: mqtt.js over a new connection to the same address, with the modem's fields.
  t0 = performance.now();
  const conn = await mqttConnect(s, address, servername, timeoutMs);
  if (!conn.ok) {
    push(conn.connack !== undefined ? connackStage(conn.connack, since(t0)) : mqttFailed(conn.error ?? 'the connection closed before any CONNACK', since(t0)));
    return finish();
  }
  push(connackStage(0, since(t0)));

  // The round trip: subscribe, publish once, receive it back.
  if (s.roundtripTopic) {
    t0 = performance.now();
    const rt = await roundtrip(conn.client, s.roundtripTopic, timeoutMs);
    push(rt.ok ? { stage: 'roundtrip', status: 'passed', ms: since(t0), ...said(msg('probe.dRoundtrip', { topic: s.roundtripTopic })) } : roundtripFailed(s.roundtripTopic, rt.error, since(t0)));
  }
  await conn.client.endAsync(true).catch(() => undefined);
  return finish();
}

function clientFiles(o: NonNullable<ProbeSettings['tlsOptions']>): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  // The module presents its certificate at seclevel 2 only (protocol.md §4.4); so does the probe.
  return {
    ...(o.ca ? { ca: Buffer.from(o.ca) } : {}),
    ...(o.seclevel === 2 && o.clientCert && o.clientKey ? { cert: Buffer.from(o.clientCert), key: Buffer.from(o.clientKey) } : {}),
  };
}

async function tcpConnect(addresses: readonly string[], port: number, timeoutMs: number): Promise<{ ok: true; address: string } | { ok: false; err: NodeJS.ErrnoException }> {
  let last: NodeJS.ErrnoException = Object.assign(new Error('no address'), { code: 'ENOTFOUND' });
  for (const address of addresses) {
    const r = await new Promise<{ ok: true } | { ok: false; err: NodeJS.ErrnoException }>((resolve) => {
      const sock = net.connect({ host: address, port });
      sock.setTimeout(timeoutMs, () => {
        sock.destroy();
        resolve({ ok: false, err: Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' }) });
      });
      sock.once('connect', () => {
        sock.destroy();
        resolve({ ok: true });
      });
      sock.once('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, err }));
    });
    if (r.ok) return { ok: true, address };
    last = r.err;
  }
  return { ok: false, err: last };
}

/** One TLS handshake that trusts nothing and verifies nothing itself: the judging is judgeTls's. */
function tlsHandshake(address: string, port: number, extra: tls.ConnectionOptions, timeoutMs: number): Promise<TlsSeen> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: TlsSeen) => {
      if (settled) return;
      settled = true;
      sock.destroy();
      resolve(r);
    };
    const sock = tls.connect({ host: address, port, rejectUnauthorized: false, ...extra }, () => {
      const chain: Uint8Array[] = [];
      let c: tls.DetailedPeerCertificate | undefined = sock.getPeerCertificate(true);
      const seen = new Set<string>();
      while (c?.raw && !seen.has(c.fingerprint256)) {
        seen.add(c.fingerprint256);
        chain.push(new Uint8Array(c.raw));
        c = c.issuerCertificate;
      }
      const error = sock.authorizationError;
      done({ ok: true, protocol: sock.getProtocol() ?? undefined, cipher: sock.getCipher()?.name, chain, ...(error ? { authorizationError: String(error) } : {}) });
    });
    sock.setTimeout(timeoutMs, () => done({ ok: false, error: `no TLS answer within ${timeoutMs / 1000} s` }));
    sock.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, error: err.message, ...(err.code ? { code: err.code } : {}) }));
  });
}

type Connected = { ok: true; client: mqtt.MqttClient } | { ok: false; connack?: number; error?: string };

function mqttConnect(s: ProbeSettings, address: string, servername: string | undefined, timeoutMs: number): Promise<Connected> {
  return new Promise((resolve) => {
    const o = s.tlsOptions;
    const client = mqtt.connect({
      protocol: s.tls ? 'mqtts' : 'mqtt',
      host: address,
      port: s.port,
      protocolVersion: s.mqttVersion,
      clientId: s.clientId,
      ...(s.username !== undefined ? { username: s.username } : {}),
      ...(s.password !== undefined ? { password: s.password } : {}),
      keepalive: s.keepalive,
      clean: s.cleanSession,
      reconnectPeriod: 0,
      connectTimeout: timeoutMs,
      // The TLS stage judged the chain already; a client certificate as the module presents it.
      rejectUnauthorized: false,
      ...(servername ? { servername } : {}),
      ...(o ? clientFiles(o) : {}),
    });
    let settled = false;
    const done = (r: Connected) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!r.ok) client.end(true);
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, error: `no CONNACK within ${timeoutMs / 1000} s` }), timeoutMs + 500);
    client.once('connect', () => done({ ok: true, client }));
    client.once('error', (err: Error & { code?: unknown }) => done(typeof err.code === 'number' ? { ok: false, connack: err.code } : { ok: false, error: err.message }));
    client.once('close', () => done({ ok: false, error: 'the server closed the connection before any CONNACK' }));
  });
}

async function roundtrip(client: mqtt.MqttClient, topic: string, timeoutMs: number): Promise<{ ok: true } | { ok: false; error: string }> {
  const marker = `workbench-probe-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const granted = await client.subscribeAsync(topic, { qos: 1 });
    if (granted.some((g) => g.qos === 128)) return { ok: false, error: 'the server refused the subscription (SUBACK 128)' };
    const received = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      client.on('message', (_t, payload) => {
        if (payload.toString() === marker) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    await client.publishAsync(topic, marker, { qos: 1 });
    return (await received) ? { ok: true } : { ok: false, error: `the published message did not come back within ${timeoutMs / 1000} s` };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export type { ProbeStageId };
