// Radio detail of the Quectel extensions AT+QCSQ and AT+QENG="servingcell" (protocol.md §4.2.1):
// the serving system with its RSSI/RSRP/RSRQ/SINR, and the serving cell with its identity. Pure,
// shared by the main side (sampling, the state fold) and the renderer (the timeline).
import { ok, type Outcome } from '../outcome';
import { afterPrefix, parseFail, splitFields, toInt, unquote } from './fields';

/** The serving system QCSQ names; BG9x spellings are kept as printed ('CAT-M1' and 'eMTC' are one system). */
export type QcsqSystem = 'NOSERVICE' | 'GSM' | 'WCDMA' | 'TDSCDMA' | 'LTE' | 'CAT-M1' | 'eMTC' | 'CAT-NB1' | 'NBIoT';

export interface Qcsq {
  system: QcsqSystem;
  /** dBm (every system but NOSERVICE). */
  rssi?: number;
  /** WCDMA: RSCP in dBm, Ec/Io in dB. */
  rscp?: number;
  ecio?: number;
  /** LTE family: RSRP in dBm, RSRQ in dB, SINR in dB (converted from fifths of a dB where it is on that scale). */
  rsrp?: number;
  rsrq?: number;
  sinr?: number;
}

const LTE_FAMILY = new Set<QcsqSystem>(['LTE', 'CAT-M1', 'eMTC', 'CAT-NB1', 'NBIoT']);
const SYSTEMS = new Set<string>(['NOSERVICE', 'GSM', 'WCDMA', 'TDSCDMA', 'LTE', 'CAT-M1', 'EMTC', 'CAT-NB1', 'NBIOT']);
const CANONICAL: Record<string, QcsqSystem> = { EMTC: 'eMTC', NBIOT: 'NBIoT' };

/** True for the systems whose fields are the LTE ones (protocol.md §4.2.1: BG9x CAT-M1/eMTC/CAT-NB1/NBIoT). */
export const isLteFamily = (s: QcsqSystem): boolean => LTE_FAMILY.has(s);

/**
 * SINR in dB from its printed value. protocol.md §4.2.1: 0–250 in fifths of a dB (dB = v/5 − 20).
 * Uncertain there: some firmware prints dB directly; a negative value or one above 250 is taken as
 * dB. A value of 0–250 is always read as the 1/5 scale (the documented form).
 */
export function sinrDb(v: number): number {
  if (v < 0 || v > 250) return v;
  return Math.round((v / 5 - 20) * 10) / 10;
}

/** A numeric field, or undefined for '-' (does not apply) and empty fields (protocol.md §4.2.1). */
const num = (f: string | undefined): number | undefined => {
  if (f === undefined) return undefined;
  const t = unquote(f.trim());
  if (t === '' || t === '-') return undefined;
  return toInt(t);
};

const set = <K extends keyof Qcsq>(o: Qcsq, k: K, v: Qcsq[K] | undefined): void => {
  if (v !== undefined) o[k] = v;
};

const radioFail = (what: string, seen: string, why: string): Outcome<never> => parseFail(what, seen, why);

/** The '+NAME:' line's remainder among a response's lines (echo, blanks and finals skipped). */
const restOf = (lines: readonly string[], name: string): string | undefined => {
  for (const l of lines) {
    const r = afterPrefix(l.trim(), name);
    if (r !== undefined) return r;
  }
  return undefined;
};

/**
 * AT+QCSQ — one of
 * '+QCSQ: "NOSERVICE"' | '+QCSQ: "GSM",<rssi>' | '+QCSQ: "WCDMA",<rssi>,<rscp>,<ecio>' |
 * '+QCSQ: "LTE",<rssi>,<rsrp>,<sinr>,<rsrq>' (and the BG9x LTE-family names with the LTE fields).
 */
export function parseQcsq(lines: readonly string[] | string): Outcome<Qcsq> {
  const all = typeof lines === 'string' ? [lines] : lines;
  const rest = restOf(all, 'QCSQ');
  if (rest === undefined) return radioFail('QCSQ', all.join(' | '), 'expected +QCSQ:');
  const f = splitFields(rest);
  const name = unquote(f[0] ?? '').toUpperCase();
  if (!SYSTEMS.has(name)) return radioFail('QCSQ', rest, 'unknown serving system');
  const system = (CANONICAL[name] ?? name) as QcsqSystem;
  const out: Qcsq = { system };
  if (system === 'NOSERVICE') return ok(out);
  set(out, 'rssi', num(f[1]));
  // TD-SCDMA (China Mobile 3G, not in the reference) prints the WCDMA fields on the firmware that has it.
  if (system === 'WCDMA' || system === 'TDSCDMA') {
    set(out, 'rscp', num(f[2]));
    set(out, 'ecio', num(f[3]));
  } else if (isLteFamily(system)) {
    set(out, 'rsrp', num(f[2]));
    const s = num(f[3]);
    if (s !== undefined) out.sinr = sinrDb(s);
    set(out, 'rsrq', num(f[4]));
  }
  if (out.rssi === undefined && f[1] !== undefined && f[1].trim() !== '-') return radioFail('QCSQ', rest, 'RSSI is not a number');
  return ok(out);
}

/** <state> of +QENG: "servingcell" (protocol.md §4.2.1). */
export type CellState = 'SEARCH' | 'LIMSRV' | 'NOCONN' | 'CONNECT';
const CELL_STATES = new Set<string>(['SEARCH', 'LIMSRV', 'NOCONN', 'CONNECT']);

/** Bandwidth codes 0–5 in MHz (protocol.md §4.2.1). */
export const LTE_BANDWIDTH_MHZ: readonly number[] = [1.4, 3, 5, 10, 15, 20];

export interface LteCell {
  rat: 'LTE';
  duplex?: 'FDD' | 'TDD';
  mcc?: number;
  mnc?: number;
  /** Hex as printed ('1A2D001'), and its value. */
  cellId?: string;
  cellIdValue?: number;
  pcid?: number;
  earfcn?: number;
  band?: number;
  ulBandwidthMhz?: number;
  dlBandwidthMhz?: number;
  tac?: string;
  rsrp?: number;
  rsrq?: number;
  rssi?: number;
  sinr?: number;
  srxlev?: number;
}

export interface WcdmaCell {
  rat: 'WCDMA';
  mcc?: number;
  mnc?: number;
  lac?: string;
  cellId?: string;
  uarfcn?: number;
  psc?: number;
  rac?: number;
  rscp?: number;
  ecio?: number;
  /** The fields after the first ones, as printed. */
  rest: string[];
}

export interface GsmCell {
  rat: 'GSM';
  mcc?: number;
  mnc?: number;
  lac?: string;
  cellId?: string;
  bsic?: number;
  arfcn?: number;
  band?: string;
  rxlev?: number;
  rest: string[];
}

/** A RAT this parser has no table for: its fields as printed. */
export interface OtherCell {
  rat: string;
  rest: string[];
}

export interface ServingCell {
  state: CellState;
  /** Absent in the SEARCH form (no cell; the line ends after the state). */
  cell?: LteCell | WcdmaCell | GsmCell | OtherCell;
}

const hex = (f: string | undefined): string | undefined => {
  const t = f === undefined ? '' : unquote(f.trim());
  return t === '' || t === '-' ? undefined : t.toUpperCase();
};

function lteCell(f: readonly string[]): LteCell {
  const c: LteCell = { rat: 'LTE' };
  const put = <K extends keyof LteCell>(k: K, v: LteCell[K] | undefined): void => {
    if (v !== undefined) c[k] = v;
  };
  const duplex = unquote(f[0] ?? '').toUpperCase();
  if (duplex === 'FDD' || duplex === 'TDD') c.duplex = duplex;
  put('mcc', num(f[1]));
  put('mnc', num(f[2]));
  const id = hex(f[3]);
  if (id !== undefined) {
    c.cellId = id;
    const v = /^[0-9A-F]+$/.test(id) ? parseInt(id, 16) : undefined;
    put('cellIdValue', v);
  }
  put('pcid', num(f[4]));
  put('earfcn', num(f[5]));
  put('band', num(f[6]));
  const ul = num(f[7]);
  const dl = num(f[8]);
  put('ulBandwidthMhz', ul === undefined ? undefined : LTE_BANDWIDTH_MHZ[ul]);
  put('dlBandwidthMhz', dl === undefined ? undefined : LTE_BANDWIDTH_MHZ[dl]);
  put('tac', hex(f[9]));
  put('rsrp', num(f[10]));
  put('rsrq', num(f[11]));
  put('rssi', num(f[12]));
  const s = num(f[13]);
  put('sinr', s === undefined ? undefined : sinrDb(s));
  put('srxlev', num(f[14]));
  return c;
}

function wcdmaCell(f: readonly string[]): WcdmaCell {
  const c: WcdmaCell = { rat: 'WCDMA', rest: f.slice(9).map((x) => x) };
  const put = <K extends keyof WcdmaCell>(k: K, v: WcdmaCell[K] | undefined): void => {
    if (v !== undefined) c[k] = v;
  };
  put('mcc', num(f[0]));
  put('mnc', num(f[1]));
  put('lac', hex(f[2]));
  put('cellId', hex(f[3]));
  put('uarfcn', num(f[4]));
  put('psc', num(f[5]));
  put('rac', num(f[6]));
  put('rscp', num(f[7]));
  put('ecio', num(f[8]));
  return c;
}

function gsmCell(f: readonly string[]): GsmCell {
  const c: GsmCell = { rat: 'GSM', rest: f.slice(8).map((x) => x) };
  const put = <K extends keyof GsmCell>(k: K, v: GsmCell[K] | undefined): void => {
    if (v !== undefined) c[k] = v;
  };
  put('mcc', num(f[0]));
  put('mnc', num(f[1]));
  put('lac', hex(f[2]));
  put('cellId', hex(f[3]));
  put('bsic', num(f[4]));
  put('arfcn', num(f[5]));
  const band = f[6] === undefined ? undefined : unquote(f[6].trim());
  put('band', band === '' || band === '-' ? undefined : band);
  put('rxlev', num(f[7]));
  return c;
}

const LTE_RATS = new Set(['LTE', 'CAT-M', 'CAT-M1', 'EMTC', 'CAT-NB', 'CAT-NB1', 'NBIOT']);

/** The cell of a RAT name and the fields after it. */
function cellOf(ratField: string, tail: readonly string[]): NonNullable<ServingCell['cell']> {
  const rat = unquote(ratField).toUpperCase();
  if (LTE_RATS.has(rat)) return lteCell(tail);
  if (rat === 'WCDMA') return wcdmaCell(tail);
  if (rat === 'GSM') return gsmCell(tail);
  return { rat: unquote(ratField), rest: [...tail] };
}

/** One '+QENG: "servingcell",<state>[,"<RAT>",…]' line. */
export function parseServingCellLine(line: string): Outcome<ServingCell> {
  const rest = afterPrefix(line.trim(), 'QENG');
  if (rest === undefined) return radioFail('QENG', line, 'expected +QENG:');
  const f = splitFields(rest);
  if (unquote(f[0] ?? '').toLowerCase() !== 'servingcell') return radioFail('QENG', rest, 'expected "servingcell"');
  const state = unquote(f[1] ?? '').toUpperCase();
  if (!CELL_STATES.has(state)) return radioFail('QENG', rest, 'unknown cell state');
  const out: ServingCell = { state: state as CellState };
  const ratField = f[2];
  if (ratField === undefined || ratField.trim() === '') return ok(out);
  out.cell = cellOf(ratField, f.slice(3));
  return ok(out);
}

/**
 * AT+QENG="servingcell" — one line per RAT (the first is the serving one), then OK. Tolerated
 * beyond the reference: 5G-era firmware prints the state alone on the first line and each RAT on
 * a line of its own ('+QENG: "LTE","FDD",…'); such a line gives the cell of the state before it.
 */
export function parseServingCell(lines: readonly string[] | string): Outcome<ServingCell[]> {
  const all = typeof lines === 'string' ? [lines] : lines;
  const found = all.map((l) => l.trim()).filter((l) => /^\+QENG:/i.test(l));
  const cells: ServingCell[] = [];
  for (const l of found) {
    const first = unquote(splitFields(afterPrefix(l, 'QENG') ?? '')[0] ?? '');
    if (first.toLowerCase() !== 'servingcell') {
      const prev = cells[cells.length - 1];
      if (!prev) return radioFail('QENG', l, 'a RAT line before any "servingcell" line');
      const f = splitFields(afterPrefix(l, 'QENG') ?? '');
      const cell = cellOf(f[0] ?? '', f.slice(1));
      if (prev.cell) cells.push({ state: prev.state, cell });
      else prev.cell = cell;
      continue;
    }
    const c = parseServingCellLine(l);
    if (!c.ok) return c;
    cells.push(c.value);
  }
  if (cells.length === 0) return radioFail('QENG', all.join(' | '), 'expected +QENG: "servingcell"');
  return ok(cells);
}

/** The strongest single figure of a QCSQ reading for a signal line: RSRP on LTE, RSCP on WCDMA, else RSSI. */
export function qcsqDbm(q: Qcsq): number | undefined {
  if (isLteFamily(q.system)) return q.rsrp ?? q.rssi;
  if (q.system === 'WCDMA' || q.system === 'TDSCDMA') return q.rscp ?? q.rssi;
  return q.rssi;
}
