// The connection wizard as data: each step of shared/bringup.ts gets a run(ctx) here returning
// what it found (fields, plus the detail shown to a person) or a catalogue Problem. runBringup runs
// them in order, emits a step event for each, and stops at the first failure. Retry = run again
// with `fromStep`. Waits and deadlines read the injected clock, so tests run them on a fake one.
// Command sequence follows protocol.md §5.1 (plain) and §5.2 (TLS); registration per §4.2 and quirk 17.
import { BRINGUP_STEP_IDS, bringupStepTitle, isBringupStepId, type BringupResult, type BringupStepData, type BringupStepEvent, type BringupStepId } from '../../shared/bringup';
import { realClock, sleepOn, type Clock } from '../../shared/clock';
import type { ParsedArgsOf } from '../../shared/api';
import type { AtOutcome } from '../../shared/model';
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';
import { moduleName, registrationText, signalText } from '../../shared/status';
import { defaultPortFor, MQTT_DEFAULTS, TLS_DEFAULTS, type RecvModeOption } from '../../shared/mqtt-options';
import { utf8 } from './fields';
import type { AtEngine, AtRequest } from '../at/types';
import {
  basic,
  parseAti,
  parseCops,
  parseCpin,
  parseCsq,
  parseImei,
  parseQiactRead,
  parseRegistrationRead,
  type RegCommand,
  type Registration,
} from './basic';
import { problemFromCode, problemFromLine } from './codes';
import type { DiagnosticResult } from '../../shared/diagnostics';
import type { SslContextSettings } from '../../shared/modem-tls';
import { checkCertificates } from '../tls/cert-check';
import { urcPortMatches } from './diag';
import { runDiagnostic } from './diagnostics';
import { buildQsslcfg } from './ssl';
import { listFiles, readSslContext, uploadFile, writeSslContext } from './tls-ops';
import { buildQmtConnRead, parseQmtConnRead, redactCommand } from './commands';
import { closeNetwork, configure, connect, disconnect, openNetwork, type MqttConfig } from './mqtt';

export interface BringupOptions {
  /** Shown as the detail of the 'port' step (the caller opened the port). */
  portPath?: string;
  /** APN to configure with AT+QICSGP; without it the module's stored context is activated as is. */
  apn?: string;
  apnUsername?: string;
  apnPassword?: string;
  /** PDP context id, 1–16 (default 1). */
  cid?: number;
  server: { host: string; port: number };
  tls?: boolean;
  /** SSL context for TLS (protocol.md §4.4). Default 0; `tlsOptions.sslCtx` wins when given. */
  sslCtx?: number;
  /** The SSL context's options and the certificates to check and upload (with `tls`). */
  tlsOptions?: BringupTlsOptions;
  /** MQTT 3.1 (3) or 3.1.1 (4); default MQTT_DEFAULTS.mqttVersion. */
  mqttVersion?: 3 | 4;
  /** AT+QMTCFG="recv/mode"; default MQTT_DEFAULTS.recvMode (direct push with length). */
  recvMode?: RecvModeOption;
  clientId: string;
  username?: string;
  password?: string;
  /** AT+QMTCFG="aliauth" triple: the module signs the CONNECT itself (aliyun.md §7). */
  aliauth?: { productKey: string; deviceName: string; deviceSecret: string };
  /** client_idx 0–5, default 0. */
  clientIdx?: number;
  /** Seconds, default MQTT_DEFAULTS.keepalive (60, shared/mqtt-options.ts says why). */
  keepalive?: number;
  cleanSession?: boolean;
  pktTimeoutS?: number;
  retryTimes?: number;
  will?: MqttConfig['will'];
  /** How long AT may go unanswered while the module powers up (default 20 s). */
  atWaitMs?: number;
  /** How long to wait for registration (default 90 s), polling every `pollMs` (default 2 s, protocol.md §5.1). */
  registrationWaitMs?: number;
  /** How long a missing signal (+CSQ: 99) may last before the step fails (default 10 s). */
  signalWaitMs?: number;
  /** How long the SIM may stay busy (+CME ERROR: 14) after power-up (default 20 s). */
  simWaitMs?: number;
  pollMs?: number;
  /** Multiplies every result-URC wait (slow links). */
  timeoutScale?: number;
  /** Re-run from this step; earlier steps are reported as skipped. */
  fromStep?: BringupStepId;
  signal?: AbortSignal;
  /** Time for the waits and deadlines (default: the real clock). */
  clock?: Clock;
}

/** A certificate or key for the modem: its name there, and its bytes to upload when missing. */
export interface TlsFile {
  name: string;
  content?: Uint8Array;
  /** Delete a file of that name first and upload this one. */
  replace?: boolean;
}

/** AT+QSSLCFG options of the context the client uses (protocol.md §4.4); defaults TLS_DEFAULTS. */
export interface BringupTlsOptions {
  sslCtx?: number;
  seclevel?: 0 | 1 | 2;
  sni?: boolean;
  ignoreLocalTime?: boolean;
  sslVersion?: number;
  cipherSuite?: string;
  negotiateTimeS?: number;
  ca?: TlsFile;
  clientCert?: TlsFile;
  clientKey?: TlsFile;
}

export interface StepContext {
  engine: AtEngine;
  o: BringupOptions;
  client: number;
  cid: number;
  clock: Clock;
  /** The module's clock as the 'clock' step read it: certificates are checked at this time. */
  moduleTime?: Date;
  /** AT+CMEE=2 is on (the echo-cmee step passed, in this run or the one being retried). */
  verbose?: boolean;
}

/** What a passed step found: the fields, and the same for a person. */
export interface StepFinding {
  detail: string;
  data?: BringupStepData;
}

export interface BringupStep {
  id: BringupStepId;
  title: string;
  /** Why the step does not apply to this bring-up (reported as skipped), or undefined to run it. */
  skip?(ctx: StepContext): string | undefined;
  run(ctx: StepContext): Promise<Outcome<StepFinding>>;
}

const found = (detail: string, data?: BringupStepData): Outcome<StepFinding> => ok(data ? { detail, data } : { detail });

/** The SSL context the client is tied to. */
const sslCtxOf = (o: BringupOptions): number => o.tlsOptions?.sslCtx ?? o.sslCtx ?? TLS_DEFAULTS.sslCtx;

const sleep = (ctx: StepContext, ms: number) => sleepOn(ctx.clock, ms, ctx.o.signal);

/** A failed final answer as a catalogue Problem (ERROR read in the command's context). */
function atProblem(out: Exclude<AtOutcome, { kind: 'ok' }>, req: AtRequest, ctx?: StepContext): Problem {
  // Once the wizard turned verbose errors on, the advice to do so is left out.
  return out.kind === 'modem-error' ? problemFromLine(out.final, { command: redactCommand(req.text), ...(ctx?.verbose ? { verboseErrors: true } : {}) }) : out.problem;
}

async function send(ctx: StepContext, req: AtRequest): Promise<Outcome<string[]>> {
  const out = await ctx.engine.send(req, ctx.o.signal);
  return out.kind === 'ok' ? ok(out.lines) : fail(atProblem(out, req, ctx));
}

const cancelled = (): Outcome<never> => fail(problem('bringup.cancelled', 'The bring-up was cancelled.', 'Stopped on request.', 'Run it again when ready.'));

// ---------------------------------------------------------------------------------------------
// Steps

const portStep: BringupStep = {
  id: 'port',
  title: bringupStepTitle('port'),
  run: async (ctx) => found(ctx.o.portPath ?? 'open'),
};

// Repeat AT until OK: after power-up the module ignores commands until RDY, 10–20 s (protocol.md §4.1, §4.6).
const atStep: BringupStep = {
  id: 'at',
  title: bringupStepTitle('at'),
  run: async (ctx) => {
    const deadline = ctx.clock.mono() + (ctx.o.atWaitMs ?? 20_000) * (ctx.o.timeoutScale ?? 1);
    let last: Problem | undefined;
    let tries = 0;
    while (tries < 2 || ctx.clock.mono() < deadline) {
      if (ctx.o.signal?.aborted) return cancelled();
      tries++;
      const out = await ctx.engine.send({ ...basic.at(), timeoutMs: 1_500 }, ctx.o.signal);
      if (out.kind === 'ok') return found(tries > 1 ? `OK (after ${tries} tries)` : 'OK');
      if (out.kind === 'port-lost' || out.kind === 'cancelled') return fail(out.problem);
      last = out.kind === 'modem-error' ? atProblem(out, basic.at()) : out.problem;
      // A timeout already waited; an immediate answer (ERROR, restart) gets a short pause.
      if (out.kind !== 'timeout') await sleep(ctx, 500);
    }
    return fail(problem('bringup.no-at', 'The modem does not answer AT.', last?.detail ?? 'No answer.', 'Check that this is the AT port (USB interface 2, usually /dev/ttyUSB2), the baud rate (115200) and that the modem is powered; on Linux ModemManager may hold the port: `sudo systemctl stop ModemManager`.'));
  },
};

const echoStep: BringupStep = {
  id: 'echo-cmee',
  title: bringupStepTitle('echo-cmee'),
  run: async (ctx) => {
    for (const req of [basic.echoOff(), basic.cmee(2)]) {
      const r = await send(ctx, req);
      if (!r.ok) return r;
    }
    return found('ATE0, AT+CMEE=2');
  },
};

const identityStep: BringupStep = {
  id: 'identity',
  title: bringupStepTitle('identity'),
  run: async (ctx) => {
    const ati = await send(ctx, basic.ati());
    if (!ati.ok) return ati;
    const id = parseAti(ati.value);
    if (!id.ok) return id;
    const sn = await send(ctx, basic.cgsn());
    const imei = sn.ok ? parseImei(sn.value) : undefined;
    const module = id.value;
    const name = moduleName(module);
    return found(imei?.ok ? `${name}, IMEI ${imei.value}` : name, {
      module,
      ...(module.revision ? { firmware: module.revision } : {}),
      ...(imei?.ok ? { imei: imei.value } : {}),
    });
  },
};

const simStep: BringupStep = {
  id: 'sim',
  title: bringupStepTitle('sim'),
  run: async (ctx) => {
    const deadline = ctx.clock.mono() + (ctx.o.simWaitMs ?? 20_000) * (ctx.o.timeoutScale ?? 1);
    for (;;) {
      if (ctx.o.signal?.aborted) return cancelled();
      const req = basic.cpin();
      const out = await ctx.engine.send(req, ctx.o.signal);
      if (out.kind === 'ok') {
        const st = parseCpin(out.lines);
        if (!st.ok) return st;
        if (st.value.ready) {
          // Who the SIM is, for the operator (protocol.md §8); firmware without the commands still passes.
          const id = await runDiagnostic(ctx.engine, 'sim-identity', diagOpts(ctx));
          const f = id.finding?.check === 'sim-identity' ? id.finding : undefined;
          const simIdentity = { ...(f?.iccid ? { iccid: f.iccid } : {}), ...(f?.imsi ? { imsi: f.imsi } : {}) };
          return found(f?.iccid ? `READY, ICCID ${f.iccid}` : 'READY', f?.iccid || f?.imsi ? { simIdentity } : undefined);
        }
        return fail(problemFromCode('cpin', st.value.state, `AT+CPIN? → +CPIN: ${st.value.state}`));
      }
      // SIM busy right after power-up: wait for it (protocol.md §4.6, §8 "+CME ERROR: 14").
      const busy = out.kind === 'modem-error' && /^\+CME ERROR:\s*(14|SIM busy)$/i.test(out.final.trim());
      if (!busy || ctx.clock.mono() > deadline) return fail(atProblem(out, req, ctx));
      await sleep(ctx, ctx.o.pollMs ?? 2_000);
    }
  },
};

const signalStep: BringupStep = {
  id: 'signal',
  title: bringupStepTitle('signal'),
  run: async (ctx) => {
    const deadline = ctx.clock.mono() + (ctx.o.signalWaitMs ?? 10_000);
    for (;;) {
      if (ctx.o.signal?.aborted) return cancelled();
      const r = await send(ctx, basic.csq());
      if (!r.ok) return r;
      const s = parseCsq(r.value);
      if (!s.ok) return s;
      if (s.value.rssi !== 99) {
        const { rssi, ber, dbm, bound, quality } = s.value;
        const signal = { csq: { rssi, ber }, quality, ...(dbm !== undefined ? { dbm } : {}), ...(bound ? { bound } : {}) };
        return found(signalText(signal), { signal });
      }
      if (ctx.clock.mono() > deadline) return fail(problemFromCode('csq', 99, `AT+CSQ → +CSQ: 99,${s.value.ber}`));
      await sleep(ctx, ctx.o.pollMs ?? 2_000);
    }
  },
};

// protocol.md Quirk 17: CGREG/CREG may say 4 or 5 while LTE data works — CEREG decides when it says registered.
const REG_ORDER: readonly RegCommand[] = ['CEREG', 'CGREG', 'CREG'];

const registrationStep: BringupStep = {
  id: 'registration',
  title: bringupStepTitle('registration'),
  run: async (ctx) => {
    const deadline = ctx.clock.mono() + (ctx.o.registrationWaitMs ?? 90_000);
    let last: Registration | undefined;
    for (;;) {
      if (ctx.o.signal?.aborted) return cancelled();
      const seen: Registration[] = [];
      for (const which of REG_ORDER) {
        const out = await ctx.engine.send(basic.reg(which), ctx.o.signal);
        if (out.kind === 'port-lost' || out.kind === 'cancelled' || out.kind === 'modem-restarted') return fail(out.problem);
        // Modules without one of the views answer ERROR; the others still count.
        if (out.kind !== 'ok') continue;
        const r = parseRegistrationRead(out.lines, which);
        if (r.ok) seen.push(r.value);
      }
      const reg = seen.find((r) => r.registered);
      if (reg) {
        const cops = await ctx.engine.send(basic.cops(), ctx.o.signal);
        const op = cops.kind === 'ok' ? parseCops(cops.lines) : undefined;
        const tech = reg.tech ?? (op?.ok ? op.value.tech : undefined) ?? (reg.command === 'CEREG' ? 'LTE' : undefined);
        const act = reg.act ?? (op?.ok ? op.value.act : undefined);
        const operator = op?.ok ? op.value.operator : undefined;
        return found(`registered, ${registrationText(reg.state, tech, operator)}`, {
          registration: { command: reg.command, stat: reg.stat, state: reg.state, ...(act !== undefined ? { act } : {}), ...(tech ? { tech } : {}) },
          ...(operator ? { operator } : {}),
        });
      }
      last = seen[0] ?? last;
      // Denied does not change by waiting (protocol.md §8).
      const denied = seen.find((r) => r.stat === 3);
      if (denied) return fail(problemFromCode('reg', 3, `AT+${denied.command}? → stat 3`));
      if (ctx.clock.mono() > deadline) {
        const shown = last ? `AT+${last.command}? → stat ${last.stat} (${last.state})` : 'no registration answer';
        return fail(problemFromCode('reg', last?.stat ?? 4, `${shown} after ${Math.round((ctx.o.registrationWaitMs ?? 90_000) / 1000)} s`));
      }
      await sleep(ctx, ctx.o.pollMs ?? 2_000);
    }
  },
};

async function activeContext(ctx: StepContext): Promise<Outcome<{ active: boolean; ip?: string }>> {
  const r = await send(ctx, basic.qiactRead());
  if (!r.ok) return r;
  const list = parseQiactRead(r.value);
  if (!list.ok) return list;
  const c = list.value.find((p) => p.cid === ctx.cid && p.active);
  return ok(c ? { active: true, ...(c.ip ? { ip: c.ip } : {}) } : { active: false });
}

// Check QIACT? first: activating an active context may return ERROR on some firmware (protocol.md §4.3).
const pdpStep: BringupStep = {
  id: 'pdp',
  title: bringupStepTitle('pdp'),
  run: async (ctx) => {
    const before = await activeContext(ctx);
    if (!before.ok) return before;
    const pdp = (ip: string | undefined, alreadyActive: boolean): BringupStepData => ({ pdp: { cid: ctx.cid, alreadyActive, ...(ip ? { ip } : {}) } });
    if (before.value.active) return found(`PDP ${ctx.cid} active, IP ${before.value.ip ?? '?'} (already active)`, pdp(before.value.ip, true));
    if (ctx.o.apn !== undefined) {
      const cfg = await send(ctx, basic.qicsgp({ cid: ctx.cid, apn: ctx.o.apn, ...(ctx.o.apnUsername !== undefined ? { username: ctx.o.apnUsername } : {}), ...(ctx.o.apnPassword !== undefined ? { password: ctx.o.apnPassword } : {}) }));
      if (!cfg.ok) return cfg;
    }
    const act = await send(ctx, basic.qiact(ctx.cid));
    if (!act.ok) return act;
    const after = await activeContext(ctx);
    if (!after.ok) return after;
    if (!after.value.active) return fail(problem('error.qiact', 'The PDP context did not become active.', `AT+QIACT=${ctx.cid} answered OK but AT+QIACT? does not list it`, 'Check the APN with AT+QICSGP and retry AT+QIACT.'));
    return found(`PDP ${ctx.cid} active, IP ${after.value.ip ?? '?'}`, pdp(after.value.ip, false));
  },
};


const diagOpts = (ctx: StepContext) => ({ ...(ctx.o.signal ? { signal: ctx.o.signal } : {}), ...(ctx.o.portPath ? { portPath: ctx.o.portPath } : {}), cid: ctx.cid });

/**
 * A check whose command this firmware refuses (ERROR) or answers in a form not understood passes
 * with a note: the check is advice, not a gate. A timeout or a lost port still fails.
 */
const refused = (r: DiagnosticResult): boolean => r.verdict === 'fail' && !r.finding && !!r.problem && /^(error|cme|parse|modem)\./.test(r.problem.code);

// Early: with URCs routed to another port every command answers OK and no result ever comes (protocol.md §1.4, quirk 19).
const urcPortStep: BringupStep = {
  id: 'urc-port',
  title: bringupStepTitle('urc-port'),
  run: async (ctx) => {
    const r = await runDiagnostic(ctx.engine, 'urcport', diagOpts(ctx));
    if (refused(r)) return found('AT+QURCCFG not answered here (no URC port to check)');
    if (r.verdict === 'fail' && r.problem) return fail(r.problem);
    const f = r.finding?.check === 'urcport' ? r.finding : undefined;
    if (!f) return found(r.summary);
    const here = urcPortMatches(f.port, ctx.o.portPath);
    return found(here === undefined ? `${r.summary} (cannot tell from the port name whether it is this one)` : r.summary, { urcPort: { port: f.port, ...(here !== undefined ? { reachesThisPort: here } : {}) } });
  },
};

// Registered but not attached: activating the PDP context would fail (protocol.md §8, "+QMTOPEN: i,3").
const attachStep: BringupStep = {
  id: 'attach',
  title: bringupStepTitle('attach'),
  run: async (ctx) => {
    const r = await runDiagnostic(ctx.engine, 'attach', diagOpts(ctx));
    if (refused(r)) return found('AT+CGATT? not answered (checked by the PDP step)');
    if (r.verdict === 'fail' && r.problem) return fail(r.problem);
    return found(r.summary, { attached: true });
  },
};

const noTls = (ctx: StepContext): string | undefined => (ctx.o.tls ? undefined : 'plain TCP (no TLS)');

// The time certificates are checked against when "ignorelocaltime" is 0 (protocol.md §4.4, §8).
const clockStep: BringupStep = {
  id: 'clock',
  title: bringupStepTitle('clock'),
  skip: noTls,
  run: async (ctx) => {
    const r = await runDiagnostic(ctx.engine, 'clock', diagOpts(ctx));
    if (refused(r)) return found('AT+CCLK? not answered');
    if (r.verdict === 'fail' && r.problem) return fail(r.problem);
    const f = r.finding?.check === 'clock' ? r.finding : undefined;
    if (!f) return found(r.summary);
    const ignore = ctx.o.tlsOptions?.ignoreLocalTime ?? TLS_DEFAULTS.ignoreLocalTime;
    if (f.unset && !ignore && r.problem) return fail({ ...r.problem, detail: `${r.problem.detail}; "ignorelocaltime" is 0, so every certificate would be judged at that date.` });
    if (f.iso && !f.unset) ctx.moduleTime = new Date(f.iso);
    const data = { clock: { raw: f.raw, unset: f.unset, ...(f.iso ? { iso: f.iso } : {}) } };
    return found(f.unset ? `${f.raw}: not set${ignore ? ' (ignored: "ignorelocaltime" is 1)' : ''}` : r.summary, data);
  },
};

type FileRole = 'ca' | 'client-cert' | 'client-key';
const ROLE_WORDS: Record<FileRole, string> = { ca: 'CA certificate', 'client-cert': 'client certificate', 'client-key': 'client key' };
const sameName = (a: string, b: string): boolean => a.replace(/^UFS:/i, '').toLowerCase() === b.replace(/^UFS:/i, '').toLowerCase();

// The certificates the context names: checked on the laptop, then on the modem or uploaded (protocol.md §4.5, §5.2).
const tlsFilesStep: BringupStep = {
  id: 'tls-files',
  title: bringupStepTitle('tls-files'),
  skip: (ctx) => noTls(ctx) ?? (ctx.o.tlsOptions ? undefined : 'SSL context used as set up on the modem'),
  run: async (ctx) => {
    const t = ctx.o.tlsOptions ?? {};
    const seclevel = t.seclevel ?? TLS_DEFAULTS.seclevel;
    if (seclevel >= 1 && !t.ca) return fail(problemFromCode('tls', 'missing-ca', `seclevel ${seclevel} with no CA file named`));
    if (seclevel === 2 && (!t.clientCert || !t.clientKey)) return fail(problemFromCode('tls', 'missing-client', `seclevel 2 with ${!t.clientCert ? 'no client certificate' : 'no client key'}`));
    const files = ([['ca', t.ca], ['client-cert', t.clientCert], ['client-key', t.clientKey]] as const).filter((e): e is readonly [FileRole, TlsFile] => e[1] !== undefined);
    // What can be checked before anything is sent: the files parse, the key fits, the dates hold.
    if (files.some(([, f]) => f.content)) {
      const check = checkCertificates({
        ...(t.ca?.content ? { ca: t.ca.content } : {}),
        ...(t.clientCert?.content ? { clientCert: t.clientCert.content } : {}),
        ...(t.clientKey?.content ? { clientKey: t.clientKey.content } : {}),
        host: ctx.o.server.host,
        seclevel,
        sni: t.sni ?? TLS_DEFAULTS.sni,
        ignoreLocalTime: t.ignoreLocalTime ?? TLS_DEFAULTS.ignoreLocalTime,
        at: ctx.moduleTime ?? new Date(ctx.clock.wall()),
        atSource: ctx.moduleTime ? 'modem' : 'laptop',
      });
      const first = check.problems[0];
      if (first) return fail(check.problems.length > 1 ? { ...first, detail: `${first.detail} Also: ${check.problems.slice(1).map((p) => p.title).join(' ')}` } : first);
    }
    const listed = await listFiles(ctx.engine, ctx.o.signal ? { signal: ctx.o.signal } : {});
    if (!listed.ok) return listed;
    const out: NonNullable<BringupStepData['tlsFiles']> = [];
    for (const [role, f] of files) {
      const present = listed.value.files.find((m) => sameName(m.name, f.name));
      if (!f.content) {
        if (!present) return fail(problem('tls.file-missing', `The ${ROLE_WORDS[role]} ${f.name} is not on the modem.`, `AT+QFLST lists ${listed.value.files.map((m) => m.name).join(', ') || 'no files'}.`, `Upload it (the Files panel, or give the file to the wizard: --${role === 'ca' ? 'ca' : role} FILE).`));
        out.push({ role, name: f.name, size: present.size, uploaded: false });
        continue;
      }
      if (present && !f.replace && present.size === f.content.length) {
        out.push({ role, name: f.name, size: present.size, uploaded: false });
        continue;
      }
      if (present && !f.replace) return fail(problem('file.exists', `A different ${f.name} is already on the modem.`, `AT+QFLST: "${present.name}",${present.size}; the file given has ${f.content.length} bytes.`, 'Choose to replace it (the workbench deletes it with AT+QFDEL first), or name the new file differently.'));
      const up = await uploadFile(ctx.engine, f.name, f.content, { replace: !!present, ...(ctx.o.signal ? { signal: ctx.o.signal } : {}) });
      if (!up.ok) return up;
      out.push({ role, name: f.name, size: up.value.size, uploaded: true, checksum: up.value.checksum });
    }
    const detail = out.map((f) => `${f.name} ${f.uploaded ? `uploaded (${f.size} bytes, checksum ${f.checksum} verified)` : 'on the modem'}`).join(', ');
    return found(detail || 'no files needed (seclevel 0)', { tlsFiles: out });
  },
};

// Every option of the context, written then read back (protocol.md §4.4, §5.2; quirks 9–11).
const tlsContextStep: BringupStep = {
  id: 'tls-context',
  title: bringupStepTitle('tls-context'),
  skip: noTls,
  run: async (ctx) => {
    const sslCtx = sslCtxOf(ctx.o);
    const opts = ctx.o.signal ? { signal: ctx.o.signal } : {};
    const t = ctx.o.tlsOptions;
    if (!t) {
      // Set up beforehand (AT console, an earlier run): shown as it is, with what it lacks.
      const r = await readSslContext(ctx.engine, sslCtx, opts);
      if (!r.ok) return r;
      const s = r.value.settings;
      return found(`SSL context ${sslCtx} as set up on the modem: seclevel ${s.seclevel ?? '?'}${s.cacert ? `, CA ${s.cacert}` : ''}`, { tls: { ctx: sslCtx, settings: s } });
    }
    const seclevel = t.seclevel ?? TLS_DEFAULTS.seclevel;
    const settings: SslContextSettings = {
      sslVersion: t.sslVersion ?? TLS_DEFAULTS.sslVersion,
      cipherSuite: t.cipherSuite ?? TLS_DEFAULTS.cipherSuite,
      seclevel,
      ...(t.ca && seclevel >= 1 ? { cacert: t.ca.name } : {}),
      ...(t.clientCert && seclevel === 2 ? { clientcert: t.clientCert.name } : {}),
      ...(t.clientKey && seclevel === 2 ? { clientkey: t.clientKey.name } : {}),
      ignoreLocalTime: (t.ignoreLocalTime ?? TLS_DEFAULTS.ignoreLocalTime) ? 1 : 0,
      negotiateTimeS: t.negotiateTimeS ?? TLS_DEFAULTS.negotiateTimeS,
    };
    const w = await writeSslContext(ctx.engine, sslCtx, settings, opts);
    if (!w.ok) return w;
    // SNI last: old firmware has no such option and answers ERROR (protocol.md §4.4), which matters only when it is wanted.
    const sni = t.sni ?? TLS_DEFAULTS.sni;
    const req = buildQsslcfg('sni', sslCtx, sni ? 1 : 0);
    const out = await ctx.engine.send(req, ctx.o.signal);
    if (out.kind !== 'ok' && (sni || out.kind !== 'modem-error')) return fail(atProblem(out, req));
    const shown = { ...w.value.settings, ...(out.kind === 'ok' ? { sni: sni ? 1 : 0 } : {}) };
    return found(`SSL context ${sslCtx}: seclevel ${seclevel}${settings.cacert ? `, CA ${settings.cacert}` : ''}${settings.clientcert ? `, client ${settings.clientcert}` : ''}, ignorelocaltime ${settings.ignoreLocalTime}${out.kind === 'ok' ? `, SNI ${sni ? 'on' : 'off'}` : ''}`, { tls: { ctx: sslCtx, settings: shown } });
  },
};

/**
 * After a failed open, the checks the catalogue names for it (protocol.md §8): DNS servers and a
 * short ping of the server; their findings are added to the problem's detail.
 */
async function afterOpenFailure(ctx: StepContext, p: Problem): Promise<Problem> {
  if (!['qmtopen.-1', 'qmtopen.4', 'qmtopen.5'].includes(p.code) || ctx.o.signal?.aborted) return p;
  const seen: string[] = [];
  // A failed TLS open: read back the context in use and the files it names (protocol.md §8, "+QMTOPEN: i,-1").
  if (ctx.o.tls && p.code === 'qmtopen.-1') {
    const sslCtx = sslCtxOf(ctx.o);
    const opts = ctx.o.signal ? { signal: ctx.o.signal } : {};
    const read = await readSslContext(ctx.engine, sslCtx, opts);
    const files = await listFiles(ctx.engine, opts);
    if (read.ok) {
      const st = read.value.settings;
      const named = (['cacert', 'clientcert', 'clientkey'] as const).filter((k) => st[k]).map((k) => {
        const f = files.ok ? files.value.files.find((m) => sameName(m.name, String(st[k]))) : undefined;
        return `${k} ${String(st[k])} (${f ? `on the modem, ${f.size} bytes` : files.ok ? 'NOT on the modem' : 'files not listed'})`;
      });
      seen.push(`SSL context ${sslCtx}: seclevel ${st.seclevel ?? '?'}, ignorelocaltime ${st.ignoreLocalTime ?? '?'}${st.sni !== undefined ? `, sni ${st.sni}` : ''}${named.length ? `, ${named.join(', ')}` : ''}`);
    }
  }
  const dns = await runDiagnostic(ctx.engine, 'dns', diagOpts(ctx));
  if (!refused(dns)) seen.push(`DNS: ${dns.summary}`);
  const pingR = await runDiagnostic(ctx.engine, 'ping', { ...diagOpts(ctx), host: ctx.o.server.host, timeoutS: 2, count: 2 });
  if (!refused(pingR)) seen.push(`ping: ${pingR.summary}`);
  return seen.length ? { ...p, detail: `${p.detail} Checks run after the failure — ${seen.join('; ')}.` } : p;
}

// Free the index first: QMTCFG is refused while connected, and a left-over session answers the
// next open with result 2 (protocol.md §2.1, §3.1 "robust recovery").
async function freeIndex(ctx: StepContext): Promise<void> {
  const out = await ctx.engine.send(buildQmtConnRead(), ctx.o.signal);
  if (out.kind !== 'ok') return;
  const states = parseQmtConnRead(out.lines);
  const mine = states.ok ? states.value.find((s) => s.client === ctx.client) : undefined;
  if (!mine) return;
  const scale = { timeoutScale: ctx.o.timeoutScale ?? 1, ...(ctx.o.signal ? { signal: ctx.o.signal } : {}) };
  if (mine.state === 3) await disconnect(ctx.engine, ctx.client, { ...scale, urcTimeoutMs: 10_000 });
  else await closeNetwork(ctx.engine, ctx.client, { ...scale, urcTimeoutMs: 10_000 });
}

const mqttConfigStep: BringupStep = {
  id: 'mqtt-config',
  title: bringupStepTitle('mqtt-config'),
  run: async (ctx) => {
    await freeIndex(ctx);
    const o = ctx.o;
    const version = o.mqttVersion ?? MQTT_DEFAULTS.mqttVersion;
    const keepalive = o.keepalive ?? MQTT_DEFAULTS.keepalive;
    const sslCtx = sslCtxOf(o);
    const r = await configure(ctx.engine, ctx.client, {
      // The default version differs between notes (Uncertain, protocol.md §2.1.1): always set it.
      version,
      pdpcid: ctx.cid,
      ssl: { enable: !!o.tls, ctx: sslCtx },
      keepalive,
      cleanSession: o.cleanSession ?? MQTT_DEFAULTS.cleanSession,
      timeout: { pktTimeoutS: o.pktTimeoutS ?? MQTT_DEFAULTS.pktTimeoutS, retryTimes: o.retryTimes ?? MQTT_DEFAULTS.retryTimes },
      // Always written: a Will left on the index by an earlier session would otherwise go out with this one.
      will: o.will ?? null,
      ...(o.aliauth !== undefined ? { aliauth: o.aliauth } : {}),
      recvMode: o.recvMode ?? MQTT_DEFAULTS.recvMode,
    }, { ...(o.signal ? { signal: o.signal } : {}) });
    if (!r.ok) return r;
    return found(`MQTT ${version === 4 ? '3.1.1' : '3.1'}, keepalive ${keepalive} s, ${o.tls ? `TLS (SSL context ${sslCtx})` : 'plain TCP'}${o.aliauth ? ', Aliyun aliauth (the module signs)' : ''}`);
  },
};

const opOpts = (ctx: StepContext) => ({ timeoutScale: ctx.o.timeoutScale ?? 1, host: ctx.o.server.host, ...(ctx.o.signal ? { signal: ctx.o.signal } : {}) });

const openStep: BringupStep = {
  id: 'open',
  title: bringupStepTitle('open'),
  run: async (ctx) => {
    const a = { client: ctx.client, host: ctx.o.server.host, port: ctx.o.server.port, tls: !!ctx.o.tls, ...(ctx.o.tlsOptions?.negotiateTimeS !== undefined ? { negotiateS: ctx.o.tlsOptions.negotiateTimeS } : {}) };
    let r = await openNetwork(ctx.engine, a, opOpts(ctx));
    // Index still occupied: close it (ignoring the result) and open once more (protocol.md §3.1).
    if (!r.ok && r.problem.code === 'qmtopen.2') {
      await closeNetwork(ctx.engine, ctx.client, { ...opOpts(ctx), urcTimeoutMs: 10_000 });
      r = await openNetwork(ctx.engine, a, opOpts(ctx));
    }
    const server = `${a.host}:${a.port}`;
    if (!r.ok) return fail(await afterOpenFailure(ctx, r.problem));
    return found(`${server} ${a.tls ? 'TLS' : 'TCP'} open`, { mqtt: { client: ctx.client, state: 'opened', server } });
  },
};

const connectStep: BringupStep = {
  id: 'connect',
  title: bringupStepTitle('connect'),
  run: async (ctx) => {
    const o = ctx.o;
    const r = await connect(ctx.engine, {
      client: ctx.client,
      clientId: o.clientId,
      ...(o.username !== undefined ? { username: o.username } : {}),
      ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.pktTimeoutS !== undefined ? { pktTimeoutS: o.pktTimeoutS } : {}),
      ...(o.retryTimes !== undefined ? { retryTimes: o.retryTimes } : {}),
    }, opOpts(ctx));
    const server = `${o.server.host}:${o.server.port}`;
    return r.ok ? found(`CONNACK 0 (accepted) for "${o.clientId}"`, { mqtt: { client: ctx.client, state: 'connected', server, clientId: o.clientId } }) : r;
  },
};

const readyStep: BringupStep = {
  id: 'ready',
  title: bringupStepTitle('ready'),
  run: async (ctx) => {
    const r = await send(ctx, buildQmtConnRead());
    if (!r.ok) return r;
    const states = parseQmtConnRead(r.value);
    if (!states.ok) return states;
    const mine = states.value.find((s) => s.client === ctx.client);
    if (mine?.state !== 3) {
      return fail(problem('bringup.not-connected', 'The client is not connected any more.', `AT+QMTCONN? → ${mine ? `state ${mine.state} (${mine.stateName})` : 'index not open'}`, 'Look for a +QMTSTAT line in the log: it says why the server closed the link; then retry from "open".'));
    }
    const server = `${ctx.o.server.host}:${ctx.o.server.port}`;
    return found(`client ${ctx.client} connected to ${server} as "${ctx.o.clientId}"`, { mqtt: { client: ctx.client, state: 'connected', server, clientId: ctx.o.clientId } });
  },
};

// Keyed by id: the compiler refuses a shared step without a runner here, or a runner for no step.
const RUNNERS: Record<BringupStepId, BringupStep> = {
  port: portStep,
  at: atStep,
  'echo-cmee': echoStep,
  'urc-port': urcPortStep,
  identity: identityStep,
  sim: simStep,
  signal: signalStep,
  registration: registrationStep,
  attach: attachStep,
  pdp: pdpStep,
  clock: clockStep,
  'tls-files': tlsFilesStep,
  'tls-context': tlsContextStep,
  'mqtt-config': mqttConfigStep,
  open: openStep,
  connect: connectStep,
  ready: readyStep,
};

/** The steps in the order of shared/bringup.ts, with its titles. */
export const bringupSteps: readonly BringupStep[] = BRINGUP_STEP_IDS.map((id) => RUNNERS[id]);

function validate(o: BringupOptions): void {
  if (!o || typeof o !== 'object') throw new TypeError('"options" must be an object');
  if (!o.server || typeof o.server.host !== 'string' || o.server.host === '') throw new TypeError('"server.host" must be a non-empty string');
  if (!Number.isInteger(o.server.port) || o.server.port < 1 || o.server.port > 65535) throw new TypeError('"server.port" must be 1–65535');
  if (typeof o.clientId !== 'string' || o.clientId === '') throw new TypeError('"clientId" must be a non-empty string');
  if (o.fromStep !== undefined && !isBringupStepId(o.fromStep)) throw new TypeError(`"fromStep" must be one of ${BRINGUP_STEP_IDS.join(', ')}`);
}

/**
 * Runs the bring-up, emitting {id, title, status, detail?, problem?} for each step; stops at the
 * first failure. With `fromStep`, earlier steps are reported as skipped and not run.
 */
export async function runBringup(engine: AtEngine, options: BringupOptions, onStep: (e: BringupStepEvent) => void = () => undefined): Promise<BringupResult> {
  validate(options);
  const ctx: StepContext = { engine, o: options, client: options.clientIdx ?? 0, cid: options.cid ?? 1, clock: options.clock ?? realClock };
  const steps: BringupStepEvent[] = [];
  const emit = (e: BringupStepEvent) => {
    if (e.status !== 'running') steps.push(e);
    try {
      onStep(e);
    } catch {
      // A listener's failure must not stop the bring-up.
    }
  };
  const startAt = options.fromStep ? bringupSteps.findIndex((s) => s.id === options.fromStep) : 0;
  // A retry after echo-cmee: the run being retried turned verbose errors on.
  if (startAt > bringupSteps.findIndex((s) => s.id === 'echo-cmee')) ctx.verbose = true;
  let lastId: BringupStepId = bringupSteps[0]?.id ?? 'port';
  for (const [i, step] of bringupSteps.entries()) {
    const title = step.title;
    lastId = step.id;
    if (i < startAt) {
      emit({ id: step.id, title, status: 'skipped', detail: 'not re-run' });
      continue;
    }
    if (options.signal?.aborted) {
      const p = problem('bringup.cancelled', 'The bring-up was cancelled.', `Stopped before "${title}".`, 'Run it again when ready.');
      emit({ id: step.id, title, status: 'failed', problem: p });
      return { ok: false, step: step.id, problem: p, steps };
    }
    const skipped = step.skip?.(ctx);
    if (skipped !== undefined) {
      emit({ id: step.id, title, status: 'skipped', detail: skipped });
      continue;
    }
    emit({ id: step.id, title, status: 'running' });
    let r: Outcome<StepFinding>;
    try {
      r = await step.run(ctx);
    } catch (err) {
      // A thrown TypeError here means an option the builders refused (e.g. a quote in the client ID).
      r = fail(problem('bringup.invalid-option', 'An option cannot be sent to the modem.', err instanceof Error ? err.message : String(err), 'Correct the option and retry.'));
    }
    if (!r.ok) {
      emit({ id: step.id, title, status: 'failed', problem: r.problem });
      return { ok: false, step: step.id, problem: r.problem, steps };
    }
    if (step.id === 'echo-cmee') ctx.verbose = true;
    emit({ id: step.id, title, status: 'passed', detail: r.value.detail, ...(r.value.data ? { data: r.value.data } : {}) });
  }
  return { ok: true, step: lastId, steps };
}

/** The wizard's request as the contract carries it (shared/api.ts BringupArgs, already validated). */
export type BringupRequest = ParsedArgsOf<'runBringup'> & {
  /** Set by the main side for an Aliyun device logged in with aliauth: never carried by the contract. */
  aliauth?: BringupOptions['aliauth'];
};

/**
 * Maps the contract's request onto runner options; a missing host is a Problem. Empty APN, user
 * name and password count as not given (the form sends '' for an empty field).
 */
export function bringupOptionsFrom(a: BringupRequest, extra: Partial<BringupOptions> = {}): Outcome<BringupOptions> {
  if (!a.host) return fail(problem('bringup.no-host', 'No MQTT server given.', 'The server host is empty.', 'Type the MQTT server host (and port) and start again.'));
  const t = a.tlsOptions;
  const file = (f: NonNullable<typeof t>['ca']): TlsFile | undefined =>
    f ? { name: f.name, replace: f.replace, ...(f.content !== undefined ? { content: f.encoding === 'base64' ? new Uint8Array(Buffer.from(f.content, 'base64')) : utf8(f.content) } : {}) } : undefined;
  const ca = file(t?.ca);
  const clientCert = file(t?.clientCert);
  const clientKey = file(t?.clientKey);
  return ok({
    ...extra,
    server: { host: a.host, port: a.port ?? defaultPortFor(a.tls) },
    tls: a.tls,
    clientId: a.clientId,
    clientIdx: a.clientIdx,
    keepalive: a.keepalive,
    ...(a.apn ? { apn: a.apn } : {}),
    ...(a.username ? { username: a.username } : {}),
    ...(a.password ? { password: a.password } : {}),
    ...(a.fromStep !== undefined ? { fromStep: a.fromStep } : {}),
    ...(a.aliauth !== undefined ? { aliauth: a.aliauth } : {}),
    ...(a.mqttVersion !== undefined ? { mqttVersion: a.mqttVersion } : {}),
    ...(a.cid !== undefined ? { cid: a.cid } : {}),
    ...(a.cleanSession !== undefined ? { cleanSession: a.cleanSession } : {}),
    ...(a.pktTimeoutS !== undefined ? { pktTimeoutS: a.pktTimeoutS } : {}),
    ...(a.retryTimes !== undefined ? { retryTimes: a.retryTimes } : {}),
    ...(a.will !== undefined ? { will: a.will } : {}),
    ...(a.recvMode !== undefined ? { recvMode: a.recvMode } : {}),
    ...(t
      ? {
          sslCtx: t.sslCtx,
          tlsOptions: {
            sslCtx: t.sslCtx,
            seclevel: t.seclevel,
            sni: t.sni,
            ignoreLocalTime: t.ignoreLocalTime,
            sslVersion: t.sslVersion,
            cipherSuite: t.cipherSuite,
            negotiateTimeS: t.negotiateTimeS,
            ...(ca ? { ca } : {}),
            ...(clientCert ? { clientCert } : {}),
            ...(clientKey ? { clientKey } : {}),
          },
        }
      : {}),
  });
}
