// The messages between the host (worker-pool.ts) and a simulator thread (sim-worker.ts), each
// about one Virtual EC20 named by `id`. Plain data only: they cross postMessage.
import type { Fault } from './faults';
import type { EmbeddedAddress, VirtualModemOptions } from './index';
import type { ObservedPacket } from './mqtt-peer';
import type { FirmwareProfile, ProfileName } from './profiles';

export type ToWorker =
  | { type: 'start'; id: number; hostPath: string; devicePath: string; opts: VirtualModemOptions; faults: Fault[] }
  | { type: 'inject'; id: number; fault: Fault }
  | { type: 'profile'; id: number; profile: ProfileName | FirmwareProfile }
  | { type: 'clock'; id: number; at: number | string | Date }
  | { type: 'packets'; id: number }
  | { type: 'stop'; id: number };

export type ToHost =
  | { type: 'started'; id: number; brokerUrl: string; brokerTlsUrl?: string; redirect?: string; embedded?: EmbeddedAddress }
  | { type: 'failed'; id: number; message: string }
  | { type: 'packet'; id: number; packet: ObservedPacket }
  | { type: 'stopped'; id: number };
