// The virtual EC20 on a real PTY: the host opens `hostPath` with the same serialport code that
// opens real hardware; the simulator drives the other end (device-end.ts: serialport's
// SerialPort, or tty streams on a simulator thread; not fs streams: a blocking read on a pty fd
// keeps the process alive, see toolchain.md). worker-pool.ts runs it off the host's thread.
import { VIRTUAL_ALIYUN_DEVICES } from './aliyun-platform';
import { openDeviceEnd, type DeviceEndKind } from './device-end';
import { startEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions } from './broker';
import type { Fault } from './faults';
import { ModemCore, type ModemCoreOptions } from './modem';
import type { ObservedPacket } from './mqtt-peer';
import type { FirmwareProfile, ProfileName } from './profiles';
import { createPtyPair, type PtyPair } from './pty-pair';

export type { Fault } from './faults';
export { faultCatalogue } from './faults';
export { profiles, type ProfileName, type FirmwareProfile } from './profiles';
export { createSimulatorStream, type SimulatorStream } from './stream';
export { startEmbeddedBroker, type EmbeddedBroker } from './broker';
export { coverage } from './coverage';
export type { ObservedPacket } from './mqtt-peer';

export interface VirtualModemOptions {
  profile?: ProfileName | FirmwareProfile;
  /** Delay factor: 1 = realistic timing, 0 = as fast as possible (tests). Default 1. */
  speed?: number;
  /**
   * Redirect: every AT+QMTOPEN goes to this broker (mqtt://host:port) instead of the host it names
   * (tests with a broker of their own). Off by default: the module dials what it is told.
   */
  brokerUrl?: string;
  /** Where TLS opens go (mqtts://host:port) when brokerUrl is given. */
  brokerTlsUrl?: string;
  /**
   * The old demo behaviour: every open goes to the embedded broker (opens with "ssl" on to its TLS
   * listener) whatever host and port it names. Off by default.
   */
  redirectToEmbedded?: boolean;
  /**
   * Start an embedded aedes broker on 127.0.0.1 (default: true unless brokerUrl is given). Dial it
   * like any server: its address is `embedded` (the demo's default server).
   */
  embeddedBroker?: boolean;
  /** TLS listener of the embedded broker (key and certificate PEM). */
  embeddedBrokerTls?: EmbeddedBrokerOptions['tls'];
  /** Echo at power-up (default on, the factory setting). */
  echo?: boolean;
  /** Write the modem's output in pieces of at most this many bytes. */
  maxWriteSize?: number;
  /** Start ready instead of printing the power-up URCs. */
  skipPowerUp?: boolean;
  /** Devices the embedded broker checks Aliyun logins against (default: the virtual platform's demo devices). */
  aliyunDevices?: EmbeddedBrokerOptions['aliyunDevices'];
  /** The module clock at power-up (AT+CCLK); default the laptop's time, as network time sets it. */
  clock?: ModemCoreOptions['clock'];
  /** The modem port the PTY stands for (default "usbat"); URCs reach it only if AT+QURCCFG routes them there. */
  hostPort?: ModemCoreOptions['hostPort'];
  /** How the simulator drives its PTY end: serialport (default) or Node's tty streams (simulator threads). */
  deviceEnd?: DeviceEndKind;
}

/** Where the embedded broker listens: dial it with AT+QMTOPEN=<idx>,"127.0.0.1",<port>. */
export interface EmbeddedAddress {
  host: string;
  port: number;
  /** Its TLS listener, when it has one. */
  tlsPort?: number;
  url: string;
  tlsUrl?: string;
}

export interface VirtualModem {
  /** The serial device path to open, like /dev/ttyUSB2. */
  hostPath: string;
  /** The broker to observe: the embedded one, or the redirect target given as brokerUrl ('' if none). */
  brokerUrl: string;
  brokerTlsUrl?: string;
  /** Where every QMTOPEN goes instead of the host it names, when a redirect is on. */
  redirect?: string;
  /** The embedded broker's address, when one was started. */
  embedded?: EmbeddedAddress;
  /** The embedded broker, when one was started. */
  broker?: EmbeddedBroker;
  inject(f: Fault): void;
  setProfile(p: ProfileName | FirmwareProfile): void;
  /** Sets the module clock (AT+CCLK), e.g. past a certificate's end. */
  setClock(at: number | string | Date): void;
  /** The MQTT packets the module really exchanges with the broker (observed, not implied). */
  onPacket(fn: (p: ObservedPacket) => void): () => void;
  readonly core: ModemCore;
  stop(): Promise<void>;
}

function addressOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) };
}

export async function startVirtualModem(opts: VirtualModemOptions = {}): Promise<VirtualModem> {
  const pair = await createPtyPair();
  return attachVirtualModem(pair, opts).catch(async (err: unknown) => {
    await pair.close();
    throw err;
  });
}

/**
 * The Virtual EC20 on the device end of a PTY pair made elsewhere; `stop()` ends with
 * `pair.close()`. startVirtualModem and the simulator worker (worker-pool.ts) both start it so.
 * The caller closes the pair when this fails.
 */
export async function attachVirtualModem(pair: PtyPair, opts: VirtualModemOptions = {}): Promise<VirtualModem> {
  const embedded = opts.embeddedBroker ?? opts.brokerUrl === undefined;
  const broker = embedded ? await startEmbeddedBroker({ tls: opts.embeddedBrokerTls, aliyunDevices: opts.aliyunDevices ?? VIRTUAL_ALIYUN_DEVICES }) : undefined;
  const redirect = opts.brokerUrl ?? (opts.redirectToEmbedded ? broker?.url : undefined);
  const redirectTls = opts.brokerTlsUrl ?? (opts.brokerUrl === undefined && opts.redirectToEmbedded ? broker?.tlsUrl : undefined);
  const address: EmbeddedAddress | undefined = broker
    ? {
        ...addressOf(broker.url),
        url: broker.url,
        ...(broker.tlsUrl ? { tlsPort: addressOf(broker.tlsUrl).port, tlsUrl: broker.tlsUrl } : {}),
      }
    : undefined;
  const end = await openDeviceEnd(pair.devicePath, opts.deviceEnd ?? 'serialport').catch(async (err: unknown) => {
    await broker?.close();
    throw err;
  });
  const core = new ModemCore({
    profile: opts.profile,
    speed: opts.speed,
    ...(redirect ? { redirect } : {}),
    ...(redirectTls ? { redirectTls } : {}),
    ...(broker ? { aliyunPlatform: { url: broker.url, ...(broker.tlsUrl ? { tlsUrl: broker.tlsUrl } : {}) } } : {}),
    echo: opts.echo,
    maxWriteSize: opts.maxWriteSize,
    skipPowerUp: opts.skipPowerUp,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.hostPort ? { hostPort: opts.hostPort } : {}),
    write: (bytes) => end.write(bytes, Boolean(opts.maxWriteSize)),
    // The embedded broker refuses for real when the link goes to it (its plain or TLS port on loopback).
    brokerRefuse: address
      ? (remote, remotePort, code) => {
          const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
          if (!loopback || (remotePort !== address.port && remotePort !== address.tlsPort)) return false;
          broker?.refuseNext(code);
          return true;
        }
      : undefined,
  });
  end.onData((bytes) => core.receive(bytes));
  core.start();
  let stopped: Promise<void> | undefined;
  return {
    hostPath: pair.hostPath,
    brokerUrl: opts.brokerUrl ?? broker?.url ?? '',
    brokerTlsUrl: opts.brokerTlsUrl ?? (opts.brokerUrl === undefined ? broker?.tlsUrl : undefined),
    ...(redirect ? { redirect } : {}),
    ...(address ? { embedded: address } : {}),
    broker,
    core,
    inject: (f) => core.inject(f),
    setProfile: (p) => core.setProfile(p),
    setClock: (at) => core.setClock(at),
    onPacket: (fn) => core.onPacket(fn),
    stop: () =>
      (stopped ??= (async () => {
        core.stop();
        await end.close();
        await pair.close();
        await broker?.close();
      })()),
  };
}
