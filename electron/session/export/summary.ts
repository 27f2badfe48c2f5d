// What a support engineer reads first: the modem, its SIM and network, the MQTT clients and the
// first failure with its next step. Read from a (redacted) session model's lines with the same
// parsers the bring-up uses (quectel/basic.ts over shared/protocol), never guessed. Pure.
import type { Exchange, JournalRecord, LogEntry, SerialSettings } from '../../../shared/model';
import type { SessionModel } from '../../../shared/exchanges';
import type { Problem } from '../../../shared/outcome';
import { parseCommand, parseInfoLine, parseRegistration, unquote } from '../../../shared/protocol';
import { registrationText, signalText } from '../../../shared/status';
import { parseAti, parseCops, parseCpin, parseCsq, parseImei, parseQiactRead, parseQicsgpQuery, parseRegistrationRead, parseRevision, type RegCommand } from '../../quectel/basic';
import { REDACTED } from '../redact';

export interface MqttClientSummary {
  client: number;
  /** 'host:port' from AT+QMTOPEN. */
  server?: string;
  /** Result of the last AT+QMTOPEN / AT+QMTCONN, as the modem reported it. */
  openResult?: string;
  connectResult?: string;
  clientId?: string;
  user?: string;
  /** AT+QMTCFG options as sent: name → values ('keepalive' → '120'). Secrets are already redacted. */
  options: Record<string, string>;
}

export interface FirstFailure {
  exchangeId: number;
  wall: number;
  command: string;
  /** The line that reported the failure (result URC or final), when there is one. */
  line?: string;
  title: string;
  detail: string;
  nextStep: string;
  /** The Problem itself: its code and params word it again in the report's language. */
  problem?: Problem;
}

export interface SessionSummary {
  manufacturer?: string;
  model?: string;
  firmware?: string;
  imei?: string;
  imsi?: string;
  iccid?: string;
  sim?: string;
  signal?: string;
  registration?: string;
  operator?: string;
  apn?: string;
  pdp?: string;
  /** The same readings as data, for the report's language (the strings above are their English). */
  said?: SummaryReadings;
  clients: MqttClientSummary[];
  firstFailure?: FirstFailure;
  /** Log rows and exchanges summarised. */
  rows: number;
  exchanges: number;
  /** Wall-clock span of the rows (epoch ms). */
  startedWall?: number;
  endedWall?: number;
}

/** What the summary's strings were made from: each reading worded again in another language. */
export interface SummaryReadings {
  /** The SIM's state was the failure of AT+CPIN? (its Problem). */
  simProblem?: Problem;
  signal?: { dbm?: number; bound?: 'or-less' | 'or-more'; quality: string; rssi: number; ber: number };
  registration?: { state: string; tech?: string; command: string };
  /** The APN was empty (the only word in it). */
  apnEmpty?: { type?: string };
  pdp?: Array<{ cid: number | string; active: boolean; ip?: string; ipv6?: string }>;
}

/** The environment a session ran in, from its journal's own records. */
export interface RecordedEnvironment {
  app?: string;
  appVersion?: string;
  port?: { path: string; settings?: Partial<SerialSettings> };
}

export function recordedEnvironment(records: readonly JournalRecord[]): RecordedEnvironment {
  const env: RecordedEnvironment = {};
  for (const r of records) {
    if (!('event' in r)) continue;
    const e = r.event;
    if (e.type === 'session-started') Object.assign(env, { app: e.app, appVersion: e.version });
    else if (e.type === 'port-opened') env.port = { path: e.path, ...(e.settings ? { settings: e.settings } : {}) };
  }
  return env;
}

/** An identity line as the answer shows it: digits when clear, the masked copy when masked. */
function identityLine(lines: readonly string[], name: string): string | undefined {
  for (const l of lines) {
    const t = l.trim();
    const rest = parseInfoLine(t).name === name ? (parseInfoLine(t).fields[0] ?? '') : t;
    const v = unquote(rest.trim());
    if (/^[0-9A-F]{10,20}$/i.test(v) || v.includes(REDACTED)) return v;
  }
  return undefined;
}

export function summarise(model: SessionModel): SessionSummary {
  const b = new SummaryBuilder();
  const entryAt = (i: number) => model.entries[i];
  for (const x of model.exchanges) b.add(x, entryAt);
  return b.finish(model.entries.length, model.entries[0], model.entries[model.entries.length - 1]);
}

/**
 * The summary read one exchange at a time, in id order, each in its final state: what a streaming
 * export feeds it as exchanges settle, without holding the session. `entryAt` gives the log rows
 * of the exchange being added.
 */
export class SummaryBuilder {
  private readonly s: SessionSummary = { clients: [], rows: 0, exchanges: 0 };
  private readonly clients = new Map<number, MqttClientSummary>();
  private failure: (Omit<FirstFailure, 'wall'> & { wall?: number }) | undefined;

  add(x: Exchange, entryAt: (index: number) => LogEntry | undefined): void {
    const s = this.s;
    s.exchanges++;
    if (x.problem && !this.failure) {
      const line = x.result ?? failureLine(entryAt, x);
      const wall = entryAt(x.entries[0] ?? -1)?.wall;
      this.failure = {
        exchangeId: x.id,
        ...(wall !== undefined ? { wall } : {}),
        command: x.command,
        ...(line ? { line } : {}),
        title: x.problem.title,
        detail: x.problem.detail,
        nextStep: x.problem.nextStep,
        problem: x.problem,
      };
    }
    const lines = answerLines(entryAt, x);
    if (x.kind === 'urc' || x.kind === 'power-up') {
      for (const l of lines) readUnsolicited(s, l);
      return;
    }
    const c = parseCommand(x.command);
    if (!c) return;
    const ok = x.outcome === 'ok';
    switch (c.name) {
      case 'I': {
        const id = okValue(ok, parseAti(lines));
        if (id) Object.assign(s, { ...(id.manufacturer ? { manufacturer: id.manufacturer } : {}), ...(id.model ? { model: id.model } : {}), ...(id.revision ? { firmware: id.revision } : {}) });
        break;
      }
      case 'GMR':
      case 'CGMR':
      case 'QGMR': {
        const rev = okValue(ok, parseRevision(lines));
        if (rev) s.firmware = rev;
        break;
      }
      case 'GSN':
      case 'CGSN': {
        const imei = okValue(ok, parseImei(lines)) ?? (ok ? identityLine(lines, 'CGSN') : undefined);
        if (imei) s.imei = imei;
        break;
      }
      case 'CIMI': {
        const imsi = ok ? identityLine(lines, 'CIMI') : undefined;
        if (imsi) s.imsi = imsi;
        break;
      }
      case 'QCCID':
      case 'CCID': {
        const iccid = ok ? identityLine(lines, c.name) : undefined;
        if (iccid) s.iccid = iccid;
        break;
      }
      case 'CPIN': {
        const sim = okValue(ok, parseCpin(lines));
        if (sim) {
          s.sim = sim.state;
          if (s.said) delete s.said.simProblem;
        } else if (x.problem && c.form === 'read') {
          s.sim = x.problem.title;
          said(s).simProblem = x.problem;
        }
        break;
      }
      case 'CSQ': {
        const sig = okValue(ok, parseCsq(lines));
        if (sig) {
          s.signal = `${signalText(sig)}; rssi ${sig.rssi}, ber ${sig.ber}`;
          said(s).signal = { ...(sig.dbm !== undefined ? { dbm: sig.dbm } : {}), ...(sig.bound ? { bound: sig.bound } : {}), quality: sig.quality, rssi: sig.rssi, ber: sig.ber };
        }
        break;
      }
      case 'CREG':
      case 'CGREG':
      case 'CEREG': {
        if (c.form !== 'read') break;
        const reg = okValue(ok, parseRegistrationRead(lines, c.name as RegCommand));
        if (reg) setRegistration(s, reg.state, reg.tech, c.name);
        break;
      }
      case 'COPS': {
        const cops = c.form === 'read' ? okValue(ok, parseCops(lines)) : undefined;
        if (cops?.operator) s.operator = `${cops.operator}${cops.tech ? ` (${cops.tech})` : ''}`;
        break;
      }
      case 'QICSGP': {
        if (c.args.length >= 3) setApn(s, c.args[2] ?? '', c.args[1]);
        else {
          const q = okValue(ok, parseQicsgpQuery(lines));
          if (q) setApn(s, q.apn, String(q.type));
        }
        break;
      }
      case 'CGDCONT': {
        if (c.form === 'write' && c.args[2] !== undefined && !s.apn) s.apn = `${c.args[2]} (${c.args[1] ?? 'IP'}, cid ${c.args[0]})`;
        break;
      }
      case 'QIACT': {
        const ctx = c.form === 'read' ? okValue(ok, parseQiactRead(lines)) : undefined;
        if (ctx) said(s).pdp = ctx.map((p) => ({ cid: p.cid, active: p.active, ...(p.ip ? { ip: p.ip } : {}), ...(p.ipv6 && p.ipv6 !== p.ip ? { ipv6: p.ipv6 } : {}) }));
        if (ctx) s.pdp = ctx.length === 0 ? 'no context active' : ctx.map((p) => `cid ${p.cid} ${p.active ? 'active' : 'inactive'}${p.ip ? ` ${p.ip}` : ''}${p.ipv6 && p.ipv6 !== p.ip ? ` ${p.ipv6}` : ''}`).join('; ');
        break;
      }
      case 'QMTOPEN': {
        if (c.form !== 'write' || c.args.length < 3) break;
        const m = this.client(Number(c.args[0]));
        m.server = `${c.args[1]}:${c.args[2]}`;
        if (x.result) m.openResult = x.result;
        break;
      }
      case 'QMTCFG': {
        if (c.form !== 'write' || c.args.length < 3) break;
        const idx = Number(c.args[1]);
        if (Number.isInteger(idx)) this.client(idx).options[c.args[0] ?? '?'] = c.args.slice(2).join(', ');
        break;
      }
      case 'QMTCONN': {
        if (c.form !== 'write' || c.args.length < 2) break;
        const m = this.client(Number(c.args[0]));
        m.clientId = c.args[1];
        if (c.args[2] !== undefined) m.user = c.args[2];
        if (x.result) m.connectResult = x.result;
        break;
      }
    }
  }

  /** The summary of MQTT client `idx`, made on first mention (a method: add() runs per exchange). */
  private client(idx: number): MqttClientSummary {
    let c = this.clients.get(idx);
    if (!c) this.clients.set(idx, (c = { client: idx, options: {} }));
    return c;
  }

  /** The summary, given the rows summarised: how many, the first and the last. */
  finish(rows: number, first: LogEntry | undefined, last: LogEntry | undefined): SessionSummary {
    const s: SessionSummary = { ...this.s, rows };
    if (first && last) {
      s.startedWall = first.wall;
      s.endedWall = last.wall;
    }
    s.clients = [...this.clients.values()].filter((c) => Number.isInteger(c.client)).sort((a, b) => a.client - b.client);
    if (this.failure) s.firstFailure = { ...this.failure, wall: this.failure.wall ?? s.startedWall ?? 0 };
    return s;
  }
}

/** A parse's value when the exchange succeeded. */
function okValue<T>(ok: boolean, r: { ok: true; value: T } | { ok: false }): T | undefined {
  return ok && r.ok ? r.value : undefined;
}

/** The summary's readings as data (made on first use). */
const said = (s: SessionSummary): SummaryReadings => (s.said ??= {});

function setRegistration(s: SessionSummary, state: string, tech: string | undefined, command: string): void {
  s.registration = `${registrationText(state, tech)} (${command})`;
  said(s).registration = { state, ...(tech ? { tech } : {}), command };
}

function setApn(s: SessionSummary, apn: string, type: string | undefined): void {
  s.apn = apnText(apn, type);
  if (apn === '') said(s).apnEmpty = type ? { type } : {};
  else if (s.said) delete s.said.apnEmpty;
}

function apnText(apn: string, type: string | undefined): string {
  const kinds: Record<string, string> = { '1': 'IPv4', '2': 'IPv6', '3': 'IPv4v6' };
  return `${apn === '' ? '(empty)' : apn}${type && kinds[type] ? ` (${kinds[type]})` : ''}`;
}

/** The modem's lines of an exchange: what the parsers read (echo and the command itself left out). */
function answerLines(entryAt: (index: number) => LogEntry | undefined, x: Exchange): string[] {
  const out: string[] = [];
  for (const i of x.entries) {
    const e = entryAt(i);
    if (e && e.dir === 'rx' && e.kind !== 'echo' && e.kind !== 'prompt') out.push(e.text);
  }
  return out;
}

/** The last modem line of a failed exchange (its final or URC). */
function failureLine(entryAt: (index: number) => LogEntry | undefined, x: Exchange): string | undefined {
  for (let k = x.entries.length - 1; k >= 0; k--) {
    const e = entryAt(x.entries[k] ?? -1);
    if (e && e.dir === 'rx') return e.text;
  }
  return undefined;
}

/** State reported without being asked: +CPIN at power-up, +CEREG/+CREG registration URCs. */
function readUnsolicited(s: SessionSummary, line: string): void {
  const name = parseInfoLine(line).name;
  if (name === 'CPIN') {
    const sim = parseCpin([line]);
    if (sim.ok) {
      s.sim = sim.value.state;
      if (s.said) delete s.said.simProblem;
    }
  } else if (name === 'CREG' || name === 'CGREG' || name === 'CEREG') {
    const reg = parseRegistration(line);
    if (reg.ok) setRegistration(s, reg.value.state, reg.value.tech, name);
  }
}
