// The laptop's probe of an MQTT server, as plain data, and the comparison of its stages with the
// modem's bring-up: the same server, the same TLS files and the same CONNECT, tried over the
// laptop's own network, tell "the modem and its network" apart from "the server and the
// credentials". Shared by the main side (which probes), the renderer (which shows both side by
// side), the CLI and the exports. Pure: no Node, no DOM.
import { type BringupResult, type BringupStepId } from './bringup';
import type { CertificateSummary } from './modem-tls';
import type { Problem } from './outcome';
import { translator } from './i18n';
import { msg, msgText, quoteProblem, type Msg, type MsgValue } from './i18n/msg';
import { stepTitleKey } from './i18n/messages/steps';

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

/** The stages' names as message keys (shared/i18n/messages/probe.ts). */
export const PROBE_STAGE_KEYS: Record<ProbeStageId, string> = { dns: 'probe.stageDns', tcp: 'probe.stageTcp', tls: 'probe.stageTls', mqtt: 'probe.stageMqtt', roundtrip: 'probe.stageRoundtrip' };

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
  /** The same as a message, for a reader in another language. */
  modemCompatibilityMsg?: Msg;
  /** Notes that are not failures (e.g. dates ignored with "ignorelocaltime" 1). */
  notes: string[];
  /** The same notes as messages, one for one, for a reader in another language (absent: English only). */
  noteMsgs?: Msg[];
}

export interface ProbeStage {
  stage: ProbeStageId;
  status: 'passed' | 'failed' | 'skipped';
  /** How long the stage took, ms. */
  ms: number;
  /** What happened, in a sentence. */
  detail: string;
  /** The same as a message, for a reader in another language (absent: English only). */
  detailMsg?: Msg;
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
  /** The same as a message, for a reader in another language. */
  textMsg?: Msg;
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
  /** The verdict in plain words (English: logs, the journal). */
  verdict: string;
  nextStep: string;
  /** The verdict and the next step as messages, for the reader's language (shared/protocol/localize.ts msgIn). */
  verdictMsg?: Msg;
  nextStepMsg?: Msg;
  rows: CompareRow[];
}

const english = (m: Msg): string => msgText(translator('en'), m);
/** A side's status with its words, in English and as a message. */
const said = (status: CompareSide['status'], m: Msg, code?: string): CompareSide => ({ status, text: english(m), textMsg: m, ...(code ? { code } : {}) });
/** 'a · b · c' / 'a, b, c': a list as nested messages (each language has its separator). */
const joined = (key: 'probe.joinDot' | 'probe.joinComma', items: readonly MsgValue[]): MsgValue => items.reduce((first, second) => msg(key, { first, second }));

const stageName = (s: ProbeStageId): Msg => msg(PROBE_STAGE_KEYS[s]);
const stepName = (id: BringupStepId): Msg => msg(stepTitleKey(id));

const laptopSide = (stages: readonly ProbeStage[], phase: ComparePhase): CompareSide => {
  const mine = stages.filter((s) => phaseOfStage(s.stage) === phase && s.status !== 'skipped');
  if (phase === 'setup') return said('unknown', msg('probe.laptopSameFiles'));
  if (!mine.length) return said(stages.some((s) => s.status === 'failed') ? 'not-reached' : 'unknown', msg('probe.notReached'));
  const failed = mine.find((s) => s.status === 'failed');
  const m = msg('probe.sideList', { list: joined('probe.joinDot', mine.map((s) => msg('probe.stageFound', { stage: stageName(s.stage), detail: s.detailMsg ?? s.detail }))) });
  return failed ? said('failed', m, failed.code) : said('passed', m);
};

const modemSide = (modem: BringupResult | undefined, phase: ComparePhase): CompareSide => {
  if (!modem) return said('unknown', msg('probe.noBringup'));
  const mine = modem.steps.filter((s) => phaseOfStep(s.id) === phase && (s.status === 'passed' || s.status === 'failed'));
  const failed = mine.find((s) => s.status === 'failed') ?? (!modem.ok && phaseOfStep(modem.step) === phase ? modem.steps.find((s) => s.id === modem.step) : undefined);
  if (failed || (!modem.ok && phaseOfStep(modem.step) === phase)) {
    const p = failed?.problem ?? modem.problem;
    const why: MsgValue = p ? quoteProblem(p, 'title') : failed?.detail !== undefined ? (failed.detailMsg ?? failed.detail) : msg('probe.failed');
    return said('failed', msg('probe.stepFailed', { step: stepName(failed?.id ?? modem.step), why }), p?.code);
  }
  if (!mine.length) return modem.ok ? said('unknown', msg('probe.skipped')) : said('not-reached', msg('probe.notReached'));
  // A long run of passed steps reads as its count and its last one.
  const titles = mine.map((s) => stepName(s.id));
  return said('passed', titles.length > 3 ? msg('probe.stepsPassed', { n: titles.length, last: titles.at(-1)! }) : msg('probe.sideList', { list: joined('probe.joinComma', titles) }));
};

/** The CONNACK return code a Problem code names ('connack.4', 'qmtconn.…' never carries one). */
const connackOf = (code: string | undefined): number | undefined => {
  const m = /^connack\.(\d)$/.exec(code ?? '');
  return m ? Number(m[1]) : undefined;
};

/** Why a CONNACK refusal happens, in the words of the verdict (protocol.md §3.4, §8). */
const REFUSED: Record<number, string> = {
  1: 'probe.refused1',
  2: 'probe.refused2',
  3: 'probe.refused3',
  4: 'probe.refused4',
  5: 'probe.refused5',
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
  return { side: v.side, verdict: english(v.verdict), nextStep: english(v.next), verdictMsg: v.verdict, nextStepMsg: v.next, rows };
}

interface Verdict {
  side: VerdictSide;
  verdict: Msg;
  next: Msg;
}

/** A next step that is a Problem's own. */
const nextOf = (p: Problem | undefined, otherwise: string): Msg => (p ? msg('probe.quote', { text: quoteProblem(p, 'nextStep') }) : msg(otherwise));
/** '(CONNACK 4)' or nothing, as a select value. */
const connackValue = (code: number | undefined): string => (code === undefined ? 'none' : String(code));

function verdictOf(modem: BringupResult | undefined, laptop: ProbeResult): Verdict {
  const target = `${laptop.server.host}:${laptop.server.port}`;
  const host = laptop.server.host;
  const failedStage = laptop.ok ? undefined : laptop.stages.find((s) => s.status === 'failed');
  const tlsStage = laptop.stages.find((s) => s.stage === 'tls');
  const mStep = modem && !modem.ok ? modem.step : undefined;
  const mPhase = mStep ? phaseOfStep(mStep) : undefined;
  const mCode = modem?.problem?.code ?? '';
  const step: MsgValue = mStep ? stepName(mStep) : '';
  const mProblem = modem?.problem;

  // The laptop connects: the server and these credentials are fine.
  if (laptop.ok) {
    if (!modem) return { side: 'unknown', verdict: msg('probe.vAcceptedNoModem', { target }), next: msg('probe.nRunWizard') };
    if (modem.ok) return { side: 'none', verdict: msg('probe.vBothConnect', { target }), next: msg('probe.nNothing') };
    if (mPhase === 'network') {
      const pdp = mStep === 'pdp' || mStep === 'attach';
      return {
        side: 'modem',
        verdict: msg('probe.vModemNetwork', { target, step, problem: mProblem ? quoteProblem(mProblem, 'title') : '', hasProblem: mProblem ? 'yes' : 'no', pdp: pdp ? 'yes' : 'no' }),
        next: pdp ? msg('probe.nCheckApn') : nextOf(mProblem, 'probe.nFixNetwork'),
      };
    }
    if (mPhase === 'setup') {
      return { side: 'modem', verdict: msg('probe.vModemSetup', { target, step, problem: mProblem ? quoteProblem(mProblem, 'title') : '', hasProblem: mProblem ? 'yes' : 'no' }), next: nextOf(mProblem, 'probe.nFixStep') };
    }
    if (mPhase === 'open') {
      const tlsTrouble = laptop.server.tls && (mCode === 'qmtopen.-1' || tlsStage?.tls?.modemCompatible === false);
      if (mCode === 'qmtopen.4') return { side: 'modem', verdict: msg('probe.vModemDns', { target, host }), next: msg('probe.nSetDns', { command: 'AT+QIDNSCFG=<cid>,"8.8.8.8","1.1.1.1"' }) };
      if (tlsTrouble && tlsStage?.tls?.modemCompatible === false) {
        return { side: 'modem', verdict: msg('probe.vModemTls', { target, why: tlsStage.tls.modemCompatibilityMsg ?? tlsStage.tls.modemCompatibility ?? msg('probe.tlsNoMatch') }), next: msg('probe.nChangeTls') };
      }
      return { side: 'modem', verdict: msg('probe.vModemOpen', { target, tls: laptop.server.tls ? 'yes' : 'no' }), next: msg('probe.nCheckOpen') };
    }
    // The modem was refused at CONNECT or dropped after it.
    const code = connackOf(mCode);
    return {
      side: 'modem',
      verdict: msg('probe.vModemConnect', { target, connack: connackValue(code), why: code !== undefined ? msg('probe.asModemSends', { why: msg(REFUSED[code] ?? 'probe.refusedOther') }) : msg('probe.connectDiffers') }),
      next: msg('probe.nCompareConnect'),
    };
  }

  const stage = failedStage?.stage ?? laptop.stage;
  const reason: MsgValue = laptop.problem ? quoteProblem(laptop.problem, 'title', true) : (failedStage?.detail ?? '').replace(/\.$/, '');
  const modemAlsoFails = mPhase === 'open' || mPhase === 'connect';
  const modemNote = msg('probe.modemNote', { note: !modem ? 'noModem' : modem.ok || modemAlsoFails ? 'none' : 'earlier', step });
  const lp = laptop.problem;

  if (stage === 'dns') {
    if (modem?.ok) return { side: 'laptop', verdict: msg('probe.vLaptopDns', { host }), next: msg('probe.nLaptopNetwork') };
    return { side: 'server', verdict: msg('probe.vDnsFails', { host, modemToo: mCode === 'qmtopen.4' ? 'yes' : 'no', modemNote }), next: msg('probe.nCheckHost') };
  }
  if (stage === 'tcp') {
    if (modem?.ok) return { side: 'laptop', verdict: msg('probe.vLaptopTcp', { target, reason }), next: msg('probe.nOtherNetwork') };
    return { side: 'server', verdict: msg('probe.vTcpFails', { target, reason, both: modemAlsoFails ? 'yes' : 'no', modemNote }), next: msg('probe.nCheckBroker') };
  }
  if (stage === 'tls') {
    const caFails = failedStage?.code === 'tls.ca-not-issuer';
    const signer = issuerOf(failedStage);
    const why: MsgValue = caFails ? msg('probe.caNotSigning', { given: modem ? 'modem' : 'given', signer: signer ?? '', hasSigner: signer ? 'yes' : 'no' }) : reason;
    if (modem?.ok) return { side: 'laptop', verdict: msg('probe.vLaptopTls', { why }), next: nextOf(lp, 'probe.nLaptopTlsFiles') };
    return { side: 'server', verdict: msg('probe.vTlsFails', { why, both: modemAlsoFails ? 'yes' : 'no', modemNote }), next: nextOf(lp, 'probe.nCheckTls') };
  }
  if (stage === 'mqtt') {
    const code = failedStage?.connack;
    const why: MsgValue = code !== undefined && code > 0 ? (REFUSED[code] ? msg(REFUSED[code]) : `CONNACK ${code}`) : reason;
    if (modem?.ok) return { side: 'laptop', verdict: msg('probe.vLaptopConnect', { why }), next: nextOf(lp, 'probe.nCompareProbe') };
    const both = mPhase === 'connect';
    return {
      side: 'server',
      verdict: both ? msg('probe.vRefusedBoth', { connack: connackValue(code || undefined), why }) : msg('probe.vRefusedLaptop', { connack: connackValue(code || undefined), why, modemNote }),
      next: nextOf(lp, 'probe.nCheckCredentials'),
    };
  }
  return { side: modem?.ok ? 'laptop' : 'server', verdict: msg('probe.vRoundtrip', { reason }), next: nextOf(lp, 'probe.nCheckAcl') };
}

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
