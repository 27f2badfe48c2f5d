// The virtual EC20 on a real PTY: the host opens `hostPath` with the same serialport code that
// opens real hardware; the simulator drives the other end with serialport's SerialPort (not fs
// streams: a blocking read on a pty fd keeps the process alive, see toolchain.md).
import { SerialPort } from 'serialport';
import { VIRTUAL_ALIYUN_DEVICES } from './aliyun-platform';
import { startEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions } from './broker';
import type { Fault } from './faults';
import { ModemCore } from './modem';
import type { ObservedPacket } from './mqtt-peer';
import type { FirmwareProfile, ProfileName } from './profiles';
import { createPtyPair } from './pty-pair';

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
   * Every AT+QMTOPEN goes to this broker (mqtt://host:port) instead of the host it names, so a
   * cloud endpoint can be tried offline. Default: the embedded broker.
   */
  brokerUrl?: string;
  /** Where TLS opens go (mqtts://host:port) when brokerUrl is given. */
  brokerTlsUrl?: string;
  /**
   * Start an embedded aedes broker (default: true unless brokerUrl is given). With no brokerUrl
   * and no embedded broker, QMTOPEN dials the host it names, for real (DNS included).
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
}

export interface VirtualModem {
  /** The serial device path to open, like /dev/ttyUSB2. */
  hostPath: string;
  /** The broker every open goes to ('' when opens dial the named host). */
  brokerUrl: string;
  brokerTlsUrl?: string;
  /** The embedded broker, when one was started. */
  broker?: EmbeddedBroker;
  inject(f: Fault): void;
  setProfile(p: ProfileName | FirmwareProfile): void;
  /** The MQTT packets the module really exchanges with the broker (observed, not implied). */
  onPacket(fn: (p: ObservedPacket) => void): () => void;
  readonly core: ModemCore;
  stop(): Promise<void>;
}

export async function startVirtualModem(opts: VirtualModemOptions = {}): Promise<VirtualModem> {
  const embedded = opts.embeddedBroker ?? opts.brokerUrl === undefined;
  const broker = embedded ? await startEmbeddedBroker({ tls: opts.embeddedBrokerTls, aliyunDevices: opts.aliyunDevices ?? VIRTUAL_ALIYUN_DEVICES }) : undefined;
  const brokerUrl = opts.brokerUrl ?? broker?.url ?? '';
  const brokerTlsUrl = opts.brokerTlsUrl ?? (opts.brokerUrl === undefined ? broker?.tlsUrl : undefined);
  const pair = await createPtyPair().catch(async (err: unknown) => {
    await broker?.close();
    throw err;
  });
  const port = new SerialPort({ path: pair.devicePath, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => {
    port.once('open', () => resolve());
    port.once('error', reject);
  }).catch(async (err: unknown) => {
    await pair.close();
    await broker?.close();
    throw err;
  });
  const core = new ModemCore({
    profile: opts.profile,
    speed: opts.speed,
    brokerOverride: brokerUrl || undefined,
    brokerOverrideTls: brokerTlsUrl,
    echo: opts.echo,
    maxWriteSize: opts.maxWriteSize,
    skipPowerUp: opts.skipPowerUp,
    write: (bytes) =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        port.write(Buffer.from(bytes), () => port.drain(() => resolve()));
      }),
    brokerRefuse: broker
      ? (code) => {
          broker.refuseNext(code);
          return true;
        }
      : undefined,
  });
  port.on('data', (d: Buffer) => core.receive(new Uint8Array(d)));
  // A host closing its end is not an error for the modem.
  port.on('error', () => undefined);
  core.start();
  let stopped: Promise<void> | undefined;
  return {
    hostPath: pair.hostPath,
    brokerUrl,
    brokerTlsUrl,
    broker,
    core,
    inject: (f) => core.inject(f),
    setProfile: (p) => core.setProfile(p),
    onPacket: (fn) => core.onPacket(fn),
    stop: () =>
      (stopped ??= (async () => {
        core.stop();
        if (port.isOpen) await new Promise<void>((r) => port.close(() => r()));
        await pair.close();
        await broker?.close();
      })()),
  };
}
