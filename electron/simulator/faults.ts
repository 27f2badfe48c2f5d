// Faults the virtual modem can be told to show, as data. Tests and the demo script them with
// VirtualModem.inject(fault); the catalogue says what a host should see for each one.
import type { ModemState } from './state';

export type Fault =
  /** The broker drops the TCP link of a client. */
  | { kind: 'broker-drop'; client: number }
  /** The broker goes quiet for a client: no ack, no PINGRESP (until `on: false`). */
  | { kind: 'broker-stall'; client: number; on: boolean }
  /** PINGRESP stops coming back for a client. */
  | { kind: 'ping-failure'; client: number }
  /** The broker refuses the next CONNECT (of `client`, or of any client) with a CONNACK code. */
  | { kind: 'connack-refused'; code: 1 | 2 | 3 | 4 | 5; client?: number }
  /** Radio coverage lost (or back). */
  | { kind: 'no-network'; on: boolean }
  /** PDP activation fails (or works again). */
  | { kind: 'pdp-fails'; on: boolean }
  /** SIM pulled (or reinserted); the power-up sequence reports it too. */
  | { kind: 'sim-missing'; on: boolean }
  /** The module restarts. */
  | { kind: 'reboot' }
  /** The next `commands` command lines (default 1) are never answered. */
  | { kind: 'silence'; commands?: number }
  /** Line noise: bytes that mean nothing arrive at the host. */
  | { kind: 'garbage'; bytes?: Uint8Array | string }
  /** Everything the modem says is written in pieces of at most `maxWriteSize` bytes (undefined = whole). */
  | { kind: 'split-writes'; maxWriteSize?: number }
  /** Echo switched on or off as if ATE1/ATE0 had been sent. */
  | { kind: 'echo'; on: boolean }
  /**
   * The host is on the main UART ("uart1") instead of the USB AT port: with the factory
   * AT+QURCCFG="urcport","usbat" it gets no URC at all until it sets "uart1" (protocol.md §1.4).
   */
  | { kind: 'urc-routing'; on: boolean }
  /**
   * The module clock (AT+CCLK) is set to this instant (ISO 8601 or ms since the epoch), as after a
   * reset without network time: certificates may not be valid at it (protocol.md §4.4 "ignorelocaltime").
   */
  | { kind: 'clock'; at: string | number };

/** What the host sees for each fault (spec sections in brackets). */
export const faultCatalogue: Record<Fault['kind'], string> = {
  'broker-drop': '+QMTSTAT: <idx>,1 and the index is closed (protocol.md §3.1)',
  'broker-stall': 'no result URC for pkt_timeout; +QMTPUB: <idx>,<msgID>,1,<n> per resend with timeout_notice, then 2 and +QMTSTAT: <idx>,6 (protocol.md §2.1.6, §3.1, §3.3)',
  'ping-failure': '+QMTPING: <idx>,1 on later firmware, then +QMTSTAT: <idx>,2 (protocol.md §3.1, §3.3)',
  'connack-refused': '+QMTCONN: <idx>,0,<code> then +QMTSTAT: <idx>,1 about 100 ms later (protocol.md §3.4)',
  'no-network': '+CSQ: 99,99, +QCSQ: "NOSERVICE", +QENG: "servingcell","SEARCH", +CEREG: 0,2, +COPS: 0; QIACT → ERROR; QMTOPEN → +QMTOPEN: <idx>,3 (protocol.md §4.2, §8)',
  'pdp-fails': 'AT+QIACT → ERROR; QMTOPEN on an inactive context → +QMTOPEN: <idx>,3 (protocol.md §4.3)',
  'sim-missing': '+CPIN: NOT INSERTED; AT+CPIN? → +CME ERROR: 10 (protocol.md §4.2, §4.6)',
  reboot: 'RDY, +CFUN: 1, +CPIN: READY, +QUSIM: 1, +QIND: SMS DONE, +QIND: PB DONE; every index closed (protocol.md §4.6, §6)',
  silence: 'the echo (if on) and then nothing: the host must time out',
  garbage: 'bytes outside any line; the host framer must survive them',
  'split-writes': 'responses arriving in tiny pieces',
  echo: 'every command echoed, with its <CR> (protocol.md §1.3)',
  'urc-routing': 'no URC at all until AT+QURCCFG="urcport","uart1" (protocol.md §7 quirk 19)',
  clock: 'AT+CCLK? shows that time; a TLS open with "ignorelocaltime" 0 fails with +QMTOPEN: <idx>,-1 when a certificate is not valid then (protocol.md §4.4, §8)',
};

/** Every fault kind the virtual modem knows (the contract's FaultArgs must offer each one). */
export const FAULT_KINDS = Object.keys(faultCatalogue) as ReadonlyArray<Fault['kind']>;

/** The part of a fault that is modem state; the runtime does the rest (links, bytes, reboot). */
export function applyFaultFlags(s: ModemState, f: Fault, now = Date.now()): ModemState {
  switch (f.kind) {
    case 'no-network':
      return { ...s, faults: { ...s.faults, noNetwork: f.on } };
    case 'pdp-fails':
      return { ...s, faults: { ...s.faults, pdpFails: f.on } };
    case 'sim-missing':
      return { ...s, sim: f.on ? 'absent' : s.sim, faults: { ...s.faults, simMissing: f.on } };
    case 'silence':
      return { ...s, faults: { ...s.faults, silentCommands: s.faults.silentCommands + (f.commands ?? 1) } };
    case 'echo':
      return { ...s, echo: f.on };
    case 'urc-routing':
      return { ...s, hostPort: f.on ? 'uart1' : 'usbat' };
    case 'clock': {
      const at = typeof f.at === 'number' ? f.at : Date.parse(f.at);
      return Number.isFinite(at) ? { ...s, clock: { ...s.clock, offsetMs: at - now } } : s;
    }
    default:
      return s;
  }
}

/** Default line noise: a burst like a baud-rate mismatch produces. */
export const defaultGarbage = Uint8Array.from([0xff, 0x00, 0xfe, 0x80, 0x3f, 0x7f, 0xe0, 0x1c, 0x55, 0xaa]);
