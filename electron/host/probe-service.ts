// The wizard's settings → the laptop's probe of the same server, on the main side: the password
// and the Aliyun device are resolved here (the renderer only names them), the result is compared
// with the modem's last bring-up and journalled, and only what carries no secret goes back.
import { performance } from 'node:perf_hooks';
import type { ParsedArgsOf } from '../../shared/api';
import { defaultPortFor, MQTT_DEFAULTS, TLS_DEFAULTS } from '../../shared/mqtt-options';
import { fail, ok, problem, type Outcome } from '../../shared/outcome';
import { bringupFromSteps, compareProbe, type ProbeRun } from '../../shared/probe';
import type { BringupStepEvent } from '../../shared/bringup';
import type { JournalSink } from '../at/types';
import { runProbe, type ProbeSettings } from '../probe/probe';
import type { AliyunService } from './aliyun-service';

export type ProbeRequest = ParsedArgsOf<'runProbe'>;

type TlsFileArg = NonNullable<NonNullable<ProbeRequest['tlsOptions']>['ca']>;
const bytesOf = (f: TlsFileArg | undefined): Uint8Array | undefined =>
  f?.content === undefined ? undefined : new Uint8Array(f.encoding === 'base64' ? Buffer.from(f.content, 'base64') : Buffer.from(f.content, 'utf8'));

/**
 * The settings the modem was given, for the laptop. `modemConnected`: the modem holds a session
 * with this client ID, so the laptop takes another (the server would drop one of the two).
 */
export function probeSettingsFrom(a: ProbeRequest, aliyun: AliyunService, o: { defaultServer?: { host: string; port: number; tlsPort?: number }; modemConnected: boolean }): Outcome<ProbeSettings> {
  let login: { host?: string; port?: number; tls: boolean; clientId: string; username?: string; password?: string; keepalive: number; signed: boolean } = {
    ...(a.host ? { host: a.host } : {}),
    ...(a.port ? { port: a.port } : {}),
    tls: a.tls,
    clientId: a.clientId,
    ...(a.username ? { username: a.username } : {}),
    ...(a.password ? { password: a.password } : {}),
    keepalive: a.keepalive,
    signed: false,
  };
  if (a.aliyun) {
    // The laptop has no "aliauth": it signs on the host side, as the module would (aliyun.md §7).
    const l = aliyun.laptopLogin(a.aliyun.handle);
    if (!l.ok) return l;
    login = { ...l.value, signed: true };
  }
  const host = login.host ?? o.defaultServer?.host;
  if (!host) return fail(problem('probe.no-host', 'No MQTT server to try.', 'The server host is empty.', 'Type the MQTT server host (and port) in the wizard.'));
  const port = login.port ?? (login.host ? defaultPortFor(login.tls) : login.tls ? (o.defaultServer?.tlsPort ?? MQTT_DEFAULTS.tlsPort) : (o.defaultServer?.port ?? MQTT_DEFAULTS.port));
  const t = a.tlsOptions;
  const ca = bytesOf(t?.ca);
  const clientCert = bytesOf(t?.clientCert);
  const clientKey = bytesOf(t?.clientKey);
  return ok({
    host,
    port,
    tls: login.tls,
    ...(login.tls
      ? {
          tlsOptions: {
            seclevel: (t?.seclevel ?? TLS_DEFAULTS.seclevel) as 0 | 1 | 2,
            sslVersion: t?.sslVersion ?? TLS_DEFAULTS.sslVersion,
            cipherSuite: (t?.cipherSuite ?? TLS_DEFAULTS.cipherSuite).toUpperCase(),
            sni: t?.sni ?? TLS_DEFAULTS.sni,
            ignoreLocalTime: t?.ignoreLocalTime ?? TLS_DEFAULTS.ignoreLocalTime,
            ...(ca ? { ca } : {}),
            ...(clientCert ? { clientCert } : {}),
            ...(clientKey ? { clientKey } : {}),
          },
        }
      : {}),
    mqttVersion: a.mqttVersion ?? MQTT_DEFAULTS.mqttVersion,
    // A signed Aliyun client ID cannot change (the signature covers it).
    clientId: o.modemConnected && !login.signed ? `${login.clientId}-laptop` : login.clientId,
    ...(login.username !== undefined ? { username: login.username } : {}),
    ...(login.password !== undefined ? { password: login.password } : {}),
    keepalive: login.keepalive,
    cleanSession: a.cleanSession ?? MQTT_DEFAULTS.cleanSession,
    ...(a.roundtripTopic ? { roundtripTopic: a.roundtripTopic } : {}),
    timeoutMs: 8_000,
  });
}

/** Runs the probe, compares it with the modem's steps and journals both (no secret in either). */
export async function probeAndCompare(settings: ProbeSettings, modemSteps: readonly BringupStepEvent[], sink: JournalSink | undefined): Promise<Outcome<ProbeRun>> {
  const result = await runProbe(settings);
  const comparison = compareProbe(bringupFromSteps(modemSteps), result);
  sink?.append({
    mono: performance.now(),
    wall: Date.now(),
    event: { type: 'laptop-probe', host: result.server.host, port: result.server.port, tls: result.server.tls, ok: result.ok, stage: result.stage, stages: result.stages, verdict: { side: comparison.side, text: comparison.verdict, nextStep: comparison.nextStep, ...(comparison.verdictMsg && comparison.nextStepMsg ? { textMsg: comparison.verdictMsg, nextStepMsg: comparison.nextStepMsg } : {}) } },
  });
  return ok({ result, comparison });
}
