// The simulated module's network side: real TCP/TLS sockets and one mqtt.js client per client_idx.
//
// Design: AT+QMTOPEN dials the host and port it names through the laptop's network (DNS with the
// context's servers, then TCP, then TLS), so a wrong name (4), a closed port (5) and a failed
// handshake (-1) come from the network as on a module (protocol.md §3.3), and a broker that closes an
// idle socket before CONNECT is seen as +QMTSTAT: i,1 (protocol.md quirk 18). Only when a redirect is
// configured (tests, `workbench sim --redirect-to-embedded`) do opens go elsewhere. AT+QMTCONN then
// hands that same socket to mqtt.js through its stream-builder constructor
// (`new MqttClient(() => socket, opts)`), which writes CONNECT at once.
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { MqttClient, type IClientOptions, type IClientPublishOptions } from 'mqtt';
import { NetFailure, resolveHost, runPing, tlsVersionOptions } from './net-tools';
import { timing } from './profiles';
import type { MqttNetEvent, NetEvent, NetOp, TlsSetup } from './step';
import { parseCertificates, verifyServerChain } from './tls-verify';

type IMessageIdProvider = NonNullable<IClientOptions['messageIdProvider']>;

export interface MqttPeerOptions {
  /**
   * Every QMTOPEN goes to this broker (mqtt://host:port) instead of the host and port the command
   * names. Off by default: a module dials what it is told.
   */
  redirect?: string;
  /** Where TLS opens go when `redirect` is set (mqtts://host:port); `redirect` otherwise. */
  redirectTls?: string;
  /** Delay factor for the timing knobs (0 = as fast as possible). */
  speed: number;
  /**
   * Asks the broker at this address to refuse the next CONNECT with `code` (the embedded broker can);
   * false when that broker is not one that can be told.
   */
  refuseAt?: (address: string, port: number, code: 2 | 3 | 4 | 5) => boolean;
  report: (e: NetEvent) => void;
  /** Every MQTT packet the module really sent or received, for demos and the diagram. */
  onPacket?: (p: ObservedPacket) => void;
}

/** An MQTT packet on the module ↔ broker link, as observed (not implied). */
export interface ObservedPacket {
  client: number;
  dir: 'to-broker' | 'from-broker';
  /** MQTT packet type: connect, connack, publish, puback, subscribe, suback, pingreq … */
  cmd: string;
  messageId?: number;
  topic?: string;
  qos?: number;
  /** CONNACK return code. */
  returnCode?: number;
}

/** Packet ids on the wire follow the msgID the host gave (the module uses the host's id). */
class HostMessageIds implements IMessageIdProvider {
  next: number | undefined;
  private last = 0;
  private used = new Set<number>();
  allocate(): number | null {
    let id = this.next;
    this.next = undefined;
    if (id === undefined || this.used.has(id)) {
      do id = (this.last % 65535) + 1;
      while (this.used.has(id) && this.used.size < 65535);
    }
    this.used.add(id);
    this.last = id;
    return id;
  }
  getLastAllocated(): number | null {
    return this.last || null;
  }
  register(num: number): boolean {
    if (this.used.has(num)) return false;
    this.used.add(num);
    return true;
  }
  deallocate(num: number): void {
    this.used.delete(num);
  }
  clear(): void {
    this.used.clear();
  }
}

interface Link {
  gen: number;
  socket?: net.Socket;
  mqtt?: MqttClient;
  ids: HostMessageIds;
  /** Set when the module itself ends the link, so the close is not reported as the peer's. */
  closing: boolean;
  lastError?: Error;
  /** QMTCFG "timeout" of the CONNECT: ack wait, resends, whether each resend is reported. */
  ack?: { pktTimeoutS: number; retries: number; notice: boolean };
  /** Reports of this link, in order. */
  reports: Promise<void>;
}

function openErrorResult(err: NodeJS.ErrnoException, isTls: boolean): number {
  // protocol.md §3.3, §8: 4 = domain name not resolved; 5 = network connection error (refused,
  // unreachable: server down, port closed); -1 = failed to open (TLS handshake, TCP timeout).
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EAI_NONAME') return 4;
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(err.code ?? '')) return 5;
  if (isTls) return -1;
  return err.code === 'ETIMEDOUT' ? -1 : 5;
}

const isIp = (h: string) => net.isIP(h) !== 0;

const openFailure = (code: string, message: string) => Object.assign(new Error(message), { code });

export class MqttPeer {
  private links = new Map<number, Link>();
  private gen = 0;
  private timers = new Set<NodeJS.Timeout>();
  /** CONNACK codes to force on the next CONNECT of a client (-1 = any client). */
  readonly forcedConnack = new Map<number, number>();

  constructor(private readonly opts: MqttPeerOptions) {}

  /** Runs fn after `realMs` wall-clock ms (already scaled), unless the peer was shut down. */
  private later(realMs: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, realMs);
    this.timers.add(t);
  }

  /**
   * Reports `e` no earlier than `minMs` (scaled) after `since`, only if the link is still current,
   * and never before an earlier report of the same link: a retained message that follows SUBACK
   * on the wire becomes +QMTRECV after +QMTSUB (protocol.md §2.6).
   */
  private reportAfter(link: Link, since: number, minMs: number, e: MqttNetEvent): void {
    const due = since + minMs * this.opts.speed;
    link.reports = link.reports.then(async () => {
      const wait = due - Date.now();
      if (wait > 0) await new Promise<void>((r) => this.later(wait, r));
      if (this.links.get(e.client)?.gen === link.gen) this.opts.report(e);
    });
  }

  /** Generation of AT+QPING runs: a closed peer or a reboot ends the one running. */
  private pingGen = 0;

  run(op: NetOp): void {
    switch (op.type) {
      case 'qping': {
        const gen = ++this.pingGen;
        void runPing(op, this.opts.speed, (e) => this.opts.report(e), () => gen === this.pingGen);
        return;
      }
      case 'open':
        return this.open(op.client, op.host, op.port, op.tls, op.dns);
      case 'connect':
        return this.connect(op);
      case 'subscribe':
        return this.subscribe(op);
      case 'unsubscribe':
        return this.unsubscribe(op);
      case 'publish':
        return this.publish(op);
      case 'disconnect':
        return this.disconnect(op.client);
      case 'close':
        return this.close(op.client);
    }
  }

  private target(host: string, port: number, secure: boolean): { host: string; port: number } {
    const redirect = (secure && this.opts.redirectTls) || this.opts.redirect;
    if (!redirect) return { host, port };
    const u = new URL(redirect);
    return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) || (u.protocol === 'mqtts:' ? 8883 : 1883) };
  }

  private open(client: number, host: string, port: number, tlsSetup?: TlsSetup, dnsServers?: string[]): void {
    this.close(client);
    const link: Link = { gen: ++this.gen, ids: new HostMessageIds(), closing: false, reports: Promise.resolve() };
    this.links.set(client, link);
    const started = Date.now();
    const to = this.target(host, port, tlsSetup !== undefined);
    const redirected = to.host !== host || to.port !== port;
    const current = () => this.links.get(client) === link;
    const onOpenError = (err: NodeJS.ErrnoException) => {
      if (!current() || link.gen < 0) return;
      link.gen = -1;
      this.links.delete(client);
      link.socket?.destroy();
      const result = openErrorResult(err, tlsSetup !== undefined);
      const wait = Math.max(0, (tlsSetup ? timing.openTls : timing.open) * this.opts.speed - (Date.now() - started));
      this.later(wait, () => this.opts.report({ type: 'opened', client, result }));
    };
    const versions = tlsSetup ? tlsVersionOptions(tlsSetup.sslversion, tlsSetup.ciphersuite) : undefined;
    // A context naming files that are not on the module fails before any packet (protocol.md §8).
    if (tlsSetup && tlsSetup.missing.length) return onOpenError(openFailure('ETLSFILE', `no such file: ${tlsSetup.missing.join(', ')}`));
    if (tlsSetup && !versions) return onOpenError(openFailure('ETLSVERSION', 'SSL 3.0 is refused by every current server'));
    void resolveHost(to.host, redirected ? undefined : dnsServers).then(
      (address) => {
        // The name checked is the host named, or the endpoint actually dialled when redirected.
        if (current()) this.dial(client, link, started, { sni: host, check: redirected ? to.host : host }, address, to.port, tlsSetup, versions, onOpenError);
      },
      (err: unknown) => onOpenError(err instanceof NetFailure ? openFailure(err.code, err.message) : openFailure('ENOTFOUND', String(err))),
    );
  }

  private dial(
    client: number,
    link: Link,
    started: number,
    named: { sni: string; check: string },
    address: string,
    port: number,
    tlsSetup: TlsSetup | undefined,
    versions: ReturnType<typeof tlsVersionOptions>,
    onOpenError: (err: NodeJS.ErrnoException) => void,
  ): void {
    let socket: net.Socket;
    if (tlsSetup) {
      // A key that does not match the certificate, or a file that is not PEM/DER, fails the open like
      // any TLS problem (protocol.md §8 "client cert/key missing or mismatched"); node throws at once.
      let secure: tls.TLSSocket;
      try {
        secure = this.tlsConnect(tlsSetup, versions, named, address, port);
      } catch (err) {
        return onOpenError(openFailure('ETLSCONFIG', err instanceof Error ? err.message : String(err)));
      }
      socket = secure;
      // "negotiatetime": the handshake must finish within it (seconds of the module, not scaled).
      const limit = setTimeout(() => socket.destroy(openFailure('ETLSTIMEOUT', 'TLS negotiation time exceeded')), tlsSetup.negotiateTimeS * 1000);
      socket.once('close', () => clearTimeout(limit));
      socket.once('secureConnect', () => clearTimeout(limit));
    } else {
      socket = net.connect({ host: address, port });
    }
    this.watchOpen(client, link, started, named, socket, tlsSetup, onOpenError);
  }

  private tlsConnect(tlsSetup: TlsSetup, versions: ReturnType<typeof tlsVersionOptions>, named: { sni: string }, address: string, port: number): tls.TLSSocket {
    return tls.connect({
      host: address,
      port,
      ...versions,
      // seclevel 2 presents the client certificate (protocol.md §4.4).
      cert: tlsSetup.cert ? Buffer.from(tlsSetup.cert) : undefined,
      key: tlsSetup.key ? Buffer.from(tlsSetup.key) : undefined,
      // SNI only when "sni" is 1, and never an IP address (RFC 6066).
      servername: tlsSetup.sni && !isIp(named.sni) ? named.sni : '',
      // The module verifies for itself below, against its CA file and its clock (tls-verify.ts).
      rejectUnauthorized: false,
    });
  }

  private watchOpen(
    client: number,
    link: Link,
    started: number,
    named: { sni: string; check: string },
    socket: net.Socket,
    tlsSetup: TlsSetup | undefined,
    onOpenError: (err: NodeJS.ErrnoException) => void,
  ): void {
    link.socket = socket;
    // A late second error (after a failed handshake) must not become an uncaught exception.
    socket.on('error', () => undefined);
    // Dialling gives up after the documented ceiling's order of magnitude, not 120 s (protocol.md §1.6).
    socket.setTimeout(20_000, () => socket.destroy(openFailure('ETIMEDOUT', 'connect timeout')));
    socket.once('error', onOpenError);
    // A server that closes during the handshake (a refused client certificate) without an error event.
    const onEarlyClose = () => onOpenError(openFailure('ECONNRESET', 'closed during the handshake'));
    socket.once('close', onEarlyClose);
    socket.once(tlsSetup ? 'secureConnect' : 'connect', () => {
      socket.setTimeout(0);
      if (tlsSetup && tlsSetup.seclevel >= 1) {
        const verdict = verifyServerChain(peerChain(socket as tls.TLSSocket), parseCertificates(tlsSetup.ca ?? new Uint8Array()), {
          ...(tlsSetup.validAt !== undefined ? { at: tlsSetup.validAt } : {}),
          ...(tlsSetup.verifyHostname ? { host: named.check } : {}),
        });
        if (!verdict.ok) {
          link.lastError = new Error(verdict.reason);
          return onOpenError(openFailure('ETLSVERIFY', verdict.reason));
        }
      }
      socket.off('close', onEarlyClose);
      socket.off('error', onOpenError);
      // Before CONNECT the only thing that can happen is the broker closing the socket (protocol.md quirk 18).
      socket.on('error', () => undefined);
      socket.once('close', () => {
        if (!link.mqtt && !link.closing && this.links.get(client) === link) {
          this.links.delete(client);
          this.opts.report({ type: 'link-lost', client, code: 1 });
        }
      });
      this.reportAfter(link, started, tlsSetup ? timing.openTls : timing.open, { type: 'opened', client, result: 0 });
    });
  }

  private connect(op: Extract<NetOp, { type: 'connect' }>): void {
    const link = this.links.get(op.client);
    const socket = link?.socket;
    if (!link || !socket || socket.destroyed) {
      this.opts.report({ type: 'connect-failed', client: op.client, result: 2 });
      return;
    }
    const started = Date.now();
    const forced = this.forcedConnack.get(op.client) ?? this.forcedConnack.get(-1);
    if (forced !== undefined) this.forcedConnack.delete(this.forcedConnack.has(op.client) ? op.client : -1);
    // A refusal fault: the broker itself refuses when it is the embedded one and can give that code;
    // otherwise the fault table forces a refusal the broker would not give on its own.
    const brokerRefuses = forced !== undefined && forced !== 1 && (this.opts.refuseAt?.(socket.remoteAddress ?? '', socket.remotePort ?? 0, forced as 2 | 3 | 4 | 5) ?? false);
    if (forced !== undefined && !brokerRefuses) {
      link.closing = true;
      this.reportAfter(link, started, timing.connect, { type: 'connack', client: op.client, retCode: forced });
      socket.destroy();
      return;
    }
    const o = op.options;
    const options: IClientOptions = {
      clientId: o.clientId,
      username: o.username,
      password: o.password,
      protocolVersion: o.version,
      protocolId: o.version === 3 ? 'MQIsdp' : 'MQTT',
      clean: o.clean,
      keepalive: o.keepalive,
      reconnectPeriod: 0,
      // Listeners first (packetsend would miss CONNECT otherwise), then connect().
      manualConnect: true,
      // No CONNACK within pkt_timeout × (retries + 1) → +QMTSTAT: i,4 (protocol.md §6).
      connectTimeout: o.pktTimeoutS * (o.retries + 1) * 1000,
      messageIdProvider: link.ids,
      will: o.will ? { topic: o.will.topic, payload: Buffer.from(o.will.payload), qos: o.will.qos, retain: o.will.retain } : undefined,
    };
    const client = new MqttClient(() => socket, options);
    link.mqtt = client;
    link.ack = { pktTimeoutS: o.pktTimeoutS, retries: o.retries, notice: o.notice };
    let connected = false;
    const observe = (dir: ObservedPacket['dir']) => (p: { cmd: string; messageId?: number; topic?: string; qos?: number; returnCode?: number }) =>
      this.opts.onPacket?.({ client: op.client, dir, cmd: p.cmd, messageId: p.messageId, topic: p.topic, qos: p.qos, returnCode: p.returnCode });
    client.on('packetsend', observe('to-broker'));
    client.on('packetreceive', observe('from-broker'));
    // With timeout_notice each pkt_timeout without CONNACK is a resend reported as +QMTCONN: i,1
    // (protocol.md §2.1.6, §3.3); mqtt.js gives up after all of them (connectTimeout above).
    let resent = 0;
    const retry = o.notice
      ? setInterval(() => {
          if (connected || this.links.get(op.client) !== link || ++resent > o.retries) return clearInterval(retry);
          this.opts.report({ type: 'connect-retry', client: op.client });
        }, o.pktTimeoutS * 1000)
      : undefined;
    client.once('close', () => clearInterval(retry));
    client.on('connect', () => {
      clearInterval(retry);
      connected = true;
      this.reportAfter(link, started, timing.connect, { type: 'connack', client: op.client, retCode: 0 });
    });
    client.on('error', (err: Error & { code?: number | string }) => {
      link.lastError = err;
      if (!connected && typeof err.code === 'number' && err.code > 0) {
        link.closing = true;
        this.reportAfter(link, started, timing.connect, { type: 'connack', client: op.client, retCode: err.code });
      }
    });
    client.on('message', (topic, payload, packet) => {
      if (this.links.get(op.client) !== link) return;
      this.reportAfter(link, Date.now(), 0, { type: 'message', client: op.client, msgId: packet.messageId ?? 0, topic, payload: new Uint8Array(payload) });
    });
    client.on('close', () => {
      if (link.closing || this.links.get(op.client) !== link) return;
      link.closing = true;
      this.links.delete(op.client);
      const err = link.lastError as (Error & { code?: unknown }) | undefined;
      const msg = err?.message ?? '';
      // protocol.md §3.1: 2 PINGREQ failed; 4 no CONNACK in time; 3 the CONNECT could not be sent
      // (the socket failed under it, e.g. a reset from a TLS port spoken to in clear); 1 the peer closed.
      if (/keepalive/i.test(msg)) this.opts.report({ type: 'ping-failed', client: op.client });
      else if (!connected && /connack timeout/i.test(msg)) this.opts.report({ type: 'link-lost', client: op.client, code: 4 });
      else if (!connected && typeof err?.code === 'string') this.opts.report({ type: 'link-lost', client: op.client, code: 3 });
      else this.opts.report({ type: 'link-lost', client: op.client, code: 1 });
    });
    client.connect();
  }

  /**
   * Waits for the broker's ack of SUBSCRIBE/UNSUBSCRIBE/PUBLISH(QoS>0): every pkt_timeout without
   * one counts a retransmission (reported as result 1 when timeout_notice is on); after
   * retry_times of them the operation fails with result 2 (protocol.md §2.1.6, §3.3). The timeout is the
   * host's configured value, not scaled by speed. Returns settle(): true if the ack was in time.
   */
  private watchAck(link: Link, report: (result: number, value?: number) => void): () => boolean {
    const cfg = link.ack ?? { pktTimeoutS: 5, retries: 3, notice: false };
    let settled = false;
    let resends = 0;
    const timer = setInterval(() => {
      if (settled || this.links.get(this.clientOf(link)) !== link) return clear();
      if (resends >= cfg.retries) {
        clear();
        return report(2);
      }
      resends++;
      if (cfg.notice) report(1, resends);
    }, cfg.pktTimeoutS * 1000);
    const clear = () => {
      settled = true;
      clearInterval(timer);
    };
    return () => {
      if (settled) return false;
      clear();
      return true;
    };
  }

  private clientOf(link: Link): number {
    for (const [i, l] of this.links) if (l === link) return i;
    return -1;
  }

  private connected(client: number): { link: Link; mqtt: MqttClient } | undefined {
    const link = this.links.get(client);
    return link?.mqtt?.connected ? { link, mqtt: link.mqtt } : undefined;
  }

  private subscribe(op: Extract<NetOp, { type: 'subscribe' }>): void {
    const c = this.connected(op.client);
    if (!c) return this.opts.report({ type: 'suback', client: op.client, msgId: op.msgId, result: 2, values: [] });
    const started = Date.now();
    c.link.ids.next = op.msgId;
    const map = Object.fromEntries(op.topics.map((t) => [t.topic, { qos: t.qos }]));
    const settle = this.watchAck(c.link, (result, value) =>
      this.opts.report({ type: 'suback', client: op.client, msgId: op.msgId, result, values: value === undefined ? [] : [value] }),
    );
    c.mqtt.subscribe(map, (err, granted) => {
      if (!settle()) return;
      if (err && !granted) return this.reportAfter(c.link, started, 0, { type: 'suback', client: op.client, msgId: op.msgId, result: 2, values: [] });
      // One granted QoS per filter in request order; 128 = refused (protocol.md §2.6).
      const values = op.topics.map((t) => {
        const g = granted?.find((x) => x.topic === t.topic);
        return g ? (g.qos > 2 ? 128 : g.qos) : 128;
      });
      this.reportAfter(c.link, started, timing.ack, { type: 'suback', client: op.client, msgId: op.msgId, result: 0, values });
    });
  }

  private unsubscribe(op: Extract<NetOp, { type: 'unsubscribe' }>): void {
    const c = this.connected(op.client);
    if (!c) return this.opts.report({ type: 'unsuback', client: op.client, msgId: op.msgId, result: 2 });
    const started = Date.now();
    c.link.ids.next = op.msgId;
    const settle = this.watchAck(c.link, (result, value) => this.opts.report({ type: 'unsuback', client: op.client, msgId: op.msgId, result, value }));
    c.mqtt.unsubscribe(op.topics, (err) => {
      if (!settle()) return;
      this.reportAfter(c.link, started, timing.ack, { type: 'unsuback', client: op.client, msgId: op.msgId, result: err ? 2 : 0 });
    });
  }

  private publish(op: Extract<NetOp, { type: 'publish' }>): void {
    const c = this.connected(op.client);
    const base = { type: 'puback' as const, client: op.client, msgId: op.msgId, resultPrefix: op.resultPrefix };
    if (!c) return this.opts.report({ ...base, result: 2 });
    const started = Date.now();
    if (op.qos > 0) c.link.ids.next = op.msgId;
    const opts: IClientPublishOptions = { qos: op.qos, retain: op.retain };
    const settle = op.qos === 0 ? () => true : this.watchAck(c.link, (result, value) => this.opts.report({ ...base, result, value }));
    c.mqtt.publish(op.topic, Buffer.from(op.payload), opts, (err) => {
      if (!settle()) return;
      // QoS 0: reported once sent; QoS 1/2 after PUBACK / PUBCOMP (protocol.md §2.0).
      this.reportAfter(c.link, started, op.qos === 0 ? 0 : timing.ack, { ...base, result: err ? 2 : 0 });
    });
  }

  private disconnect(client: number): void {
    const link = this.links.get(client);
    if (!link?.mqtt) return this.opts.report({ type: 'disconnected', client });
    const started = Date.now();
    link.closing = true;
    link.mqtt.end(false, () => this.reportAfter(link, started, timing.close, { type: 'disconnected', client }));
  }

  /** Drops the link without DISCONNECT (QMTCLOSE, QIDEACT, a refusal, a fault). */
  close(client: number): void {
    const link = this.links.get(client);
    if (!link) return;
    link.closing = true;
    this.links.delete(client);
    if (link.mqtt) link.mqtt.end(true);
    link.socket?.destroy();
  }

  /** Fault: the broker side drops the TCP link; the module reports +QMTSTAT: i,1. */
  dropLink(client: number): boolean {
    const link = this.links.get(client);
    if (!link?.socket) return false;
    link.socket.destroy();
    return true;
  }

  /** Fault: the broker goes quiet (nothing it sends is read) or comes back. */
  stall(client: number, on: boolean): boolean {
    const socket = this.links.get(client)?.socket;
    if (!socket) return false;
    if (on) socket.pause();
    else socket.resume();
    return true;
  }

  /** Fault: PINGRESP never comes back; reported as a keep-alive failure. */
  failPing(client: number): boolean {
    const link = this.links.get(client);
    if (!link?.mqtt) return false;
    link.closing = true;
    this.links.delete(client);
    link.mqtt.end(true);
    link.socket?.destroy();
    this.opts.report({ type: 'ping-failed', client });
    return true;
  }

  closeAll(): void {
    this.pingGen++;
    for (const c of [...this.links.keys()]) this.close(c);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** The certificates the server sent, leaf first (node links each to its issuer; a root links to itself). */
function peerChain(socket: tls.TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (c?.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new X509Certificate(c.raw));
    c = c.issuerCertificate;
  }
  return out;
}
