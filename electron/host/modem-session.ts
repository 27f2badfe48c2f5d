// What the workbench knows and does on one open modem port above raw AT: the connection wizard,
// the MQTT topics (subscribe, publish, received messages) and the status bar's view of the modem.
import type { ParsedArgsOf } from '../../shared/api';
import type { BringupStepEvent, BringupStepId } from '../../shared/bringup';
import { realClock, type Clock } from '../../shared/clock';
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';
import type { ReconnectResult, ReconnectStep } from '../../shared/reconnect';
import type { ModemTruth } from '../../shared/modem-state';
import { moduleName, signalText, type ModemStatus, type ReceivedMessage, type Subscription } from '../../shared/status';
import type { AtEngine, Disposable } from '../at/types';
import { qualityOf } from '../quectel/basic';
import { bringupOptionsFrom, runBringup } from '../quectel/bringup';
import { defaultPortFor } from '../../shared/mqtt-options';
import { retryStart } from '../quectel/retry-plan';
import * as mqtt from '../quectel/mqtt';
import { decodeUrc, isModemUrc } from '../quectel/urc';
import { topicMatches } from '../../shared/protocol/topics';
import type { EventHub } from './event-hub';
import { foldModemState, initialFold, type ModemStateFold } from './modem-state';
import { AutoReconnectSetting, Reconnector, type AttemptResult, type ReconnectPolicy } from './reconnect';

type BringupInput = ParsedArgsOf<'runBringup'>;

export interface ModemSessionOptions {
  engine: AtEngine;
  hub: EventHub;
  portLabel: string;
  /** For the virtual EC20: the host to use when the wizard names none. */
  defaultServer?: { host: string; port: number; tlsPort?: number };
  /** Log index of the newest entry (to link a received message to its +QMTRECV line). */
  lastLogIndex: () => number;
  /** Time for the bring-up's waits and deadlines and the reconnect back-off (default: the real clock). */
  clock?: Clock;
  /** Received messages held for getMessages (the newest; default KEEP_MESSAGES). All are in the journal. */
  keepMessages?: number;
  /** The user's automatic-reconnect choice (default: off for every client). */
  autoReconnect?: AutoReconnectSetting;
  reconnectPolicy?: Partial<ReconnectPolicy>;
}

function noReconnectSettings(clientIdx: number): Problem {
  return problem('reconnect.no-settings', `MQTT client ${clientIdx} has not been connected in this session`, 'A reconnect repeats the last connect of this client (server, client ID, credentials), and there is none yet.', 'Run the connection wizard (Connect).', { client: clientIdx });
}

function busy(clientIdx: number): Problem {
  return problem('bringup.busy', `The wizard of client ${clientIdx} is already running`, '', 'Wait for it to finish, or cancel it.', { client: clientIdx });
}

/** Received messages a session holds by default: the topics panel shows the recent ones. */
export const KEEP_MESSAGES = 1_000;

function notConnected(clientIdx: number): Outcome<never> {
  return fail(problem('mqtt.not-connected', `MQTT client ${clientIdx} is not connected`, 'Subscribe and publish need a connected client (AT+QMTCONN? state 3).', 'Run the connection wizard first (Connect).', { client: clientIdx }));
}

/**
 * The payload's bytes. Text payloads are their UTF-8; a binary one (not valid UTF-8) is cut from
 * the raw line by its length field: `+QMTRECV: <idx>,<msgID>,"<topic>",<len>,"<payload>"` ends
 * with the payload and its closing quote (protocol.md §3.2).
 */
export function payloadBytes(text: string, length: number | undefined, raw: Uint8Array | undefined): Uint8Array {
  if (raw && length !== undefined) {
    let end = raw.length;
    while (end > 0 && (raw[end - 1] === 0x0d || raw[end - 1] === 0x0a || raw[end - 1] === 0x20)) end--;
    if (raw[end - 1] === 0x22 && end - 1 - length >= 0) return raw.slice(end - 1 - length, end - 1);
  }
  return new TextEncoder().encode(text);
}

/**
 * The status bar's view after a step event: read from the step's typed data (never its detail
 * text), and from a running open/connect step, which moves the client to opening/connecting.
 * Returns `status` itself when nothing changed.
 */
export function statusAfterStep(status: ModemStatus, step: BringupStepEvent, link: { client: number; server: string; clientId: string }): ModemStatus {
  const client = (state: ModemStatus['mqtt'][number]['state'], patch: Partial<ModemStatus['mqtt'][number]> = {}, idx = link.client): ModemStatus => {
    const next = { ...(status.mqtt[idx] ?? {}), ...patch, state };
    // A client moving on (not closing) has left its last problem behind.
    if (state !== 'closed') delete next.problem;
    return { ...status, mqtt: { ...status.mqtt, [idx]: next } };
  };
  if (step.status === 'running') {
    if (step.id === 'open') return client('opening', { server: link.server });
    if (step.id === 'connect') return client('connecting', { server: link.server, clientId: link.clientId });
    return status;
  }
  const d = step.data;
  if (step.status !== 'passed' || !d) return status;
  let next: ModemStatus = { ...status };
  if (d.module) next.modem = moduleName(d.module);
  if (d.module) next.module = d.module;
  if (d.firmware) next.firmware = d.firmware;
  if (d.imei) next.imei = d.imei;
  if (d.simIdentity?.iccid) next.iccid = d.simIdentity.iccid;
  if (d.simIdentity?.imsi) next.imsi = d.simIdentity.imsi;
  if (d.signal) next.signal = { ...d.signal, text: signalText(d.signal) };
  if (d.registration) {
    next.registration = d.registration.state;
    if (d.registration.tech) next.accessTech = d.registration.tech;
    else delete next.accessTech;
  }
  if (d.operator) next.operator = d.operator;
  if (d.pdp) {
    if (d.pdp.ip) next.pdpIp = d.pdp.ip;
    else delete next.pdpIp;
  }
  if (d.mqtt) {
    const { client: idx, state, ...rest } = d.mqtt;
    next = { ...next, mqtt: client(state, rest, idx).mqtt };
  }
  return next;
}

type ClientNote = Pick<ModemStatus['mqtt'][number], 'problem' | 'reconnect'>;

/**
 * The status bar's view: what the journal says (modem-state.ts) over what the wizard's steps found.
 * The MQTT states, the network and the IP are the truth's; a client keeps its problem only while
 * it is closed or its network is open without a session (a refused CONNECT).
 */
export function statusFromTruth(fromSteps: ModemStatus, truth: ModemTruth, notes: ReadonlyMap<number, ClientNote>): ModemStatus {
  const out: ModemStatus = { ...fromSteps, mqtt: {} };
  const n = truth.network;
  if (n.signal) {
    const quality = qualityOf(n.signal.dbm);
    const signal = { csq: { rssi: n.signal.rssi, ber: n.signal.ber }, quality, ...(n.signal.dbm !== undefined ? { dbm: n.signal.dbm } : {}), ...(n.signal.rssi === 0 ? { bound: 'or-less' as const } : n.signal.rssi === 31 ? { bound: 'or-more' as const } : {}) };
    out.signal = { ...signal, text: signalText(signal) };
  } else delete out.signal;
  for (const k of ['registration', 'accessTech', 'operator', 'pdpIp'] as const) {
    if (n[k]) out[k] = n[k];
    else delete out[k];
  }
  if (truth.modem.name && !out.modem) out.modem = truth.modem.name;
  if (truth.modem.imei && !out.imei) out.imei = truth.modem.imei;
  for (const [idx, c] of Object.entries(truth.clients)) {
    if (!c) continue;
    const note = notes.get(Number(idx)) ?? {};
    const showsProblem = c.state === 'closed' || c.state === 'opened';
    out.mqtt[Number(idx)] = {
      state: c.state,
      ...(c.server ? { server: c.server } : {}),
      ...(c.clientId ? { clientId: c.clientId } : {}),
      ...(showsProblem && note.problem ? { problem: note.problem } : {}),
      ...(note.reconnect ? { reconnect: note.reconnect } : {}),
    };
  }
  // A reconnect state for a client the modem has not mentioned yet (its own session was lost).
  for (const [idx, note] of notes) if (!out.mqtt[idx] && note.reconnect) out.mqtt[idx] = { state: 'closed', reconnect: note.reconnect, ...(note.problem ? { problem: note.problem } : {}) };
  return out;
}

/** Every client's subscriptions as the topics panel lists them. */
export function subscriptionsOf(truth: ModemTruth): Subscription[] {
  return Object.entries(truth.clients).flatMap(([idx, c]) => (c ? c.subscriptions.map((s) => ({ clientIdx: Number(idx), topic: s.topic, qos: s.qos, ...(s.granted !== undefined ? { granted: s.granted } : {}) })) : []));
}

export class ModemSession {
  /** What the wizard's steps found (module, identity); the truth overrides what it also knows. */
  private status: ModemStatus;
  /** The one state truth, folded from the engine's events as they are journaled. */
  private fold: ModemStateFold;
  private readonly notes = new Map<number, ClientNote>();
  /** The last wizard run's newest event per step, for a page opened (or reloaded) later. */
  private readonly lastSteps = new Map<string, BringupStepEvent>();
  private lastEmitted = '';
  private lastSubs = '[]';
  private readonly eventSub: Disposable;
  /** Clients that were up when the modem last restarted (the truth has closed them since). */
  private upBeforeRestart: number[] = [];
  private readonly messages: ReceivedMessage[] = [];
  private nextMsgId = 1;
  private nextMessageId = 0;
  /** Per client: its wizard run (or reconnect) in progress. Each client runs its own. */
  private readonly running = new Map<number, AbortController>();
  /**
   * Runs of different clients take turns: they share the modem's checks (AT, SIM, PDP), which two
   * interleaved runs would repeat and race on; a run waits here for the one before it.
   */
  private turn: Promise<void> = Promise.resolve();
  private servers = new Map<number, string>();
  private readonly urcSub: Disposable;
  /** Per client: the wizard settings of its last connect, which a reconnect repeats. */
  private readonly lastConnect = new Map<number, BringupInput>();
  /** Per client: what was subscribed when its link dropped, to subscribe again on reconnect. */
  private readonly lostSubscriptions = new Map<number, Subscription[]>();
  /** Clients whose modem restarted since their last connect: a reconnect needs the whole wizard. */
  private readonly restartedSince = new Set<number>();
  /** Clients the user disconnected or closed: a later +QMTSTAT starts no automatic reconnect. */
  private readonly closedByUser = new Set<number>();
  /** Clients whose link dropped (+QMTSTAT, restart) and is not back: switching Auto-reconnect on reconnects them. */
  private readonly dropped = new Set<number>();
  private readonly reconnector: Reconnector;
  private disposed = false;

  constructor(private readonly o: ModemSessionOptions) {
    this.status = { port: o.portLabel, mqtt: {} };
    this.fold = { ...initialFold(), truth: { ...initialFold().truth, port: { state: 'open', path: o.portLabel } } };
    let seq = 0;
    // Every command, answer and URC, whoever sent the command (wizard, reconnect, console).
    this.eventSub = o.engine.onEvent((e) => {
      const next = foldModemState(this.fold, { seq: seq++, mono: e.at.mono, wall: e.at.wall, event: e });
      if (next === this.fold) return;
      const before = this.fold.truth;
      this.fold = next;
      if (next.truth !== before) this.truthChanged(before, next.truth);
    });
    this.urcSub = o.engine.onUrc(isModemUrc, (u) => this.onUrc(u.text, u.raw));
    const auto = o.autoReconnect ?? new AutoReconnectSetting();
    this.reconnector = new Reconnector({
      clock: o.clock ?? realClock,
      ...(o.reconnectPolicy ? { policy: o.reconnectPolicy } : {}),
      isAuto: (client) => auto.get(client),
      available: (client) => this.lastConnect.has(client),
      attempt: (client, _n, signal) => this.reconnectAttempt(client, signal),
      // Only a client the status bar already shows carries its reconnect state.
      report: (client, state) => {
        if (this.fold.truth.clients[client] && !this.disposed) this.setClient(client, { reconnect: state });
      },
    });
  }

  dispose(): void {
    // A closed port's session says nothing more: the next port starts a status of its own.
    this.disposed = true;
    this.reconnector.dispose();
    for (const c of this.running.values()) c.abort();
    this.urcSub.dispose();
    this.eventSub.dispose();
  }

  /** The wizard or a reconnect owns the modem now (background jobs wait). */
  isBusy(): boolean {
    return this.running.size > 0;
  }

  getStatus(): ModemStatus {
    return statusFromTruth(this.status, this.fold.truth, this.notes);
  }
  getWizardSteps(): BringupStepEvent[] {
    return [...this.lastSteps.values()];
  }
  getSubscriptions(): Subscription[] {
    return subscriptionsOf(this.fold.truth);
  }
  /** The modem as the journal says it is. */
  getTruth(): ModemTruth {
    return this.fold.truth;
  }

  private stateOf(client: number): ModemStatus['mqtt'][number]['state'] | undefined {
    return this.fold.truth.clients[client]?.state;
  }

  /** The truth moved: every view hears it at once; a client's old problem goes once it moves on. */
  private truthChanged(before: ModemTruth, now: ModemTruth): void {
    if (now.modem.restartedAt !== before.modem.restartedAt) this.upBeforeRestart = Object.entries(before.clients).filter(([, c]) => c && c.state !== 'closed').map(([idx]) => Number(idx));
    for (const [idx, c] of Object.entries(now.clients)) {
      const was = before.clients[Number(idx)];
      if (!c) continue;
      if (c.state !== was?.state && (c.state === 'opening' || c.state === 'connecting' || c.state === 'connected')) {
        const note = this.notes.get(Number(idx));
        if (note?.problem) this.notes.set(Number(idx), { ...(note.reconnect ? { reconnect: note.reconnect } : {}) });
      }
      // What a closing client held is subscribed again by a reconnect.
      if (c.state === 'closed' && was && was.state !== 'closed') for (const s of was.subscriptions) this.rememberLost({ clientIdx: Number(idx), topic: s.topic, qos: s.qos, ...(s.granted !== undefined ? { granted: s.granted } : {}) });
    }
    if (this.disposed) return;
    this.o.hub.emit('onModemState', structuredClone(now));
    this.emitStatus();
    const subs = this.getSubscriptions();
    const text = JSON.stringify(subs);
    if (text !== this.lastSubs) {
      this.lastSubs = text;
      this.o.hub.emit('onSubscriptions', subs);
    }
  }
  getMessages(): ReceivedMessage[] {
    return this.messages;
  }

  private emitStatus(): void {
    const status = this.getStatus();
    const text = JSON.stringify(status);
    if (text === this.lastEmitted) return;
    this.lastEmitted = text;
    this.o.hub.emit('onModemStatus', status);
  }

  /** A client's problem or reconnect state (its MQTT state is the truth's alone). */
  private setClient(idx: number, patch: Partial<ClientNote>): void {
    const next = { ...(this.notes.get(idx) ?? {}), ...patch };
    if ('problem' in patch && !patch.problem) delete next.problem;
    this.notes.set(idx, next);
    this.emitStatus();
  }

  private onUrc(text: string, raw?: Uint8Array): void {
    const e = decodeUrc(text);
    switch (e.type) {
      case 'mqtt-status': {
        // After +QMTSTAT the index is closed (protocol.md §3.1, the truth says so); here: why.
        if (e.explanation) this.setClient(e.client, { problem: problem(e.explanation.key, e.explanation.meaning, text, e.explanation.nextStep) });
        if (!this.closedByUser.has(e.client)) this.dropped.add(e.client);
        // A drop while the wizard or a reconnect runs is that run's failure, not a new drop.
        if (!this.closedByUser.has(e.client) && !this.running.has(e.client)) this.reconnector.linkDropped(e.client);
        break;
      }
      case 'mqtt-message':
        this.received(e.client, e.msgId, e.topic, payloadBytes(e.payload, e.length, raw), e.payload);
        break;
      case 'mqtt-buffered':
        // recv/mode 1: the message waits in a slot; read it out (which frees the slot, protocol.md §2.10).
        void mqtt.readBuffered(this.o.engine, e.client, e.recvId).then((r) => {
          if (r.ok) for (const m of r.value) this.received(m.client, m.msgId, m.topic, new TextEncoder().encode(m.payload), m.payload);
        });
        break;
      case 'ready': {
        // The module restarted: every index is closed and its settings are back to defaults (protocol.md §6).
        // The truth already closed every client; which ones were up is in the last lines that moved them.
        const wasUp = this.upBeforeRestart;
        for (const idx of Object.keys(this.fold.truth.clients).map(Number)) {
          this.restartedSince.add(idx);
          this.setClient(idx, { problem: problem('modem.restarted', 'The modem restarted', text, 'Reconnect, or run the connection wizard again.') });
        }
        for (const idx of wasUp) if (!this.closedByUser.has(idx)) this.dropped.add(idx);
        for (const idx of wasUp) if (!this.closedByUser.has(idx) && !this.running.has(idx)) this.reconnector.linkDropped(idx);
        break;
      }
      default:
        break;
    }
  }

  /** The QoS a delivery came with: msgID 0 is QoS 0; otherwise the matching subscriptions' granted QoS caps it. */
  private receivedQos(clientIdx: number, msgId: number, topic: string): Pick<ReceivedMessage, 'qos' | 'qosText'> {
    if (msgId === 0) return { qos: 0, qosText: 'QoS 0' };
    const granted = (this.fold.truth.clients[clientIdx]?.subscriptions ?? []).filter((s) => s.granted !== undefined && s.granted !== 128 && topicMatches(s.topic, topic)).map((s) => s.granted ?? 0);
    const cap = granted.length ? Math.max(...granted) : undefined;
    return cap === 1 ? { qos: 1, qosText: 'QoS 1' } : { qosText: 'QoS 1 or 2' };
  }

  private received(clientIdx: number, msgId: number, topic: string, bytes: Uint8Array, text: string): void {
    const m: ReceivedMessage = {
      ...this.receivedQos(clientIdx, msgId, topic),
      id: this.nextMessageId++,
      clientIdx,
      msgId,
      topic,
      payloadText: text,
      payloadBase64: Buffer.from(bytes).toString('base64'),
      wall: Date.now(),
      logIndex: this.o.lastLogIndex(),
    };
    this.messages.push(m);
    const keep = this.o.keepMessages ?? KEEP_MESSAGES;
    // Let the oldest fifth go at once: cheap per message, and the held list stays under `keep`.
    if (this.messages.length > keep) this.messages.splice(0, this.messages.length - Math.floor(keep * 0.8));
    this.o.hub.emit('onMqttMessage', m);
  }

  private rememberLost(sub: Subscription): void {
    const lost = (this.lostSubscriptions.get(sub.clientIdx) ?? []).filter((s) => s.topic !== sub.topic);
    this.lostSubscriptions.set(sub.clientIdx, [...lost, sub]);
  }

  private takeMsgId(): number {
    const id = this.nextMsgId;
    this.nextMsgId = (this.nextMsgId % 65535) + 1;
    return id;
  }

  private hostOf(client: number): string | undefined {
    return this.servers.get(client);
  }

  /** The user's wizard run: it takes over from any automatic reconnect of the client. */
  async bringup(a: BringupInput): Promise<Outcome<{ ready: boolean; failedStep?: BringupStepId; problem?: Problem }>> {
    if (this.running.has(a.clientIdx)) return fail(busy(a.clientIdx));
    this.reconnector.stop(a.clientIdx, 'The connection wizard took over.');
    const r = await this.runWizard(a);
    // A fresh connect by hand: what the last link held is not re-subscribed by a later reconnect.
    if (r.ok && r.value.ready && a.fromStep === undefined) this.lostSubscriptions.delete(a.clientIdx);
    return r;
  }

  private async runWizard(a: BringupInput, extra: { onStep?: (e: BringupStepEvent) => void; signal?: AbortSignal } = {}): Promise<Outcome<{ ready: boolean; failedStep?: BringupStepId; problem?: Problem }>> {
    if (this.running.has(a.clientIdx)) return fail(busy(a.clientIdx));
    const fallback = this.o.defaultServer;
    // No host typed: the demo's server (the Virtual EC20's embedded broker; its TLS listener with TLS),
    // on the port the form names when one was typed.
    const server = a.host
      ? { host: a.host, port: a.port ?? defaultPortFor(a.tls) }
      : fallback && { host: fallback.host, port: a.port ?? (a.tls ? fallback.tlsPort : undefined) ?? fallback.port };
    if (!server) return fail(problem('invalid-argument', 'MQTT server: type the server host', 'The MQTT server field is empty.', 'Type the MQTT server host (name or IP) and its port.', { kind: 'serverEmpty' }));
    const controller = new AbortController();
    if (extra.signal?.aborted) controller.abort();
    extra.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    // A retry starts where the modem's state needs it to (a closed network opens again first).
    const fromStep = a.fromStep !== undefined ? retryStart(a.fromStep, this.fold.truth.clients[a.clientIdx], this.restartedSince.has(a.clientIdx)) : undefined;
    const options = bringupOptionsFrom({ ...a, host: server.host, port: server.port, ...(fromStep !== undefined ? { fromStep } : {}) }, {
      portPath: this.o.portLabel,
      signal: controller.signal,
      ...(this.o.clock ? { clock: this.o.clock } : {}),
    });
    if (!options.ok) return options;
    this.running.set(a.clientIdx, controller);
    const before = this.turn;
    let done!: () => void;
    this.turn = new Promise((resolve) => (done = resolve));
    const link = { client: a.clientIdx, server: `${server.host}:${server.port}`, clientId: a.clientId };
    try {
      await before;
      this.servers.set(a.clientIdx, server.host);
      // A new run from the start forgets the client's last run's ticks.
      if (fromStep === undefined) for (const k of [...this.lastSteps.keys()]) if (k.startsWith(`${a.clientIdx}:`)) this.lastSteps.delete(k);
      const result = await runBringup(this.o.engine, options.value, (raw) => {
        const step = { ...raw, clientIdx: a.clientIdx };
        this.lastSteps.set(`${a.clientIdx}:${step.id}`, step);
        this.o.hub.emit('onWizardStep', step);
        extra.onStep?.(step);
        this.applyStatus(statusAfterStep(this.status, step, link));
      });
      if (!result.ok && (result.step === 'connect' || result.step === 'open') && result.problem) this.setClient(a.clientIdx, { problem: result.problem });
      if (result.ok) {
        const { fromStep: _from, ...settings } = a;
        this.lastConnect.set(a.clientIdx, settings);
        this.restartedSince.delete(a.clientIdx);
        this.closedByUser.delete(a.clientIdx);
        this.dropped.delete(a.clientIdx);
        this.reconnector.refresh(a.clientIdx);
      }
      return ok({ ready: result.ok, ...(result.ok ? {} : { failedStep: result.step }), ...(result.problem ? { problem: result.problem } : {}) });
    } finally {
      this.running.delete(a.clientIdx);
      done();
    }
  }

  /** Cancels one client's run and automatic reconnect, or every client's. */
  cancelBringup(clientIdx?: number): void {
    const clients = clientIdx === undefined ? [...new Set([...Object.keys(this.fold.truth.clients).map(Number), ...this.running.keys()])] : [clientIdx];
    for (const idx of clients) {
      this.reconnector.stop(idx, 'Cancelled.');
      this.running.get(idx)?.abort();
    }
  }

  /**
   * A command the user typed: AT+QMTDISC or AT+QMTCLOSE ends the client's link on purpose, so no
   * automatic reconnect may follow; AT+QMTOPEN or AT+QMTCONN takes the link over by hand.
   */
  noteUserCommand(text: string): void {
    const m = /^AT\+QMT(DISC|CLOSE|OPEN|CONN)=\s*(\d+)/i.exec(text.trim());
    if (!m) return;
    const client = Number(m[2]);
    const closing = /^(DISC|CLOSE)$/i.test(m[1]!);
    if (closing) this.closedByUser.add(client);
    else this.closedByUser.delete(client);
    this.dropped.delete(client);
    this.reconnector.stop(client, closing ? `You closed the link (AT+QMT${m[1]!.toUpperCase()}).` : `You took the link over (AT+QMT${m[1]!.toUpperCase()}).`);
  }

  /** The user's Auto-reconnect choice changed (the setting object is shared with the services). */
  autoReconnectChanged(): void {
    this.reconnector.autoChanged();
    // Switched on while a link is down: reconnecting starts now, as if the drop had just come.
    for (const client of this.dropped) if (!this.running.has(client)) this.reconnector.linkDropped(client);
  }

  /**
   * One reconnect by hand: re-runs open and connect with the client's last settings (the whole
   * wizard after a modem restart), then subscribes again to what the dropped link held.
   */
  async reconnect(clientIdx: number): Promise<Outcome<ReconnectResult>> {
    if (!this.lastConnect.has(clientIdx)) return fail(noReconnectSettings(clientIdx));
    if (this.running.has(clientIdx)) return fail(busy(clientIdx));
    this.reconnector.stop(clientIdx, 'Reconnecting by hand.');
    const r = await this.reconnectOnce(clientIdx);
    if (r.ok) this.reconnector.noteResult(clientIdx, r.value.connected ? { connected: true } : { connected: false, ...(r.value.problem ? { problem: r.value.problem } : {}) });
    return r;
  }

  private async reconnectAttempt(clientIdx: number, signal: AbortSignal): Promise<AttemptResult> {
    const r = await this.reconnectOnce(clientIdx, signal);
    if (!r.ok) return { connected: false, problem: r.problem };
    return r.value.connected ? { connected: true } : { connected: false, ...(r.value.problem ? { problem: r.value.problem } : {}) };
  }

  private async reconnectOnce(clientIdx: number, signal?: AbortSignal): Promise<Outcome<ReconnectResult>> {
    const settings = this.lastConnect.get(clientIdx);
    if (!settings) return fail(noReconnectSettings(clientIdx));
    const steps: ReconnectStep[] = [];
    // After +QMTSTAT the network is closed (protocol.md §6): reconnecting starts from open, which closes an
    // index the firmware kept occupied. A restarted modem lost its PDP context and MQTT settings.
    const fromStep: BringupStepId = this.restartedSince.has(clientIdx) ? 'at' : 'open';
    const run = await this.runWizard({ ...settings, fromStep }, {
      ...(signal ? { signal } : {}),
      onStep: (e) => {
        if (e.status === 'passed' || e.status === 'failed') steps.push({ id: e.id, title: e.title, status: e.status, ...(e.detail ? { detail: e.detail } : {}), ...(e.problem ? { problem: e.problem } : {}) });
      },
    });
    if (!run.ok) return run;
    const result: ReconnectResult = { connected: run.value.ready, resubscribed: [], notResubscribed: [], steps };
    if (!run.value.ready) {
      if (run.value.failedStep) result.failedStep = run.value.failedStep;
      if (run.value.problem) result.problem = run.value.problem;
      return ok(result);
    }
    const wanted = this.lostSubscriptions.get(clientIdx) ?? [];
    this.lostSubscriptions.delete(clientIdx);
    for (const sub of wanted) {
      const qos = (sub.qos === 1 || sub.qos === 2 ? sub.qos : 0) as 0 | 1 | 2;
      const r = signal?.aborted ? fail(problem('reconnect.stopped', 'Reconnecting was stopped', '', 'Subscribe again by hand.')) : await this.subscribe({ clientIdx, topic: sub.topic, qos });
      const title = `Subscribe again to ${sub.topic} (QoS ${qos})`;
      if (r.ok && r.value.granted !== 128) {
        result.resubscribed.push(r.value);
        steps.push({ id: 'subscribe', title, status: 'passed', detail: `granted QoS ${r.value.granted ?? '?'}` });
        continue;
      }
      const why = r.ok ? problem('qmtsub.128', 'Subscription refused by the broker.', `${sub.topic}: granted 128`, 'Check the topic filter and the broker ACL.') : r.problem;
      result.notResubscribed.push({ topic: sub.topic, qos, problem: why });
      steps.push({ id: 'subscribe', title, status: 'failed', problem: why });
      // Not refused by the broker (the link went down again): a later reconnect tries it again.
      if (!r.ok) this.rememberLost(sub);
    }
    // The link may have dropped again while subscribing (+QMTSTAT): then it is not back.
    if (this.stateOf(clientIdx) !== 'connected') {
      result.connected = false;
      result.problem = this.notes.get(clientIdx)?.problem ?? problem('reconnect.dropped-again', 'The link dropped again right after reconnecting', '', 'Look for the +QMTSTAT line in the log: it says why.');
    }
    return ok(result);
  }

  private applyStatus(next: ModemStatus): void {
    if (next === this.status) return;
    this.status = next;
    this.emitStatus();
  }

  private opts(client: number): mqtt.OpOptions {
    const host = this.hostOf(client);
    return host ? { host } : {};
  }

  async subscribe(a: { clientIdx: number; topic: string; qos: 0 | 1 | 2; more?: Array<{ topic: string; qos: 0 | 1 | 2 }> }): Promise<Outcome<Subscription & { all?: Subscription[] }>> {
    if (this.stateOf(a.clientIdx) !== 'connected') return notConnected(a.clientIdx);
    const topics = [{ topic: a.topic, qos: a.qos }, ...(a.more ?? [])];
    const r = await mqtt.subscribe(this.o.engine, { client: a.clientIdx, msgId: this.takeMsgId(), topics }, this.opts(a.clientIdx));
    if (!r.ok) return r;
    // The truth lists them already (the +QMTSUB line moved it); the caller hears what each was granted.
    const all: Subscription[] = topics.map((t, i) => ({ clientIdx: a.clientIdx, topic: t.topic, qos: t.qos, ...(r.value.granted[i] !== undefined ? { granted: r.value.granted[i] } : {}) }));
    return ok({ ...all[0]!, ...(all.length > 1 ? { all } : {}) });
  }

  /** The user's Disconnect (AT+QMTDISC) or Close network (AT+QMTCLOSE): on purpose, so no reconnect follows. */
  async endLink(clientIdx: number, how: 'disconnect' | 'close'): Promise<Outcome<null>> {
    if (this.running.has(clientIdx)) return fail(busy(clientIdx));
    const state = this.stateOf(clientIdx) ?? 'closed';
    if (how === 'disconnect' && state !== 'connected') return notConnected(clientIdx);
    if (how === 'close' && state === 'closed') return fail(problem('mqtt.closed', `The network of client ${clientIdx} is already closed`, 'AT+QMTCLOSE needs an open network (protocol.md §6).', 'Nothing to close: connect with the wizard first.', { client: clientIdx }));
    this.noteUserCommand(`AT+QMT${how === 'disconnect' ? 'DISC' : 'CLOSE'}=${clientIdx}`);
    const r = how === 'disconnect' ? await mqtt.disconnect(this.o.engine, clientIdx, this.opts(clientIdx)) : await mqtt.closeNetwork(this.o.engine, clientIdx, this.opts(clientIdx));
    return r.ok ? ok(null) : r;
  }

  async unsubscribe(a: { clientIdx: number; topic: string }): Promise<Outcome<null>> {
    if (this.stateOf(a.clientIdx) !== 'connected') return notConnected(a.clientIdx);
    const r = await mqtt.unsubscribe(this.o.engine, { client: a.clientIdx, msgId: this.takeMsgId(), topics: [a.topic] }, this.opts(a.clientIdx));
    return r.ok ? ok(null) : r;
  }

  async publish(a: { clientIdx: number; topic: string; qos: 0 | 1 | 2; retain: boolean; payload: string; encoding: 'text' | 'json' | 'hex' }): Promise<Outcome<{ msgId: number }>> {
    if (this.stateOf(a.clientIdx) !== 'connected') return notConnected(a.clientIdx);
    const payload = a.encoding === 'hex' ? Uint8Array.from((a.payload.replace(/\s+/g, '').match(/../g) ?? []).map((h) => parseInt(h, 16))) : a.payload;
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    // Ctrl+Z ends and ESC cancels the prompt form, so payloads holding them go by length (protocol.md §1.5).
    const binary = bytes.some((b) => b === 0x1a || b === 0x1b);
    const msgId = a.qos === 0 ? 0 : this.takeMsgId();
    const r = await mqtt.publish(
      this.o.engine,
      { client: a.clientIdx, msgId, qos: a.qos, retain: a.retain, topic: a.topic, payload, form: binary ? 'fixed' : 'prompt', ...(binary ? { command: 'QMTPUBEX' as const } : {}) },
      this.opts(a.clientIdx),
    );
    return r.ok ? ok({ msgId }) : r;
  }
}
