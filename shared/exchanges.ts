// Groups journal records into log entries and exchanges (command → answer → later result URC),
// and derives the MQTT/TCP packets each exchange implies between the modem and the server.
// Pure: no I/O, no clock. The main side and the renderer both draw from it.
// Protocol knowledge follows docs/protocol.md (sections cited per table).
import type { Exchange, ImpliedPacket, JournalRecord, LogEntry, LineKind, Direction, SessionEvent } from './model';
import type { ProbeStage } from './probe';
import type { Problem } from './outcome';
import type { ExplainContext } from './codes-types';
import { explain as explainLine } from './protocol/codes';
import { commandScope, parseCommand, parseInfoLine, stripLineEnd, toInt, unquote } from './protocol/fields';
import { HAS_MSG_ID, RESULT_URCS, impliedPackets, shortMeaning, statMeaning, unsolicitedPackets, type ImpliedInput } from './protocol/implied';
import { topicMatches } from './protocol/topics';

export type { ExplainContext } from './codes-types';

export interface GroupOptions {
  /** Explains a result or error line as a Problem; default: the code catalogue (shared/protocol/codes.ts). */
  explain?: (line: string, context: ExplainContext) => Problem | undefined;
  /** Mono time at which still-pending results are judged; default: the last record's mono. */
  now?: number;
  /**
   * Result-URC waits per command (ms), overriding protocol.md §1.6 values — for the
   * Uncertain ones (QMTCLOSE/QMTDISC: 300 ms vs 30 s) and for firmware that is slower.
   */
  resultTimeoutMs?: Partial<Record<'QMTOPEN' | 'QMTCLOSE' | 'QMTCONN' | 'QMTDISC' | 'QMTSUB' | 'QMTUNS' | 'QMTPUB', number>>;
  /**
   * How many of the newest log entries and exchanges the grouper holds (default GROUPER_WINDOW).
   * Older ones are dropped from memory (a live session reads them back from its journal), so a
   * grouper fed for days stays flat. `Infinity` keeps everything (a whole-journal model). A consumer
   * of takeChanges() must take them before more than 80% of the window is made anew (the services
   * take them every batch of at most 5,000 records), or the oldest new entries are skipped.
   */
  window?: Partial<GrouperWindow>;
  /** Told of every log entry as it is made (entries never change afterwards). */
  onEntry?: (entry: LogEntry) => void;
}

export interface GrouperWindow {
  entries: number;
  exchanges: number;
}

/** What a live grouper holds by default: a few MB, far more than a screen of rows. */
export const GROUPER_WINDOW: GrouperWindow = { entries: 10_000, exchanges: 5_000 };

/** What a grouper holds right now (for tests and the soak bench: counts, not bytes). */
export interface GrouperHeld {
  entries: number;
  exchanges: number;
  /** Index of the oldest entry still held (= entryCount when none is). */
  firstEntry: number;
  /** Entries made since the start (the next entry's index). */
  entryCount: number;
  /** Per-command, per-result and change-tracking bookkeeping. */
  commands: number;
  pendingResults: number;
  changed: number;
}

/** The packets each stage of the laptop's probe puts on the wire (drawn Laptop ⇄ MQTT server). */
export function laptopPackets(stages: readonly ProbeStage[]): ImpliedPacket[] {
  const out: ImpliedPacket[] = [];
  const pair = (ask: string, answer: string, s: ProbeStage, askDetail?: string) => {
    const said = { detail: s.detail, ...(s.detailMsg ? { detailMsg: s.detailMsg } : {}) };
    out.push({ name: ask, from: 'laptop', ...(askDetail ? { detail: askDetail } : {}), ...(s.status === 'failed' && s.stage !== 'mqtt' && s.stage !== 'tls' ? { failed: true, ...said } : {}) });
    if (s.status === 'passed' || (s.stage === 'mqtt' && s.connack !== undefined) || (s.stage === 'tls' && s.tls)) out.push({ name: answer, from: 'server', ...said, ...(s.status === 'failed' ? { failed: true } : {}) });
    else if (s.status === 'failed' && (s.stage === 'mqtt' || s.stage === 'tls')) out.push({ name: answer, from: 'server', ...said, failed: true });
  };
  for (const s of stages) {
    if (s.status === 'skipped') continue;
    if (s.stage === 'dns') {
      if (s.status === 'failed') out.push({ name: 'DNS', from: 'laptop', detail: s.detail, ...(s.detailMsg ? { detailMsg: s.detailMsg } : {}), failed: true });
    } else if (s.stage === 'tcp') pair('SYN', 'SYN-ACK', s, s.address);
    else if (s.stage === 'tls') pair('ClientHello', 'ServerHello, Certificate', s);
    else if (s.stage === 'mqtt') pair('CONNECT', s.connack !== undefined ? `CONNACK ${s.connack}` : 'CONNACK', s);
    else pair('SUBSCRIBE, PUBLISH', 'SUBACK, PUBLISH', s);
  }
  return out;
}

export interface SessionModel {
  entries: LogEntry[];
  exchanges: Exchange[];
}

/** Groups a whole journal. Same result as pushing each record into an ExchangeGrouper. */
export function groupRecords(records: readonly JournalRecord[], opts: GroupOptions = {}): SessionModel {
  const g = new ExchangeGrouper({ window: { entries: Infinity, exchanges: Infinity }, ...opts });
  for (const r of records) g.push(r);
  return g.finish(opts.now);
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Lines of the power-up banner (protocol.md §4.6); a locked SIM reports its state there too (+CPIN: SIM PIN, §4.2). */
const POWER_UP = /^(RDY|APP RDY|\+CFUN: 1|\+CPIN: (READY|NOT INSERTED|SIM PIN2?|SIM PUK2?|PH-NET PIN)|\+QUSIM: \d+|\+QIND: (SMS|PB) DONE)$/;

/**
 * Lines one URC exchange collects (a power-up banner, a multi-line +QMTRECV payload): a stream of
 * garbage after a delivery must not grow one exchange for ever.
 */
const MAX_LINES_PER_URC = 1_000;

/** Commands whose id is remembered for late lines naming it; older ones have long ended. */
const MAX_TRACKED_COMMANDS = 256;

/** RESULT_URCS turned around: the commands a URC name may be the result of, in the table's order. */
const RESULT_COMMANDS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [cmd, prefixes] of Object.entries(RESULT_URCS)) {
    for (const name of prefixes) {
      const cmds = m.get(name) ?? [];
      if (cmds[cmds.length - 1] !== cmd) cmds.push(cmd);
      m.set(name, cmds);
    }
  }
  return m;
})();

const NO_COMMANDS: readonly string[] = [];

/** How soon after a SUBACK a matching delivery counts as probably retained. */
const RETAINED_WINDOW_MS = 2_000;

// protocol.md §2.1.6 defaults: pkt_timeout 5 s, retry_times 3.
const DEFAULT_PKT_TIMEOUT_S = 5;
const DEFAULT_RETRIES = 3;

/**
 * How long the host waits for a result URC after the command (protocol.md §1.6, host column).
 * QMTCLOSE/QMTDISC use the 30 s that vendor code allows (Uncertain in the reference: 300 ms vs 30 s).
 */
function resultTimeoutMs(command: string, cfg: ClientCfg): number {
  const pkt = cfg.pktTimeoutS * 1000;
  switch (command) {
    case 'QMTOPEN':
      return 120_000 + (cfg.ssl ? 300_000 : 0);
    case 'QMTCONN':
      return pkt * (cfg.retries + 1) + 5_000;
    case 'QMTCLOSE':
    case 'QMTDISC':
      return 30_000;
    default:
      return pkt * Math.max(cfg.retries, 1) + 5_000;
  }
}

// ---------------------------------------------------------------------------------------------
// Line readers (shared/protocol/fields.ts), with the unquoted fields the fold compares

/** 'AT+QMTOPEN=0,"h",1883' → {name:'QMTOPEN', form:'write', args:['0','h','1883']}. */
function readCommand(text: string): { name: string; form: string; args: string[] } {
  const c = parseCommand(text);
  return c ? { name: c.name, form: c.form, args: c.args } : { name: stripLineEnd(text).trim().toUpperCase(), form: 'exec', args: [] };
}

/** '+QMTRECV: 0,1,"t",2,"hi"' → {name:'QMTRECV', fields:['0','1','t','2','hi']}. */
function readUrc(text: string): { name: string; fields: string[] } {
  const l = parseInfoLine(text);
  return { name: l.name, fields: l.fields.map(unquote) };
}

/** A catalogue explanation as the Problem the diagram and the log show; successes give none. */
export function explainAsProblem(line: string, context: ExplainContext = {}): Problem | undefined {
  const e = explainLine(line, context);
  if (!e || e.success) return undefined;
  const causes = [...(e.aliyun?.likelyCauses ?? []), ...e.likelyCauses];
  return {
    code: e.key,
    title: e.meaning.replace(/\.$/, ''),
    detail: causes.length ? `${line} — likely: ${causes.join('; ')}` : line,
    nextStep: e.aliyun ? `${e.aliyun.nextStep} ${e.nextStep}` : e.nextStep,
  };
}

/** Catalogue explanations already made, by line and context: a long session repeats its few failures. */
const explained = new Map<string, Problem | undefined>();

/** explainAsProblem, remembered (the catalogue is pure); each caller gets its own copy. */
function explainCached(line: string, context: ExplainContext): Problem | undefined {
  const key = `${line}\n${JSON.stringify(context)}`;
  let p = explained.get(key);
  if (p === undefined && !explained.has(key)) {
    if (explained.size >= 256) explained.clear();
    p = explainAsProblem(line, context);
    explained.set(key, p);
  }
  return p && { ...p };
}

// ---------------------------------------------------------------------------------------------
// The fold

interface ClientCfg {
  ssl: boolean;
  pktTimeoutS: number;
  retries: number;
}

interface Pending {
  exchange: Exchange;
  command: string; // QMT command name
  args: string[];
  key: string;
  deadline: number;
  retries: number; // result-1 URCs seen (retransmissions)
  ssl: boolean;
  okSeen: boolean;
  resultSeen: boolean;
  /** Why the result will never come (timed out, port closed), once known. */
  stopped?: string;
}

/** What ExchangeGrouper.checkpoint() keeps (see there): the grouper's knowledge, no rows. */
export interface GrouperCheckpoint {
  entryCount: number;
  nextExchangeId: number;
  byCommandId: Map<number, Exchange>;
  pendingCommand: Map<number, { name: string; args: string[]; form: string }>;
  pending: Map<string, Pending>;
  cfg: Map<number, ClientCfg>;
  unconfirmedLineUrcs: number;
  lastSub: { client: number; filters: string[]; endedMono: number } | undefined;
  hosts: Map<number, string>;
  connected: Map<number, boolean>;
  verboseErrors: boolean;
  scopes: [Exchange, { client?: number; topic?: string; connected?: boolean }][];
  eventUrcs: string[];
  lastStandalone: Exchange | undefined;
  lastMono: number;
  powerUp: Exchange | undefined;
  openCommands: Exchange[];
  lastReadText: string | undefined;
  lastRead: { name: string; fields: string[] } | undefined;
  /** The held rows, when asked for. */
  rows?: { entries: LogEntry[]; entryBase: number; exchanges: Exchange[]; exchangeBase: number; dirty: Map<number, Exchange>; entriesTaken: number };
}

const powerUpCommand = 'power-up';

/** Incremental grouper: push records in journal order, read a model with snapshot()/finish(). */
export class ExchangeGrouper {
  /** The newest entries: entries[0] has index entryBase (older ones were let go, see GroupOptions.window). */
  private entries: LogEntry[] = [];
  private entryBase = 0;
  /** The newest exchanges: exchanges[0] has id exchangeBase. */
  private exchanges: Exchange[] = [];
  private exchangeBase = 0;
  private nextExchangeId = 0;
  private readonly window: GrouperWindow;
  private readonly byCommandId = new Map<number, Exchange>();
  private readonly pendingCommand = new Map<number, { name: string; args: string[]; form: string }>();
  private readonly pending = new Map<string, Pending>();
  private readonly cfg = new Map<number, ClientCfg>();
  private unconfirmedLineUrcs = 0;
  /** The last successful subscription, while retained deliveries may follow it. */
  private lastSub: { client: number; filters: string[]; endedMono: number } | undefined;
  /** Server host per client_idx, from its last AT+QMTOPEN. */
  private readonly hosts = new Map<number, string>();
  /** Whether each client_idx is MQTT-connected, from the results and +QMTSTAT seen (protocol.md §6). */
  private readonly connected = new Map<number, boolean>();
  /** AT+CMEE=2 answered OK in this session (since the last restart). */
  private verboseErrors = false;
  /** Client index and topic each command exchange concerns, for its log entries (gone with the exchange). */
  private readonly scopes = new WeakMap<Exchange, { client?: number; topic?: string; connected?: boolean }>();
  /** Exchanges changed since the last takeChanges() (by id), and how many entries it has handed out. */
  private readonly dirty = new Map<number, Exchange>();
  private entriesTaken = 0;
  private readonly eventUrcs: string[] = [];
  /** The last standalone URC exchange, while continuation lines of its payload may follow. */
  private lastStandalone: Exchange | undefined;
  private lastMono = 0;
  private powerUp: Exchange | undefined;
  /**
   * Command exchanges in id order from the oldest that may still be pending: the ones that ended
   * or left the window are dropped from the front as oldestOpenExchange() meets them.
   */
  private readonly openCommands: Exchange[] = [];
  private openHead = 0;
  /** The last line read as a URC (a line is read for its result and again for its scope). */
  private lastReadText: string | undefined;
  private lastRead: { name: string; fields: string[] } | undefined;

  constructor(private readonly opts: GroupOptions = {}) {
    this.window = { ...GROUPER_WINDOW, ...opts.window };
  }

  /**
   * What the grouper has learnt so far, without the rows it holds: a grouper restored from it
   * (fromCheckpoint) and fed the records that follow makes the same entries from there on as this
   * one does, holding nothing older; with `rows`, it also holds the rows and the changes not yet
   * taken this one holds (the same grouper, for reopening a journal). Plain data (Maps, shared references between its parts) that
   * still references this grouper's objects: the caller copies it at once (structured clone)
   * before pushing more. For paging a long journal from the nearest checkpoint.
   */
  checkpoint(opts: { rows?: boolean } = {}): GrouperCheckpoint {
    const reachable = new Set<Exchange>();
    const add = (x: Exchange | undefined) => void (x && reachable.add(x));
    if (opts.rows) {
      for (const x of this.exchanges) add(x);
      for (const x of this.dirty.values()) add(x);
    }
    for (const x of this.byCommandId.values()) add(x);
    for (const p of this.pending.values()) add(p.exchange);
    add(this.lastStandalone);
    add(this.powerUp);
    const open = this.openCommands.slice(this.openHead).filter((x) => x.outcome === 'pending' && x.id >= this.exchangeBase);
    for (const x of open) add(x);
    const scopes: [Exchange, { client?: number; topic?: string; connected?: boolean }][] = [];
    for (const x of reachable) {
      const scope = this.scopes.get(x);
      if (scope) scopes.push([x, scope]);
    }
    return {
      entryCount: this.entryCount,
      nextExchangeId: this.nextExchangeId,
      byCommandId: this.byCommandId,
      pendingCommand: this.pendingCommand,
      pending: this.pending,
      cfg: this.cfg,
      unconfirmedLineUrcs: this.unconfirmedLineUrcs,
      lastSub: this.lastSub,
      hosts: this.hosts,
      connected: this.connected,
      verboseErrors: this.verboseErrors,
      scopes,
      eventUrcs: this.eventUrcs,
      lastStandalone: this.lastStandalone,
      lastMono: this.lastMono,
      powerUp: this.powerUp,
      openCommands: open,
      lastReadText: this.lastReadText,
      lastRead: this.lastRead,
      ...(opts.rows ? { rows: { entries: this.entries, entryBase: this.entryBase, exchanges: this.exchanges, exchangeBase: this.exchangeBase, dirty: this.dirty, entriesTaken: this.entriesTaken } } : {}),
    };
  }

  /** A grouper that goes on from a checkpoint (a copy of one: it is taken over, not copied again). */
  static fromCheckpoint(c: GrouperCheckpoint, opts: GroupOptions = {}): ExchangeGrouper {
    const g = new ExchangeGrouper(opts);
    g.entryBase = c.entryCount;
    g.entriesTaken = c.entryCount;
    g.nextExchangeId = c.nextExchangeId;
    // Nothing older than the checkpoint is held: exchanges made before it are reachable only
    // through the maps below, as those that left a window are.
    g.exchangeBase = c.nextExchangeId;
    for (const [k, v] of c.byCommandId) g.byCommandId.set(k, v);
    for (const [k, v] of c.pendingCommand) g.pendingCommand.set(k, v);
    for (const [k, v] of c.pending) g.pending.set(k, v);
    for (const [k, v] of c.cfg) g.cfg.set(k, v);
    for (const [k, v] of c.hosts) g.hosts.set(k, v);
    for (const [k, v] of c.connected) g.connected.set(k, v);
    for (const [x, scope] of c.scopes) g.scopes.set(x, scope);
    g.unconfirmedLineUrcs = c.unconfirmedLineUrcs;
    g.lastSub = c.lastSub;
    g.verboseErrors = c.verboseErrors;
    g.eventUrcs.push(...c.eventUrcs);
    g.lastStandalone = c.lastStandalone;
    g.lastMono = c.lastMono;
    g.powerUp = c.powerUp;
    g.openCommands.push(...c.openCommands);
    g.lastReadText = c.lastReadText;
    g.lastRead = c.lastRead;
    if (c.rows) {
      // The held rows too: the grouper is the one the checkpoint was taken of, changes not yet taken included.
      g.entries = c.rows.entries;
      g.entryBase = c.rows.entryBase;
      g.exchanges = c.rows.exchanges;
      g.exchangeBase = c.rows.exchangeBase;
      g.entriesTaken = c.rows.entriesTaken;
      for (const [k, v] of c.rows.dirty) g.dirty.set(k, v);
    }
    return g;
  }

  /** Entries made since the start: the next entry's index. */
  get entryCount(): number {
    return this.entryBase + this.entries.length;
  }

  /** True while nothing was let go: the held model is the whole session. */
  holdsWholeSession(): boolean {
    return this.entryBase === 0 && this.exchangeBase === 0;
  }

  /** The held entries with index in [from, from + count) (older ones are no longer held). */
  entriesFrom(from: number, count: number): LogEntry[] {
    const start = Math.max(from, this.entryBase) - this.entryBase;
    const end = Math.min(from + count, this.entryCount) - this.entryBase;
    return end > start ? this.entries.slice(start, end) : [];
  }

  held(): GrouperHeld {
    return {
      entries: this.entries.length,
      exchanges: this.exchanges.length,
      firstEntry: this.entryBase,
      entryCount: this.entryCount,
      commands: this.byCommandId.size + this.pendingCommand.size,
      pendingResults: this.pending.size,
      changed: this.dirty.size,
    };
  }

  push(r: JournalRecord): void {
    this.lastMono = Math.max(this.lastMono, r.mono);
    this.expire(r.mono);
    if (!('event' in r)) return; // raw bytes: the line events carry the same content
    const e = r.event;
    switch (e.type) {
      case 'command-started':
        this.onCommandStarted(e.id, e.command, r);
        break;
      case 'line':
        this.onLine(e.dir, e.kind, e.text, e.commandId, r);
        break;
      case 'urc':
        // The engine reports a URC as 'line' event(s) and then one 'urc' event (a multi-line
        // +QMTRECV joins its lines): count it once. Engines that only send 'urc' events work too.
        if (this.unconfirmedLineUrcs > 0) {
          this.unconfirmedLineUrcs = 0;
          return;
        }
        remember(this.eventUrcs, e.text);
        this.onRx('urc', e.text, undefined, r);
        break;
      case 'command-ended':
        this.onCommandEnded(e.id, e.outcome, r);
        break;
      case 'port-closed':
        this.onPortClosed(r.mono);
        break;
      case 'laptop-probe':
        this.onLaptopProbe(e, r);
        break;
      default:
        break; // session events: no log line
    }
  }

  /**
   * The id of the oldest exchange later records may still change (a command not ended, a result
   * awaited, a URC whose payload may continue), or the next id when none may: the exchanges before
   * it are final. For consumers that settle exchanges as a journal streams by (the streaming export).
   */
  oldestOpenExchange(): number {
    let min = this.nextExchangeId;
    const consider = (x: Exchange | undefined) => {
      if (x && x.id < min) min = x.id;
    };
    for (const id of this.pendingCommand.keys()) consider(this.byCommandId.get(id));
    for (const p of this.pending.values()) consider(p.exchange);
    consider(this.lastStandalone);
    consider(this.powerUp);
    consider(this.firstOpenCommand());
    return min;
  }

  /**
   * The oldest held command exchange still pending: the front of openCommands once those that
   * ended or left the window are passed (they never open again).
   */
  private firstOpenCommand(): Exchange | undefined {
    const open = this.openCommands;
    while (this.openHead < open.length) {
      const x = open[this.openHead] as Exchange;
      if (x.outcome === 'pending' && x.id >= this.exchangeBase) break;
      this.openHead++;
    }
    if (this.openHead > 1_024 && this.openHead * 2 > open.length) {
      open.splice(0, this.openHead);
      this.openHead = 0;
    }
    return open[this.openHead];
  }

  /** The model so far; pending results stay 'pending'. */
  snapshot(): SessionModel {
    return { entries: this.entries.slice(), exchanges: this.exchanges.map((x) => ({ ...x, entries: x.entries.slice(), implied: x.implied.slice() })) };
  }

  /**
   * What changed since the last call: the new entries and the exchanges that are new or changed
   * (copies; replace by id). Cheap for live sessions, unlike a full snapshot per batch.
   */
  takeChanges(): SessionModel {
    const entries = this.entries.slice(Math.max(this.entriesTaken, this.entryBase) - this.entryBase);
    this.entriesTaken = this.entryCount;
    const exchanges = [...this.dirty.values()].sort((a, b) => a.id - b.id).map((x) => ({ ...x, entries: x.entries.slice(), implied: x.implied.slice() }));
    this.dirty.clear();
    return { entries, exchanges };
  }

  /**
   * Forgets the changes of exchanges that left the window (not yet taken). Which of those a pass
   * still holds depends on where it began (they are let go only once many pile up), so a journal
   * opened from a checkpoint near its end and one read whole forget them before the first
   * takeChanges: both then hand out exactly the window (host/journal-index.ts).
   */
  forgetChangesBeforeWindow(): void {
    for (const id of this.dirty.keys()) if (id < this.exchangeBase) this.dirty.delete(id);
  }

  /** Judges results still pending at `now` (default: the last record's time) and returns the model. */
  finish(now: number = this.lastMono): SessionModel {
    this.expire(now);
    for (const p of this.pending.values()) {
      p.exchange.implied = this.implied(p, undefined);
      this.markChanged(p.exchange);
    }
    return this.snapshot();
  }

  /**
   * What is known around the last log line with this text: the command it answered, that
   * client's server host, and whether the client was connected when the command was sent. For explaining a line picked
   * in the log by its text alone.
   */
  contextOfLine(text: string): ExplainContext {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e?.text !== text) continue;
      const x = e.exchangeId !== undefined ? this.exchanges[e.exchangeId - this.exchangeBase] : undefined;
      if (!x || x.kind !== 'command' || e.dir === 'tx') return {};
      const scope = this.scopes.get(x);
      const client = scope?.client;
      const host = client !== undefined ? this.hosts.get(client) : undefined;
      const connected = scope?.connected;
      return { command: x.command, ...(host ? { host } : {}), ...(connected !== undefined ? { connected } : {}), ...(this.verboseErrors ? { verboseErrors: true } : {}) };
    }
    return {};
  }

  // --- events

  private onCommandStarted(id: number, command: string, r: JournalRecord): void {
    const parsed = readCommand(command);
    const client = parsed.name.startsWith('QMT') && parsed.form === 'write' ? toInt(parsed.args[0]) : undefined;
    const x: Exchange = {
      id: this.nextExchangeId++,
      command: stripLineEnd(command),
      startedMono: r.mono,
      entries: [],
      outcome: 'pending',
      implied: [],
      kind: 'command',
    };
    if (client !== undefined) x.client = client;
    this.addExchange(x);
    this.openCommands.push(x);
    const scope: { client?: number; topic?: string; connected?: boolean } = commandScope(parsed);
    const connectedAtStart = scope.client !== undefined ? this.connected.get(scope.client) : undefined;
    if (connectedAtStart !== undefined) scope.connected = connectedAtStart;
    this.scopes.set(x, scope);
    setBounded(this.byCommandId, id, x, MAX_TRACKED_COMMANDS);
    setBounded(this.pendingCommand, id, parsed, MAX_TRACKED_COMMANDS);
    this.powerUp = undefined;
    this.lastStandalone = undefined;
    this.lastSub = undefined;
    if (parsed.form === 'write' && RESULT_URCS[parsed.name] && client !== undefined) {
      const cfg = this.cfgOf(client);
      if (parsed.name === 'QMTOPEN' && parsed.args[1]) this.hosts.set(client, parsed.args[1]);
      const msgId = HAS_MSG_ID.has(parsed.name) ? parsed.args[1] ?? '' : '';
      const key = resultKey(parsed.name, client, msgId);
      // A second command on the same key replaces the first, which can no longer complete.
      const old = this.pending.get(key);
      if (old) {
        old.stopped = 'missing (superseded)';
        this.settle(old, 'timeout', r.mono, undefined, this.timeoutProblem(old));
      }
      this.pending.set(key, {
        exchange: x,
        command: parsed.name,
        args: parsed.args,
        key,
        deadline: r.mono + (this.opts.resultTimeoutMs?.[resultFamily(parsed.name)] ?? resultTimeoutMs(parsed.name, cfg)),
        retries: 0,
        ssl: cfg.ssl,
        okSeen: false,
        resultSeen: false,
      });
    }
  }

  private onLine(dir: Direction, kind: LineKind, text: string, commandId: number | undefined, r: JournalRecord): void {
    if (dir === 'tx') {
      const x = commandId !== undefined ? this.byCommandId.get(commandId) : this.lastCommand();
      this.addEntry(dir, kind, text, x, r);
      return;
    }
    if (kind === 'urc') {
      if (takeMatch(this.eventUrcs, text)) return; // the 'urc' event came first
      this.unconfirmedLineUrcs++;
    }
    this.onRx(kind, text, commandId, r);
  }

  private onRx(kind: LineKind, text: string, commandId: number | undefined, r: JournalRecord): void {
    const clean = stripLineEnd(text).trim();
    const u = this.readUrc(clean);
    // protocol.md §7.2: a result URC may come before OK, even claimed as the command's own answer line.
    if (kind !== 'echo' && kind !== 'command') {
      const p = this.matchResult(u.name, u.fields);
      if (p) {
        const entry = this.addEntry('rx', kind === 'response' ? 'urc' : kind, text, p.exchange, r);
        this.onResult(p, u.name, u.fields, clean, entry.index, r.mono);
        return;
      }
    }
    const claimed = commandId !== undefined || kind === 'response' || kind === 'final';
    if (kind === 'urc' || (!claimed && this.isStandaloneUrc(clean, u.name))) {
      this.onStandaloneUrc(clean, u, text, r);
      return;
    }
    const x = commandId !== undefined ? this.byCommandId.get(commandId) : this.lastCommand();
    this.addEntry('rx', kind, text, x, r);
  }

  private onCommandEnded(id: number, outcome: import('./model').AtOutcome, r: JournalRecord): void {
    const x = this.byCommandId.get(id);
    const parsed = this.pendingCommand.get(id);
    this.pendingCommand.delete(id);
    if (!x) return;
    // A journal without line events: rebuild the lines from the outcome.
    if (x.entries.length === 0) {
      this.addEntry('tx', 'command', x.command, x, r);
      for (const l of outcome.lines) this.addEntry('rx', 'response', l, x, r);
      if (outcome.kind === 'ok' || outcome.kind === 'modem-error') this.addEntry('rx', 'final', outcome.final, x, r);
    }
    let p: Pending | undefined;
    for (const q of this.pending.values()) {
      if (q.exchange !== x) continue;
      p = q;
      break;
    }
    if (outcome.kind === 'ok') {
      if (parsed) this.trackConfig(parsed.name, parsed.form, parsed.args);
      if (p) {
        p.okSeen = true;
        return; // the result URC completes it (or already did)
      }
      if (x.outcome === 'pending') this.close(x, 'ok', r.mono);
      return;
    }
    // protocol.md §7.2: result URC then ERROR — the URC tells what happened.
    if (p?.resultSeen || x.resultEntry !== undefined) return;
    if (p) this.pending.delete(p.key);
    const mapped = ({ 'modem-error': 'error', timeout: 'timeout', 'port-lost': 'port-lost', 'modem-restarted': 'reboot', cancelled: 'cancelled' } as const)[outcome.kind];
    // The engine's problem only says "rejected"; the catalogue knows why this command is refused.
    const scope = this.scopes.get(x);
    const refusal = outcome.kind === 'modem-error' ? this.explainOr(outcome.final, outcome.problem, { ...x, ...(scope?.client !== undefined ? { client: scope.client } : {}) }) : outcome.problem;
    this.close(x, mapped, r.mono, refusal);
    if (p) x.implied = []; // the command was refused by the modem: nothing went on the air
  }

  private onPortClosed(mono: number): void {
    for (const p of [...this.pending.values()]) {
      p.stopped = 'missing (port closed)';
      this.settle(p, 'port-lost', mono, undefined, {
        code: 'session.port-lost',
        title: 'The port closed before the result arrived',
        detail: `${p.exchange.command} was still waiting for its +${p.command} result.`,
        nextStep: 'Reconnect the modem and run the command again.',
      });
    }
    for (const x of this.exchanges) if (x.outcome === 'pending') this.close(x, 'port-lost', mono);
    // Commands still unanswered that are older than the held window.
    for (const id of this.pendingCommand.keys()) {
      const x = this.byCommandId.get(id);
      if (x?.outcome === 'pending') this.close(x, 'port-lost', mono);
    }
  }

  private onStandaloneUrc(clean: string, u: { name: string; fields: string[] }, text: string, r: JournalRecord): void {
    if (POWER_UP.test(clean)) {
      if (/^(APP )?RDY$/.test(clean)) {
        this.connected.clear(); // a restart closes every client (protocol.md §6)
        this.verboseErrors = false; // and puts AT+CMEE back to its default
      }
      if (!this.powerUp || this.powerUp.entries.length >= MAX_LINES_PER_URC) {
        this.powerUp = this.newStandalone(powerUpCommand, 'power-up', r.mono, undefined);
        this.powerUp.outcome = 'ok';
      }
      const entry = this.addEntry('rx', 'urc', text, this.powerUp, r);
      this.powerUp.endedMono = r.mono;
      this.powerUp.resultEntry = entry.index;
      return;
    }
    this.powerUp = undefined;
    // protocol.md §7.4: an unescaped +QMTRECV payload may run over several lines.
    if (this.lastStandalone && this.lastStandalone.entries.length < MAX_LINES_PER_URC && !/^\+[A-Z]/i.test(clean)) {
      this.addEntry('rx', 'urc', text, this.lastStandalone, r);
      return;
    }
    this.lastStandalone = undefined;
    // Only QMT URCs lead with a client index ('+CEREG: 2,…' is a registration state).
    const client = u.name.startsWith('QMT') ? toInt(u.fields[0]) : undefined;
    if (u.name === 'QMTSTAT' && client !== undefined) this.connected.set(client, false);
    // protocol.md §2.5: code 5 is the normal close some firmware reports after QMTDISC, not a failure.
    if (u.name === 'QMTSTAT' && client !== undefined && u.fields[1] !== '5') {
      // protocol.md §6: +QMTSTAT ends every pending exchange of that client as failed.
      const victims = [...this.pending.values()].filter((p) => p.exchange.client === client);
      if (victims.length > 0) {
        let first = true;
        for (const p of victims) {
          const entry = first ? this.addEntry('rx', 'urc', text, p.exchange, r) : undefined;
          first = false;
          this.settle(p, 'error', r.mono, { stat: u.fields[1] ?? '', line: clean, entry: entry?.index }, this.explainOr(clean, statProblem(clean, u.fields[1]), p.exchange));
        }
        return;
      }
    }
    const x = this.newStandalone(clean, 'urc', r.mono, client);
    const entry = this.addEntry('rx', 'urc', text, x, r);
    x.endedMono = r.mono;
    x.resultEntry = entry.index;
    x.result = clean;
    const { packets, failed } = unsolicitedPackets(u.name, u.fields);
    const retained = u.name === 'QMTRECV' && this.isProbablyRetained(client, u.fields[2], r.mono);
    if (retained && packets[0]) packets[0] = { ...packets[0], detail: `${packets[0].detail ?? ''} — probably retained (right after the SUBACK)` };
    x.implied = packets;
    x.outcome = failed ? 'error' : 'ok';
    if (u.name === 'QMTRECV') this.lastStandalone = x;
    if (failed) x.problem = this.explainOr(clean, u.name === 'QMTSTAT' ? statProblem(clean, u.fields[1]) : genericProblem(clean), x);
  }

  // --- results

  private matchResult(name: string, fields: string[]): Pending | undefined {
    const client = toInt(fields[0]);
    if (client === undefined) return undefined;
    for (const cmd of RESULT_COMMANDS.get(name) ?? NO_COMMANDS) {
      const p = this.pending.get(resultKey(cmd, client, HAS_MSG_ID.has(cmd) ? fields[1] ?? '' : ''));
      if (p) return p;
    }
    return undefined;
  }

  private onResult(p: Pending, name: string, fields: string[], line: string, entryIndex: number, mono: number): void {
    p.resultSeen = true;
    const result = HAS_MSG_ID.has(p.command) ? fields[2] : fields[1];
    // Result 1 is a retransmission notice; the final 0 or 2 follows (protocol.md §3.3).
    if ((p.command === 'QMTCONN' || HAS_MSG_ID.has(p.command)) && result === '1') {
      p.retries++;
      p.exchange.implied = this.implied(p, undefined);
      this.markChanged(p.exchange);
      return;
    }
    let failed = result !== '0';
    if (p.command === 'QMTCONN' && result === '0' && (fields[2] ?? '0') !== '0') failed = true;
    if (p.command === 'QMTSUB' && result === '0' && fields.slice(3).some((v) => v === '128')) failed = true;
    this.settle(p, failed ? 'error' : 'ok', mono, { result: line, fields, entry: entryIndex }, failed ? this.explainOr(line, genericProblem(line, name), p.exchange) : undefined);
    const client = p.exchange.client;
    if (p.command === 'QMTSUB' && result === '0' && client !== undefined) {
      // A partial SUBACK (protocol.md §2.6) refuses some filters (128): only the granted ones deliver.
      const values = fields.slice(3);
      const filters = p.args.slice(2).filter((_, i) => i % 2 === 0).filter((_, i) => values[i] !== '128');
      this.lastSub = { client, filters, endedMono: mono };
    }
    if (client !== undefined) {
      if (p.command === 'QMTCONN' && result === '0') this.connected.set(client, (fields[2] ?? '0') === '0');
      if (p.command === 'QMTDISC' || p.command === 'QMTCLOSE' || p.command === 'QMTOPEN') this.connected.set(client, false);
    }
  }

  /**
   * protocol.md §2.6: retained messages arrive as +QMTRECV right after +QMTSUB. A delivery on a topic the last
   * subscription of this client covers, within RETAINED_WINDOW_MS of it and before any other
   * command, is probably one of them (the URC carries no retain flag, so this stays a guess).
   */
  private isProbablyRetained(client: number | undefined, topic: string | undefined, mono: number): boolean {
    const s = this.lastSub;
    if (!s || client === undefined || topic === undefined || s.client !== client) return false;
    if (mono - s.endedMono > RETAINED_WINDOW_MS) return false;
    return s.filters.some((f) => topicMatches(f, topic));
  }

  private settle(
    p: Pending,
    outcome: Exchange['outcome'],
    mono: number,
    end: { result?: string; stat?: string; line?: string; fields?: string[]; entry?: number | undefined } | undefined,
    problem: Problem | undefined,
  ): void {
    this.pending.delete(p.key);
    const x = p.exchange;
    x.implied = this.implied(p, end);
    const line = end?.result ?? end?.line;
    if (line !== undefined) x.result = line;
    if (end?.entry !== undefined) x.resultEntry = end.entry;
    this.close(x, outcome, mono, problem);
  }

  private close(x: Exchange, outcome: Exchange['outcome'], mono: number, problem?: Problem): void {
    this.markChanged(x);
    x.outcome = outcome;
    x.endedMono = mono;
    if (problem) x.problem = problem;
  }

  /** Results that did not come in time become timeouts (protocol.md §1.6). */
  private expire(now: number): void {
    // Runs per record: the due ones are gathered first (settling deletes from the map), and only when there are some.
    let due: Pending[] | undefined;
    for (const p of this.pending.values()) {
      if (now <= p.deadline) continue;
      // A command the modem never answered with OK is the engine's timeout, reported at command-ended.
      if (!p.okSeen) continue;
      (due ??= []).push(p);
    }
    for (const p of due ?? []) {
      p.stopped = 'missing (timed out)';
      this.settle(p, 'timeout', p.deadline, undefined, this.timeoutProblem(p));
    }
  }

  private timeoutProblem(p: Pending): Problem {
    const waited = Math.round((p.deadline - p.exchange.startedMono) / 1000);
    return {
      code: `result-timeout.${p.command.toLowerCase()}`,
      title: `No +${p.command} result arrived`,
      detail: `${p.exchange.command} was accepted (OK) but no +${p.command} URC came within ${waited} s.`,
      nextStep: 'Check that URCs reach this port (AT+QURCCFG="urcport") and the link quality (AT+CSQ); then retry.',
    };
  }

  private explainOr(line: string, fallback: Problem, x: Exchange): Problem {
    const host = x.client !== undefined ? this.hosts.get(x.client) : undefined;
    const atStart = this.scopes.get(x);
    const connected = atStart && 'connected' in atStart ? atStart.connected : x.client !== undefined ? this.connected.get(x.client) : undefined;
    const context: ExplainContext = { ...(x.kind === 'command' ? { command: x.command } : {}), ...(host ? { host } : {}), ...(connected !== undefined ? { connected } : {}), ...(this.verboseErrors ? { verboseErrors: true } : {}) };
    return (this.opts.explain ?? explainCached)(line, context) ?? fallback;
  }

  // --- implied packets (protocol.md §2.0)

  private implied(p: Pending, end: { result?: string; stat?: string; fields?: string[] } | undefined): ImpliedPacket[] {
    const input: ImpliedInput = { command: p.command, args: p.args, ssl: p.ssl, retries: p.retries, settled: end !== undefined };
    if (end?.fields) input.fields = end.fields;
    if (end?.stat !== undefined) input.stat = end.stat;
    if (p.stopped !== undefined) input.stopped = p.stopped;
    return impliedPackets(input);
  }

  // --- helpers

  private trackConfig(name: string, form: string, args: string[]): void {
    if (name === 'CMEE' && form === 'write') this.verboseErrors = args[0] === '2';
    if (name !== 'QMTCFG' || form !== 'write') return;
    const opt = (args[0] ?? '').toLowerCase();
    const client = toInt(args[1]);
    if (client === undefined || args.length < 3) return; // protocol.md §7.10: a set missing its value is a query
    const c = this.cfgOf(client);
    if (opt === 'ssl') c.ssl = args[2] === '1';
    if (opt === 'timeout') {
      c.pktTimeoutS = toInt(args[2]) ?? c.pktTimeoutS;
      if (args[3] !== undefined) c.retries = toInt(args[3]) ?? c.retries;
    }
  }

  private cfgOf(client: number): ClientCfg {
    let c = this.cfg.get(client);
    if (!c) {
      c = { ssl: false, pktTimeoutS: DEFAULT_PKT_TIMEOUT_S, retries: DEFAULT_RETRIES };
      this.cfg.set(client, c);
    }
    return c;
  }

  private isStandaloneUrc(clean: string, name: string): boolean {
    return POWER_UP.test(clean) || name === 'QMTRECV' || name === 'QMTSTAT' || name === 'QMTPING';
  }

  /** The command in flight (started, not ended), for lines that name no command id. */
  private lastCommand(): Exchange | undefined {
    let last: number | undefined;
    for (const id of this.pendingCommand.keys()) last = id;
    return last === undefined ? undefined : this.byCommandId.get(last);
  }

  private newStandalone(command: string, kind: 'urc' | 'power-up', mono: number, client: number | undefined): Exchange {
    const x: Exchange = { id: this.nextExchangeId++, command, startedMono: mono, entries: [], outcome: 'ok', implied: [], kind };
    if (client !== undefined) x.client = client;
    this.addExchange(x);
    return x;
  }

  private addExchange(x: Exchange): void {
    this.exchanges.push(x);
    const max = this.window.exchanges;
    if (this.exchanges.length <= max) return;
    // Let the oldest fifth go at once (cheap per push); those still waiting for a result stay
    // reachable through the pending maps until they settle.
    const drop = windowDrop(this.exchangeBase, this.exchanges.length, max);
    this.exchanges.splice(0, drop);
    this.exchangeBase += drop;
    this.firstOpenCommand(); // a consumer that never asks for it must not pin the dropped ones
    // A consumer that never takes its changes (the CLI) must not pin every exchange either.
    if (this.dirty.size > max) for (const id of this.dirty.keys()) if (id < this.exchangeBase) this.dirty.delete(id);
  }

  /** The laptop's probe (one event) → one exchange of the Laptop lane, its packets per stage. */
  private onLaptopProbe(e: Extract<SessionEvent, { type: 'laptop-probe' }>, r: JournalRecord): void {
    const took = e.stages.reduce((t, s) => t + s.ms, 0);
    const failed = e.stages.find((s) => s.status === 'failed');
    const problem: Problem | undefined = e.verdict && e.verdict.side !== 'none'
      ? { code: failed?.code ?? 'laptop.verdict', title: e.verdict.text, detail: failed?.detail ?? '', nextStep: e.verdict.nextStep }
      : failed?.problem;
    const x: Exchange = {
      id: this.nextExchangeId++,
      command: `laptop probe ${e.host}:${e.port}${e.tls ? ' (TLS)' : ''}`,
      startedMono: r.mono - took,
      endedMono: r.mono,
      entries: [],
      outcome: e.ok && !problem ? 'ok' : 'error',
      implied: laptopPackets(e.stages),
      kind: 'laptop',
      ...(problem ? { problem } : {}),
      ...(problem && e.verdict?.textMsg && e.verdict.nextStepMsg && e.verdict.side !== 'none' ? { verdictMsg: { title: e.verdict.textMsg, nextStep: e.verdict.nextStepMsg } } : {}),
    };
    this.addExchange(x);
    this.markChanged(x);
  }

  private markChanged(x: Exchange): void {
    this.dirty.set(x.id, x);
  }

  /**
   * The client index and topic of a log line: a QMT URC names its own (+QMTRECV: <idx>,<id>,"<topic>"),
   * other lines take those of the command exchange they belong to (its OK, prompt, payload).
   */
  private scopeOf(dir: Direction, text: string, x: Exchange | undefined): { clientIdx: number | undefined; topic: string | undefined } {
    const own = x?.kind === 'command' ? this.scopes.get(x) : undefined;
    if (dir === 'rx' && /^\s*\+QMT/i.test(text)) {
      const u = this.readUrc(text);
      if (u.fields.length > 0) {
        // A query answer ('+QMTCFG: "keepalive",30') names no index: its command's applies.
        const client = toInt(u.fields[0]) ?? own?.client;
        const topic = u.name === 'QMTRECV' && u.fields.length > 2 ? u.fields[2] : own?.topic;
        return { clientIdx: client, topic };
      }
    }
    return { clientIdx: own?.client, topic: own?.topic };
  }

  /** readUrc, once per line: the result match and the row's scope read the same text. */
  private readUrc(text: string): { name: string; fields: string[] } {
    if (this.lastRead && this.lastReadText === text) return this.lastRead;
    this.lastReadText = text;
    this.lastRead = readUrc(text);
    return this.lastRead;
  }

  private addEntry(dir: Direction, kind: LineKind, text: string, x: Exchange | undefined, r: JournalRecord): LogEntry {
    const { clientIdx, topic } = this.scopeOf(dir, text, x);
    const entry: LogEntry = { index: this.entryCount, mono: r.mono, wall: r.wall, dir, kind, text };
    if (x) entry.exchangeId = x.id;
    if (clientIdx !== undefined) entry.clientIdx = clientIdx;
    if (topic !== undefined) entry.topic = topic;
    // The journal's secret marks point into the event's text: they hold when the entry shows it as is.
    if (r.secret?.length && 'event' in r && 'text' in r.event && r.event.text === text) entry.secret = r.secret;
    this.entries.push(entry);
    const max = this.window.entries;
    if (this.entries.length > max) {
      const drop = windowDrop(this.entryBase, this.entries.length, max);
      this.entries.splice(0, drop);
      this.entryBase += drop;
    }
    this.opts.onEntry?.(entry);
    if (x) {
      x.entries.push(entry.index);
      this.markChanged(x);
    }
    return entry;
  }
}

/**
 * How many of the oldest held items (rows or exchanges) to let go once `held` (from index `base`)
 * exceeds `max`: down to four fifths, the new base rounded down to a multiple of the step a grouper
 * fed from the start takes (max + 1 − ⌊0.8·max⌋). From the start that is exactly four fifths; a
 * grouper restored from a checkpoint (any base) falls into the same steps at its first trim, so from
 * then on it holds exactly the rows and exchanges a grouper fed from the start holds: a long journal
 * opened from a checkpoint near its end shows the same window as one read whole (journal-index.ts).
 */
function windowDrop(base: number, held: number, max: number): number {
  const keep = Math.floor(max * 0.8);
  const step = max + 1 - keep;
  const next = base + held - keep;
  return Math.floor(next / step) * step - base;
}

function statProblem(line: string, code: string | undefined): Problem {
  return {
    code: `qmtstat.${code ?? '?'}`,
    title: `The MQTT link dropped: ${statMeaning(code) ?? 'unknown reason'}`,
    detail: `The modem reported ${line}; the client index is closed now.`,
    nextStep: 'Reopen with AT+QMTOPEN then AT+QMTCONN (close the index first with AT+QMTCLOSE).',
  };
}

function genericProblem(line: string, name?: string): Problem {
  const u = readUrc(line);
  let meaning = '';
  if (u.name === 'QMTCONN' && u.fields[1] === '0') meaning = `CONNACK ${shortMeaning('connack', u.fields[2]) ?? u.fields[2] ?? ''}`;
  else if (u.name === 'QMTOPEN') meaning = shortMeaning('qmtopen', u.fields[1]) ?? '';
  return {
    code: `result.${(name ?? u.name).toLowerCase()}`,
    title: meaning ? `The modem reported a failure: ${meaning}` : 'The modem reported a failure',
    detail: `Result line: ${line}`,
    nextStep: 'See the diagnosis table for this result code.',
  };
}

function resultFamily(command: string): 'QMTOPEN' | 'QMTCLOSE' | 'QMTCONN' | 'QMTDISC' | 'QMTSUB' | 'QMTUNS' | 'QMTPUB' {
  return (command === 'QMTPUBEX' ? 'QMTPUB' : command) as ReturnType<typeof resultFamily>;
}

function resultKey(command: string, client: number, msgId: string): string {
  const family = resultFamily(command);
  return HAS_MSG_ID.has(command) ? `${family}:${client}:${msgId}` : `${family}:${client}`;
}

/** Map.set that forgets the oldest key once the map holds `max`. */
function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

function takeMatch(queue: string[], text: string): boolean {
  const i = queue.indexOf(text);
  if (i < 0) return false;
  queue.splice(0, i + 1);
  return true;
}

function remember(queue: string[], text: string): void {
  queue.push(text);
  if (queue.length > 16) queue.shift();
}
