// The one source of state truth: a pure fold over the session journal's events (commands, their
// answers and every URC) into the port, the module, the network and each MQTT client with its
// subscriptions. Whoever sent the command — the wizard, a reconnect, the console — the state
// follows the modem's own lines. The MQTT states and transitions are protocol.md §6, with the
// quirks of §7: a result URC may come before OK or be replaced by +QMTSTAT, and AT+QMTCONN may be
// answered only by +QMTSTAT followed by ERROR.
import type { JournalRecord } from '../../shared/model';
import { closedTruth, type ClientSubscription, type ClientTruth, type ModemTruth } from '../../shared/modem-state';
import { parseCommand, toInt, type ParsedCommand } from '../../shared/protocol/fields';
import type { MqttClientState } from '../../shared/status';
import { moduleName } from '../../shared/status';
import { parseAti, parseCops, parseCsq, parseImei, parseQiactRead, parseRegistrationRead, rssiToDbm, type RegCommand } from '../quectel/basic';
import { parseQmtConnRead } from '../quectel/commands';
import { decodeUrcBare, type ModemEvent } from '../quectel/urc';

interface Inflight {
  /** The command's id (command-started). */
  id: number;
  cmd: ParsedCommand;
  client?: number;
  /** The client's state before this command moved it, to go back to when the modem refuses it. */
  before?: MqttClientState;
  /** A URC moved the client while this command ran: the command's own failure changes nothing more. */
  touched?: boolean;
}

interface Registration {
  state: string;
  registered: boolean;
  tech?: string;
}

export interface ModemStateFold {
  truth: ModemTruth;
  /**
   * The commands in flight, listed as an object keyed by their ids would list them (ids that are
   * array indexes ascending, then the others in the order they came): a list, because ids grow
   * through a session and an object keyed by large integers is a slow sparse one to copy.
   */
  inflight: readonly Inflight[];
  /** AT+QMTSUB / AT+QMTUNS awaiting their result, by 'client:msgId'. */
  subs: Readonly<Record<string, ClientSubscription[]>>;
  uns: Readonly<Record<string, string[]>>;
  /** Registration per view: CEREG decides when it says registered (protocol.md quirk 17). */
  regs: Readonly<Partial<Record<RegCommand, Registration>>>;
  /** URC lines seen as 'line' events whose 'urc' event (the same line) is still to come. */
  urcLines: number;
}

export const initialFold = (): ModemStateFold => ({ truth: closedTruth(), inflight: [], subs: {}, uns: {}, regs: {}, urcLines: 0 });

const isIndex = (id: number): boolean => Number.isInteger(id) && id >= 0 && id <= 4_294_967_294;

/** The command in flight with this id. */
function inflightOf(list: readonly Inflight[], id: number): Inflight | undefined {
  for (const c of list) if (c.id === id) return c;
  return undefined;
}

/** The list with `c` in it: in the place of the one with its id, else where its id sorts. */
function withInflight(list: readonly Inflight[], c: Inflight): readonly Inflight[] {
  const out = list.slice();
  const same = out.findIndex((o) => o.id === c.id);
  if (same >= 0) out[same] = c;
  else if (!isIndex(c.id)) out.push(c);
  else {
    let at = 0;
    while (at < out.length && isIndex(out[at]!.id) && out[at]!.id < c.id) at++;
    out.splice(at, 0, c);
  }
  return out;
}

const MQTT_READ_STATE: Record<number, MqttClientState> = { 1: 'opened', 2: 'connecting', 3: 'connected', 4: 'disconnecting' };

function client(f: ModemStateFold, idx: number): ClientTruth {
  return f.truth.clients[idx] ?? { state: 'closed', subscriptions: [] };
}

/** The fold with client `idx` patched; a client that closes loses its subscriptions (the session ended). */
function setClient(f: ModemStateFold, idx: number, patch: Partial<ClientTruth>, line?: string): ModemStateFold {
  if (!Number.isInteger(idx) || idx < 0 || idx > 5) return f;
  const prev = client(f, idx);
  let next: ClientTruth = { ...prev, ...patch };
  // (Left out rather than deleted: a delete turns the object into a slow dictionary, and every copy after it.)
  if (patch.state && patch.state !== 'opened' && 'refusedConnack' in next) {
    const { refusedConnack: _gone, ...rest } = next;
    next = rest;
  }
  if (next.state === 'closed') next.subscriptions = [];
  if (line !== undefined) next.lastLine = line;
  // A URC moved this client: the command in flight for it no longer decides its state.
  let inflight = f.inflight;
  if (line !== undefined) {
    for (let i = 0; i < f.inflight.length; i++) {
      const c = f.inflight[i]!;
      if (c.client !== idx || c.touched) continue;
      if (inflight === f.inflight) inflight = f.inflight.slice();
      (inflight as Inflight[])[i] = { ...c, touched: true };
    }
  }
  return { ...f, inflight, truth: { ...f.truth, clients: { ...f.truth.clients, [idx]: next } } };
}

function setNetwork(f: ModemStateFold, patch: Partial<ModemTruth['network']>, drop: Array<keyof ModemTruth['network']> = []): ModemStateFold {
  const network = { ...f.truth.network, ...patch };
  for (const k of drop) delete network[k];
  return { ...f, truth: { ...f.truth, network } };
}

/** Every client closed (restart, radio off, port gone). */
function closeAll(f: ModemStateFold, line?: string): ModemStateFold {
  let out = f;
  for (const idx of Object.keys(f.truth.clients).map(Number)) if (client(out, idx).state !== 'closed') out = setClient(out, idx, { state: 'closed' }, line);
  return out;
}

function registrationOf(f: ModemStateFold, regs: ModemStateFold['regs']): ModemStateFold {
  const pick = regs.CEREG?.registered ? regs.CEREG : Object.values(regs).find((r) => r?.registered) ?? regs.CEREG ?? regs.CGREG ?? regs.CREG;
  if (!pick) return { ...f, regs };
  // Off the network, the last operator and technology no longer apply.
  return setNetwork({ ...f, regs }, { registration: pick.state, ...(pick.tech ? { accessTech: pick.tech } : {}) }, pick.registered ? [] : ['accessTech', 'operator']);
}

/** An MQTT result or state URC (or a result line a command claimed as its answer). */
function onMqttEvent(f: ModemStateFold, e: ModemEvent, line: string): ModemStateFold {
  switch (e.type) {
    case 'mqtt-status':
      // +QMTSTAT: the index is closed afterwards, whatever the code (protocol.md §3.1, §6).
      return setClient(f, e.client, { state: 'closed' }, line);
    case 'mqtt-open': {
      const { client: idx, result } = e.result;
      if (result === 0) return setClient(f, idx, { state: 'opened' }, line);
      // 2: the index is already open — the modem holds a session there (protocol.md §8).
      if (result === 2) {
        const was = f.inflight.find((c) => c.client === idx && c.cmd.name === 'QMTOPEN')?.before ?? client(f, idx).state;
        return setClient(f, idx, { state: was === 'closed' || was === 'opening' ? 'opened' : was }, line);
      }
      return setClient(f, idx, { state: 'closed' }, line);
    }
    case 'mqtt-conn': {
      const { client: idx, result, connack } = e.result;
      if (result === 1) return f; // retransmitting the CONNECT; the final result follows
      if (result !== 0) return setClient(f, idx, { state: 'closed' }, line);
      // A refused CONNACK leaves the network open until the broker closes it (+QMTSTAT: i,1, protocol.md §6).
      if (connack !== undefined && connack !== 0) return setClient(f, idx, { state: 'opened', refusedConnack: connack }, line);
      return setClient(f, idx, { state: 'connected' }, line);
    }
    case 'mqtt-disc': {
      const { client: idx, result } = e.result;
      return result === 0 ? setClient(f, idx, { state: 'closed' }, line) : setClient(f, idx, { state: client(f, idx).state === 'disconnecting' ? 'connected' : client(f, idx).state }, line);
    }
    case 'mqtt-close': {
      const { client: idx, result } = e.result;
      return result === 0 ? setClient(f, idx, { state: 'closed' }, line) : f;
    }
    case 'mqtt-sub': {
      const { client: idx, msgId, result, values } = e.result;
      const key = `${idx}:${msgId}`;
      const asked = f.subs[key];
      if (result === 1) return f;
      const { [key]: _done, ...subs } = f.subs;
      if (!asked || result !== 0) return { ...f, subs };
      const granted = asked.map((s, i) => ({ ...s, ...(values[i] !== undefined ? { granted: values[i] } : {}) }));
      const kept = client(f, idx).subscriptions.filter((s) => !granted.some((g) => g.topic === s.topic));
      return setClient({ ...f, subs }, idx, { subscriptions: [...kept, ...granted] }, line);
    }
    case 'mqtt-uns': {
      const { client: idx, msgId, result } = e.result;
      const key = `${idx}:${msgId}`;
      const asked = f.uns[key];
      if (result === 1) return f;
      const { [key]: _done, ...uns } = f.uns;
      if (!asked || result !== 0) return { ...f, uns };
      return setClient({ ...f, uns }, idx, { subscriptions: client(f, idx).subscriptions.filter((s) => !asked.includes(s.topic)) }, line);
    }
    default:
      return f;
  }
}

/**
 * The lines whose decoded event the fold acts on (a superset of decodeUrc's patterns for them:
 * RDY, registration, +CFUN and the MQTT state and result URCs). Any other line — deliveries,
 * publish results, +CPIN, +QIND: the bulk of a busy session — changes no state, and is not decoded.
 */
export const STATE_LINE = /^(?:\+(?:QMT(?:STAT|OPEN|CLOSE|DISC|CONN|SUB|UNS)|C(?:E|G)?REG|CFUN):|(?:APP )?RDY$)/i;


/**
 * Reads of the lines and commands the fold reads, by text: a session repeats a few of them
 * (+QMTSTAT: 0,1, +QMTOPEN: 0,0, AT+QMTCONN=0,"id") thousands of times. The reads are pure and
 * never changed by the fold, so one read serves every repeat; the caches are emptied when full.
 */
class ReadCache<T> {
  private readonly map = new Map<string, T>();
  constructor(
    private readonly read: (text: string) => T,
    private readonly max = 256,
  ) {}
  get(text: string): T {
    let v = this.map.get(text);
    if (v === undefined && !this.map.has(text)) {
      if (this.map.size >= this.max) this.map.clear();
      v = this.read(text);
      this.map.set(text, v);
    }
    return v as T;
  }
}

const stateEvents = new ReadCache(decodeUrcBare);
const commands = new ReadCache(parseCommand);

/** An unsolicited line. */
function onUrc(f: ModemStateFold, text: string, wall: number): ModemStateFold {
  // Deliveries (the bulk of a busy session) change no state: skip even trimming them.
  if (/^\s*\+QMTRECV:/i.test(text)) return f;
  const line = text.replace(/[\r\n]+$/, '').trim();
  // +QIURC: "pdpdeact",<cid>: the network took the data context away (protocol.md §6).
  if (/^\+QIURC:\s*"pdpdeact"/i.test(line)) return setNetwork(f, {}, ['pdpIp']);
  if (!STATE_LINE.test(line)) return f;
  const e = stateEvents.get(line);
  switch (e.type) {
    case 'ready': {
      // A restart closes every index and loses the data context and registration (protocol.md §6).
      const out = closeAll(f, line);
      return { ...out, subs: {}, uns: {}, regs: {}, truth: { ...out.truth, modem: { ...out.truth.modem, restartedAt: wall }, network: {} } };
    }
    case 'registration': {
      const which = (/^\+(C|CG|CE)REG/i.exec(line)?.[0].slice(1).toUpperCase() ?? 'CEREG') as RegCommand;
      return registrationOf(f, { ...f.regs, [which]: { state: e.state, registered: e.registered, ...(e.tech ? { tech: e.tech } : {}) } });
    }
    case 'cfun':
      return e.level === 1 ? f : setNetwork(closeAll(f, line), {}, ['pdpIp', 'registration', 'accessTech', 'operator']);
    default:
      return onMqttEvent(f, e, line);
  }
}

function onCommandStarted(f: ModemStateFold, id: number, command: string): ModemStateFold {
  const cmd = commands.get(command);
  if (!cmd) return f;
  const idx = cmd.form === 'write' && cmd.name.startsWith('QMT') && cmd.name !== 'QMTCFG' ? toInt(cmd.args[0]) : undefined;
  const entry: Inflight = idx !== undefined ? { id, cmd, client: idx } : { id, cmd };
  let out: ModemStateFold = f;
  if (idx !== undefined && idx >= 0 && idx <= 5) {
    const before = client(f, idx).state;
    // The command moves the client now; `before` is where a refusal takes it back to.
    let move: Partial<ClientTruth> | undefined;
    switch (cmd.name) {
      case 'QMTOPEN':
        // Only a closed index opens; anything else answers +QMTOPEN: i,2 (protocol.md §6 table).
        if (before === 'closed') move = { server: `${cmd.args[1] ?? ''}:${cmd.args[2] ?? ''}`, state: 'opening' };
        break;
      case 'QMTCONN':
        if (before === 'opened') move = cmd.args[1] !== undefined ? { clientId: cmd.args[1], state: 'connecting' } : { state: 'connecting' };
        break;
      case 'QMTDISC':
        if (before === 'connected') move = { state: 'disconnecting' };
        break;
      case 'QMTSUB': {
        const msgId = cmd.args[1] ?? '';
        const asked: ClientSubscription[] = [];
        for (let i = 2; i + 1 < cmd.args.length; i += 2) asked.push({ topic: cmd.args[i] ?? '', qos: toInt(cmd.args[i + 1]) ?? 0 });
        // A lone topic without QoS is the 0 default.
        if (cmd.args.length === 3) asked.push({ topic: cmd.args[2] ?? '', qos: 0 });
        out = { ...out, subs: { ...out.subs, [`${idx}:${msgId}`]: asked } };
        break;
      }
      case 'QMTUNS':
        out = { ...out, uns: { ...out.uns, [`${idx}:${cmd.args[1] ?? ''}`]: cmd.args.slice(2) } };
        break;
      default:
        break;
    }
    if (move) {
      entry.before = before;
      out = setClient(out, idx, move);
    }
  }
  return { ...out, inflight: withInflight(out.inflight, entry) };
}

/** What an answered command tells: read answers, and write forms that change the modem by their OK. */
function onCommandOk(f: ModemStateFold, c: Inflight, lines: readonly string[]): ModemStateFold {
  const { cmd } = c;
  const read = cmd.form === 'read';
  switch (cmd.name) {
    case 'CSQ': {
      const s = parseCsq(lines);
      if (!s.ok) return f;
      // 99 is "not known": no signal to show.
      if (s.value.rssi === 99) return setNetwork(f, {}, ['signal']);
      const { dbm } = rssiToDbm(s.value.rssi);
      return setNetwork(f, { signal: { rssi: s.value.rssi, ber: s.value.ber, ...(dbm !== undefined ? { dbm } : {}) } });
    }
    case 'CEREG':
    case 'CGREG':
    case 'CREG': {
      if (!read) return f;
      const r = parseRegistrationRead(lines, cmd.name);
      if (!r.ok) return f;
      return registrationOf(f, { ...f.regs, [cmd.name]: { state: r.value.state, registered: r.value.registered, ...(r.value.tech ? { tech: r.value.tech } : {}) } });
    }
    case 'COPS': {
      if (!read) return f;
      const r = parseCops(lines);
      if (!r.ok) return f;
      return r.value.operator ? setNetwork(f, { operator: r.value.operator, ...(r.value.tech ? { accessTech: r.value.tech } : {}) }) : setNetwork(f, {}, ['operator']);
    }
    case 'QIACT': {
      if (!read) return f;
      const r = parseQiactRead(lines);
      if (!r.ok) return f;
      const active = r.value.find((p) => p.active && p.ip);
      return active?.ip ? setNetwork(f, { pdpIp: active.ip }) : setNetwork(f, {}, ['pdpIp']);
    }
    case 'QIDEACT':
      return cmd.form === 'write' ? setNetwork(f, {}, ['pdpIp']) : f;
    case 'CFUN': {
      if (cmd.form !== 'write') return f;
      const level = toInt(cmd.args[0]);
      // Radio off (0, 4) closes every link and leaves the network (protocol.md §6).
      return level === 0 || level === 4 ? setNetwork(closeAll(f, `AT+CFUN=${level}`), {}, ['pdpIp', 'registration', 'accessTech', 'operator', 'signal']) : f;
    }
    case 'QMTCONN': {
      if (!read) return f;
      const r = parseQmtConnRead(lines);
      if (!r.ok) return f;
      let out = f;
      for (const s of r.value) {
        const state = MQTT_READ_STATE[s.state];
        if (state && client(out, s.client).state !== state) out = setClient(out, s.client, { state }, `+QMTCONN: ${s.client},${s.state}`);
      }
      // An index the read does not list holds no MQTT session (bare OK = none, protocol.md quirk 12).
      for (const idx of Object.keys(out.truth.clients).map(Number)) {
        const st = client(out, idx).state;
        if (st !== 'closed' && st !== 'opening' && !r.value.some((s) => s.client === idx)) out = setClient(out, idx, { state: 'closed' }, 'AT+QMTCONN? (not listed)');
      }
      return out;
    }
    case 'I': {
      const id = parseAti(lines);
      return id.ok ? { ...f, truth: { ...f.truth, modem: { ...f.truth.modem, name: moduleName(id.value), ...(id.value.revision ? { firmware: id.value.revision } : {}) } } } : f;
    }
    case 'CGSN':
    case 'GSN': {
      const imei = parseImei(lines);
      return imei.ok ? { ...f, truth: { ...f.truth, modem: { ...f.truth.modem, imei: imei.value } } } : f;
    }
    default:
      return f;
  }
}

function onCommandEnded(f: ModemStateFold, id: number, outcome: { kind: string; lines: readonly string[] }): ModemStateFold {
  const c = inflightOf(f.inflight, id);
  if (!c) return f;
  let out: ModemStateFold = { ...f, inflight: f.inflight.filter((o) => o !== c) };
  if (outcome.kind === 'ok') return onCommandOk(out, c, outcome.lines);
  // Refused or unanswered: the client goes back to where it was, unless a URC moved it meanwhile
  // (AT+QMTCONN answered by +QMTSTAT then ERROR leaves it closed, protocol.md quirk 2).
  if (c.client !== undefined && c.before !== undefined && !c.touched) out = setClient(out, c.client, { state: c.before });
  if (c.client !== undefined && (c.cmd.name === 'QMTSUB' || c.cmd.name === 'QMTUNS')) {
    const key = `${c.client}:${c.cmd.args[1] ?? ''}`;
    const { [key]: _s, ...subs } = out.subs;
    const { [key]: _u, ...uns } = out.uns;
    out = { ...out, subs, uns };
  }
  return out;
}

/**
 * The state after one journal record. Returns `f` itself when the record changes nothing the
 * views show (most records: echo lines, payload bytes, publishes).
 */
export function foldModemState(f: ModemStateFold, r: JournalRecord): ModemStateFold {
  if (!('event' in r)) return f;
  const e = r.event;
  switch (e.type) {
    case 'port-opened':
      return { ...initialFold(), truth: { ...closedTruth(), port: { state: 'open', path: e.path } } };
    case 'port-closed':
      return { ...closeAll(f), truth: { ...closedTruth(), port: { state: 'closed', ...(f.truth.port.path ? { path: f.truth.port.path } : {}) } }, inflight: [], subs: {}, uns: {}, regs: {} };
    case 'command-started':
      return onCommandStarted(f, e.id, e.command);
    case 'command-ended':
      return onCommandEnded(f, e.id, e.outcome);
    case 'line': {
      if (e.dir !== 'rx') return f;
      if (e.kind === 'urc') return onUrc({ ...f, urcLines: f.urcLines + 1 }, e.text, r.wall);
      // A result URC claimed as the command's answer (it came before OK, protocol.md quirk 2).
      if (e.kind === 'response' && e.commandId !== undefined) {
        const c = inflightOf(f.inflight, e.commandId);
        if (!c || c.cmd.form !== 'write') return f;
        const line = e.text.trim();
        if (!STATE_LINE.test(line)) return f;
        const ev = stateEvents.get(e.text);
        return ev.type.startsWith('mqtt-') && ev.type !== 'mqtt-message' ? onMqttEvent(f, ev, line) : f;
      }
      return f;
    }
    case 'urc':
      // The engine logs a URC as line event(s) and then one 'urc' event: fold it once.
      if (f.urcLines > 0) return { ...f, urcLines: 0 };
      return onUrc(f, e.text, r.wall);
    default:
      return f;
  }
}

/** Folds a whole journal (a recording, a test transcript). */
export function modemStateOf(records: readonly JournalRecord[]): ModemTruth {
  return records.reduce(foldModemState, initialFold()).truth;
}
