// The laptop's probe of an MQTT server, as plain data, and the comparison of its stages with the
// modem's bring-up: the same server, the same TLS files and the same CONNECT, tried over the
// laptop's own network, tell "the modem and its network" apart from "the server and the
// credentials". Shared by the main side (which probes), the renderer (which shows both side by
// side), the CLI and the exports. Pure: no Node, no DOM.
import { bringupStepTitle, type BringupResult, type BringupStepId } from './bringup';
import type { CertificateSummary } from './modem-tls';
import type { Problem } from './outcome';

/** The probe's stages, in the order they run. New stages are only ever appended (`--json` is scripted against). */
export const PROBE_STAGE_IDS = ['dns', 'tcp', 'tls', 'mqtt', 'roundtrip'] as const;
export type ProbeStageId = (typeof PROBE_STAGE_IDS)[number];

export const PROBE_STAGE_TITLES: Record<ProbeStageId, string> = {
  dns: 'DNS resolution',
  tcp: 'TCP connect',
  tls: 'TLS handshake',
  mqtt: 'MQTT CONNECT',
  roundtrip: 'Subscribe and publish',
};

/** What the TLS stage saw of the server. */
export interface ProbeTlsInfo {
  /** 'TLSv1.2', 'TLSv1.3'. */
  protocol?: string;
  cipher?: string;
  /** The server's chain as it was sent, leaf first, with validity dates. */
  chain: Array<Omit<CertificateSummary, 'role'> & { role: 'server' | 'intermediate' | 'root' }>;
  /** Whether the CA the modem is given signs that chain (undefined: no CA bytes on the laptop). */
  caVerifies?: boolean;
  /** Whether the host name is one of the leaf's names. */
  hostMatches?: boolean;
  /** Whether the modem's sslversion / ciphersuite could agree with this server; why not, when not. */
  modemCompatible?: boolean;
  modemCompatibility?: string;
  /** Notes that are not failures (e.g. dates ignored with "ignorelocaltime" 1). */
  notes: string[];
}

export interface ProbeStage {
  stage: ProbeStageId;
  status: 'passed' | 'failed' | 'skipped';
  /** How long the stage took, ms. */
  ms: number;
  /** What happened, in a sentence. */
  detail: string;
  /** The catalogue code of a failure ('laptop.tcp-refused', 'connack.4', 'tls.ca-not-issuer'). */
  code?: string;
  problem?: Problem;
  /** DNS: the addresses; TCP: the address connected to. */
  addresses?: string[];
  address?: string;
  tls?: ProbeTlsInfo;
  /** MQTT: the CONNACK return code (0 = accepted). */
  connack?: number;
}

export interface ProbeResult {
  ok: boolean;
  /** The failed stage, or the last one run. */
  stage: ProbeStageId;
  problem?: Problem;
  stages: ProbeStage[];
  server: { host: string; port: number; tls: boolean };
  /** Wall time the probe started (ms since the epoch). */
  startedAt: number;
}

/** The verdict object of `workbench probe --json` (the last line). */
export interface ProbeVerdictLine {
  ok: boolean;
  stage: ProbeStageId;
  code: string | null;
  explanation: string | null;
}

export function probeVerdictLine(r: ProbeResult): ProbeVerdictLine {
  return { ok: r.ok, stage: r.stage, code: r.problem?.code ?? null, explanation: r.problem ? `${r.problem.title} ${r.problem.nextStep}` : null };
}

// ---------------------------------------------------------------------------------------------
// The comparison

/** Where the two paths are lined up: the modem's steps and the laptop's stages that do the same job. */
export type ComparePhase = 'network' | 'setup' | 'open' | 'connect';

export const COMPARE_PHASES: ReadonlyArray<{ phase: ComparePhase; title: string }> = [
  { phase: 'network', title: 'Network (modem: SIM, radio, PDP — laptop: DNS)' },
  { phase: 'setup', title: 'TLS files and MQTT options' },
  { phase: 'open', title: 'Open the connection (TCP, TLS)' },
  { phase: 'connect', title: 'MQTT CONNECT / CONNACK' },
];

/** Which phase a bring-up step belongs to (protocol.md §5.1: network first, then the MQTT client). */
export function phaseOfStep(id: BringupStepId): ComparePhase {
  if (id === 'open') return 'open';
  if (id === 'connect' || id === 'ready') return 'connect';
  if (id === 'tls-files' || id === 'tls-context' || id === 'mqtt-config') return 'setup';
  return 'network';
}

const phaseOfStage = (s: ProbeStageId): ComparePhase => (s === 'dns' ? 'network' : s === 'tcp' || s === 'tls' ? 'open' : 'connect');

export interface CompareSide {
  status: 'passed' | 'failed' | 'not-reached' | 'unknown';
  /** The step or stage titles, with what they found. */
  text: string;
  code?: string;
}

export interface CompareRow {
  phase: ComparePhase;
  title: string;
  modem: CompareSide;
  laptop: CompareSide;
}

/**
 * Where the fault lies: 'modem' (its network, its settings), 'server' (down, firewalled, refusing
 * these credentials — seen from both), 'laptop' (only the laptop's path fails), 'none' (both
 * connect), 'unknown' (no modem result to compare with).
 */
export type VerdictSide = 'modem' | 'server' | 'laptop' | 'none' | 'unknown';

export interface ProbeComparison {
  side: VerdictSide;
  /** The verdict in plain words. */
  verdict: string;
  nextStep: string;
  rows: CompareRow[];
}

const laptopSide = (stages: readonly ProbeStage[], phase: ComparePhase): CompareSide => {
  const mine = stages.filter((s) => phaseOfStage(s.stage) === phase && s.status !== 'skipped');
  if (phase === 'setup') return { status: 'unknown', text: 'the laptop uses the same files and options directly' };
  if (!mine.length) return { status: stages.some((s) => s.status === 'failed') ? 'not-reached' : 'unknown', text: 'not reached' };
  const failed = mine.find((s) => s.status === 'failed');
  const text = mine.map((s) => `${PROBE_STAGE_TITLES[s.stage]}: ${s.detail}`).join(' · ');
  return failed ? { status: 'failed', text, ...(failed.code ? { code: failed.code } : {}) } : { status: 'passed', text };
};

const modemSide = (modem: BringupResult | undefined, phase: ComparePhase): CompareSide => {
  if (!modem) return { status: 'unknown', text: 'no bring-up result on this port' };
  const mine = modem.steps.filter((s) => phaseOfStep(s.id) === phase && (s.status === 'passed' || s.status === 'failed'));
  const failed = mine.find((s) => s.status === 'failed') ?? (!modem.ok && phaseOfStep(modem.step) === phase ? modem.steps.find((s) => s.id === modem.step) : undefined);
  if (failed || (!modem.ok && phaseOfStep(modem.step) === phase)) {
    const p = failed?.problem ?? modem.problem;
    return { status: 'failed', text: `${bringupStepTitle(failed?.id ?? modem.step)}: ${p?.title ?? failed?.detail ?? 'failed'}`, ...(p?.code ? { code: p.code } : {}) };
  }
  if (!mine.length) return { status: modem.ok ? 'unknown' : 'not-reached', text: modem.ok ? 'skipped' : 'not reached' };
  // A long run of passed steps reads as its count and its last one.
  const titles = mine.map((s) => bringupStepTitle(s.id));
  return { status: 'passed', text: titles.length > 3 ? `${titles.length} steps passed, up to "${titles.at(-1)}"` : titles.join(', ') };
};

/** The CONNACK return code a Problem code names ('connack.4', 'qmtconn.…' never carries one). */
const connackOf = (code: string | undefined): number | undefined => {
  const m = /^connack\.(\d)$/.exec(code ?? '');
  return m ? Number(m[1]) : undefined;
};

/** Why a CONNACK refusal happens, in the words of the verdict (protocol.md §3.4, §8). */
const REFUSED: Record<number, string> = {
  1: 'the server does not accept this MQTT version: set version 4 (3.1.1), or 3 for old brokers',
  2: 'the client ID is refused: empty, too long, invalid characters or not allowed by the server',
  3: 'the server says it is unavailable (on some clouds: the keep-alive is outside the accepted range)',
  4: 'the user name or password is wrong (for a cloud: the signature, the sign method or the region)',
  5: 'this client is not authorised: the device is disabled, or an ACL or policy forbids it',
};

/** The CA a failed chain check names as the real issuer ("it is signed by …"). */
const issuerOf = (stage: ProbeStage | undefined): string | undefined => {
  const leaf = stage?.tls?.chain[0];
  return leaf ? (/CN=([^,]+)/.exec(leaf.issuer)?.[1] ?? leaf.issuer) : undefined;
};

/**
 * The modem's bring-up and the laptop's probe of the same server → a verdict in plain words.
 * The laptop's path is taken as the reference for the server: what fails on both is the server or
 * the credentials; what fails only on the modem is the modem, its SIM and its network.
 */
export function compareProbe(modem: BringupResult | undefined, laptop: ProbeResult): ProbeComparison {
  const rows = COMPARE_PHASES.map(({ phase, title }) => ({ phase, title, modem: modemSide(modem, phase), laptop: laptopSide(laptop.stages, phase) }));
  const v = verdictOf(modem, laptop);
  return { ...v, rows };
}

function verdictOf(modem: BringupResult | undefined, laptop: ProbeResult): Omit<ProbeComparison, 'rows'> {
  const target = `${laptop.server.host}:${laptop.server.port}`;
  const failedStage = laptop.ok ? undefined : laptop.stages.find((s) => s.status === 'failed');
  const tlsStage = laptop.stages.find((s) => s.stage === 'tls');
  const mStep = modem && !modem.ok ? modem.step : undefined;
  const mPhase = mStep ? phaseOfStep(mStep) : undefined;
  const mCode = modem?.problem?.code ?? '';
  const mTitle = mStep ? bringupStepTitle(mStep) : '';

  // The laptop connects: the server and these credentials are fine.
  if (laptop.ok) {
    const accepted = `the server at ${target} accepts these settings and credentials from the laptop`;
    if (!modem) return { side: 'unknown', verdict: `${cap(accepted)}. Run the wizard on the modem to compare.`, nextStep: 'Run the connection wizard; if the modem fails, compare again.' };
    if (modem.ok) return { side: 'none', verdict: `Both connect: ${accepted}, and the modem is connected too.`, nextStep: 'Nothing to fix on this path.' };
    if (mPhase === 'network') {
      const pdp = mStep === 'pdp' || mStep === 'attach';
      return {
        side: 'modem',
        verdict: `${cap(accepted)}; the modem fails before it reaches the server, at "${mTitle}"${modem.problem ? ` (${modem.problem.title})` : ''}: ${pdp ? 'look at the APN, its user name and password, and the SIM\'s data plan' : 'look at the modem\'s SIM, antenna and registration'}.`,
        nextStep: pdp ? 'Check the APN with the operator (AT+QICSGP), then AT+QIACT? and AT+CGATT?; the server needs no change.' : (modem.problem?.nextStep ?? 'Fix the modem\'s network; the server needs no change.'),
      };
    }
    if (mPhase === 'setup') {
      return { side: 'modem', verdict: `${cap(accepted)}; the modem's own set-up fails at "${mTitle}"${modem.problem ? `: ${modem.problem.title}` : ''}.`, nextStep: modem.problem?.nextStep ?? 'Fix that step on the modem; the server needs no change.' };
    }
    if (mPhase === 'open') {
      const tlsTrouble = laptop.server.tls && (mCode === 'qmtopen.-1' || tlsStage?.tls?.modemCompatible === false);
      if (mCode === 'qmtopen.4') return { side: 'modem', verdict: `${cap(accepted)}; the modem cannot resolve "${laptop.server.host}" (+QMTOPEN 4): its network gives it no working DNS.`, nextStep: 'Set DNS servers on the modem (AT+QIDNSCFG=<cid>,"8.8.8.8","1.1.1.1") or use the server\'s IP address.' };
      if (tlsTrouble && tlsStage?.tls?.modemCompatible === false) return { side: 'modem', verdict: `${cap(accepted)}; the modem fails at the TLS open: ${tlsStage.tls.modemCompatibility ?? 'its sslversion/ciphersuite do not match what the server offers'}.`, nextStep: 'Change "sslversion" and "ciphersuite" of the SSL context (AT+QSSLCFG, protocol.md §4.4) or the server\'s TLS settings.' };
      return {
        side: 'modem',
        verdict: `${cap(accepted)}; the modem fails at the ${laptop.server.tls ? 'TCP/TLS' : 'TCP'} open: look at the modem's PDP context, APN and the operator's firewall${laptop.server.tls ? ', then the modem\'s SSL context (the CA uploaded, sslversion, ciphersuite, SNI, clock)' : ''}.`,
        nextStep: 'Check AT+QIACT? (an IP address), AT+QPING to the server, and ask the operator whether the port is open on this APN.',
      };
    }
    // The modem was refused at CONNECT or dropped after it.
    const code = connackOf(mCode);
    return {
      side: 'modem',
      verdict: `${cap(accepted)}, but refuses the modem at CONNECT${code !== undefined ? ` (CONNACK ${code})` : ''}: the modem's CONNECT differs from the laptop's — ${code !== undefined ? `${REFUSED[code] ?? 'see the code'} as the modem sends it` : 'the client ID is in use elsewhere, or the modem\'s version, keep-alive or credentials differ'}.`,
      nextStep: 'Compare the modem\'s AT+QMTCFG options and AT+QMTCONN fields with the wizard\'s; a second device with the same client ID makes the server drop one of them.',
    };
  }

  const stage = failedStage?.stage ?? laptop.stage;
  const reason = (laptop.problem?.title ?? failedStage?.detail ?? '').replace(/\.$/, '');
  const modemAlsoFails = mPhase === 'open' || mPhase === 'connect';
  const modemNote = !modem ? ' (no modem result to compare with)' : modem.ok ? '' : !modemAlsoFails ? `; the modem itself stops earlier, at "${mTitle}"` : '';

  if (stage === 'dns') {
    return { side: modem?.ok ? 'laptop' : 'server', verdict: modem?.ok ? `The modem connects, but the laptop cannot resolve "${laptop.server.host}": the laptop's DNS (or VPN) does not know this name.` : `"${laptop.server.host}" does not resolve from the laptop${mCode === 'qmtopen.4' ? ' nor from the modem' : ''}: the host name is probably wrong${modemNote}.`, nextStep: modem?.ok ? 'Nothing to fix for the modem; use the laptop\'s other network or the server\'s IP address to probe.' : 'Check the spelling of the server host (or use its IP address).' };
  }
  if (stage === 'tcp') {
    if (modem?.ok) return { side: 'laptop', verdict: `The modem connects, but the laptop cannot reach ${target} (${reason}): the laptop's network blocks this port — the server itself is up.`, nextStep: 'Nothing to fix for the modem; probe from another network (a phone hotspot) to be sure.' };
    return { side: 'server', verdict: `${modemAlsoFails ? 'Neither the modem nor the laptop reaches' : 'The laptop does not reach'} ${target} (${reason}): the server is down, the port is wrong or a firewall in front of the server blocks it${modemNote}.`, nextStep: 'Check the host and port (1883 plain, 8883 TLS), that the broker runs and listens on this address, and its firewall.' };
  }
  if (stage === 'tls') {
    const caFails = failedStage?.code === 'tls.ca-not-issuer';
    const signer = issuerOf(failedStage);
    const why = caFails ? `the CA ${modem ? 'uploaded to the modem' : 'given'} does not sign this server's chain${signer ? ` (it is signed by "${signer}")` : ''}` : reason;
    if (modem?.ok) return { side: 'laptop', verdict: `The modem connects, but the laptop's TLS handshake fails: ${why}.`, nextStep: laptop.problem?.nextStep ?? 'Check the laptop\'s copy of the CA and client files.' };
    return { side: 'server', verdict: `TLS fails on ${modemAlsoFails ? 'both' : 'the laptop'}: ${why}${modemNote}.`, nextStep: laptop.problem?.nextStep ?? 'Check the CA, the client certificate and key, and the server\'s TLS settings.' };
  }
  if (stage === 'mqtt') {
    const code = failedStage?.connack;
    const why = code !== undefined && code > 0 ? (REFUSED[code] ?? `CONNACK ${code}`) : reason;
    if (modem?.ok) return { side: 'laptop', verdict: `The modem is accepted, but the server refuses the laptop's CONNECT: ${why}. The laptop's CONNECT differs (a second session with the same client ID?).`, nextStep: laptop.problem?.nextStep ?? 'Compare the probe\'s settings with the modem\'s.' };
    const both = mPhase === 'connect';
    return {
      side: 'server',
      verdict: both ? `The server refuses these credentials from both${code ? ` (CONNACK ${code})` : ''}: ${why}.` : `The server refuses these credentials from the laptop${code ? ` (CONNACK ${code})` : ''}: ${why}${modemNote}.`,
      nextStep: laptop.problem?.nextStep ?? 'Check the client ID, the user name and the password (or the sign method).',
    };
  }
  return { side: modem?.ok ? 'laptop' : 'server', verdict: `The server accepts the laptop's CONNECT, but the subscribe/publish round trip fails: ${reason}.`, nextStep: laptop.problem?.nextStep ?? 'Check the topic and the server\'s ACL for this client.' };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What runProbe answers: the laptop's stages and their comparison with the modem's last bring-up. */
export interface ProbeRun {
  result: ProbeResult;
  comparison: ProbeComparison;
}

/**
 * The modem's last bring-up as the wizard's step events tell it (undefined when none ran): ready
 * when its last step passed, else the first failed step with its problem.
 */
export function bringupFromSteps(steps: readonly BringupResult['steps'][number][]): BringupResult | undefined {
  const ran = steps.filter((s) => s.status === 'passed' || s.status === 'failed');
  if (!ran.length) return undefined;
  const failed = ran.find((s) => s.status === 'failed');
  if (failed) return { ok: false, step: failed.id, ...(failed.problem ? { problem: failed.problem } : {}), steps: [...steps] };
  const ready = ran.some((s) => s.id === 'ready');
  return ready ? { ok: true, step: 'ready', steps: [...steps] } : undefined;
}
