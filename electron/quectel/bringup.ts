// The connection wizard as data: each step of shared/bringup.ts gets a run(ctx) here returning
// what it found (fields, plus the detail shown to a person) or a catalogue Problem. runBringup runs
// them in order, emits a step event for each, and stops at the first failure. Retry = run again
// with `fromStep`. Waits and deadlines read the injected clock, so tests run them on a fake one.
// Command sequence follows protocol.md §5.1 (plain) and §5.2 (TLS); registration per §4.2 and quirk 17.
import { BRINGUP_STEP_IDS, bringupStepTitle, isBringupStepId, type BringupResult, type BringupStepData, type BringupStepEvent, type BringupStepId } from '../../shared/bringup';
import { realClock, sleepOn } from '../../shared/clock';
import type { ParsedArgsOf } from '../../shared/api';
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';
import { moduleName } from '../../shared/status';
import { defaultPortFor, MQTT_DEFAULTS } from '../../shared/mqtt-options';
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
import { problemFromCode } from './codes';
import { runDiagnostic } from './diagnostics';
import { buildQmtConnRead, parseQmtConnRead } from './commands';
import { closeNetwork, configure, connect, disconnect, openNetwork } from './mqtt';
import { atProblem, englishText, found, sslCtxOf, type BringupOptions, type BringupStep, type StepContext, type StepFinding, type TlsFile } from './bringup-step';
import { afterOpenFailure, attachStep, clockStep, diagOpts, tlsContextStep, tlsFilesStep, urcPortStep } from './bringup-tls';
import { msg, type Msg } from '../../shared/i18n';

export type { BringupOptions, BringupStep, BringupTlsOptions, StepContext, StepFinding, TlsFile } from './bringup-step';

const sleep = (ctx: StepContext, ms: number) => sleepOn(ctx.clock, ms, ctx.o.signal);

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
      if (out.kind === 'ok') return found(msg('stepDetail.atOk', { tries }));
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
          return found(f?.iccid ? msg('stepDetail.simReady', { iccid: f.iccid }) : 'READY', f?.iccid || f?.imsi ? { simIdentity } : undefined);
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
        return found(msg('stepDetail.signal', { dbm: signal.dbm ?? '?', bound: signal.bound === 'or-less' ? 'less' : signal.bound === 'or-more' ? 'more' : 'exact', quality: signal.quality }), { signal });
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
        return found(msg('stepDetail.registered', { state: reg.state, tech: tech ?? 'none', operator: operator ?? 'none' }), {
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
    if (before.value.active) return found(msg('stepDetail.pdpAlreadyActive', { cid: ctx.cid, ip: before.value.ip ?? '?' }), pdp(before.value.ip, true));
    if (ctx.o.apn !== undefined) {
      const cfg = await send(ctx, basic.qicsgp({ cid: ctx.cid, apn: ctx.o.apn, ...(ctx.o.apnUsername !== undefined ? { username: ctx.o.apnUsername } : {}), ...(ctx.o.apnPassword !== undefined ? { password: ctx.o.apnPassword } : {}) }));
      if (!cfg.ok) return cfg;
    }
    const act = await send(ctx, basic.qiact(ctx.cid));
    if (!act.ok) return act;
    const after = await activeContext(ctx);
    if (!after.ok) return after;
    if (!after.value.active) return fail(problem('error.qiact', 'The PDP context did not become active.', `AT+QIACT=${ctx.cid} answered OK but AT+QIACT? does not list it`, 'Check the APN with AT+QICSGP and retry AT+QIACT.'));
    return found(msg('stepDetail.pdpActive', { cid: ctx.cid, ip: after.value.ip ?? '?' }), pdp(after.value.ip, false));
  },
};


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
    return found(msg('stepDetail.mqttConfig', { version: version === 4 ? '3.1.1' : '3.1', keepalive, tls: o.tls ? 'yes' : 'no', ctx: sslCtx, aliauth: o.aliauth ? 'yes' : 'no' }));
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
    return found(msg('stepDetail.opened', { server, transport: a.tls ? 'TLS' : 'TCP' }), { mqtt: { client: ctx.client, state: 'opened', server } });
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
    return r.ok ? found(msg('stepDetail.connack', { clientId: o.clientId }), { mqtt: { client: ctx.client, state: 'connected', server, clientId: o.clientId } }) : r;
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
    return found(msg('stepDetail.ready', { client: ctx.client, server, clientId: ctx.o.clientId }), { mqtt: { client: ctx.client, state: 'connected', server, clientId: ctx.o.clientId } });
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
/** A skipped step's reason: plain text as is, a message with its English beside it. */
const detailOf = (d: string | Msg): { detail: string; detailMsg?: Msg } => (typeof d === 'string' ? { detail: d } : { detail: englishText(d), detailMsg: d });

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
      emit({ id: step.id, title, status: 'skipped', ...detailOf(msg('stepDetail.notRerun')) });
      continue;
    }
    if (options.signal?.aborted) {
      const p = problem('bringup.cancelled', 'The bring-up was cancelled.', `Stopped before "${title}".`, 'Run it again when ready.');
      emit({ id: step.id, title, status: 'failed', problem: p });
      return { ok: false, step: step.id, problem: p, steps };
    }
    const skipped = step.skip?.(ctx);
    if (skipped !== undefined) {
      emit({ id: step.id, title, status: 'skipped', ...detailOf(skipped) });
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
    emit({ id: step.id, title, status: 'passed', detail: r.value.detail, ...(r.value.detailMsg ? { detailMsg: r.value.detailMsg } : {}), ...(r.value.data ? { data: r.value.data } : {}) });
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
