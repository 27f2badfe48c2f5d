// MQTT operations over the AT engine: each sends its QMT command and awaits the result URC that
// really ends it, matched by client index (and message id), with its own timeout (protocol.md §1.6).
// The URC subscription is made BEFORE sending, so a result that arrives before OK — or instead of
// it, followed by ERROR — is not missed (protocol.md quirk 2). A +QMTSTAT for the same index instead of the
// expected URC ends the operation with that explanation. Failures carry catalogue Problems.
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';
import type { AtOutcome } from '../../shared/model';
import type { AtEngine, AtRequest } from '../at/types';
import { problemFromLine } from './codes';
import {
  buildQmtClose,
  buildQmtConn,
  buildQmtDisc,
  buildQmtOpen,
  buildQmtPublish,
  buildQmtRecv,
  buildQmtSub,
  buildQmtUns,
  parseQmtCloseUrc,
  parseQmtConnUrc,
  parseQmtDiscUrc,
  parseQmtOpenUrc,
  parseQmtPubUrc,
  parseQmtRecvMessage,
  parseQmtSubUrc,
  parseQmtUnsUrc,
  qmtCfg,
  redactCommand,
  type PublishArgs,
  type ReceivedMessage,
} from './commands';
import { afterPrefix, intFields, splitFields } from './fields';

export interface OpOptions {
  signal?: AbortSignal;
  /** Overrides the result-URC wait computed from the spec (protocol.md §1.6). */
  urcTimeoutMs?: number;
  /** Multiplies the computed result-URC wait (slow links). Default 1. */
  timeoutScale?: number;
  /** The MQTT server host, so refusals by Alibaba Cloud endpoints get their specific hints. */
  host?: string;
}

/** Packet timing the module uses (QMTCFG "timeout"), needed to size the waits. Defaults protocol.md §2.1.6. */
export interface PacketTiming {
  pktTimeoutS?: number;
  retryTimes?: number;
}

type Verdict<T> = { done: true; value: T } | { done: false; problem: Problem } | undefined;

interface AwaitSpec<T> {
  op: string;
  client: number;
  req: AtRequest;
  /** Lines the operation waits for (its result URC family). */
  accepts: (line: string) => boolean;
  /** Reads an accepted line: finished (ok/fail) or undefined to keep waiting (retransmission notices). */
  decide: (line: string) => Verdict<T>;
  waitMs: number;
  /** A +QMTSTAT code that counts as the expected end (QMTDISC: 5 = normal close). */
  statIsSuccess?: (code: number) => T | undefined;
  /** What the timeout problem tells the engineer to check. */
  timeoutNextStep: string;
}

const statOf = (line: string): [number, number] | undefined => {
  const rest = afterPrefix(line, 'QMTSTAT');
  const n = rest === undefined ? undefined : intFields(splitFields(rest), 2);
  return n && n.length === 2 ? [n[0] ?? -1, n[1] ?? -1] : undefined;
};

/** Turns a failed final answer into a Problem: ERROR/+CME explained in the command's context. */
function finalProblem(outcome: Exclude<AtOutcome, { kind: 'ok' }>, req: AtRequest, host?: string): Problem {
  if (outcome.kind === 'modem-error') return problemFromLine(outcome.final, { command: redactCommand(req.text), ...(host ? { host } : {}) });
  return outcome.problem;
}

/** Sends the command and waits for its result URC; the core of every operation below. */
async function commandThenUrc<T>(engine: AtEngine, spec: AwaitSpec<T>, o: OpOptions): Promise<Outcome<T & { urc: string }>> {
  const shown = redactCommand(spec.req.text);
  const ctx = { command: shown, ...(o.host ? { host: o.host } : {}) };
  let settle: (r: Outcome<T & { urc: string }>) => void = () => undefined;
  const result = new Promise<Outcome<T & { urc: string }>>((resolve) => (settle = resolve));
  let finished = false;
  let earlyEnd: Outcome<T & { urc: string }> | undefined;
  let sent = false;
  const end = (r: Outcome<T & { urc: string }>) => {
    if (finished) return;
    finished = true;
    settle(r);
  };

  const sub = engine.onUrc(
    (line) => spec.accepts(line) || statOf(line)?.[0] === spec.client,
    (u) => {
      const stat = statOf(u.text);
      let r: Outcome<T & { urc: string }> | undefined;
      if (stat && stat[0] === spec.client) {
        const v = spec.statIsSuccess?.(stat[1]);
        r = v !== undefined ? ok({ ...v, urc: u.text }) : fail(problemFromLine(u.text, ctx, `${shown} → ${u.text} (instead of its result)`));
      } else {
        const d = spec.decide(u.text);
        if (!d) return;
        r = d.done ? ok({ ...d.value, urc: u.text }) : fail(d.problem);
      }
      if (sent) end(r);
      else earlyEnd ??= r;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => end(fail(problem('mqtt.cancelled', `${spec.op} was cancelled.`, shown, 'Run it again when ready.')));
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const outcome = await engine.send(spec.req, o.signal);
    sent = true;
    // The result URC may have come before OK, or before an ERROR that replaced the OK (protocol.md quirk 2).
    if (earlyEnd) return earlyEnd;
    if (outcome.kind !== 'ok') return fail(finalProblem(outcome, spec.req, o.host));
    if (finished) return await result;
    const waitMs = (o.urcTimeoutMs ?? spec.waitMs) * (o.timeoutScale ?? 1);
    timer = setTimeout(
      () => end(fail(problem(`mqtt.${spec.op}-timeout`, `No result for ${spec.op} within ${Math.round(waitMs / 1000)} s.`, `${shown} was accepted (OK) but no result URC came.`, spec.timeoutNextStep))),
      waitMs,
    );
    return await result;
  } finally {
    if (timer) clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    sub.dispose();
  }
}

const forClient = (prefix: RegExp, client: number) => (line: string) => {
  const m = prefix.exec(line.trim());
  return !!m && Number(m[1]) === client;
};
const URC_ROUTING_HINT = 'If no URC ever appears on this port, check AT+QURCCFG="urcport" (protocol.md quirk 19).';

// ---------------------------------------------------------------------------------------------

export interface MqttConfig {
  version?: 3 | 4;
  pdpcid?: number;
  ssl?: { enable: boolean; ctx?: number };
  keepalive?: number;
  cleanSession?: boolean;
  timeout?: { pktTimeoutS: number; retryTimes: number; notice?: boolean };
  will?: { qos: 0 | 1 | 2; retain: boolean; topic: string; message: string } | null;
  /** Recommended host setting is direct push with a length field (protocol.md §2.1.8). */
  recvMode?: { buffered: boolean; lengthField: boolean };
  aliauth?: { productKey: string; deviceName: string; deviceSecret: string };
}

/** AT+QMTCFG for each option given, in a fixed order; stops at the first refusal. Returns the commands sent. */
export async function configure(engine: AtEngine, client: number, cfg: MqttConfig, o: OpOptions = {}): Promise<Outcome<string[]>> {
  const reqs: AtRequest[] = [];
  if (cfg.version !== undefined) reqs.push(qmtCfg.version(client, cfg.version));
  if (cfg.pdpcid !== undefined) reqs.push(qmtCfg.pdpcid(client, cfg.pdpcid));
  if (cfg.ssl !== undefined) reqs.push(qmtCfg.ssl(client, cfg.ssl.enable, cfg.ssl.ctx ?? 0));
  if (cfg.keepalive !== undefined) reqs.push(qmtCfg.keepalive(client, cfg.keepalive));
  if (cfg.cleanSession !== undefined) reqs.push(qmtCfg.session(client, cfg.cleanSession));
  if (cfg.timeout !== undefined) reqs.push(qmtCfg.timeout(client, cfg.timeout.pktTimeoutS, cfg.timeout.retryTimes, cfg.timeout.notice ?? false));
  if (cfg.will !== undefined) reqs.push(qmtCfg.will(client, cfg.will ?? undefined));
  if (cfg.recvMode !== undefined) reqs.push(qmtCfg.recvMode(client, cfg.recvMode.buffered, cfg.recvMode.lengthField));
  if (cfg.aliauth !== undefined) reqs.push(qmtCfg.aliauth(client, cfg.aliauth));
  const sent: string[] = [];
  for (const req of reqs) {
    const out = await engine.send(req, o.signal);
    if (out.kind !== 'ok') return fail(finalProblem(out, req, o.host));
    sent.push(redactCommand(req.text));
  }
  return ok(sent);
}

export interface Opened {
  client: number;
  host: string;
  port: number;
}

/** AT+QMTOPEN, then +QMTOPEN: <idx>,<result>. Wait 120 s (+ TLS negotiation, protocol.md §1.6). */
export async function openNetwork(engine: AtEngine, a: { client: number; host: string; port: number; tls?: boolean; negotiateS?: number }, o: OpOptions = {}): Promise<Outcome<Opened & { urc: string }>> {
  const req = buildQmtOpen(a);
  const ctx = { command: req.text, host: o.host ?? a.host };
  return commandThenUrc<Opened>(engine, {
    op: 'open',
    client: a.client,
    req,
    accepts: forClient(/^\+QMTOPEN:\s*(\d+)\s*,\s*-?\d+\s*$/, a.client),
    decide: (line) => {
      const r = parseQmtOpenUrc(line);
      if (!r.ok) return { done: false, problem: r.problem };
      return r.value.success ? { done: true, value: { client: a.client, host: a.host, port: a.port } } : { done: false, problem: problemFromLine(line, ctx) };
    },
    waitMs: 120_000 + (a.tls ? (a.negotiateS ?? 300) * 1000 : 0),
    timeoutNextStep: `Check coverage (AT+CSQ, AT+CEREG?) and AT+QPING to the server. ${URC_ROUTING_HINT}`,
  }, { ...o, host: ctx.host });
}

export interface Connected {
  client: number;
  connack: number;
}

/** Wait for CONNACK: pkt_timeout × (retry_times + 1) + 5 s (protocol.md §1.6). */
export const connectWaitMs = (t: PacketTiming = {}): number => ((t.pktTimeoutS ?? 5) * ((t.retryTimes ?? 3) + 1) + 5) * 1000;
/** Wait for SUBACK/UNSUBACK/PUBACK: pkt_timeout × retry_times (protocol.md §1.6), plus the same 5 s margin and one more try. */
export const ackWaitMs = connectWaitMs;

/** AT+QMTCONN, then +QMTCONN: <idx>,<result>[,<ret_code>]; success only with CONNACK 0. */
export async function connect(engine: AtEngine, a: { client: number; clientId: string; username?: string; password?: string } & PacketTiming, o: OpOptions = {}): Promise<Outcome<Connected & { urc: string }>> {
  const req = buildQmtConn(a);
  const ctx = { command: redactCommand(req.text), ...(o.host ? { host: o.host } : {}) };
  return commandThenUrc<Connected>(engine, {
    op: 'connect',
    client: a.client,
    req,
    accepts: forClient(/^\+QMTCONN:\s*(\d+)\s*,\s*\d+\s*(,\s*\d+\s*)?$/, a.client),
    decide: (line) => {
      const r = parseQmtConnUrc(line);
      if (!r.ok) return { done: false, problem: r.problem };
      if (r.value.result === 1) return undefined; // retransmission notice: keep waiting (protocol.md §3.3)
      return r.value.success ? { done: true, value: { client: a.client, connack: r.value.connack ?? 0 } } : { done: false, problem: problemFromLine(line, ctx) };
    },
    waitMs: connectWaitMs(a),
    timeoutNextStep: `Check that the port matches the SSL setting and AT+QMTCFG="timeout". ${URC_ROUTING_HINT}`,
  }, o);
}

/** One topic filter's answer: granted with a QoS, or refused by the broker (128). */
export interface FilterOutcome {
  topic: string;
  granted: boolean;
  /** Granted QoS; absent when refused, or when the firmware printed no value for it. */
  qos?: number;
}

export interface Subscribed {
  client: number;
  msgId: number;
  /** Granted QoS per topic, in request order (128 = refused). */
  granted: number[];
  /** Each filter's result, in request order. */
  filters: FilterOutcome[];
  /** Some filters granted, others refused: the explanation names each (the granted ones work). */
  partial?: Problem;
}

/**
 * AT+QMTSUB, then +QMTSUB: <idx>,<msgID>,<result>[,<value>…]. A SUBACK is answered per filter
 * (protocol.md §2.6): when the broker refuses some filters (128) and grants others, the operation succeeds with
 * each filter's result and a `partial` explanation; it fails only when every filter is refused.
 */
export async function subscribe(engine: AtEngine, a: { client: number; msgId: number; topics: ReadonlyArray<{ topic: string; qos: 0 | 1 | 2 }> } & PacketTiming, o: OpOptions = {}): Promise<Outcome<Subscribed & { urc: string }>> {
  const req = buildQmtSub(a);
  const ctx = { command: req.text, ...(o.host ? { host: o.host } : {}) };
  return commandThenUrc<Subscribed>(engine, {
    op: 'subscribe',
    client: a.client,
    req,
    accepts: (line) => { const r = parseQmtSubUrc(line); return r.ok && r.value.client === a.client && r.value.msgId === a.msgId; },
    decide: (line) => {
      const r = parseQmtSubUrc(line);
      if (!r.ok) return { done: false, problem: r.problem };
      if (r.value.result === 1) return undefined;
      if (r.value.result !== 0) return { done: false, problem: problemFromLine(line, ctx) };
      const values = r.value.values;
      const filters = a.topics.map((t, i): FilterOutcome => {
        const v = values[i];
        return v === 128 ? { topic: t.topic, granted: false } : { topic: t.topic, granted: true, ...(v !== undefined ? { qos: v } : {}) };
      });
      if (!filters.some((f) => f.granted)) return { done: false, problem: problemFromLine(line, ctx) };
      const partial = filters.some((f) => !f.granted) ? problemFromLine(line, ctx) : undefined;
      return { done: true, value: { client: a.client, msgId: a.msgId, granted: values, filters, ...(partial ? { partial } : {}) } };
    },
    waitMs: ackWaitMs(a),
    timeoutNextStep: `Keep the link up and retry; check AT+QMTCONN? (3 = connected). ${URC_ROUTING_HINT}`,
  }, o);
}

/** AT+QMTUNS, then +QMTUNS: <idx>,<msgID>,<result>. */
export async function unsubscribe(engine: AtEngine, a: { client: number; msgId: number; topics: readonly string[] } & PacketTiming, o: OpOptions = {}): Promise<Outcome<{ client: number; msgId: number; urc: string }>> {
  const req = buildQmtUns(a);
  const ctx = { command: req.text, ...(o.host ? { host: o.host } : {}) };
  return commandThenUrc<{ client: number; msgId: number }>(engine, {
    op: 'unsubscribe',
    client: a.client,
    req,
    accepts: (line) => { const r = parseQmtUnsUrc(line); return r.ok && r.value.client === a.client && r.value.msgId === a.msgId; },
    decide: (line) => {
      const r = parseQmtUnsUrc(line);
      if (!r.ok) return { done: false, problem: r.problem };
      if (r.value.result === 1) return undefined;
      return r.value.success ? { done: true, value: { client: a.client, msgId: a.msgId } } : { done: false, problem: problemFromLine(line, ctx) };
    },
    waitMs: ackWaitMs(a),
    timeoutNextStep: `Retry; check AT+QMTCONN?. ${URC_ROUTING_HINT}`,
  }, o);
}

export interface Published {
  client: number;
  msgId: number;
  /** Retransmission notices seen before the final result (timeout_notice=1). */
  retransmissions: number;
}

/** AT+QMTPUB/QMTPUBEX in any form, then +QMTPUB or +QMTPUBEX (either prefix, protocol.md quirk 8) for idx and msgID. */
export async function publish(engine: AtEngine, a: PublishArgs & PacketTiming, o: OpOptions = {}): Promise<Outcome<Published & { urc: string }>> {
  const req = buildQmtPublish(a);
  const ctx = { command: req.text, ...(o.host ? { host: o.host } : {}) };
  let retransmissions = 0;
  return commandThenUrc<Published>(engine, {
    op: 'publish',
    client: a.client,
    req,
    accepts: (line) => { const r = parseQmtPubUrc(line); return r.ok && r.value.client === a.client && r.value.msgId === a.msgId; },
    decide: (line) => {
      const r = parseQmtPubUrc(line);
      if (!r.ok) return { done: false, problem: r.problem };
      if (r.value.result === 1) { retransmissions++; return undefined; }
      return r.value.success ? { done: true, value: { client: a.client, msgId: a.msgId, retransmissions } } : { done: false, problem: problemFromLine(line, ctx) };
    },
    waitMs: a.qos === 0 ? 30_000 : ackWaitMs(a),
    timeoutNextStep: `For the fixed-length form check the byte count; for the prompt form that ^Z was sent. ${URC_ROUTING_HINT}`,
  }, o);
}

/** AT+QMTDISC, then +QMTDISC: <idx>,<result> (host wait 30 s, protocol.md §1.6). +QMTSTAT: idx,5 also ends it (§2.5). */
export async function disconnect(engine: AtEngine, client: number, o: OpOptions = {}): Promise<Outcome<{ client: number; urc: string }>> {
  const req = buildQmtDisc(client);
  const ctx = { command: req.text };
  return commandThenUrc<{ client: number }>(engine, {
    op: 'disconnect',
    client,
    req,
    accepts: forClient(/^\+QMTDISC:\s*(\d+)\s*,\s*-?\d+\s*$/, client),
    decide: (line) => {
      const r = parseQmtDiscUrc(line);
      if (!r.ok) return { done: false, problem: r.problem };
      return r.value.success ? { done: true, value: { client } } : { done: false, problem: problemFromLine(line, ctx) };
    },
    statIsSuccess: (code) => (code === 5 ? { client } : undefined),
    waitMs: 30_000,
    timeoutNextStep: `Close the index with AT+QMTCLOSE=${client}. ${URC_ROUTING_HINT}`,
  }, o);
}

/** AT+QMTCLOSE, then +QMTCLOSE: <idx>,<result> (host wait 30 s, protocol.md §1.6). */
export async function closeNetwork(engine: AtEngine, client: number, o: OpOptions = {}): Promise<Outcome<{ client: number; urc: string }>> {
  const req = buildQmtClose(client);
  const ctx = { command: req.text };
  return commandThenUrc<{ client: number }>(engine, {
    op: 'close',
    client,
    req,
    accepts: forClient(/^\+QMTCLOSE:\s*(\d+)\s*,\s*-?\d+\s*$/, client),
    decide: (line) => {
      const r = parseQmtCloseUrc(line);
      if (!r.ok) return { done: false, problem: r.problem };
      return r.value.success ? { done: true, value: { client } } : { done: false, problem: problemFromLine(line, ctx) };
    },
    // The link may already be gone: a +QMTSTAT means the index is closed, which is what was asked.
    statIsSuccess: () => ({ client }),
    waitMs: 30_000,
    timeoutNextStep: `Check AT+QMTOPEN?; reset the module if the index stays occupied. ${URC_ROUTING_HINT}`,
  }, o);
}

/** AT+QMTRECV=<idx>[,<recv_id>] — reads (and frees) buffered messages (recv/mode 1, protocol.md §2.10). */
export async function readBuffered(engine: AtEngine, client: number, recvId?: number, o: OpOptions = {}): Promise<Outcome<ReceivedMessage[]>> {
  const req = buildQmtRecv(client, recvId);
  const out = await engine.send(req, o.signal);
  if (out.kind !== 'ok') return fail(finalProblem(out, req, o.host));
  const msgs: ReceivedMessage[] = [];
  for (const line of out.lines) {
    const m = parseQmtRecvMessage(line);
    if (m.ok) msgs.push(m.value);
  }
  return ok(msgs);
}
