// Groups journal records into log entries and exchanges (command → answer → later result URC),
// and derives the MQTT/TCP packets each exchange implies between the modem and the server.
// Pure: no I/O, no clock. The main side and the renderer both draw from it.
// Protocol knowledge follows ../shared/spec/quectel-mqtt-at.md (sections cited per table).
import type { Exchange, ImpliedPacket, JournalRecord, LogEntry, LineKind, Direction } from './model';
import type { Problem } from './outcome';
import { topicMatchesFilter } from './log-store';

export interface GroupOptions {
  /** Explains a result or error line (electron/quectel/codes.ts `explain` on the main side). */
  explain?: (line: string, context: ExplainContext) => Problem | undefined;
  /** Mono time at which still-pending results are judged; default: the last record's mono. */
  now?: number;
  /**
   * Result-URC waits per command (ms), overriding the reference's §1.6 values — for the
   * Uncertain ones (QMTCLOSE/QMTDISC: 300 ms vs 30 s) and for firmware that is slower.
   */
  resultTimeoutMs?: Partial<Record<'QMTOPEN' | 'QMTCLOSE' | 'QMTCONN' | 'QMTDISC' | 'QMTSUB' | 'QMTUNS' | 'QMTPUB', number>>;
}

/** What the grouper knows around a line it asks to have explained. */
export interface ExplainContext {
  /** The command the line answers ('AT+QMTCONN=0,"id"'), when it answers one. */
  command?: string;
  /** The server host of that client's last AT+QMTOPEN (cloud endpoints get specific hints). */
  host?: string;
}

export interface SessionModel {
  entries: LogEntry[];
  exchanges: Exchange[];
}

/** Groups a whole journal. Same result as pushing each record into an ExchangeGrouper. */
export function groupRecords(records: readonly JournalRecord[], opts: GroupOptions = {}): SessionModel {
  const g = new ExchangeGrouper(opts);
  for (const r of records) g.push(r);
  return g.finish(opts.now);
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Result URCs that complete an earlier command (§3.3). Key: command name → URC prefixes. */
const RESULT_URCS: Record<string, readonly string[]> = {
  QMTOPEN: ['QMTOPEN'],
  QMTCLOSE: ['QMTCLOSE'],
  QMTCONN: ['QMTCONN'],
  QMTDISC: ['QMTDISC'],
  QMTSUB: ['QMTSUB'],
  QMTUNS: ['QMTUNS'],
  // §2.9: either prefix may answer either publish command.
  QMTPUB: ['QMTPUB', 'QMTPUBEX'],
  QMTPUBEX: ['QMTPUB', 'QMTPUBEX'],
};

/** Commands whose result URC also carries a msgID as its second field (§3.3). */
const HAS_MSG_ID = new Set(['QMTSUB', 'QMTUNS', 'QMTPUB', 'QMTPUBEX']);

/** CONNACK return codes (§3.4). */
const CONNACK: Record<string, string> = {
  '0': 'accepted',
  '1': 'refused: unacceptable protocol version',
  '2': 'refused: identifier rejected',
  '3': 'refused: server unavailable',
  '4': 'refused: bad user name or password',
  '5': 'refused: not authorized',
};

/** +QMTOPEN results (§3.3). */
const OPEN_RESULTS: Record<string, string> = {
  '-1': 'failed to open the network',
  '0': 'opened',
  '1': 'wrong parameter',
  '2': 'client index already open',
  '3': 'failed to activate the PDP context',
  '4': 'failed to parse the domain name',
  '5': 'network connection error',
};

/** +QMTSTAT error codes (§3.1). */
const STAT_MEANINGS: Record<string, string> = {
  '1': 'connection closed or reset by the server',
  '2': 'PINGREQ timed out or failed',
  '3': 'sending CONNECT timed out or failed',
  '4': 'receiving CONNACK timed out or failed',
  '5': 'server closed the link after DISCONNECT',
  '6': 'client closed the link after repeated send failures',
  '7': 'link not alive or server unavailable',
  '8': 'client closed the MQTT connection',
};

/** Lines of the power-up banner (§4.6); a locked SIM reports its state there too (+CPIN: SIM PIN, §4.2). */
const POWER_UP = /^(RDY|APP RDY|\+CFUN: 1|\+CPIN: (READY|NOT INSERTED|SIM PIN2?|SIM PUK2?|PH-NET PIN)|\+QUSIM: \d+|\+QIND: (SMS|PB) DONE)$/;

/** How soon after a SUBACK a matching delivery counts as probably retained. */
const RETAINED_WINDOW_MS = 2_000;

// §2.1.6 defaults: pkt_timeout 5 s, retry_times 3.
const DEFAULT_PKT_TIMEOUT_S = 5;
const DEFAULT_RETRIES = 3;

/**
 * How long the host waits for a result URC after the command (§1.6, host column).
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
// Small parsers

/** Splits 'a,"b,c",d' into ['a','b,c','d']: commas inside quotes stay (no escapes exist, §2.0). */
export function splitFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** 'AT+QMTOPEN=0,"h",1883' → {name:'QMTOPEN', form:'write', args:['0','h','1883']}. */
export function parseCommand(text: string): { name: string; form: 'write' | 'read' | 'test' | 'exec'; args: string[] } {
  const t = stripVisible(text).trim();
  const m = /^AT\+?([A-Z0-9&]+)(=\?|\?|=)?(.*)$/i.exec(t);
  if (!m) return { name: t.toUpperCase(), form: 'exec', args: [] };
  const name = (m[1] ?? '').toUpperCase();
  const op = m[2];
  if (op === '=?') return { name, form: 'test', args: [] };
  if (op === '?') return { name, form: 'read', args: [] };
  if (op === '=') return { name, form: 'write', args: splitFields(m[3] ?? '') };
  return { name, form: 'exec', args: [] };
}

/** '+QMTCONN: 0,0,4' → {name:'QMTCONN', fields:['0','0','4']}. Bare lines ('RDY') get no fields. */
export function parseUrc(text: string): { name: string; fields: string[] } {
  const t = stripVisible(text).trim();
  const m = /^\+([A-Z0-9]+):\s*(.*)$/i.exec(t);
  if (!m) return { name: t, fields: [] };
  return { name: (m[1] ?? '').toUpperCase(), fields: splitFields(m[2] ?? '') };
}

/** Removes the visible control-byte markers the log uses (<CR>, <LF>) at the line ends. */
function stripVisible(text: string): string {
  return text.replace(/(<CR>|<LF>|\r|\n)+$/g, '');
}

const isIpAddress = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');

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

const powerUpCommand = 'power-up';

/** Incremental grouper: push records in journal order, read a model with snapshot()/finish(). */
export class ExchangeGrouper {
  private readonly entries: LogEntry[] = [];
  private readonly exchanges: Exchange[] = [];
  private readonly byCommandId = new Map<number, Exchange>();
  private readonly pendingCommand = new Map<number, { name: string; args: string[]; form: string }>();
  private readonly pending = new Map<string, Pending>();
  private readonly cfg = new Map<number, ClientCfg>();
  private unconfirmedLineUrcs = 0;
  /** The last successful subscription, while retained deliveries may follow it. */
  private lastSub: { client: number; filters: string[]; endedMono: number } | undefined;
  /** Server host per client_idx, from its last AT+QMTOPEN. */
  private readonly hosts = new Map<number, string>();
  /** Exchanges changed since the last takeChanges(), and how many entries it has handed out. */
  private readonly dirty = new Set<number>();
  private entriesTaken = 0;
  private readonly eventUrcs: string[] = [];
  /** The last standalone URC exchange, while continuation lines of its payload may follow. */
  private lastStandalone: Exchange | undefined;
  private lastMono = 0;
  private powerUp: Exchange | undefined;

  constructor(private readonly opts: GroupOptions = {}) {}

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
      default:
        break; // session events: no log line
    }
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
    const entries = this.entries.slice(this.entriesTaken);
    this.entriesTaken = this.entries.length;
    const exchanges: Exchange[] = [];
    for (const id of [...this.dirty].sort((a, b) => a - b)) {
      const x = this.exchanges[id];
      if (x) exchanges.push({ ...x, entries: x.entries.slice(), implied: x.implied.slice() });
    }
    this.dirty.clear();
    return { entries, exchanges };
  }

  /** Judges results still pending at `now` (default: the last record's time) and returns the model. */
  finish(now: number = this.lastMono): SessionModel {
    this.expire(now);
    for (const p of this.pending.values()) {
      p.exchange.implied = this.implied(p, undefined);
      this.dirty.add(p.exchange.id);
    }
    return this.snapshot();
  }

  // --- events

  private onCommandStarted(id: number, command: string, r: JournalRecord): void {
    const parsed = parseCommand(command);
    const client = parsed.name.startsWith('QMT') && parsed.form === 'write' ? toInt(parsed.args[0]) : undefined;
    const x: Exchange = {
      id: this.exchanges.length,
      command: stripVisible(command),
      startedMono: r.mono,
      entries: [],
      outcome: 'pending',
      implied: [],
      kind: 'command',
      ...(client !== undefined ? { client } : {}),
    };
    this.exchanges.push(x);
    this.byCommandId.set(id, x);
    this.pendingCommand.set(id, parsed);
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
    const clean = stripVisible(text).trim();
    const u = parseUrc(clean);
    // §7.2: a result URC may come before OK, even claimed as the command's own answer line.
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
    const p = [...this.pending.values()].find((q) => q.exchange === x);
    if (outcome.kind === 'ok') {
      if (parsed) this.trackConfig(parsed.name, parsed.form, parsed.args);
      if (p) {
        p.okSeen = true;
        return; // the result URC completes it (or already did)
      }
      if (x.outcome === 'pending') this.close(x, 'ok', r.mono);
      return;
    }
    // §7.2: result URC then ERROR — the URC tells what happened.
    if (p?.resultSeen || x.resultEntry !== undefined) return;
    if (p) this.pending.delete(p.key);
    const mapped = ({ 'modem-error': 'error', timeout: 'timeout', 'port-lost': 'port-lost', 'modem-restarted': 'reboot', cancelled: 'cancelled' } as const)[outcome.kind];
    this.close(x, mapped, r.mono, outcome.problem);
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
  }

  private onStandaloneUrc(clean: string, u: { name: string; fields: string[] }, text: string, r: JournalRecord): void {
    if (POWER_UP.test(clean)) {
      if (!this.powerUp) {
        this.powerUp = this.newStandalone(powerUpCommand, 'power-up', r.mono, undefined);
        this.powerUp.outcome = 'ok';
      }
      const entry = this.addEntry('rx', 'urc', text, this.powerUp, r);
      this.powerUp.endedMono = r.mono;
      this.powerUp.resultEntry = entry.index;
      return;
    }
    this.powerUp = undefined;
    // §7.4: an unescaped +QMTRECV payload may run over several lines.
    if (this.lastStandalone && !/^\+[A-Z]/i.test(clean)) {
      this.addEntry('rx', 'urc', text, this.lastStandalone, r);
      return;
    }
    this.lastStandalone = undefined;
    const client = toInt(u.fields[0]);
    // §2.5: code 5 is the normal close some firmware reports after QMTDISC, not a failure.
    if (u.name === 'QMTSTAT' && client !== undefined && u.fields[1] !== '5') {
      // §6: +QMTSTAT ends every pending exchange of that client as failed.
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
    const { packets, failed } = standaloneImplied(u.name, u.fields);
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
    for (const [cmd, prefixes] of Object.entries(RESULT_URCS)) {
      if (!prefixes.includes(name)) continue;
      const p = this.pending.get(resultKey(cmd, client, HAS_MSG_ID.has(cmd) ? fields[1] ?? '' : ''));
      if (p) return p;
    }
    return undefined;
  }

  private onResult(p: Pending, name: string, fields: string[], line: string, entryIndex: number, mono: number): void {
    p.resultSeen = true;
    const result = HAS_MSG_ID.has(p.command) ? fields[2] : fields[1];
    // Result 1 is a retransmission notice; the final 0 or 2 follows (§3.3).
    if ((p.command === 'QMTCONN' || HAS_MSG_ID.has(p.command)) && result === '1') {
      p.retries++;
      p.exchange.implied = this.implied(p, undefined);
      this.dirty.add(p.exchange.id);
      return;
    }
    let failed = result !== '0';
    if (p.command === 'QMTCONN' && result === '0' && (fields[2] ?? '0') !== '0') failed = true;
    if (p.command === 'QMTSUB' && result === '0' && fields.slice(3).some((v) => v === '128')) failed = true;
    this.settle(p, failed ? 'error' : 'ok', mono, { result: line, fields, entry: entryIndex }, failed ? this.explainOr(line, genericProblem(line, name), p.exchange) : undefined);
    if (p.command === 'QMTSUB' && result === '0' && p.exchange.client !== undefined) {
      this.lastSub = { client: p.exchange.client, filters: p.args.slice(2).filter((_, i) => i % 2 === 0), endedMono: mono };
    }
  }

  /**
   * §2.6: retained messages arrive as +QMTRECV right after +QMTSUB. A delivery on a topic the last
   * subscription of this client covers, within RETAINED_WINDOW_MS of it and before any other
   * command, is probably one of them (the URC carries no retain flag, so this stays a guess).
   */
  private isProbablyRetained(client: number | undefined, topic: string | undefined, mono: number): boolean {
    const s = this.lastSub;
    if (!s || client === undefined || topic === undefined || s.client !== client) return false;
    if (mono - s.endedMono > RETAINED_WINDOW_MS) return false;
    return s.filters.some((f) => topicMatchesFilter(topic, f));
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
    this.dirty.add(x.id);
    x.outcome = outcome;
    x.endedMono = mono;
    if (problem) x.problem = problem;
  }

  /** Results that did not come in time become timeouts (§1.6). */
  private expire(now: number): void {
    for (const p of [...this.pending.values()]) {
      if (now <= p.deadline) continue;
      // A command the modem never answered with OK is the engine's timeout, reported at command-ended.
      if (!p.okSeen) continue;
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
    const context: ExplainContext = { ...(x.kind === 'command' ? { command: x.command } : {}), ...(host ? { host } : {}) };
    return this.opts.explain?.(line, context) ?? fallback;
  }

  // --- implied packets (§2.0)

  private implied(p: Pending, end: { result?: string; stat?: string; fields?: string[] } | undefined): ImpliedPacket[] {
    const a = p.args;
    const fields = end?.fields;
    const result = fields ? (HAS_MSG_ID.has(p.command) ? fields[2] : fields[1]) : undefined;
    // Where the path stopped: 'ok', a failure at some packet, or unknown (pending/timeout).
    const stat = end?.stat;
    const settled = end !== undefined;
    const m = (name: string, detail?: string): ImpliedPacket => ({ name, from: 'modem', ...(detail ? { detail } : {}) });
    const s = (name: string, detail?: string): ImpliedPacket => ({ name, from: 'server', ...(detail ? { detail } : {}) });
    const fail = (pk: ImpliedPacket, why: string): ImpliedPacket => ({ ...pk, failed: true, detail: pk.detail ? `${pk.detail} — ${why}` : why });
    const out: ImpliedPacket[] = [];
    /** Appends the script up to the packet that failed; a missing answer is drawn failed. */
    const script = (packets: ImpliedPacket[], failAt: number | undefined, why: string) => {
      if (failAt === undefined) out.push(...packets);
      else {
        out.push(...packets.slice(0, failAt));
        const at = packets[failAt];
        if (at) out.push(fail(at, why));
      }
    };
    const statTail = () => {
      if (stat === '1') out.push(fail(s('FIN/RST'), 'server closed the connection'));
      else if (stat === '2') out.push(m('PINGREQ'), fail(s('PINGRESP'), 'missing'));
    };
    const missing = p.stopped ?? 'missing';
    const unresolved = !settled && p.stopped === undefined;

    switch (p.command) {
      case 'QMTOPEN': {
        const host = a[1] ?? '';
        const packets: ImpliedPacket[] = [];
        if (!isIpAddress(host)) packets.push(m('DNS query', host), s('DNS answer'));
        const tcpAt = packets.length;
        packets.push(m('SYN'), s('SYN-ACK'), m('ACK'));
        const tlsAt = packets.length;
        if (p.ssl) packets.push(m('TLS ClientHello'), s('TLS ServerHello … ServerHelloDone'), m('TLS ClientKeyExchange … Finished'), s('TLS Finished'));
        let failAt: number | undefined;
        let why = OPEN_RESULTS[result ?? ''] ?? `result ${result ?? '?'}`;
        if (result === '0') failAt = undefined;
        else if (result === '3') {
          out.push(fail(m('PDP activation'), why));
          break;
        } else if (result === '1' || result === '2') {
          out.push(fail(m('(nothing sent)'), why));
          break;
        } else if (result === '4') failAt = tcpAt > 0 ? 1 : 0;
        else if (result === '-1' || result === '5') failAt = p.ssl ? tlsAt + 1 : tcpAt + 1;
        else if (unresolved) failAt = undefined;
        else {
          failAt = p.ssl ? tlsAt + 1 : tcpAt + 1;
          why = stat ? STAT_MEANINGS[stat] ?? `+QMTSTAT ${stat}` : missing;
        }
        if (unresolved) out.push(...packets.map((pk) => ({ ...pk, uncertain: true })));
        else script(packets, failAt, why);
        break;
      }
      case 'QMTCONN': {
        const clientId = a[1] ?? '';
        out.push(m('CONNECT', clientId ? `client id ${clientId}` : undefined));
        for (let i = 0; i < p.retries; i++) out.push(m('CONNECT', `resent (${i + 1})`));
        const ret = fields?.[2];
        if (result === '0') {
          const meaning = CONNACK[ret ?? '0'] ?? `return code ${ret ?? '?'}`;
          const connack = s('CONNACK', `${ret ?? '0'} ${meaning}`);
          out.push(ret && ret !== '0' ? { ...connack, failed: true } : connack);
        } else if (result === '2') out[out.length - 1] = fail(out[out.length - 1] as ImpliedPacket, 'could not be sent');
        else if (stat === '3') out[out.length - 1] = fail(out[out.length - 1] as ImpliedPacket, STAT_MEANINGS['3'] ?? '');
        else if (unresolved) out.push({ ...s('CONNACK', 'awaited'), uncertain: true });
        else {
          out.push(fail(s('CONNACK'), stat ? STAT_MEANINGS[stat] ?? `+QMTSTAT ${stat}` : missing));
          if (stat === '1') statTail();
        }
        break;
      }
      case 'QMTSUB':
      case 'QMTUNS': {
        const isSub = p.command === 'QMTSUB';
        const filters = isSub ? a.slice(2).filter((_, i) => i % 2 === 0) : a.slice(2);
        const req = m(isSub ? 'SUBSCRIBE' : 'UNSUBSCRIBE', `msgID ${a[1] ?? '?'} ${filters.join(', ')}`.trim());
        out.push(req);
        for (let i = 0; i < p.retries; i++) out.push(m(req.name, `resent with DUP (${i + 1})`));
        const ack = isSub ? 'SUBACK' : 'UNSUBACK';
        if (result === '0') {
          const granted = (fields ?? []).slice(3);
          const refused = granted.includes('128');
          const detail = isSub && granted.length ? `granted ${granted.map((g) => (g === '128' ? '0x80 refused' : `QoS ${g}`)).join(', ')}` : undefined;
          const pk = s(ack, detail);
          out.push(refused ? { ...pk, failed: true } : pk);
        } else if (result === '2') out[out.length - 1] = fail(req, 'could not be sent');
        else if (unresolved) out.push({ ...s(ack), uncertain: true });
        else {
          out.push(fail(s(ack), stat ? STAT_MEANINGS[stat] ?? `+QMTSTAT ${stat}` : missing));
          statTail();
        }
        break;
      }
      case 'QMTPUB':
      case 'QMTPUBEX': {
        const msgId = a[1] ?? '0';
        const qos = a[2] ?? '0';
        const topic = a[4] ?? '';
        const publish = m('PUBLISH', `QoS ${qos}${msgId !== '0' ? ` msgID ${msgId}` : ''}${a[3] === '1' ? ' retain' : ''} ${topic}`.trim());
        const packets: ImpliedPacket[] = [publish];
        if (qos === '1') packets.push(s('PUBACK'));
        if (qos === '2') packets.push(s('PUBREC'), m('PUBREL'), s('PUBCOMP'));
        // Retransmissions resend the PUBLISH with DUP=1 (§2.0).
        const resent = Array.from({ length: p.retries }, (_, i) => m('PUBLISH', `resent with DUP=1 (${i + 1})`));
        if (result === '0') out.push(publish, ...resent, ...packets.slice(1));
        else if (result === '2') out.push(fail(publish, 'could not be sent'), ...resent);
        else if (unresolved) out.push(publish, ...resent, ...packets.slice(1).map((pk) => ({ ...pk, uncertain: true })));
        else if (qos === '0') out.push(fail(publish, stat ? STAT_MEANINGS[stat] ?? '' : missing));
        else {
          out.push(publish, ...resent);
          const next = packets[1];
          if (next) out.push(fail(next, stat ? STAT_MEANINGS[stat] ?? `+QMTSTAT ${stat}` : missing));
          statTail();
        }
        break;
      }
      case 'QMTDISC': {
        if (result === '0') out.push(m('DISCONNECT'), m('FIN'));
        else if (unresolved) out.push({ ...m('DISCONNECT'), uncertain: true }, { ...m('FIN'), uncertain: true });
        else out.push(fail(m('DISCONNECT'), result === '-1' ? 'disconnect failed' : stat ? STAT_MEANINGS[stat] ?? '' : missing));
        break;
      }
      case 'QMTCLOSE': {
        if (result === '0') out.push(m('FIN'));
        else if (unresolved) out.push({ ...m('FIN'), uncertain: true });
        else out.push(fail(m('FIN'), result === '-1' ? 'close failed' : missing));
        break;
      }
      default:
        break;
    }
    return out;
  }

  // --- helpers

  private trackConfig(name: string, form: string, args: string[]): void {
    if (name !== 'QMTCFG' || form !== 'write') return;
    const opt = (args[0] ?? '').toLowerCase();
    const client = toInt(args[1]);
    if (client === undefined || args.length < 3) return; // §7.10: a set missing its value is a query
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
    const x: Exchange = { id: this.exchanges.length, command, startedMono: mono, entries: [], outcome: 'ok', implied: [], kind, ...(client !== undefined ? { client } : {}) };
    this.exchanges.push(x);
    return x;
  }

  private addEntry(dir: Direction, kind: LineKind, text: string, x: Exchange | undefined, r: JournalRecord): LogEntry {
    const entry: LogEntry = { index: this.entries.length, mono: r.mono, wall: r.wall, dir, kind, text, ...(x ? { exchangeId: x.id } : {}) };
    // The journal's secret marks point into the event's text: they hold when the entry shows it as is.
    if (r.secret?.length && 'event' in r && 'text' in r.event && r.event.text === text) entry.secret = r.secret;
    this.entries.push(entry);
    if (x) {
      x.entries.push(entry.index);
      this.dirty.add(x.id);
    }
    return entry;
  }
}

/** Packets implied by a URC nobody asked for (§2.0 last rows, §3.1, §3.2). */
function standaloneImplied(name: string, fields: string[]): { packets: ImpliedPacket[]; failed: boolean } {
  if (name === 'QMTRECV') {
    if (fields.length <= 2) return { packets: [{ name: 'PUBLISH', from: 'server', detail: `stored in slot ${fields[1] ?? '?'} (read with AT+QMTRECV)` }], failed: false };
    const msgId = fields[1] ?? '0';
    const publish: ImpliedPacket = { name: 'PUBLISH', from: 'server', detail: `msgID ${msgId} ${fields[2] ?? ''}`.trim() };
    if (msgId === '0') return { packets: [{ ...publish, detail: `${publish.detail ?? ''} (QoS 0)` }], failed: false };
    return {
      packets: [publish, { name: 'PUBACK or PUBREC/PUBREL/PUBCOMP', from: 'modem', detail: 'QoS 1 or 2: the URC does not say which', uncertain: true }],
      failed: false,
    };
  }
  if (name === 'QMTSTAT') {
    const code = fields[1] ?? '';
    const why = STAT_MEANINGS[code] ?? `code ${code}`;
    switch (code) {
      case '1':
        return { packets: [{ name: 'FIN/RST', from: 'server', detail: why, failed: true }], failed: true };
      case '2':
        return { packets: [{ name: 'PINGREQ', from: 'modem' }, { name: 'PINGRESP', from: 'server', detail: 'missing', failed: true }], failed: true };
      case '5':
        return { packets: [{ name: 'FIN', from: 'server', detail: why }], failed: false };
      default:
        return { packets: [{ name: 'link lost', from: 'server', detail: why, failed: true }], failed: true };
    }
  }
  if (name === 'QMTPING') {
    return { packets: [{ name: 'PINGREQ', from: 'modem' }, { name: 'PINGRESP', from: 'server', detail: 'missing', failed: true }], failed: true };
  }
  return { packets: [], failed: false };
}

function statProblem(line: string, code: string | undefined): Problem {
  return {
    code: `qmtstat.${code ?? '?'}`,
    title: `The MQTT link dropped: ${STAT_MEANINGS[code ?? ''] ?? 'unknown reason'}`,
    detail: `The modem reported ${line}; the client index is closed now.`,
    nextStep: 'Reopen with AT+QMTOPEN then AT+QMTCONN (close the index first with AT+QMTCLOSE).',
  };
}

function genericProblem(line: string, name?: string): Problem {
  const u = parseUrc(line);
  let meaning = '';
  if (u.name === 'QMTCONN' && u.fields[1] === '0') meaning = `CONNACK ${CONNACK[u.fields[2] ?? ''] ?? u.fields[2] ?? ''}`;
  else if (u.name === 'QMTOPEN') meaning = OPEN_RESULTS[u.fields[1] ?? ''] ?? '';
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

function toInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+$/.test(s.trim())) return undefined;
  return Number(s);
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
