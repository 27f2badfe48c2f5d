// The session as a whole, over time: signal, registration, PDP and per-client MQTT state, drops,
// restarts and command failures with their explanation, and message rates. A pure function of
// what the journal already says: its log rows and exchanges, and the state truth the main side's
// fold (electron/host/modem-state.ts) produced along the way. The Timeline view draws it with
// uPlot; the html export draws it as SVG (shared/timeline/svg.ts).
import type { Exchange, LogEntry } from '../model';
import type { ClientTruth, ModemTruth } from '../modem-state';
import type { MqttClientState } from '../status';
import { explain } from '../protocol/codes';
import { parseQcsq, qcsqDbm } from '../protocol/radio';
import { rssiToDbm } from '../protocol/signal';

/** The truth after a journal record moved it, at that record's wall time. */
export interface TruthPoint {
  wall: number;
  truth: ModemTruth;
}

export interface TimelineSource {
  entries: readonly LogEntry[];
  exchanges: readonly Exchange[];
  truth: readonly TruthPoint[];
  /** First and last row times when `entries` holds only some rows (a streaming export). */
  span?: { start: number; end: number };
  /** The messages in and out, when gathered apart from the rows (a streaming export): the rates count these, not the rows. */
  messages?: MessageTimes;
}

/** One signal reading (a +CSQ or +QCSQ answer); null where the reading does not give the value. */
export interface SignalSeries {
  t: number[];
  /** RSSI in dBm (+CSQ, or QCSQ's RSSI); null for 99 / NOSERVICE. */
  rssi: (number | null)[];
  /** LTE RSRP in dBm (QCSQ). */
  rsrp: (number | null)[];
  /** LTE SINR in dB (QCSQ). */
  sinr: (number | null)[];
  /** The reading said there is no signal (CSQ 99, QCSQ NOSERVICE). */
  none: boolean[];
  /** Log index of the reading. */
  entry: number[];
}

/** A state held from `from` to `to` (wall ms). */
export interface Span<S extends string = string> {
  from: number;
  to: number;
  state: S;
}

export type RegLane = 'registered' | 'searching' | 'denied' | 'not registered' | 'unknown';
export type PdpLane = 'active' | 'inactive';
export type MqttLane = 'closed' | 'open' | 'connected';

export interface Marker {
  t: number;
  kind: 'drop' | 'reboot' | 'failure';
  /** MQTT client index, for drops and QMT failures. */
  client?: number;
  /** Short label ('+QMTSTAT: 0,1'). */
  label: string;
  /** The catalogue's explanation, in words. */
  explanation?: string;
  /** Log index of the line to jump to. */
  entry: number;
  exchangeId?: number;
}

export interface RateSeries {
  /** Bin starts (wall ms); counts per bin. */
  t: number[];
  in: number[];
  out: number[];
}

export interface Timeline {
  start: number;
  end: number;
  signal: SignalSeries;
  registration: Span<RegLane>[];
  pdp: Span<PdpLane>[];
  /** Per client index the session touched. */
  clients: Record<number, Span<MqttLane>[]>;
  markers: Marker[];
  binMs: number;
  rates: Record<number, RateSeries>;
}

const REG_LANE: Record<string, RegLane> = {
  home: 'registered',
  roaming: 'registered',
  'sms-only home': 'registered',
  'sms-only roaming': 'registered',
  'csfb-not-preferred home': 'registered',
  'csfb-not-preferred roaming': 'registered',
  searching: 'searching',
  denied: 'denied',
  'not-registered': 'not registered',
};

export function regLane(state: string | undefined): RegLane {
  if (state === undefined) return 'unknown';
  if (REG_LANE[state]) return REG_LANE[state];
  if (/home|roaming/.test(state)) return 'registered';
  return 'unknown';
}

export function mqttLane(s: MqttClientState | undefined): MqttLane {
  if (s === 'connected' || s === 'disconnecting') return 'connected';
  if (s === 'opening' || s === 'opened' || s === 'connecting') return 'open';
  return 'closed';
}

/** Appends a state at `t`, extending the last span when the state is the same. */
/** What the state lanes read of a truth: two truths with the same key draw the same lanes. */
export function laneKey(t: ModemTruth): string {
  let clients = '';
  for (const [k, c] of Object.entries(t.clients)) if (c) clients += `${k}:${mqttLane(c.state)},`;
  return `${regLane(t.network.registration)}|${t.network.pdpIp ? 1 : 0}|${clients}`;
}

/** laneKey(a) === laneKey(b), without building the keys (parts the fold left as they were are the same objects). */
export function sameLanes(a: ModemTruth, b: ModemTruth): boolean {
  if (a === b) return true;
  if (a.network !== b.network && (regLane(a.network.registration) !== regLane(b.network.registration) || !a.network.pdpIp !== !b.network.pdpIp)) return false;
  if (a.clients === b.clients) return true;
  // The same clients (client indexes are integer keys: both iterate in ascending order), in the same lanes.
  let n = 0;
  for (const k in a.clients) {
    const c = a.clients[k];
    if (!c) continue;
    const d = b.clients[k];
    if (!d || mqttLane(c.state) !== mqttLane(d.state)) return false;
    n++;
  }
  for (const k in b.clients) if (b.clients[k]) n--;
  return n === 0;
}

/**
 * Keeps the truth points that change a lane, and the last one (it bounds the time axis): a long
 * session moves its truth on nearly every record, but its lanes only now and then, so the points
 * kept — and the memory they hold — follow the lane changes, not the records.
 */
export class TruthThinner {
  private readonly kept: TruthPoint[] = [];
  private tail: TruthPoint | undefined;

  /** `keep`: what of a truth a kept point holds (default all of it; see laneTruths). */
  constructor(private readonly keep: (t: ModemTruth) => ModemTruth = (t) => t) {}

  add(p: TruthPoint): void {
    const last = this.kept[this.kept.length - 1];
    if (!last || !sameLanes(p.truth, last.truth)) {
      this.kept.push({ wall: p.wall, truth: this.keep(p.truth) });
      this.tail = undefined;
    } else this.tail = p;
  }

  points(): TruthPoint[] {
    return this.tail ? [...this.kept, { wall: this.tail.wall, truth: this.keep(this.tail.truth) }] : this.kept;
  }
}

const NO_SUBSCRIPTIONS: ClientTruth['subscriptions'] = Object.freeze([]) as unknown as ClientTruth['subscriptions'];
const LANE_PORT: ModemTruth['port'] = Object.freeze({ state: 'closed' as const });
const LANE_MODEM: ModemTruth['modem'] = Object.freeze({});

/**
 * A TruthThinner's `keep` for truths read only for their lanes (a streaming export): of each kept
 * truth, only what buildTimeline reads — the registration, the PDP address, each client's state —
 * sharing whatever did not change (a client in a state is one object for every point). A long
 * session keeps a point per lane change; these hold a fraction of the memory of whole truths.
 */
export function laneTruths(): (t: ModemTruth) => ModemTruth {
  let network: ModemTruth['network'] = Object.freeze({});
  let clients: ModemTruth['clients'] = Object.freeze({});
  const inState = new Map<string, ClientTruth>();
  const clientIn = (state: ClientTruth['state']): ClientTruth => {
    let c = inState.get(state);
    if (!c) inState.set(state, (c = Object.freeze({ state, subscriptions: NO_SUBSCRIPTIONS })));
    return c;
  };
  return (t) => {
    const n = t.network;
    if (n.registration !== network.registration || n.pdpIp !== network.pdpIp) {
      const next: ModemTruth['network'] = {};
      if (n.registration !== undefined) next.registration = n.registration;
      if (n.pdpIp !== undefined) next.pdpIp = n.pdpIp;
      network = Object.freeze(next);
    }
    let same = true;
    let count = 0;
    for (const k in t.clients) {
      const c = t.clients[k as unknown as number];
      if (!c) continue;
      count++;
      if (clients[k as unknown as number]?.state !== c.state) same = false;
    }
    for (const k in clients) if (!t.clients[k as unknown as number]) same = false;
    if (!same || count !== Object.keys(clients).length) {
      const next: ModemTruth['clients'] = {};
      for (const k in t.clients) {
        const c = t.clients[k as unknown as number];
        if (c) next[k as unknown as number] = clientIn(c.state);
      }
      clients = Object.freeze(next);
    }
    return { port: LANE_PORT, modem: LANE_MODEM, network, clients };
  };
}

function push<S extends string>(spans: Span<S>[], t: number, state: S): void {
  const last = spans[spans.length - 1];
  if (last && last.state === state) return;
  // A state that lasted no time (several records at one instant) gives way to the one after it.
  if (last && last.from === t) {
    spans.pop();
    const before = spans[spans.length - 1];
    if (before && before.state === state) return;
    spans.push({ from: t, to: t, state });
    return;
  }
  if (last) last.to = t;
  spans.push({ from: t, to: t, state });
}

function close<S extends string>(spans: Span<S>[], end: number): void {
  const last = spans[spans.length - 1];
  if (last) last.to = Math.max(last.from, end);
}

/** A round bin size for about `target` bins over `span` ms (at least one second). */
export function binFor(span: number, target = 400): number {
  const steps = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
  const want = span / target;
  return steps.find((s) => s >= want) ?? steps[steps.length - 1]!;
}

const STAT = /^\+QMTSTAT:\s*(\d+)\s*,\s*(-?\d+)/i;
const RECV = /^\+QMTRECV:\s*(\d+)/i;
const PUB = /^AT\+QMTPUB(?:EX)?=(\d+)/i;
const CSQ = /^\+CSQ:\s*(\d+)\s*,/i;

/** A message a row stands for: a publish sent (out) or a delivery (in), by client; undefined for any other row. */
export function messageOf(e: LogEntry): { client: number; out: boolean } | undefined {
  const text = e.text;
  if (e.dir === 'tx') {
    if (e.kind !== 'command' || (text.charCodeAt(5) !== 81 /* Q */ && text.charCodeAt(3) !== 81)) return undefined;
    const m = PUB.exec(text);
    return m ? { client: Number(m[1]), out: true } : undefined;
  }
  if (text.charCodeAt(0) !== 43 /* + */ || e.kind !== 'urc') return undefined;
  const r = RECV.exec(text);
  return r ? { client: Number(r[1]), out: false } : undefined;
}

/**
 * The times of the messages of a session by client and direction, without their rows: all the
 * rates need of the bulk of a busy session's rows (a streaming export keeps these, not the rows).
 */
export class MessageTimes {
  readonly wall: number[] = [];
  readonly client: number[] = [];
  readonly out: boolean[] = [];
  /** Log index of each message's row. */
  readonly index: number[] = [];
  private ascending = true;

  /** Adds `e` when it is a message; false when it is not. */
  add(e: LogEntry): boolean {
    const m = messageOf(e);
    if (!m) return false;
    this.wall.push(e.wall);
    this.client.push(m.client);
    this.out.push(m.out);
    if (e.index <= (this.index[this.index.length - 1] ?? -Infinity)) this.ascending = false;
    this.index.push(e.index);
    return true;
  }

  /** Whether the row with log index `i` was added. */
  has(i: number): boolean {
    if (!this.ascending) return this.index.includes(i);
    let lo = 0;
    let hi = this.index.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.index[mid]!;
      if (at === i) return true;
      if (at < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** Strips the visible line-end markers the log keeps ('<CR><LF>'). */
const clean = (text: string): string => text.replace(/(<CR>|<LF>)+$/g, '').trim();

export function buildTimeline(src: TimelineSource): Timeline {
  const { entries, exchanges, truth } = src;
  const first = entries[0];
  const last = entries[entries.length - 1];
  const start = Math.min(src.span?.start ?? first?.wall ?? Infinity, truth[0]?.wall ?? Infinity);
  const end = Math.max(src.span?.end ?? last?.wall ?? -Infinity, truth[truth.length - 1]?.wall ?? -Infinity);
  const t0 = Number.isFinite(start) ? start : 0;
  const t1 = Number.isFinite(end) ? end : t0;

  const signal: SignalSeries = { t: [], rssi: [], rsrp: [], sinr: [], none: [], entry: [] };
  const markers: Marker[] = [];
  const binMs = binFor(t1 - t0);
  const nBins = Math.max(1, Math.floor((t1 - t0) / binMs) + 1);
  const rates: Record<number, RateSeries> = {};
  const rate = (client: number): RateSeries => {
    let r = rates[client];
    if (!r) {
      r = { t: Array.from({ length: nBins }, (_, i) => t0 + i * binMs), in: new Array<number>(nBins).fill(0), out: new Array<number>(nBins).fill(0) };
      rates[client] = r;
    }
    return r;
  };
  const bin = (t: number): number => Math.min(nBins - 1, Math.max(0, Math.floor((t - t0) / binMs)));

  const messages = src.messages;
  if (messages) for (let i = 0; i < messages.wall.length; i++) rate(messages.client[i]!)[messages.out[i] ? 'out' : 'in'][bin(messages.wall[i]!)]!++;
  for (const e of entries) {
    const text = e.text;
    const c0 = text.charCodeAt(0);
    if (e.dir === 'tx') {
      if (!messages && e.kind === 'command' && (text.charCodeAt(5) === 81 /* Q */ || text.charCodeAt(3) === 81)) {
        const m = PUB.exec(text);
        if (m) rate(Number(m[1])).out[bin(e.wall)]!++;
      }
      continue;
    }
    if (c0 === 43 /* + */) {
      if (e.kind === 'urc') {
        const r = RECV.exec(text);
        if (r) {
          if (!messages) rate(Number(r[1])).in[bin(e.wall)]!++;
          continue;
        }
        const s = STAT.exec(text);
        if (s) {
          const line = clean(text);
          markers.push({ t: e.wall, kind: 'drop', client: Number(s[1]), label: line, ...withExplanation(line), entry: e.index });
          continue;
        }
      }
      if (e.kind === 'response' || e.kind === 'urc') {
        const q = CSQ.exec(text);
        if (q) {
          const rssi = Number(q[1]);
          const dbm = rssi === 99 ? undefined : rssiToDbm(rssi).dbm;
          addSignal(signal, e, dbm ?? null, null, null, rssi === 99);
          continue;
        }
        if (/^\+QCSQ:/i.test(text)) {
          const p = parseQcsq(clean(text));
          if (p.ok) {
            const v = p.value;
            addSignal(signal, e, v.rssi ?? (v.system === 'NOSERVICE' ? null : qcsqDbm(v) ?? null), v.rsrp ?? null, v.sinr ?? null, v.system === 'NOSERVICE');
          }
        }
      }
      continue;
    }
    if ((c0 === 82 /* R */ || c0 === 65) /* A */ && /^(APP )?RDY/.test(text)) {
      markers.push({ t: e.wall, kind: 'reboot', label: 'RDY', explanation: 'The module restarted: every MQTT client and the PDP context are closed.', entry: e.index });
    }
  }

  // Failures: commands the modem refused or did not answer, with the catalogue's explanation.
  const rowOf = rowFinder(entries);
  for (const x of exchanges) {
    if (x.kind !== undefined && x.kind !== 'command') continue;
    if (x.outcome !== 'error' && x.outcome !== 'timeout') continue;
    const idx = x.resultEntry ?? x.entries[x.entries.length - 1] ?? x.entries[0];
    if (idx === undefined) continue;
    const row = rowOf(idx);
    if (!row) continue;
    const answer = x.result ?? (x.outcome === 'timeout' ? 'no answer' : row.kind === 'final' ? clean(row.text) : undefined);
    const label = `${x.command}${answer ? ` → ${answer}` : ''}`;
    markers.push({
      t: row.wall,
      kind: 'failure',
      ...(x.client !== undefined ? { client: x.client } : {}),
      label,
      ...(x.problem ? { explanation: x.problem.title } : {}),
      entry: x.entries[0] ?? idx,
      exchangeId: x.id,
    });
  }
  markers.sort((a, b) => a.t - b.t || a.entry - b.entry);

  // State lanes from the truth the journal fold produced.
  const registration: Span<RegLane>[] = [];
  const pdp: Span<PdpLane>[] = [];
  const clients: Record<number, Span<MqttLane>[]> = {};
  for (const p of truth) {
    push(registration, p.wall, regLane(p.truth.network.registration));
    push(pdp, p.wall, p.truth.network.pdpIp ? 'active' : 'inactive');
    // (for…in: the same keys in the same order as Object.entries, without an array per point.)
    for (const k in p.truth.clients) {
      const c = p.truth.clients[k as unknown as number];
      if (!c) continue;
      push((clients[Number(k)] ??= []), p.wall, mqttLane(c.state));
    }
    // A client the truth no longer lists (port closed) is closed.
    for (const k in clients) if (!p.truth.clients[Number(k)]) push(clients[Number(k)]!, p.wall, 'closed');
  }
  close(registration, t1);
  close(pdp, t1);
  for (const spans of Object.values(clients)) close(spans, t1);

  return { start: t0, end: t1, signal, registration, pdp, clients, markers, binMs, rates };
}

/** The row with log index `i`: direct when the rows are dense, else a binary search (rows in index order). */
function rowFinder(entries: readonly LogEntry[]): (i: number) => LogEntry | undefined {
  const offset = entries[0]?.index ?? 0;
  return (i) => {
    const direct = entries[i - offset];
    if (direct?.index === i) return direct;
    let lo = 0;
    let hi = entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = entries[mid]!.index;
      if (at === i) return entries[mid];
      if (at < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
}

/** The rows buildTimeline reads besides failed exchanges' rows: a streaming export keeps only these. */
export function usedByTimeline(e: LogEntry): boolean {
  const t = e.text;
  if (e.dir === 'tx') return e.kind === 'command' && PUB.test(t);
  if (t.charCodeAt(0) === 43) return RECV.test(t) || STAT.test(t) || CSQ.test(t) || /^\+QCSQ:/i.test(t);
  return /^(APP )?RDY/.test(t);
}

function addSignal(s: SignalSeries, e: LogEntry, rssi: number | null, rsrp: number | null, sinr: number | null, none: boolean): void {
  s.t.push(e.wall);
  s.rssi.push(rssi);
  s.rsrp.push(rsrp);
  s.sinr.push(sinr);
  s.none.push(none);
  s.entry.push(e.index);
}

function withExplanation(line: string): { explanation?: string } {
  const ex = explain(line);
  return ex ? { explanation: ex.meaning } : {};
}

/** The last signal reading at or before `t` (dBm: RSSI, else RSRP), for summaries. */
export function signalAt(s: SignalSeries, t: number): { dbm?: number; none: boolean; at?: number } {
  let lo = 0;
  let hi = s.t.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.t[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return { none: false };
  const dbm = s.rssi[found] ?? s.rsrp[found] ?? undefined;
  return { ...(dbm !== undefined && dbm !== null ? { dbm } : {}), none: s.none[found] ?? false, at: s.t[found]! };
}

/** Log indexes of the entries inside [from, to] (wall ms) — what brushing a span selects. */
export function entriesBetween(entries: readonly LogEntry[], from: number, to: number): number[] {
  const out: number[] = [];
  for (const e of entries) if (e.wall >= from && e.wall <= to) out.push(e.index);
  return out;
}
