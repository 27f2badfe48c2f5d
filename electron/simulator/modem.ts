// The running virtual modem: owns the state, feeds received bytes to the pure interpreter, plays
// its emissions back in order with their delays (× speed), runs network work through the MQTT
// peer and applies faults. Transport-agnostic: bytes leave through `write`.
import { applyFaultFlags, defaultGarbage, type Fault } from './faults';
import { registrationUrcs } from './commands-general';
import { bootStage, network, powerOff, powerUpSchedule, receive, uploadTimedOut } from './interpreter';
import { MqttPeer, type ObservedPacket } from './mqtt-peer';
import { profiles, type FirmwareProfile, type ProfileName } from './profiles';
import { laptopDnsServers } from './net-tools';
import { initialState, type ModemState, type UrcPort } from './state';
import type { Emission, NetEvent, Step } from './step';
import { utf8 } from './wire';

export interface ModemCoreOptions {
  profile?: ProfileName | FirmwareProfile;
  /** Delay factor: 1 = realistic, 0 = as fast as possible. */
  speed?: number;
  /**
   * Send every QMTOPEN to this broker (mqtt://host:port) instead of the host it names. Off by
   * default: the module dials what it is told, through the laptop's network.
   */
  redirect?: string;
  /** Where TLS opens go when `redirect` is set. */
  redirectTls?: string;
  /**
   * The module clock at power-up (AT+CCLK): an instant (ms, ISO text or Date) and zone in quarter
   * hours. Default: the laptop's time and zone, as network time (NITZ) sets it.
   */
  clock?: { at?: number | string | Date; tz?: number };
  /**
   * The modem port the host is on (default "usbat", the USB AT port a /dev/ttyUSB2 is). URCs reach
   * it only when AT+QURCCFG="urcport" names it (protocol.md §1.4).
   */
  hostPort?: UrcPort;
  /** Start with echo on (the factory default, protocol.md §1.3). */
  echo?: boolean;
  /** Write what the modem says in pieces of at most this many bytes. */
  maxWriteSize?: number;
  /** Skip the power-up URCs and start ready (for tests of later steps). */
  skipPowerUp?: boolean;
  /** Where the modem's bytes go. Resolves when written. */
  write: (bytes: Uint8Array) => Promise<void>;
  /**
   * Called for faults the broker itself can realise (a real CONNACK refusal) when the link goes to
   * `address`:`port`; false when that is not a broker that can be told.
   */
  brokerRefuse?: (address: string, port: number, code: 2 | 3 | 4 | 5) => boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ModemCore {
  state: ModemState;
  private speed: number;
  private maxWriteSize: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly peer: MqttPeer;
  private bootGen = 0;
  private uploadTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private packetListeners = new Set<(p: ObservedPacket) => void>();

  constructor(private readonly opts: ModemCoreOptions) {
    const p = opts.profile ?? 'EC2X-2018';
    const profile = typeof p === 'string' ? profiles[p] : p;
    if (!profile) throw new TypeError(`"profile" must be one of ${Object.keys(profiles).join(', ')}`);
    if (opts.speed !== undefined && !(opts.speed >= 0)) throw new TypeError('"speed" must be a number >= 0');
    if (opts.maxWriteSize !== undefined && !(opts.maxWriteSize >= 1)) throw new TypeError('"maxWriteSize" must be >= 1');
    this.speed = opts.speed ?? 1;
    this.maxWriteSize = opts.maxWriteSize;
    const at = opts.clock?.at === undefined ? Date.now() : new Date(opts.clock.at).getTime();
    if (!Number.isFinite(at)) throw new TypeError('"clock.at" must be a time');
    const clock = { offsetMs: at - Date.now(), tz: opts.clock?.tz ?? -Math.round(new Date().getTimezoneOffset() / 15) };
    this.state = { ...initialState(profile), echo: opts.echo ?? true, clock, hostPort: opts.hostPort ?? 'usbat', networkDns: laptopDnsServers() };
    this.peer = new MqttPeer({ redirect: opts.redirect, redirectTls: opts.redirectTls, speed: this.speed, report: (e) => this.onNet(e), refuseAt: opts.brokerRefuse,
      onPacket: (p) => {
        for (const fn of this.packetListeners) fn(p);
      },
    });
  }

  /** Power on: prints the power-up URCs (protocol.md §4.6), or starts ready when asked to skip them. */
  start(): void {
    if (this.opts.skipPowerUp) {
      this.state = { ...this.state, boot: 'ready' };
      return;
    }
    this.powerUp();
  }

  private powerUp(): void {
    // ATE0 is not kept across a reset (not saved with AT&W): echo returns to the start setting.
    this.state = { ...powerOff(this.state), echo: this.opts.echo ?? true };
    const gen = ++this.bootGen;
    const run = async () => {
      for (const { stage, delayMs } of powerUpSchedule(this.state)) {
        await sleep(delayMs * this.speed);
        if (gen !== this.bootGen || this.stopped) return;
        this.apply(bootStage(this.state, stage));
      }
    };
    void run();
  }

  /** Bytes from the host. */
  receive(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.apply(receive(this.state, bytes, Date.now()));
    this.armUploadTimer();
  }

  private armUploadTimer(): void {
    clearTimeout(this.uploadTimer);
    this.uploadTimer = undefined;
    const input = this.state.input;
    if (input.kind !== 'upload') return;
    // The upload ends after <timeout> s of silence; not scaled, it is the host's pace (protocol.md §4.5).
    this.uploadTimer = setTimeout(() => {
      if (this.state.input.kind === 'upload') this.apply(uploadTimedOut(this.state));
    }, input.timeoutS * 1000);
  }

  private onNet(e: NetEvent): void {
    if (!this.stopped) this.apply(network(this.state, e, Date.now()));
  }

  /** Takes the step's state now and plays its emissions in order, after any already queued. */
  private apply(step: Step): void {
    this.state = step.state;
    for (const e of step.emissions) this.queue = this.queue.then(() => this.play(e)).catch(() => undefined);
  }

  private async play(e: Emission): Promise<void> {
    if (this.stopped) return;
    if (e.delayMs > 0 && this.speed > 0) await sleep(e.delayMs * this.speed);
    if (this.stopped) return;
    if (e.kind === 'out') return this.emit(e.bytes);
    if (e.kind === 'net') return this.peer.run(e.op);
    this.peer.closeAll();
    this.powerUp();
  }

  private async emit(bytes: Uint8Array): Promise<void> {
    const max = this.maxWriteSize;
    if (!max || bytes.length <= max) return this.opts.write(bytes);
    // Small random-sized pieces, each its own write, so the host's reads really are split.
    for (let at = 0; at < bytes.length; ) {
      const n = 1 + Math.floor(Math.random() * max);
      await this.opts.write(bytes.subarray(at, at + n));
      at += n;
      await sleep(1);
    }
  }

  inject(f: Fault): void {
    const before = this.state;
    this.state = applyFaultFlags(this.state, f, Date.now());
    switch (f.kind) {
      case 'no-network':
        this.apply(registrationUrcs(before, this.state));
        return;
      case 'broker-drop':
        this.peer.dropLink(f.client);
        return;
      case 'ping-failure':
        this.peer.failPing(f.client);
        return;
      case 'broker-stall':
        this.peer.stall(f.client, f.on);
        return;
      case 'connack-refused':
        // At the next CONNECT: a real refusal from the broker where it can give one, else forced.
        this.peer.forcedConnack.set(f.client ?? -1, f.code);
        return;
      case 'sim-missing':
        if (f.on && this.state.boot !== 'off') this.apply({ state: this.state, emissions: [{ kind: 'out', bytes: utf8('\r\n+CPIN: NOT INSERTED\r\n'), delayMs: 0 }] });
        return;
      case 'reboot':
        this.queue = this.queue.then(() => {
          this.peer.closeAll();
          this.powerUp();
        });
        return;
      case 'garbage': {
        const b = f.bytes === undefined ? defaultGarbage : typeof f.bytes === 'string' ? utf8(f.bytes) : f.bytes;
        this.apply({ state: this.state, emissions: [{ kind: 'out', bytes: b, delayMs: 0 }] });
        return;
      }
      case 'split-writes':
        this.maxWriteSize = f.maxWriteSize;
        return;
      default:
        return;
    }
  }

  /** Sets the module clock (AT+CCLK) to `at`, as the clock fault does. */
  setClock(at: number | string | Date): void {
    const t = new Date(at).getTime();
    if (!Number.isFinite(t)) throw new TypeError('"at" must be a time');
    this.inject({ kind: 'clock', at: t });
  }

  setProfile(name: ProfileName | FirmwareProfile): void {
    const profile = typeof name === 'string' ? profiles[name] : name;
    if (!profile) throw new TypeError(`"profile" must be one of ${Object.keys(profiles).join(', ')}`);
    this.state = { ...this.state, profile };
  }

  /** Observes the MQTT packets the module really exchanges with the broker. Returns an unsubscribe. */
  onPacket(fn: (p: ObservedPacket) => void): () => void {
    this.packetListeners.add(fn);
    return () => this.packetListeners.delete(fn);
  }

  /** Resolves once everything queued so far has been written. */
  drain(): Promise<void> {
    return this.queue;
  }

  stop(): void {
    this.stopped = true;
    this.bootGen++;
    clearTimeout(this.uploadTimer);
    this.peer.closeAll();
  }
}
