// The MQTT/TCP packets an AT exchange implies between the modem and the server (protocol.md §2.0),
// one handler per command. Result meanings come from the code catalogue (codes.ts), so the
// diagram and the explanations use the same words. Pure.
import type { ImpliedPacket } from '../model';
import { lookup } from './codes';
import type { CodeFamily } from '../codes-types';

/** Result URCs that complete an earlier command (protocol.md §3.3). Key: command name → URC prefixes. */
export const RESULT_URCS: Readonly<Record<string, readonly string[]>> = {
  QMTOPEN: ['QMTOPEN'],
  QMTCLOSE: ['QMTCLOSE'],
  QMTCONN: ['QMTCONN'],
  QMTDISC: ['QMTDISC'],
  QMTSUB: ['QMTSUB'],
  QMTUNS: ['QMTUNS'],
  // protocol.md §2.9: either prefix may answer either publish command.
  QMTPUB: ['QMTPUB', 'QMTPUBEX'],
  QMTPUBEX: ['QMTPUB', 'QMTPUBEX'],
};

/** Commands whose result URC also carries a msgID as its second field (protocol.md §3.3). */
export const HAS_MSG_ID: ReadonlySet<string> = new Set(['QMTSUB', 'QMTUNS', 'QMTPUB', 'QMTPUBEX']);

/** A catalogue meaning as a short phrase for a diagram label: 'Refused: bad user name or password.' → 'refused: bad user name or password'. */
export function shortMeaning(family: CodeFamily, code: string | number | undefined): string | undefined {
  if (code === undefined) return undefined;
  const m = lookup(family, code)?.meaning;
  if (!m) return undefined;
  return (m.charAt(0).toLowerCase() + m.slice(1)).replace(/\.$/, '');
}

/** The +QMTSTAT reason in words (protocol.md §3.1). */
export const statMeaning = (code: string | undefined): string | undefined => shortMeaning('qmtstat', code);

/** What is known about one exchange when its packets are drawn. */
export interface ImpliedInput {
  /** Command name ('QMTOPEN', 'QMTPUBEX'). */
  command: string;
  /** Its write parameters, unquoted. */
  args: readonly string[];
  /** The client uses TLS (QMTCFG "ssl"). */
  ssl: boolean;
  /** Retransmission notices seen (result 1). */
  retries: number;
  /** Fields of the result URC, once it came. */
  fields?: readonly string[];
  /** The +QMTSTAT code that ended the exchange instead of a result. */
  stat?: string;
  /** The exchange has ended (result, +QMTSTAT, timeout…). */
  settled: boolean;
  /** Why the result will never come ('missing (timed out)'), once known. */
  stopped?: string;
}

const m = (name: string, detail?: string): ImpliedPacket => ({ name, from: 'modem', ...(detail ? { detail } : {}) });
const s = (name: string, detail?: string): ImpliedPacket => ({ name, from: 'server', ...(detail ? { detail } : {}) });
const failed = (pk: ImpliedPacket, why: string): ImpliedPacket => ({ ...pk, failed: true, detail: pk.detail ? `${pk.detail} — ${why}` : why });
const uncertain = (pk: ImpliedPacket): ImpliedPacket => ({ ...pk, uncertain: true });

const isIpAddress = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');

/** The shared reading of an input: the result code, how it stopped, and the packets +QMTSTAT adds. */
interface Reading {
  result: string | undefined;
  stat: string | undefined;
  /** Why a missing answer is missing. */
  missing: string;
  /** Neither a result nor a reason yet: later packets are only expected. */
  unresolved: boolean;
  /** Why it stopped, from +QMTSTAT or the missing answer. */
  why: string;
  statTail: () => ImpliedPacket[];
}

function read(i: ImpliedInput): Reading {
  const result = i.fields ? (HAS_MSG_ID.has(i.command) ? i.fields[2] : i.fields[1]) : undefined;
  const missing = i.stopped ?? 'missing';
  return {
    result,
    stat: i.stat,
    missing,
    unresolved: !i.settled && i.stopped === undefined,
    why: i.stat ? statMeaning(i.stat) ?? `+QMTSTAT ${i.stat}` : missing,
    statTail: i.stat === '1' ? closedTail : i.stat === '2' ? pingTail : noTail,
  };
}

// The packets +QMTSTAT adds (fresh arrays per call): module functions, not a closure per reading.
const closedTail = (): ImpliedPacket[] => [failed(s('FIN/RST'), 'server closed the connection')];
const pingTail = (): ImpliedPacket[] => [m('PINGREQ'), failed(s('PINGRESP'), 'missing')];
const noTail = (): ImpliedPacket[] => [];

/** Appends the packets up to the one that failed; the failing one is drawn failed. */
function script(packets: readonly ImpliedPacket[], failAt: number | undefined, why: string): ImpliedPacket[] {
  if (failAt === undefined) return [...packets];
  const at = packets[failAt];
  return [...packets.slice(0, failAt), ...(at ? [failed(at, why)] : [])];
}

type Handler = (i: ImpliedInput, r: Reading) => ImpliedPacket[];

const open: Handler = (i, r) => {
  const host = i.args[1] ?? '';
  const packets: ImpliedPacket[] = [];
  if (!isIpAddress(host)) packets.push(m('DNS query', host), s('DNS answer'));
  const tcpAt = packets.length;
  packets.push(m('SYN'), s('SYN-ACK'), m('ACK'));
  const tlsAt = packets.length;
  if (i.ssl) packets.push(m('TLS ClientHello'), s('TLS ServerHello … ServerHelloDone'), m('TLS ClientKeyExchange … Finished'), s('TLS Finished'));
  const why = shortMeaning('qmtopen', r.result) ?? `result ${r.result ?? '?'}`;
  const linkAt = i.ssl ? tlsAt + 1 : tcpAt + 1;
  switch (r.result) {
    case '0':
      return packets;
    case '3':
      return [failed(m('PDP activation'), why)];
    case '1':
    case '2':
      return [failed(m('(nothing sent)'), why)];
    case '4':
      return script(packets, tcpAt > 0 ? 1 : 0, why);
    case '-1':
    case '5':
      return script(packets, linkAt, why);
    default:
      if (r.unresolved) return packets.map(uncertain);
      return script(packets, linkAt, r.why);
  }
};

const conn: Handler = (i, r) => {
  const clientId = i.args[1] ?? '';
  const out: ImpliedPacket[] = [m('CONNECT', clientId ? `client id ${clientId}` : undefined)];
  for (let k = 0; k < i.retries; k++) out.push(m('CONNECT', `resent (${k + 1})`));
  const last = out.length - 1;
  if (r.result === '0') {
    const ret = i.fields?.[2];
    const meaning = shortMeaning('connack', ret ?? '0') ?? `return code ${ret ?? '?'}`;
    const connack = s('CONNACK', `${ret ?? '0'} ${meaning}`);
    return [...out, ret && ret !== '0' ? { ...connack, failed: true } : connack];
  }
  if (r.result === '2') return [...out.slice(0, last), failed(out[last] as ImpliedPacket, 'could not be sent')];
  if (r.stat === '3') return [...out.slice(0, last), failed(out[last] as ImpliedPacket, statMeaning('3') ?? '')];
  if (r.unresolved) return [...out, uncertain(s('CONNACK', 'awaited'))];
  return [...out, failed(s('CONNACK'), r.why), ...(r.stat === '1' ? r.statTail() : [])];
};

const subOrUnsub: Handler = (i, r) => {
  const isSub = i.command === 'QMTSUB';
  const filters = isSub ? i.args.slice(2).filter((_, k) => k % 2 === 0) : i.args.slice(2);
  const req = m(isSub ? 'SUBSCRIBE' : 'UNSUBSCRIBE', `msgID ${i.args[1] ?? '?'} ${filters.join(', ')}`.trim());
  const out: ImpliedPacket[] = [req];
  for (let k = 0; k < i.retries; k++) out.push(m(req.name, `resent with DUP (${k + 1})`));
  const ack = isSub ? 'SUBACK' : 'UNSUBACK';
  if (r.result === '0') {
    const granted = (i.fields ?? []).slice(3);
    const refused = granted.includes('128');
    const detail = isSub && granted.length ? `granted ${granted.map((g) => (g === '128' ? '0x80 refused' : `QoS ${g}`)).join(', ')}` : undefined;
    const pk = s(ack, detail);
    return [...out, refused ? { ...pk, failed: true } : pk];
  }
  if (r.result === '2') return [...out.slice(0, -1), failed(req, 'could not be sent')];
  if (r.unresolved) return [...out, uncertain(s(ack))];
  return [...out, failed(s(ack), r.why), ...r.statTail()];
};

const publish: Handler = (i, r) => {
  const a = i.args;
  const msgId = a[1] ?? '0';
  const qos = a[2] ?? '0';
  const topic = a[4] ?? '';
  const pub = m('PUBLISH', `QoS ${qos}${msgId !== '0' ? ` msgID ${msgId}` : ''}${a[3] === '1' ? ' retain' : ''} ${topic}`.trim());
  const acks: ImpliedPacket[] = qos === '1' ? [s('PUBACK')] : qos === '2' ? [s('PUBREC'), m('PUBREL'), s('PUBCOMP')] : [];
  // Retransmissions resend the PUBLISH with DUP=1 (protocol.md §2.0).
  const resent = Array.from({ length: i.retries }, (_, k) => m('PUBLISH', `resent with DUP=1 (${k + 1})`));
  if (r.result === '0') return [pub, ...resent, ...acks];
  if (r.result === '2') return [failed(pub, 'could not be sent'), ...resent];
  if (r.unresolved) return [pub, ...resent, ...acks.map(uncertain)];
  if (qos === '0') return [failed(pub, r.stat ? statMeaning(r.stat) ?? '' : r.missing)];
  const next = acks[0];
  return [pub, ...resent, ...(next ? [failed(next, r.why)] : []), ...r.statTail()];
};

const disc: Handler = (_i, r) => {
  if (r.result === '0') return [m('DISCONNECT'), m('FIN')];
  if (r.unresolved) return [uncertain(m('DISCONNECT')), uncertain(m('FIN'))];
  return [failed(m('DISCONNECT'), r.result === '-1' ? 'disconnect failed' : r.stat ? statMeaning(r.stat) ?? '' : r.missing)];
};

const close: Handler = (_i, r) => {
  if (r.result === '0') return [m('FIN')];
  if (r.unresolved) return [uncertain(m('FIN'))];
  return [failed(m('FIN'), r.result === '-1' ? 'close failed' : r.missing)];
};

const HANDLERS: Readonly<Record<string, Handler>> = {
  QMTOPEN: open,
  QMTCONN: conn,
  QMTSUB: subOrUnsub,
  QMTUNS: subOrUnsub,
  QMTPUB: publish,
  QMTPUBEX: publish,
  QMTDISC: disc,
  QMTCLOSE: close,
};

/** The packets an exchange of `input.command` implies so far ([] for commands that send none). */
export function impliedPackets(input: ImpliedInput): ImpliedPacket[] {
  const h = HANDLERS[input.command];
  return h ? h(input, read(input)) : [];
}

/** Packets implied by a URC nobody asked for (protocol.md §2.0 last rows, §3.1, §3.2), and whether it reports a failure. */
export function unsolicitedPackets(name: string, fields: readonly string[]): { packets: ImpliedPacket[]; failed: boolean } {
  if (name === 'QMTRECV') {
    if (fields.length <= 2) return { packets: [s('PUBLISH', `stored in slot ${fields[1] ?? '?'} (read with AT+QMTRECV)`)], failed: false };
    const msgId = fields[1] ?? '0';
    const pub = s('PUBLISH', `msgID ${msgId} ${fields[2] ?? ''}`.trim());
    if (msgId === '0') return { packets: [{ ...pub, detail: `${pub.detail ?? ''} (QoS 0)` }], failed: false };
    return { packets: [pub, uncertain(m('PUBACK or PUBREC/PUBREL/PUBCOMP', 'QoS 1 or 2: the URC does not say which'))], failed: false };
  }
  if (name === 'QMTSTAT') {
    const code = fields[1] ?? '';
    const why = statMeaning(code) ?? `code ${code}`;
    switch (code) {
      case '1':
        return { packets: [failed(s('FIN/RST'), why)], failed: true };
      case '2':
        return { packets: [m('PINGREQ'), failed(s('PINGRESP'), 'missing')], failed: true };
      case '5':
        return { packets: [s('FIN', why)], failed: false };
      default:
        return { packets: [failed(s('link lost'), why)], failed: true };
    }
  }
  if (name === 'QMTPING') return { packets: [m('PINGREQ'), failed(s('PINGRESP'), 'missing')], failed: true };
  return { packets: [], failed: false };
}
