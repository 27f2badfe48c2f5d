// What each probe stage's observation means, as a stage result with the catalogue's explanation.
// Pure (node:crypto parses certificates; nothing is read or sent): the TLS judgement reuses the
// laptop-side certificate checks (tls/cert-check.ts) so the probe and the wizard agree.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { translator } from '../../shared/i18n';
import { msg, msgText, quoteProblem, type Msg } from '../../shared/i18n/msg';
import type { ProbeStage, ProbeTlsInfo } from '../../shared/probe';
import { problemFromCode } from '../quectel/codes';
import { checkCertificates, readCertificates } from '../tls/cert-check';

/** A stage's words: the English `detail` (--json, the journal) and its message, for the reader's language. */
export const said = (m: Msg): { detail: string; detailMsg: Msg } => ({ detail: msgText(translator('en'), m), detailMsg: m });

const errText = (err: unknown): { code?: string; message: string } => {
  const e = err as NodeJS.ErrnoException | undefined;
  return { ...(typeof e?.code === 'string' ? { code: e.code } : {}), message: e instanceof Error ? e.message : String(err) };
};

export function dnsFailed(host: string, err: unknown, ms: number): ProbeStage {
  const e = errText(err);
  const words = said(msg('probe.dDnsFailed', { host, why: e.code ?? e.message }));
  return { stage: 'dns', status: 'failed', ms, ...words, code: 'laptop.dns-failed', problem: problemFromCode('laptop', 'dns-failed', words.detail) };
}

/** ECONNREFUSED → nothing listens; ETIMEDOUT → dropped on the way; EHOSTUNREACH/ENETUNREACH → no route. */
export function tcpFailed(host: string, port: number, err: unknown, ms: number): ProbeStage {
  const e = errText(err);
  const code = e.code === 'ECONNREFUSED' ? 'tcp-refused' : e.code === 'ETIMEDOUT' ? 'tcp-timeout' : 'tcp-unreachable';
  const words = said(msg('probe.dTcpFailed', { target: `${host}:${port}`, kind: code.slice('tcp-'.length), why: e.code ?? e.message }));
  return { stage: 'tcp', status: 'failed', ms, ...words, code: `laptop.${code}`, problem: problemFromCode('laptop', code, words.detail) };
}

export type TlsSeen =
  | { ok: true; protocol?: string; cipher?: string; chain: Uint8Array[]; authorizationError?: string }
  | { ok: false; error: string; code?: string };

export interface TlsJudgeInput {
  seen: TlsSeen;
  ms: number;
  host: string;
  options: { seclevel: 0 | 1 | 2; sni: boolean; ignoreLocalTime: boolean; ca?: Uint8Array; clientCert?: Uint8Array; clientKey?: Uint8Array };
  /** The second handshake, with the modem's sslversion and ciphersuite only. */
  modem?: { ok: boolean; reason?: string };
  /** The time validity is checked at (default now, the laptop clock). */
  at?: Date;
}

const ROLE = (i: number, n: number): 'server' | 'intermediate' | 'root' => (i === 0 ? 'server' : i === n - 1 ? 'root' : 'intermediate');

/**
 * The handshake as the module would judge it (protocol.md §4.4): at seclevel ≥ 1 the CA must sign
 * the chain and, as cert-check.ts holds, the name must match; dates count unless "ignorelocaltime"
 * is 1. The modem's own sslversion/ciphersuite are reported, not failed on: the laptop can still
 * tell whether the server accepts the credentials.
 */
export function judgeTls(i: TlsJudgeInput): ProbeStage {
  const { seen, ms, options: o } = i;
  if (!seen.ok) {
    const certWanted = /certificate required|alert number 116|handshake failure|alert 40/i.test(seen.error);
    const words = said(msg('probe.dHandshakeFailed', { error: seen.error, certWanted: certWanted && o.seclevel < 2 ? 'yes' : 'no' }));
    return { stage: 'tls', status: 'failed', ms, ...words, code: 'laptop.tls-handshake', problem: problemFromCode('laptop', 'tls-handshake', words.detail) };
  }
  const certs = seen.chain.map((d) => readCertificates(d)?.[0]).filter((c): c is X509Certificate => c !== undefined);
  const check = checkCertificates({
    ...(o.ca ? { ca: o.ca } : {}),
    host: i.host,
    seclevel: o.seclevel,
    sni: o.sni,
    ignoreLocalTime: o.ignoreLocalTime,
    at: i.at ?? new Date(),
    atSource: 'laptop',
    serverChain: seen.chain,
  });
  const leaf = certs[0];
  const hostMatches = leaf ? (isIP(i.host) ? leaf.checkIP(i.host) !== undefined : leaf.checkHost(i.host) !== undefined) : undefined;
  // The CA check of cert-check.ts runs at seclevel ≥ 1 only; the probe reports it at every level.
  const caVerifies = o.ca && leaf ? !checkCertificates({ ca: o.ca, seclevel: 1, sni: false, ignoreLocalTime: true, at: new Date(), atSource: 'laptop', serverChain: seen.chain }).problems.some((p) => p.code === 'tls.ca-not-issuer') : undefined;
  const info: ProbeTlsInfo = {
    ...(seen.protocol ? { protocol: seen.protocol } : {}),
    ...(seen.cipher ? { cipher: seen.cipher } : {}),
    chain: certs.map((c, n) => ({ role: ROLE(n, certs.length), subject: c.subject.replace(/\n/g, ', '), issuer: c.issuer.replace(/\n/g, ', '), validFrom: new Date(c.validFrom).toISOString(), validTo: new Date(c.validTo).toISOString(), altNames: (c.subjectAltName ?? '').split(/,\s*/).map((s) => s.replace(/^(DNS|IP Address):/i, '')).filter(Boolean), fingerprint256: c.fingerprint256 })),
    ...(caVerifies !== undefined ? { caVerifies } : {}),
    ...(hostMatches !== undefined ? { hostMatches } : {}),
    ...(i.modem ? modemCompatibility(i.modem, seen) : {}),
    notes: [...check.notes],
    noteMsgs: [...(check.noteMsgs ?? [])],
  };
  if (o.seclevel >= 1 && !o.ca) {
    const m = msg('certCheck.caOnModem');
    info.notes.push(msgText(translator('en'), m));
    info.noteMsgs?.push(m);
  }
  const seenTls = msg('probe.dTlsSeen', {
    protocol: `${seen.protocol ?? 'TLS'}${seen.cipher ? `, ${seen.cipher}` : ''}`,
    subject: leaf ? (/CN=([^\n,]+)/.exec(leaf.subject)?.[1] ?? leaf.subject) : '?',
    ca: caVerifies === undefined ? 'unknown' : caVerifies ? 'yes' : 'no',
    host: i.host,
    hostMatches: hostMatches === false ? 'no' : 'yes',
  });
  const first = check.problems[0];
  if (first) return { stage: 'tls', status: 'failed', ms, ...said(msg('probe.dTlsFailed', { seen: seenTls, problem: quoteProblem(first, 'title') })), code: first.code, problem: first, tls: info };
  const compat = i.modem && !i.modem.ok ? info.modemCompatibilityMsg : undefined;
  return { stage: 'tls', status: 'passed', ms, ...said(compat ? msg('probe.dTlsBut', { seen: seenTls, compat }) : seenTls), tls: info };
}

/** Whether the modem's sslversion/ciphersuite could agree with the server, in English and as a message. */
function modemCompatibility(modem: { ok: boolean; reason?: string }, seen: { protocol?: string; cipher?: string }): Pick<ProbeTlsInfo, 'modemCompatible' | 'modemCompatibility' | 'modemCompatibilityMsg'> {
  const m = modem.ok
    ? msg('probe.dModemAgrees')
    : msg('probe.dModemDisagrees', { speaks: `${seen.protocol ?? '?'}${seen.cipher ? `, ${seen.cipher}` : ''}`, reason: modem.reason ?? msg('probe.dHandshakeRefused') });
  const words = said(m);
  return { modemCompatible: modem.ok, modemCompatibility: words.detail, modemCompatibilityMsg: m };
}

/** CONNACK 0 accepted; 1–5 refused (protocol.md §3.4). */
export function connackStage(code: number, ms: number): ProbeStage {
  if (code === 0) return { stage: 'mqtt', status: 'passed', ms, ...said(msg('probe.dAccepted')), connack: 0 };
  const p = problemFromCode('connack', code, `CONNACK ${code} to the laptop's CONNECT`);
  return { stage: 'mqtt', status: 'failed', ms, ...said(msg('probe.dRefused', { code, problem: quoteProblem(p, 'title') })), code: p.code, problem: p, connack: code };
}

export function mqttFailed(error: string, ms: number): ProbeStage {
  const words = said(msg('probe.dNoConnack', { error }));
  return { stage: 'mqtt', status: 'failed', ms, ...words, code: 'laptop.mqtt-no-connack', problem: problemFromCode('laptop', 'mqtt-no-connack', words.detail) };
}

export function roundtripFailed(topic: string, error: string, ms: number): ProbeStage {
  const detail = `"${topic}": ${error}`;
  return { stage: 'roundtrip', status: 'failed', ms, detail, code: 'laptop.roundtrip-failed', problem: problemFromCode('laptop', 'roundtrip-failed', detail) };
}
