// Typed builders and parsers for the Quectel MQTT AT commands (AT+QMT*), following
// docs/protocol.md. Builders return the AtRequest the engine sends; parsers read
// one response form each, with the wire shape in their first comment. Pure: no I/O, no engine.
// A malformed argument is a programmer error and throws TypeError naming the field; a line the
// modem sent that cannot be read is an Outcome failure.
import { ok, type Outcome } from '../../shared/outcome';
import type { AtRequest } from '../at/types';
import { lookup } from './codes';
import { afterPrefix, fieldsOf, intFields, isQuoted, linesWith, parseFail, splitFields, toInt, unquote, utf8 } from './fields';

// ---------------------------------------------------------------------------------------------
// Argument checks (programmer errors)

function checkInt(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new TypeError(`"${field}" must be an integer ${min}–${max}, got ${String(v)}`);
  return v;
}
/** Quoted AT strings cannot carry '"' (no escaping exists, protocol.md §2); CR/LF would end the command. */
function checkStr(field: string, v: unknown, opts: { allowEmpty?: boolean; maxBytes?: number } = {}): string {
  if (typeof v !== 'string') throw new TypeError(`"${field}" must be a string`);
  if (!opts.allowEmpty && v === '') throw new TypeError(`"${field}" must not be empty`);
  if (/["\r\n]/.test(v)) throw new TypeError(`"${field}" must not contain '"', CR or LF (AT strings have no escaping)`);
  if (opts.maxBytes !== undefined && utf8(v).length > opts.maxBytes) throw new TypeError(`"${field}" must be at most ${opts.maxBytes} bytes`);
  return v;
}
const q = (s: string): string => `"${s}"`;
export const checkClient = (v: unknown): number => checkInt('client', v, 0, 5);

const none = { kind: 'none' } as const;
const single = (prefix: string) => ({ kind: 'single', prefix }) as const;
const multi = (prefix: string) => ({ kind: 'multi', prefix }) as const;

// ---------------------------------------------------------------------------------------------
// Test forms: '+QMTOPEN: (0-5),"<host_name>",(1-65535)' — protocol.md §2.x test rows.

/** One parameter of a test-form line: a list of ranges, or a placeholder name. */
export type TestParam = { kind: 'range'; values: Array<{ from: number; to: number }> } | { kind: 'name'; name: string };

/** '(0-5)' → 0..5; '(3,4)' → 3,3 and 4,4; '"topic"' → name. Unknown shapes become names. */
export function parseTestParam(f: string): TestParam {
  const m = /^\((.*)\)$/.exec(f.trim());
  if (m?.[1] !== undefined) {
    const values: Array<{ from: number; to: number }> = [];
    for (const part of m[1].split(',')) {
      const r = /^\s*(-?\d+)\s*(?:-\s*(-?\d+))?\s*$/.exec(part);
      if (!r?.[1]) return { kind: 'name', name: f };
      values.push({ from: Number(r[1]), to: Number(r[2] ?? r[1]) });
    }
    return { kind: 'range', values };
  }
  return { kind: 'name', name: unquote(f) };
}

/** '+NAME: p1,p2,…' (test form) → parameters. */
export function parseTestLine(line: string, name: string): Outcome<TestParam[]> {
  const f = fieldsOf(line, name, `${name} test`);
  return f.ok ? ok(f.value.map(parseTestParam)) : f;
}

/** AT+QMTCFG=? — one '+QMTCFG: "<option>",(0-5),…' line per option → option → parameters after the idx. */
export function parseQmtCfgTest(lines: readonly string[]): Outcome<Record<string, TestParam[]>> {
  const out: Record<string, TestParam[]> = {};
  for (const rest of linesWith(lines, 'QMTCFG')) {
    const fields = splitFields(rest);
    const opt = fields[0];
    if (!opt || !isQuoted(opt)) return parseFail('QMTCFG test', rest, 'option name missing');
    out[unquote(opt).toLowerCase()] = fields.slice(2).map(parseTestParam);
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------
// AT+QMTCFG options — protocol.md §2.1.1–§2.1.10. A write that stops after <client_idx> is a query,
// answered WITHOUT the idx: '+QMTCFG: "<opt>",<values…>'.

type CfgParam = { name: string; kind: 'int'; min: number; max: number } | { name: string; kind: 'string' };
const int = (name: string, min: number, max: number): CfgParam => ({ name, kind: 'int', min, max });
const str = (name: string): CfgParam => ({ name, kind: 'string' });

export const QMTCFG_OPTIONS = {
  version: [int('vsn', 3, 4)], // protocol.md §2.1.1
  pdpcid: [int('cid', 1, 16)], // protocol.md §2.1.2
  ssl: [int('enable', 0, 1), int('ctx', 0, 5)], // protocol.md §2.1.3
  keepalive: [int('seconds', 0, 3600)], // protocol.md §2.1.4
  session: [int('clean', 0, 1)], // protocol.md §2.1.5
  // protocol.md §2.1.6: retry range Uncertain (1–10 in 2018, 0–10 later): accept 0–10.
  timeout: [int('pktTimeout', 1, 60), int('retryTimes', 0, 10), int('timeoutNotice', 0, 1)],
  will: [int('flag', 0, 1), int('qos', 0, 2), int('retain', 0, 1), str('topic'), str('message')], // protocol.md §2.1.7
  'recv/mode': [int('mode', 0, 1), int('lengthEnable', 0, 1)], // protocol.md §2.1.8
  aliauth: [str('productKey'), str('deviceName'), str('deviceSecret')], // protocol.md §2.1.9
  // protocol.md §2.1.10, later firmware; ranges partly Uncertain (driver code only), kept permissive.
  qmtping: [int('interval', 1, 3600)],
  'send/mode': [int('mode', 0, 1)],
  dataformat: [int('sendMode', 0, 1), int('recvMode', 0, 1)],
  'view/mode': [int('mode', 0, 1)],
  'edit/timeout': [int('mode', 0, 1), int('seconds', 1, 120)],
  willex: [int('flag', 0, 1), int('qos', 0, 2), int('retain', 0, 1), str('topic'), int('length', 0, 65535)],
} as const satisfies Record<string, CfgParam[]>;

export type QmtCfgOption = keyof typeof QMTCFG_OPTIONS;

/** AT+QMTCFG="<opt>",<idx>[,<values…>]; no values → the query form (expects '+QMTCFG:'). */
export function buildQmtCfg(option: QmtCfgOption, client: number, values: ReadonlyArray<number | string> = []): AtRequest {
  const spec: readonly CfgParam[] | undefined = QMTCFG_OPTIONS[option];
  if (!spec) throw new TypeError(`"option" must be one of ${Object.keys(QMTCFG_OPTIONS).join(', ')}`);
  checkClient(client);
  if (values.length > spec.length) throw new TypeError(`"values" has ${values.length} items; "${option}" takes at most ${spec.length}`);
  const parts = values.map((v, i) => {
    const p = spec[i];
    if (!p) throw new TypeError(`"values" item ${i} is not a parameter of "${option}"`);
    return p.kind === 'int' ? String(checkInt(p.name, v, p.min, p.max)) : q(checkStr(p.name, v, { allowEmpty: true }));
  });
  const text = `AT+QMTCFG=${[q(option), String(client), ...parts].join(',')}`;
  return values.length === 0 ? { text, expect: single('+QMTCFG:') } : { text, expect: none };
}

/** Typed shortcuts for the options a bring-up sets. */
export const qmtCfg = {
  version: (client: number, vsn: 3 | 4) => buildQmtCfg('version', client, [vsn]),
  pdpcid: (client: number, cid: number) => buildQmtCfg('pdpcid', client, [cid]),
  ssl: (client: number, enable: boolean, ctx = 0) => buildQmtCfg('ssl', client, enable ? [1, ctx] : [0]),
  keepalive: (client: number, seconds: number) => buildQmtCfg('keepalive', client, [seconds]),
  session: (client: number, clean: boolean) => buildQmtCfg('session', client, [clean ? 1 : 0]),
  timeout: (client: number, pktTimeout: number, retryTimes: number, notice = false) => buildQmtCfg('timeout', client, [pktTimeout, retryTimes, notice ? 1 : 0]),
  will: (client: number, will: { qos: 0 | 1 | 2; retain: boolean; topic: string; message: string } | undefined) =>
    buildQmtCfg('will', client, will ? [1, will.qos, will.retain ? 1 : 0, checkStr('will.topic', will.topic), will.message] : [0]),
  recvMode: (client: number, buffered: boolean, lengthField: boolean) => buildQmtCfg('recv/mode', client, [buffered ? 1 : 0, lengthField ? 1 : 0]),
  aliauth: (client: number, t: { productKey: string; deviceName: string; deviceSecret: string }) => buildQmtCfg('aliauth', client, [t.productKey, t.deviceName, t.deviceSecret]),
  query: (option: QmtCfgOption, client: number) => buildQmtCfg(option, client),
};

export interface QmtCfgValue {
  option: string;
  /** Values by parameter name; strings unquoted. Missing trailing fields are absent (protocol.md quirk 3). */
  values: Record<string, number | string>;
}

/** '+QMTCFG: "keepalive",120' (query answer, no idx) → {option, values}. */
export function parseQmtCfgQuery(line: string): Outcome<QmtCfgValue> {
  const f = fieldsOf(line, 'QMTCFG', 'QMTCFG query');
  if (!f.ok) return f;
  const [optField, ...rest] = f.value;
  if (!optField || !isQuoted(optField)) return parseFail('QMTCFG query', line, 'option name missing');
  const option = unquote(optField).toLowerCase();
  const spec: readonly CfgParam[] | undefined = (QMTCFG_OPTIONS as Record<string, readonly CfgParam[]>)[option];
  const values: Record<string, number | string> = {};
  rest.forEach((raw, i) => {
    const p = spec?.[i];
    const name = p?.name ?? `p${i}`;
    const n = toInt(raw);
    values[name] = p?.kind === 'string' || n === undefined ? unquote(raw) : n;
  });
  return ok({ option, values });
}

// ---------------------------------------------------------------------------------------------
// AT+QMTOPEN — protocol.md §2.2

export function buildQmtOpen(a: { client: number; host: string; port: number }): AtRequest {
  checkClient(a.client);
  checkStr('host', a.host, { maxBytes: 100 });
  checkInt('port', a.port, 1, 65535);
  return { text: `AT+QMTOPEN=${a.client},${q(a.host)},${a.port}`, expect: none };
}
export const buildQmtOpenRead = (): AtRequest => ({ text: 'AT+QMTOPEN?', expect: multi('+QMTOPEN:') });
export const buildQmtOpenTest = (): AtRequest => ({ text: 'AT+QMTOPEN=?', expect: single('+QMTOPEN:') });

/** AT+QMTOPEN? — '+QMTOPEN: <idx>,"<host>",<port>' per opened client; bare OK when none (protocol.md quirk 12). */
export function parseQmtOpenRead(lines: readonly string[]): Outcome<Array<{ client: number; host: string; port: number }>> {
  const out: Array<{ client: number; host: string; port: number }> = [];
  for (const rest of linesWith(lines, 'QMTOPEN')) {
    const [c, h, p] = splitFields(rest);
    const client = toInt(c);
    // Some old firmware quotes the port (protocol.md quirk 9).
    const port = toInt(p === undefined ? undefined : unquote(p));
    if (client === undefined || h === undefined || port === undefined) return parseFail('QMTOPEN read', rest, 'expected <idx>,"<host>",<port>');
    out.push({ client, host: unquote(h), port });
  }
  return ok(out);
}

/** A parsed result URC: the code and whether the catalogue counts it as success. */
export interface ResultUrc {
  client: number;
  result: number;
  success: boolean;
}

function resultUrc(line: string, name: string, family: 'qmtopen' | 'qmtclose' | 'qmtdisc'): Outcome<ResultUrc> {
  const f = fieldsOf(line, name, name);
  if (!f.ok) return f;
  const n = intFields(f.value, 2);
  if (!n || n.length !== 2) return parseFail(name, line, 'expected <idx>,<result>');
  const [client = 0, result = 0] = n;
  return ok({ client, result, success: lookup(family, result)?.success ?? false });
}

/** '+QMTOPEN: <idx>,<result>' — result −1..5, 0 opened (protocol.md §3.3). */
export const parseQmtOpenUrc = (line: string): Outcome<ResultUrc> => resultUrc(line, 'QMTOPEN', 'qmtopen');
/** '+QMTCLOSE: <idx>,<result>' — −1 failed, 0 closed (protocol.md §3.3). */
export const parseQmtCloseUrc = (line: string): Outcome<ResultUrc> => resultUrc(line, 'QMTCLOSE', 'qmtclose');
/** '+QMTDISC: <idx>,<result>' — −1 failed, 0 disconnected (protocol.md §3.3). */
export const parseQmtDiscUrc = (line: string): Outcome<ResultUrc> => resultUrc(line, 'QMTDISC', 'qmtdisc');

// ---------------------------------------------------------------------------------------------
// AT+QMTCLOSE / AT+QMTDISC — protocol.md §2.3, §2.5

export const buildQmtClose = (client: number): AtRequest => ({ text: `AT+QMTCLOSE=${checkClient(client)}`, expect: none });
export const buildQmtDisc = (client: number): AtRequest => ({ text: `AT+QMTDISC=${checkClient(client)}`, expect: none });

// ---------------------------------------------------------------------------------------------
// AT+QMTCONN — protocol.md §2.4

export function buildQmtConn(a: { client: number; clientId: string; username?: string; password?: string }): AtRequest {
  checkClient(a.client);
  const parts = [String(a.client), q(checkStr('clientId', a.clientId))];
  if (a.password !== undefined && a.username === undefined) throw new TypeError('"username" is required when "password" is given (protocol.md §2.4)');
  if (a.username !== undefined) parts.push(q(checkStr('username', a.username, { allowEmpty: true })));
  if (a.password !== undefined) parts.push(q(checkStr('password', a.password, { allowEmpty: true })));
  return { text: `AT+QMTCONN=${parts.join(',')}`, expect: none };
}
export const buildQmtConnRead = (): AtRequest => ({ text: 'AT+QMTCONN?', expect: multi('+QMTCONN:') });

export const QMTCONN_STATES: Record<number, string> = { 1: 'initializing', 2: 'connecting', 3: 'connected', 4: 'disconnecting' }; // protocol.md §2.4

/** AT+QMTCONN? — '+QMTCONN: <idx>,<state>' per opened client (1 init, 2 connecting, 3 connected, 4 disconnecting). */
export function parseQmtConnRead(lines: readonly string[]): Outcome<Array<{ client: number; state: number; stateName: string }>> {
  const out: Array<{ client: number; state: number; stateName: string }> = [];
  for (const rest of linesWith(lines, 'QMTCONN')) {
    const n = intFields(splitFields(rest), 2);
    if (!n || n.length !== 2) return parseFail('QMTCONN read', rest, 'expected <idx>,<state>');
    const [client = 0, state = 0] = n;
    out.push({ client, state, stateName: QMTCONN_STATES[state] ?? 'unknown' });
  }
  return ok(out);
}

export interface ConnResult extends ResultUrc {
  /** CONNACK return code; present only when result is 0 (protocol.md quirk 3). */
  connack?: number;
}

/** '+QMTCONN: <idx>,<result>[,<ret_code>]' — 2 or 3 fields; success only when result 0 and CONNACK 0. */
export function parseQmtConnUrc(line: string): Outcome<ConnResult> {
  const f = fieldsOf(line, 'QMTCONN', 'QMTCONN');
  if (!f.ok) return f;
  const n = intFields(f.value, 2);
  if (!n || n.length > 3) return parseFail('QMTCONN', line, 'expected <idx>,<result>[,<ret_code>]');
  const [client = 0, result = 0, connack] = n;
  // result 0 with ret_code ≠ 0 is a refused connect (protocol.md §3.4); a missing ret_code with result 0 is read as accepted.
  const success = result === 0 && (connack === undefined || connack === 0);
  return ok({ client, result, success, ...(connack !== undefined ? { connack } : {}) });
}

// ---------------------------------------------------------------------------------------------
// AT+QMTSUB / AT+QMTUNS — protocol.md §2.6, §2.7

export function buildQmtSub(a: { client: number; msgId: number; topics: ReadonlyArray<{ topic: string; qos: 0 | 1 | 2 }> }): AtRequest {
  checkClient(a.client);
  checkInt('msgId', a.msgId, 1, 65535);
  // The most topics per command is Uncertain (5 in one note, 8 on Alibaba Cloud): not limited here,
  // the module answers ERROR when it has too many.
  if (!Array.isArray(a.topics) || a.topics.length === 0) throw new TypeError('"topics" must list at least one topic');
  const pairs = a.topics.map((t, i) => `${q(checkStr(`topics[${i}].topic`, t.topic))},${checkInt(`topics[${i}].qos`, t.qos, 0, 2)}`);
  return { text: `AT+QMTSUB=${a.client},${a.msgId},${pairs.join(',')}`, expect: none };
}

export function buildQmtUns(a: { client: number; msgId: number; topics: readonly string[] }): AtRequest {
  checkClient(a.client);
  checkInt('msgId', a.msgId, 1, 65535);
  if (!Array.isArray(a.topics) || a.topics.length === 0) throw new TypeError('"topics" must list at least one topic');
  const topics = a.topics.map((t, i) => q(checkStr(`topics[${i}]`, t)));
  return { text: `AT+QMTUNS=${a.client},${a.msgId},${topics.join(',')}`, expect: none };
}

export interface AckResult extends ResultUrc {
  msgId: number;
  /** SUB result 0: granted QoS per topic (128 = refused); result 1: retransmission count. */
  values: number[];
  /** Which command's prefix carried it (publish results may come as either, protocol.md quirk 8). */
  prefix: string;
  /** SUBACK granting some filters and refusing others (128): success is false, the granted filters work. */
  partial?: boolean;
}

function ackUrc(line: string, names: readonly string[], family: 'qmtsub' | 'qmtuns' | 'qmtpub'): Outcome<AckResult> {
  const name = names.find((n) => afterPrefix(line, n) !== undefined);
  if (!name) return parseFail(names[0] ?? family, line, `expected +${names.join(' or +')}:`);
  const f = fieldsOf(line, name, name);
  if (!f.ok) return f;
  const n = intFields(f.value, 3);
  if (!n) return parseFail(name, line, 'expected <idx>,<msgID>,<result>[,<value>…]');
  const [client = 0, msgId = 0, result = 0, ...values] = n;
  const refused = family === 'qmtsub' && result === 0 && values.includes(128);
  const partial = refused && values.some((v) => v !== 128);
  return ok({ client, msgId, result, values, prefix: name, success: !refused && (lookup(family, result)?.success ?? false), ...(partial ? { partial } : {}) });
}

/** '+QMTSUB: <idx>,<msgID>,<result>[,<value>…]' — several values for multi-topic subscribes; 128 = refused. */
export const parseQmtSubUrc = (line: string): Outcome<AckResult> => ackUrc(line, ['QMTSUB'], 'qmtsub');
/** '+QMTUNS: <idx>,<msgID>,<result>[,<value>]'. */
export const parseQmtUnsUrc = (line: string): Outcome<AckResult> => ackUrc(line, ['QMTUNS'], 'qmtuns');
/** '+QMTPUB: <idx>,<msgID>,<result>[,<value>]' or the same with '+QMTPUBEX:' (protocol.md quirk 8). */
export const parseQmtPubUrc = (line: string): Outcome<AckResult> => ackUrc(line, ['QMTPUBEX', 'QMTPUB'], 'qmtpub');

// ---------------------------------------------------------------------------------------------
// Publish — protocol.md §2.8, §2.9

/**
 * 'prompt': `…,"<topic>"` then '> ', payload, ^Z (2.8a / 2.9c — every EC2x firmware);
 * 'fixed': `…,"<topic>",<len>` then '> ' and exactly len UTF-8 bytes (2.8b / 2.9a);
 * 'inline': `…,"<topic>","<msg>"` with no prompt (2.8c / 2.9b; Uncertain on EC2x).
 */
export type PublishForm = 'prompt' | 'fixed' | 'inline';

export interface PublishArgs {
  client: number;
  /** 0 for QoS 0; 1–65535 for QoS 1/2 (protocol.md §2). */
  msgId: number;
  qos: 0 | 1 | 2;
  retain: boolean;
  topic: string;
  payload: string | Uint8Array;
  form: PublishForm;
  /** 'QMTPUBEX' defaults to the fixed form on later firmware; both names take every form here. */
  command?: 'QMTPUB' | 'QMTPUBEX';
}

/** Length limit of the fixed form: Uncertain (1500 on older notes, 4096 on BG9x); the larger one is allowed. */
export const MAX_FIXED_PAYLOAD = 4096;

export function buildQmtPublish(a: PublishArgs): AtRequest {
  checkClient(a.client);
  checkInt('qos', a.qos, 0, 2);
  if (a.qos === 0) checkInt('msgId', a.msgId, 0, 0);
  else checkInt('msgId', a.msgId, 1, 65535);
  checkStr('topic', a.topic);
  const cmd = a.command ?? 'QMTPUB';
  if (cmd !== 'QMTPUB' && cmd !== 'QMTPUBEX') throw new TypeError('"command" must be QMTPUB or QMTPUBEX');
  const head = `AT+${cmd}=${a.client},${a.msgId},${a.qos},${a.retain ? 1 : 0},${q(a.topic)}`;
  const bytes = typeof a.payload === 'string' ? utf8(a.payload) : a.payload;
  if (!(bytes instanceof Uint8Array)) throw new TypeError('"payload" must be a string or Uint8Array');
  switch (a.form) {
    case 'prompt':
      // ^Z sends and ESC cancels, so neither may appear inside the message (protocol.md §2.8a).
      if (bytes.includes(0x1a) || bytes.includes(0x1b)) throw new TypeError('"payload" must not contain 0x1A or 0x1B in the prompt form; use the fixed form');
      return { text: head, expect: none, payload: { bytes, end: 'ctrl-z' } };
    case 'fixed':
      // Exactly <len> UTF-8 bytes, no terminator: an added CR/LF would be payload (protocol.md quirk 7).
      checkInt('payload length', bytes.length, 1, MAX_FIXED_PAYLOAD);
      return { text: `${head},${bytes.length}`, expect: none, payload: { bytes, end: 'fixed-length' } };
    case 'inline': {
      if (typeof a.payload !== 'string') throw new TypeError('"payload" must be a string in the inline form');
      return { text: `${head},${q(checkStr('payload', a.payload, { allowEmpty: true }))}`, expect: none };
    }
    default:
      throw new TypeError('"form" must be prompt, fixed or inline');
  }
}

// ---------------------------------------------------------------------------------------------
// AT+QMTRECV — protocol.md §2.10, §3.2

export const buildQmtRecvRead = (): AtRequest => ({ text: 'AT+QMTRECV?', expect: multi('+QMTRECV:') });
export function buildQmtRecv(client: number, recvId?: number): AtRequest {
  checkClient(client);
  const text = recvId === undefined ? `AT+QMTRECV=${client}` : `AT+QMTRECV=${client},${checkInt('recvId', recvId, 0, 4)}`;
  return { text, expect: multi('+QMTRECV:') };
}

/** AT+QMTRECV? — '+QMTRECV: <idx>,<s0>,<s1>,<s2>,<s3>,<s4>' per client; 1 = slot holds a message. */
export function parseQmtRecvRead(lines: readonly string[]): Outcome<Array<{ client: number; slots: boolean[] }>> {
  const out: Array<{ client: number; slots: boolean[] }> = [];
  for (const rest of linesWith(lines, 'QMTRECV')) {
    const n = intFields(splitFields(rest), 2);
    if (!n) return parseFail('QMTRECV read', rest, 'expected <idx>,<s0>…<s4>');
    const [client = 0, ...slots] = n;
    out.push({ client, slots: slots.map((s) => s === 1) });
  }
  return ok(out);
}

export interface ReceivedMessage {
  client: number;
  /** 0 for QoS 0 deliveries; the broker's packet id otherwise (may repeat, protocol.md quirk 5). */
  msgId: number;
  topic: string;
  payload: string;
  /** The <payload_len> field when the modem sent one (recv/mode x,1). */
  length?: number;
}

/**
 * '+QMTRECV: <idx>,<msgID>,"<topic>"[,<payload_len>],"<payload>"' — the direct URC and the
 * AT+QMTRECV read-out. The payload is raw (quotes, commas, CR/LF unescaped, protocol.md §3.2): with a length
 * it is exactly that many UTF-8 bytes after the opening quote; without one it runs to the last
 * quote. Old firmware may omit the quotes (protocol.md quirk 4).
 */
export function parseQmtRecvMessage(text: string): Outcome<ReceivedMessage> {
  const rest = afterPrefix(text.replace(/^[\r\n]+/, ''), 'QMTRECV');
  if (rest === undefined) return parseFail('QMTRECV', text, 'expected +QMTRECV:');
  const head = /^(\d+)\s*,\s*(\d+)\s*,\s*/.exec(rest);
  if (!head?.[1] || !head[2]) return parseFail('QMTRECV', text, 'expected <idx>,<msgID>,…');
  const client = Number(head[1]);
  const msgId = Number(head[2]);
  let s = rest.slice(head[0].length);
  // Topic: quoted (no '"' inside a topic) or, on old firmware, bare up to the next comma.
  let topic: string;
  if (s.startsWith('"')) {
    const end = s.indexOf('"', 1);
    if (end < 0) return parseFail('QMTRECV', text, 'topic quote not closed');
    topic = s.slice(1, end);
    s = s.slice(end + 1);
  } else {
    const end = s.indexOf(',');
    if (end < 0) return parseFail('QMTRECV', text, 'payload missing');
    topic = s.slice(0, end);
    s = s.slice(end);
  }
  s = s.replace(/^\s+/, '');
  if (!s.startsWith(',')) return parseFail('QMTRECV', text, 'payload missing');
  // Spaces after a separator are tolerated (none on the firmware seen); inside the payload they are data.
  s = s.slice(1).replace(/^ +(?=\d|")/, '');
  // '<len>\r\n<payload>': Cat-1 firmware puts the unquoted payload on the next line.
  const lenM = /^(\d+)\s*,\s*(?=")|^(\d+)\s*,|^(\d+)\r?\n/.exec(s);
  // '<len>,"' is the length field; unquoted firmware is read as a length only when the byte count fits.
  const afterLen = lenM ? s.slice(lenM[0].length) : '';
  const lenField = lenM?.[1] ?? lenM?.[2] ?? lenM?.[3];
  const split = lenM?.[3] !== undefined;
  if (lenField && ((afterLen.startsWith('"') && !split) || utf8(afterLen.replace(/[\r\n]+$/, '')).length === Number(lenField))) {
    const length = Number(lenField);
    const body = afterLen;
    const quoted = body.startsWith('"') && !split;
    const bytes = utf8(quoted ? body.slice(1) : body);
    if (bytes.length < length) return parseFail('QMTRECV', text, `payload shorter than its length ${length}`);
    const payload = new TextDecoder().decode(bytes.subarray(0, length));
    return ok({ client, msgId, topic, payload, length });
  }
  const trimmed = s.replace(/[\r\n]+$/, '');
  const payload = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  return ok({ client, msgId, topic, payload });
}

/**
 * How many payload bytes follow a direct '+QMTRECV: idx,msgID,"topic",len,"' header, so the
 * framer can take them raw (Framer.expectPayload). Undefined when the header has no length.
 */
export function recvPayloadLength(header: string): number | undefined {
  const m = /^\+QMTRECV:\s*\d+\s*,\s*\d+\s*,\s*"[^"]*"\s*,\s*(\d+)\s*,\s*"$/i.exec(header.trim());
  return m?.[1] ? Number(m[1]) : undefined;
}

const CONN_PASSWORD = /^(AT\+QMTCONN=\d+,"[^"]*","[^"]*",)"[^"]*"/i;
const ALIAUTH_SECRET = /^(AT\+QMTCFG="aliauth",\d+,"[^"]*","[^"]*",)"[^"]*"/i;

/**
 * The command text with secrets masked, for problem details and messages: the password of
 * AT+QMTCONN and the device secret of AT+QMTCFG="aliauth" (echoed in clear by the module, protocol.md §2.1.9).
 */

export function redactCommand(text: string): string {
  const conn = CONN_PASSWORD.exec(text);
  if (conn?.[1]) return `${conn[1]}"***"${text.slice(conn[0].length)}`;
  const ali = ALIAUTH_SECRET.exec(text);
  if (ali?.[1]) return `${ali[1]}"***"${text.slice(ali[0].length)}`;
  return text;
}

// Supporting commands (identity, SIM, signal, registration, PDP, QFUPL) live in basic.ts.
export * from './basic';

/** The test form of any QMT command, e.g. AT+QMTCFG=? (read with parseTestLine / parseQmtCfgTest). */
export function buildQmtTest(name: 'QMTCFG' | 'QMTOPEN' | 'QMTCLOSE' | 'QMTCONN' | 'QMTDISC' | 'QMTSUB' | 'QMTUNS' | 'QMTPUB' | 'QMTPUBEX' | 'QMTRECV'): AtRequest {
  return { text: `AT+${name}=?`, expect: multi(`+${name}:`) };
}
