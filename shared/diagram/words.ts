// The diagram's own words in a reader's language: group titles ("took", "unsolicited", the
// outcome), the implied packets' details, the failure notes and the lane heads. MQTT packet names,
// AT commands, result lines and codes stay as they are; the words around them are translated.
// English never comes through here: layout.ts keeps its own English templates (a session of a
// million exchanges is laid out without a message lookup per group).
import type { Exchange, ImpliedPacket } from '../model';
import { translator, type Lang, type Translate } from '../i18n';
import { catalogueMessageId } from '../i18n/messages/catalogue';
import { catalogue } from '../protocol/codes';
import { localizeProblem, msgIn } from '../protocol/localize';
import type { Lane } from './layout';

export interface DiagramWords {
  /** 't=1.2 s · AT+QMTOPEN=… · error · took 850 ms'. */
  title(x: Pick<Exchange, 'kind' | 'outcome'>, at: string, command: string, took: string | undefined): string;
  /** 'CONNACK (4 bad user name or password)'. */
  implied(p: ImpliedPacket): string;
  /** The failure note: 'error: <the problem's title>' (a laptop probe's verdict) and its next step. */
  note(x: Pick<Exchange, 'outcome' | 'problem' | 'verdictMsg'>, fallback: string): { title: string; nextStep: string };
  lane(lane: Lane): string;
}

export function outcomeWords(outcome: Exchange['outcome'], t: Translate): string {
  switch (outcome) {
    case 'ok': return t('diagram.outcomeOk');
    case 'error': return t('diagram.outcomeError');
    case 'timeout': return t('diagram.outcomeTimeout');
    case 'pending': return t('diagram.outcomePending');
    case 'port-lost': return t('diagram.outcomePortLost');
    case 'reboot': return t('diagram.outcomeReboot');
    case 'cancelled': return t('diagram.outcomeCancelled');
    default: return outcome;
  }
}

export function laneWords(lane: Lane, t: Translate): string {
  switch (lane) {
    case 'host': return t('diagram.laneHost');
    case 'modem': return t('diagram.laneModem');
    case 'server': return t('diagram.laneServer');
    default: return t('diagram.laneLaptop');
  }
}

/** Packet "names" that are words, not MQTT/TCP packet names. */
function nameWords(name: string, t: Translate): string {
  switch (name) {
    case 'DNS query': return t('diagram.pkDnsQuery');
    case 'DNS answer': return t('diagram.pkDnsAnswer');
    case 'PDP activation': return t('diagram.pkPdp');
    case '(nothing sent)': return t('diagram.pkNothing');
    case 'link lost': return t('diagram.pkLinkLost');
    case 'PUBACK or PUBREC/PUBREL/PUBCOMP': return t('diagram.pkQos12Acks');
    default: return name;
  }
}

/** The catalogue's short meanings (shared/protocol/implied.ts shortMeaning) → the same in `t`'s language. */
function shortMeanings(t: Translate): Map<string, string> {
  const out = new Map<string, string>();
  const short = (m: string) => (m.charAt(0).toLowerCase() + m.slice(1)).replace(/[.。]$/, '');
  for (const e of catalogue) {
    if (e.family !== 'qmtopen' && e.family !== 'connack' && e.family !== 'qmtstat') continue;
    out.set(short(e.meaning), t(`catalogue.${catalogueMessageId(`${e.family}.${e.code}`)}_m`).replace(/[.。]$/, ''));
  }
  return out;
}

/** One part of an implied packet's detail (they are joined by ' — '); a part no pattern knows stays. */
function detailPart(part: string, t: Translate, meanings: Map<string, string>): string {
  const known = meanings.get(part);
  if (known) return known;
  let m: RegExpExecArray | null;
  if ((m = /^(.*) \(QoS 0\)$/.exec(part))) return t('diagram.dQos0', { detail: m[1] ? detailPart(m[1], t, meanings) : '' }).trim();
  if ((m = /^(-?\d+) (.+)$/.exec(part)) && meanings.has(m[2]!)) return t('diagram.dCodeMeaning', { code: m[1]!, meaning: meanings.get(m[2]!)! });
  if ((m = /^client id (.*)$/.exec(part))) return t('diagram.dClientId', { id: m[1]! });
  if ((m = /^resent \((\d+)\)$/.exec(part))) return t('diagram.dResent', { n: Number(m[1]) });
  if ((m = /^resent with (DUP|DUP=1) \((\d+)\)$/.exec(part))) return t('diagram.dResentDup', { dup: m[1]!, n: Number(m[2]) });
  if ((m = /^granted (.+)$/.exec(part))) return t('diagram.dGranted', { list: m[1]!.split(', ').map((g) => (g === '0x80 refused' ? t('diagram.dRefused80') : g)).join(t('diagram.dListSep')) });
  if ((m = /^stored in slot (\S+) \(read with (AT\+QMTRECV)\)$/.exec(part))) return t('diagram.dStored', { slot: m[1]!, command: m[2]! });
  if ((m = /^missing \((timed out|port closed|superseded)\)$/.exec(part))) return t(m[1] === 'timed out' ? 'diagram.dMissingTimeout' : m[1] === 'port closed' ? 'diagram.dMissingPortClosed' : 'diagram.dMissingSuperseded');
  if ((m = /^(result|return code|code) (.+)$/.exec(part))) return t(m[1] === 'result' ? 'diagram.dResult' : m[1] === 'code' ? 'diagram.dCode' : 'diagram.dReturnCode', { code: m[2]! });
  switch (part) {
    case 'awaited': return t('diagram.dAwaited');
    case 'could not be sent': return t('diagram.dNotSent');
    case 'missing': return t('diagram.dMissing');
    case 'server closed the connection': return t('diagram.dServerClosed');
    case 'QoS 1 or 2: the URC does not say which': return t('diagram.dQosUnknown');
    case 'disconnect failed': return t('diagram.dDisconnectFailed');
    case 'close failed': return t('diagram.dCloseFailed');
    case 'probably retained (right after the SUBACK)': return t('diagram.dRetained');
    default: return part;
  }
}

const cache = new Map<Lang, DiagramWords>();

/** The diagram's words in `lang` (undefined for English: the layout's own templates). */
export function diagramWords(lang: Lang): DiagramWords | undefined {
  if (lang === 'en') return undefined;
  let w = cache.get(lang);
  if (w) return w;
  const t = translator(lang);
  const meanings = shortMeanings(t);
  w = {
    title(x, at, command, took) {
      if (x.kind === 'power-up') return t('diagram.titlePowerUp', { at });
      if (x.kind === 'urc') return t('diagram.titleUrc', { at, command });
      // 'laptop probe broker.example.net:8883 (TLS)' (shared/exchanges.ts onLaptopProbe).
      const probe = x.kind === 'laptop' ? /^laptop probe (.+?)( \(TLS\))?$/.exec(command) : null;
      if (probe) command = t('diagram.laptopProbe', { target: probe[1]!, tls: probe[2] ? 'yes' : 'no' });
      const outcome = outcomeWords(x.outcome, t);
      return took === undefined ? t('diagram.titleCommand', { at, command, outcome }) : t('diagram.titleCommandTook', { at, command, outcome, took });
    },
    implied(p) {
      const name = nameWords(p.name, t);
      const detail = p.detailMsg ? msgIn(lang, p.detailMsg, p.detail) : p.detail ? p.detail.split(' — ').map((part) => detailPart(part, t, meanings)).join(' — ') : '';
      return t('diagram.packet', { name, detail, hasDetail: detail ? 'yes' : 'no', uncertain: p.uncertain ? 'yes' : 'no' });
    },
    note(x, fallback) {
      const outcome = outcomeWords(x.outcome, t);
      if (x.verdictMsg) return { title: t('diagram.noteTitle', { outcome, title: msgIn(lang, x.verdictMsg.title) }), nextStep: msgIn(lang, x.verdictMsg.nextStep) };
      const p = x.problem ? localizeProblem(x.problem, lang) : undefined;
      return { title: t('diagram.noteTitle', { outcome, title: p ? p.title : fallback }), nextStep: p?.nextStep ?? '' };
    },
    lane: (lane) => laneWords(lane, t),
  };
  cache.set(lang, w);
  return w;
}
