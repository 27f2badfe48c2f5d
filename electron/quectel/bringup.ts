// The connection wizard as data: each step is {id, title, run(ctx)} returning the detail shown
// when it passes, or a catalogue Problem. runBringup runs them in order, emits a step event for
// each, and stops at the first failure. Retry = run again with `fromStep`.
// Command sequence follows spec §5.1 (plain) and §5.2 (TLS); registration per §4.2 and quirk 17.
import { BRINGUP_STEPS, type BringupResult, type BringupStepEvent, type BringupStepId } from '../../shared/bringup';
import type { AtOutcome } from '../../shared/model';
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';
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
  /** SSL context for TLS (AT+QSSLCFG must have been set up, §4.4). Default 0. */
  sslCtx?: number;
  clientId: string;
  username?: string;
  password?: string;
  /** client_idx 0–5, default 0. */
  clientIdx?: number;
  /** Seconds, default 60 (within the 30–1200 s cloud brokers accept). */
  keepalive?: number;
  cleanSession?: boolean;
  pktTimeoutS?: number;
  retryTimes?: number;
  will?: MqttConfig['will'];
  /** How long AT may go unanswered while the module powers up (default 20 s). */
  atWaitMs?: number;
  /** How long to wait for registration (default 90 s), polling every `pollMs` (default 2 s, §5.1). */
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
}

export interface StepContext {
  engine: AtEngine;
  o: BringupOptions;
  client: number;
  cid: number;
}

export interface BringupStep {
  id: BringupStepId;
  title: string;
  run(ctx: StepContext): Promise<Outcome<string>>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** A failed final answer as a catalogue Problem (ERROR read in the command's context). */
function atProblem(out: Exclude<AtOutcome, { kind: 'ok' }>, req: AtRequest): Problem {
  return out.kind === 'modem-error' ? problemFromLine(out.final, { command: redactCommand(req.text) }) : out.problem;
}

async function send(ctx: StepContext, req: AtRequest): Promise<Outcome<string[]>> {
  const out = await ctx.engine.send(req, ctx.o.signal);
  return out.kind === 'ok' ? ok(out.lines) : fail(atProblem(out, req));
}

const cancelled = (): Outcome<string> => fail(problem('bringup.cancelled', 'The bring-up was cancelled.', 'Stopped on request.', 'Run it again when ready.'));

// ---------------------------------------------------------------------------------------------
// Steps

const portStep: BringupStep = {
  id: 'port',
  title: 'Open the serial port',
  run: async (ctx) => ok(ctx.o.portPath ?? 'open'),
};

// Repeat AT until OK: after power-up the module ignores commands until RDY, 10–20 s (§4.1, §4.6).
const atStep: BringupStep = {
  id: 'at',
  title: 'Modem answers AT',
  run: async (ctx) => {
    const deadline = Date.now() + (ctx.o.atWaitMs ?? 20_000) * (ctx.o.timeoutScale ?? 1);
    let last: Problem | undefined;
    let tries = 0;
    while (tries < 2 || Date.now() < deadline) {
      if (ctx.o.signal?.aborted) return cancelled();
      tries++;
      const out = await ctx.engine.send({ ...basic.at(), timeoutMs: 1_500 }, ctx.o.signal);
      if (out.kind === 'ok') return ok(tries > 1 ? `OK (after ${tries} tries)` : 'OK');
      if (out.kind === 'port-lost' || out.kind === 'cancelled') return fail(out.problem);
      last = out.kind === 'modem-error' ? atProblem(out, basic.at()) : out.problem;
      // A timeout already waited; an immediate answer (ERROR, restart) gets a short pause.
      if (out.kind !== 'timeout') await sleep(500, ctx.o.signal);
    }
    return fail(problem('bringup.no-at', 'The modem does not answer AT.', last?.detail ?? 'No answer.', 'Check that this is the AT port (USB interface 2, usually /dev/ttyUSB2), the baud rate (115200) and that the modem is powered; on Linux ModemManager may hold the port: `sudo systemctl stop ModemManager`.'));
  },
};

const echoStep: BringupStep = {
  id: 'echo-cmee',
  title: 'Echo off, verbose errors',
  run: async (ctx) => {
    for (const req of [basic.echoOff(), basic.cmee(2)]) {
      const r = await send(ctx, req);
      if (!r.ok) return r;
    }
    return ok('ATE0, AT+CMEE=2');
  },
};

const identityStep: BringupStep = {
  id: 'identity',
  title: 'Identify the module',
  run: async (ctx) => {
    const ati = await send(ctx, basic.ati());
    if (!ati.ok) return ati;
    const id = parseAti(ati.value);
    if (!id.ok) return id;
    const sn = await send(ctx, basic.cgsn());
    const imei = sn.ok ? parseImei(sn.value) : undefined;
    const name = [id.value.model, id.value.revision].filter(Boolean).join(' ') || id.value.manufacturer || 'modem';
    return ok(imei?.ok ? `${name}, IMEI ${imei.value}` : name);
  },
};

const simStep: BringupStep = {
  id: 'sim',
  title: 'SIM ready',
  run: async (ctx) => {
    const deadline = Date.now() + (ctx.o.simWaitMs ?? 20_000) * (ctx.o.timeoutScale ?? 1);
    for (;;) {
      if (ctx.o.signal?.aborted) return cancelled();
      const req = basic.cpin();
      const out = await ctx.engine.send(req, ctx.o.signal);
      if (out.kind === 'ok') {
        const st = parseCpin(out.lines);
        if (!st.ok) return st;
        if (st.value.ready) return ok('READY');
        return fail(problemFromCode('cpin', st.value.state, `AT+CPIN? → +CPIN: ${st.value.state}`));
      }
      // SIM busy right after power-up: wait for it (§4.6, §8 "+CME ERROR: 14").
      const busy = out.kind === 'modem-error' && /^\+CME ERROR:\s*(14|SIM busy)$/i.test(out.final.trim());
      if (!busy || Date.now() > deadline) return fail(atProblem(out, req));
      await sleep(ctx.o.pollMs ?? 2_000, ctx.o.signal);
    }
  },
};

const signalStep: BringupStep = {
  id: 'signal',
  title: 'Signal strength',
  run: async (ctx) => {
    const deadline = Date.now() + (ctx.o.signalWaitMs ?? 10_000);
    for (;;) {
      if (ctx.o.signal?.aborted) return cancelled();
      const r = await send(ctx, basic.csq());
      if (!r.ok) return r;
      const s = parseCsq(r.value);
      if (!s.ok) return s;
      if (s.value.rssi !== 99) {
        const bound = s.value.bound === 'or-less' ? ' or less' : s.value.bound === 'or-more' ? ' or more' : '';
        return ok(`${s.value.dbm ?? '?'} dBm${bound} (${s.value.quality})`);
      }
      if (Date.now() > deadline) return fail(problemFromCode('csq', 99, `AT+CSQ → +CSQ: 99,${s.value.ber}`));
      await sleep(ctx.o.pollMs ?? 2_000, ctx.o.signal);
    }
  },
};

// Quirk 17: CGREG/CREG may say 4 or 5 while LTE data works — CEREG decides when it says registered.
const REG_ORDER: readonly RegCommand[] = ['CEREG', 'CGREG', 'CREG'];

const registrationStep: BringupStep = {
  id: 'registration',
  title: 'Registered on the network',
  run: async (ctx) => {
    const deadline = Date.now() + (ctx.o.registrationWaitMs ?? 90_000);
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
        const name = op?.ok && op.value.operator ? ` on ${op.value.operator}` : '';
        return ok(`registered, ${reg.state}${tech ? ` (${tech})` : ''}${name}`);
      }
      last = seen[0] ?? last;
      // Denied does not change by waiting (§8).
      const denied = seen.find((r) => r.stat === 3);
      if (denied) return fail(problemFromCode('reg', 3, `AT+${denied.command}? → stat 3`));
      if (Date.now() > deadline) {
        const shown = last ? `AT+${last.command}? → stat ${last.stat} (${last.state})` : 'no registration answer';
        return fail(problemFromCode('reg', last?.stat ?? 4, `${shown} after ${Math.round((ctx.o.registrationWaitMs ?? 90_000) / 1000)} s`));
      }
      await sleep(ctx.o.pollMs ?? 2_000, ctx.o.signal);
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

// Check QIACT? first: activating an active context may return ERROR on some firmware (§4.3).
const pdpStep: BringupStep = {
  id: 'pdp',
  title: 'Mobile data (PDP context)',
  run: async (ctx) => {
    const before = await activeContext(ctx);
    if (!before.ok) return before;
    if (before.value.active) return ok(`PDP ${ctx.cid} active, IP ${before.value.ip ?? '?'} (already active)`);
    if (ctx.o.apn !== undefined) {
      const cfg = await send(ctx, basic.qicsgp({ cid: ctx.cid, apn: ctx.o.apn, ...(ctx.o.apnUsername !== undefined ? { username: ctx.o.apnUsername } : {}), ...(ctx.o.apnPassword !== undefined ? { password: ctx.o.apnPassword } : {}) }));
      if (!cfg.ok) return cfg;
    }
    const act = await send(ctx, basic.qiact(ctx.cid));
    if (!act.ok) return act;
    const after = await activeContext(ctx);
    if (!after.ok) return after;
    if (!after.value.active) return fail(problem('error.qiact', 'The PDP context did not become active.', `AT+QIACT=${ctx.cid} answered OK but AT+QIACT? does not list it`, 'Check the APN with AT+QICSGP and retry AT+QIACT.'));
    return ok(`PDP ${ctx.cid} active, IP ${after.value.ip ?? '?'}`);
  },
};

// Free the index first: QMTCFG is refused while connected, and a left-over session answers the
// next open with result 2 (§2.1, §3.1 "robust recovery").
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
  title: 'Configure the MQTT client',
  run: async (ctx) => {
    await freeIndex(ctx);
    const o = ctx.o;
    const r = await configure(ctx.engine, ctx.client, {
      // The default version differs between notes (Uncertain, §2.1.1): always set 3.1.1.
      version: 4,
      pdpcid: ctx.cid,
      ssl: { enable: !!o.tls, ctx: o.sslCtx ?? 0 },
      keepalive: o.keepalive ?? 60,
      ...(o.cleanSession !== undefined ? { cleanSession: o.cleanSession } : {}),
      ...(o.pktTimeoutS !== undefined || o.retryTimes !== undefined ? { timeout: { pktTimeoutS: o.pktTimeoutS ?? 5, retryTimes: o.retryTimes ?? 3 } } : {}),
      ...(o.will !== undefined ? { will: o.will } : {}),
      // Length-framed direct push: payloads with quotes, commas or line breaks stay readable (§2.1.8).
      recvMode: { buffered: false, lengthField: true },
    }, { ...(o.signal ? { signal: o.signal } : {}) });
    if (!r.ok) return r;
    return ok(`MQTT 3.1.1, keepalive ${o.keepalive ?? 60} s, ${o.tls ? `TLS (SSL context ${o.sslCtx ?? 0})` : 'plain TCP'}`);
  },
};

const opOpts = (ctx: StepContext) => ({ timeoutScale: ctx.o.timeoutScale ?? 1, host: ctx.o.server.host, ...(ctx.o.signal ? { signal: ctx.o.signal } : {}) });

const openStep: BringupStep = {
  id: 'open',
  title: 'Open the network connection to the server',
  run: async (ctx) => {
    const a = { client: ctx.client, host: ctx.o.server.host, port: ctx.o.server.port, tls: !!ctx.o.tls };
    let r = await openNetwork(ctx.engine, a, opOpts(ctx));
    // Index still occupied: close it (ignoring the result) and open once more (§3.1).
    if (!r.ok && r.problem.code === 'qmtopen.2') {
      await closeNetwork(ctx.engine, ctx.client, { ...opOpts(ctx), urcTimeoutMs: 10_000 });
      r = await openNetwork(ctx.engine, a, opOpts(ctx));
    }
    return r.ok ? ok(`${a.host}:${a.port} ${a.tls ? 'TLS' : 'TCP'} open`) : r;
  },
};

const connectStep: BringupStep = {
  id: 'connect',
  title: 'MQTT connect',
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
    return r.ok ? ok(`CONNACK 0 (accepted) for "${o.clientId}"`) : r;
  },
};

const readyStep: BringupStep = {
  id: 'ready',
  title: 'Ready',
  run: async (ctx) => {
    const r = await send(ctx, buildQmtConnRead());
    if (!r.ok) return r;
    const states = parseQmtConnRead(r.value);
    if (!states.ok) return states;
    const mine = states.value.find((s) => s.client === ctx.client);
    if (mine?.state !== 3) {
      return fail(problem('bringup.not-connected', 'The client is not connected any more.', `AT+QMTCONN? → ${mine ? `state ${mine.state} (${mine.stateName})` : 'index not open'}`, 'Look for a +QMTSTAT line in the log: it says why the server closed the link; then retry from "open".'));
    }
    return ok(`client ${ctx.client} connected to ${ctx.o.server.host}:${ctx.o.server.port} as "${ctx.o.clientId}"`);
  },
};

/** The steps in order; ids and titles match shared/bringup.ts. */
export const bringupSteps: readonly BringupStep[] = [portStep, atStep, echoStep, identityStep, simStep, signalStep, registrationStep, pdpStep, mqttConfigStep, openStep, connectStep, readyStep];

function validate(o: BringupOptions): void {
  if (!o || typeof o !== 'object') throw new TypeError('"options" must be an object');
  if (!o.server || typeof o.server.host !== 'string' || o.server.host === '') throw new TypeError('"server.host" must be a non-empty string');
  if (!Number.isInteger(o.server.port) || o.server.port < 1 || o.server.port > 65535) throw new TypeError('"server.port" must be 1–65535');
  if (typeof o.clientId !== 'string' || o.clientId === '') throw new TypeError('"clientId" must be a non-empty string');
  if (o.fromStep !== undefined && !bringupSteps.some((s) => s.id === o.fromStep)) throw new TypeError(`"fromStep" must be one of ${bringupSteps.map((s) => s.id).join(', ')}`);
}

/**
 * Runs the bring-up, emitting {id, title, status, detail?, problem?} for each step; stops at the
 * first failure. With `fromStep`, earlier steps are reported as skipped and not run.
 */
export async function runBringup(engine: AtEngine, options: BringupOptions, onStep: (e: BringupStepEvent) => void = () => undefined): Promise<BringupResult> {
  validate(options);
  const ctx: StepContext = { engine, o: options, client: options.clientIdx ?? 0, cid: options.cid ?? 1 };
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
  let lastId: BringupStepId = bringupSteps[0]?.id ?? 'port';
  for (const [i, step] of bringupSteps.entries()) {
    const title = BRINGUP_STEPS.find((s) => s.id === step.id)?.title ?? step.title;
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
    emit({ id: step.id, title, status: 'running' });
    let r: Outcome<string>;
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
    emit({ id: step.id, title, status: 'passed', detail: r.value });
  }
  return { ok: true, step: lastId, steps };
}

/** The wizard's request as the contract carries it (shared/api.ts BringupArgs, already validated). */
export interface BringupRequest {
  apn?: string;
  host?: string;
  port: number;
  tls: boolean;
  clientId: string;
  username?: string;
  password?: string;
  clientIdx: number;
  keepalive: number;
  fromStep?: string;
}

/** Maps the contract's request onto runner options; a missing host or unknown step is a Problem. */
export function bringupOptionsFrom(a: BringupRequest, extra: Partial<BringupOptions> = {}): Outcome<BringupOptions> {
  if (!a.host) return fail(problem('bringup.no-host', 'No MQTT server given.', 'The server host is empty.', 'Type the MQTT server host (and port) and start again.'));
  if (a.fromStep !== undefined && !bringupSteps.some((s) => s.id === a.fromStep)) {
    return fail(problem('bringup.unknown-step', `There is no step "${a.fromStep}".`, `Steps: ${bringupSteps.map((s) => s.id).join(', ')}`, 'Retry from one of the listed steps.'));
  }
  return ok({
    ...extra,
    server: { host: a.host, port: a.port },
    tls: a.tls,
    clientId: a.clientId,
    clientIdx: a.clientIdx,
    keepalive: a.keepalive,
    ...(a.apn !== undefined ? { apn: a.apn } : {}),
    ...(a.username !== undefined ? { username: a.username } : {}),
    ...(a.password !== undefined ? { password: a.password } : {}),
    ...(a.fromStep !== undefined ? { fromStep: a.fromStep as BringupStepId } : {}),
  });
}
