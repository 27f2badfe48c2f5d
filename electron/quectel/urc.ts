// Decodes the unsolicited lines of a Quectel modem into typed events: MQTT link state
// (+QMTSTAT, +QMTPING), deliveries (+QMTRECV in its three shapes), the result URCs of the QMT
// commands, registration changes and the power-up sequence. Pure; protocol.md §3 and §4.6.
import type { Outcome } from '../../shared/outcome';
import { parseRegistration, type Registration } from './basic';
import { explain, type Explanation } from './codes';
import {
  parseQmtCloseUrc,
  parseQmtConnUrc,
  parseQmtDiscUrc,
  parseQmtOpenUrc,
  parseQmtPubUrc,
  parseQmtRecvMessage,
  parseQmtSubUrc,
  parseQmtUnsUrc,
  type AckResult,
  type ConnResult,
  type ReceivedMessage,
  type ResultUrc,
} from './commands';
import { afterPrefix, intFields, splitFields } from './fields';

export type ModemEvent =
  /** +QMTSTAT: the link of a client changed state; the index is closed afterwards (protocol.md §3.1). */
  | { type: 'mqtt-status'; client: number; code: number; explanation?: Explanation }
  /** +QMTPING: keep-alive failure notice (later firmware, protocol.md §3.3). */
  | { type: 'mqtt-ping'; client: number; result: number; explanation?: Explanation }
  /** +QMTRECV with the payload (recv/mode 0,x). */
  | ({ type: 'mqtt-message' } & ReceivedMessage)
  /** +QMTRECV: <idx>,<recv_id> — a message waits in a buffer slot (recv/mode 1,x). */
  | { type: 'mqtt-buffered'; client: number; recvId: number }
  | { type: 'mqtt-open'; result: ResultUrc; explanation?: Explanation }
  | { type: 'mqtt-close'; result: ResultUrc; explanation?: Explanation }
  | { type: 'mqtt-disc'; result: ResultUrc; explanation?: Explanation }
  | { type: 'mqtt-conn'; result: ConnResult; explanation?: Explanation }
  | { type: 'mqtt-sub'; result: AckResult; explanation?: Explanation }
  | { type: 'mqtt-uns'; result: AckResult; explanation?: Explanation }
  | { type: 'mqtt-pub'; result: AckResult; explanation?: Explanation }
  | ({ type: 'registration' } & Registration)
  /** RDY / APP RDY: the module (re)started; every MQTT index is closed and QMTCFG is back to defaults (protocol.md §6). */
  | { type: 'ready'; word: 'RDY' | 'APP RDY' }
  | { type: 'cfun'; level: number }
  | { type: 'sim'; state: string; ready: boolean }
  | { type: 'usim'; value: number }
  /** +QIND: SMS DONE / PB DONE … — PB DONE means SIM commands work (protocol.md §4.6, §8). */
  | { type: 'qind'; text: string; phonebookDone: boolean }
  /** A line that is not a known URC, or a known URC that could not be read. */
  | { type: 'unknown'; line: string; reason?: string };

type Explain = (line: string) => Explanation | undefined;
type ResultDecoder = (line: string, explain: Explain) => ModemEvent | undefined;

const withResult = <T>(
  parse: (line: string) => Outcome<T>,
  make: (v: T, ex: Explanation | undefined) => ModemEvent,
): ResultDecoder => (line, explain) => {
  const r = parse(line);
  return r.ok ? make(r.value, explain(line)) : { type: 'unknown', line, reason: r.problem.detail };
};
const ex = (e: Explanation | undefined) => (e ? { explanation: e } : {});

function pair(line: string, name: string): [number, number] | undefined {
  const rest = afterPrefix(line, name);
  const n = rest === undefined ? undefined : intFields(splitFields(rest), 2);
  return n && n.length === 2 ? [n[0] ?? 0, n[1] ?? 0] : undefined;
}

// Specific prefixes before generic ones: '+QMTPUBEX:' before '+QMTPUB:' (table order is match order).
const DECODERS: ReadonlyArray<[RegExp, ResultDecoder]> = [
  [/^\+QMTSTAT:/i, (l, explain) => {
    const p = pair(l, 'QMTSTAT');
    return p ? { type: 'mqtt-status', client: p[0], code: p[1], ...ex(explain(l)) } : undefined;
  }],
  [/^\+QMTPING:/i, (l, explain) => {
    const p = pair(l, 'QMTPING');
    return p ? { type: 'mqtt-ping', client: p[0], result: p[1], ...ex(explain(l)) } : undefined;
  }],
  [/^\+QMTRECV:/i, (l) => {
    // Two integers only: the buffered notice '+QMTRECV: <idx>,<recv_id>'.
    const p = pair(l, 'QMTRECV');
    if (p) return { type: 'mqtt-buffered', client: p[0], recvId: p[1] };
    const m = parseQmtRecvMessage(l);
    return m.ok ? { type: 'mqtt-message', ...m.value } : { type: 'unknown', line: l, reason: m.problem.detail };
  }],
  [/^\+QMTOPEN:\s*-?\d+\s*,\s*-?\d+\s*$/i, withResult(parseQmtOpenUrc, (result, e) => ({ type: 'mqtt-open', result, ...ex(e) }))],
  [/^\+QMTCLOSE:/i, withResult(parseQmtCloseUrc, (result, e) => ({ type: 'mqtt-close', result, ...ex(e) }))],
  [/^\+QMTDISC:/i, withResult(parseQmtDiscUrc, (result, e) => ({ type: 'mqtt-disc', result, ...ex(e) }))],
  [/^\+QMTCONN:\s*\d+\s*,\s*\d+\s*(,\s*\d+\s*)?$/i, withResult(parseQmtConnUrc, (result, e) => ({ type: 'mqtt-conn', result, ...ex(e) }))],
  [/^\+QMTSUB:/i, withResult(parseQmtSubUrc, (result, e) => ({ type: 'mqtt-sub', result, ...ex(e) }))],
  [/^\+QMTUNS:/i, withResult(parseQmtUnsUrc, (result, e) => ({ type: 'mqtt-uns', result, ...ex(e) }))],
  [/^\+QMTPUB(EX)?:/i, withResult(parseQmtPubUrc, (result, e) => ({ type: 'mqtt-pub', result, ...ex(e) }))],
  [/^\+C(E|G)?REG:/i, (l) => {
    // decodeUrc only sees unsolicited lines: '+CEREG: 2,…' leads with the state, never with <n>.
    const r = parseRegistration(l, {});
    return r.ok ? { type: 'registration', ...r.value } : { type: 'unknown', line: l, reason: r.problem.detail };
  }],
  [/^APP RDY$/i, () => ({ type: 'ready', word: 'APP RDY' })],
  [/^RDY$/i, () => ({ type: 'ready', word: 'RDY' })],
  [/^\+CFUN:\s*\d+$/i, (l) => ({ type: 'cfun', level: Number(afterPrefix(l, 'CFUN')) })],
  [/^\+CPIN:/i, (l) => {
    const state = (afterPrefix(l, 'CPIN') ?? '').toUpperCase();
    return { type: 'sim', state, ready: state === 'READY' };
  }],
  [/^\+QUSIM:\s*\d+$/i, (l) => ({ type: 'usim', value: Number(afterPrefix(l, 'QUSIM')) })],
  [/^\+QIND:/i, (l) => {
    const text = afterPrefix(l, 'QIND') ?? '';
    return { type: 'qind', text, phonebookDone: /^PB DONE$/i.test(text) };
  }],
];

/** Names of the URCs decodeUrc knows, for registering engine matchers ('QMTSTAT', 'RDY', …). */
export const URC_NAMES = ['QMTSTAT', 'QMTPING', 'QMTRECV', 'QMTOPEN', 'QMTCLOSE', 'QMTDISC', 'QMTCONN', 'QMTSUB', 'QMTUNS', 'QMTPUB', 'QMTPUBEX', 'CREG', 'CGREG', 'CEREG', 'RDY', 'APP RDY', 'CFUN', 'CPIN', 'QUSIM', 'QIND'] as const;

const noExplanation: Explain = () => undefined;

/**
 * Decodes one unsolicited line. A +QMTRECV with a length may span several lines: pass the whole
 * text (header, payload with its CR/LF, closing quote) as one string.
 */
export function decodeUrc(text: string): ModemEvent {
  return decodeWith(text, explain);
}

/** decodeUrc without the catalogue's explanation: for readers that keep none (the state fold), as the look-up costs per line. */
export function decodeUrcBare(text: string): ModemEvent {
  return decodeWith(text, noExplanation);
}

function decodeWith(text: string, how: Explain): ModemEvent {
  const line = text.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
  const trimmed = line.trim();
  for (const [re, decode] of DECODERS) {
    if (re.test(trimmed)) return decode(line.trimStart(), how) ?? { type: 'unknown', line: text, reason: 'fields do not match the URC' };
  }
  return { type: 'unknown', line: text };
}

/** True for lines decodeUrc turns into a known event (a matcher for AtEngine.onUrc). */
export const isModemUrc = (line: string): boolean => decodeUrcBare(line).type !== 'unknown';
