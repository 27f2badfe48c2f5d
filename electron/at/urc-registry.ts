// Unsolicited result codes, most specific first. A line the command in flight does not claim is
// checked against these rows; adding a URC is adding a row. Result URCs of the QMT commands are
// recognised by their *shape* (field count and types, spec §3.3), so the read response of
// AT+QMTOPEN? ('+QMTOPEN: 0,"host",1883') is never taken for the result URC ('+QMTOPEN: 0,0').

export interface UrcRow {
  /** 'QMTSTAT', 'RDY', 'APP RDY' … (see UrcLine.name). */
  name: string;
  match: RegExp;
  /** The modem (re)started or is powering down: the command in flight cannot complete. */
  restart?: boolean;
}

const INT = '-?\\d+';
/** A field separator: real firmware prints none, but tolerating spaces costs nothing (§2, Uncertain). */
const C = '\\s*,\\s*';

/** Spec §3 (MQTT URCs), §4.6 (power-up), §4.2 (registration URC forms), §4.3 (QPING). */
export const urcTable: readonly UrcRow[] = [
  { name: 'QMTSTAT', match: new RegExp(`^\\+QMTSTAT:\\s*\\d+${C}${INT}$`) },
  // Direct push (recv/mode 0,x) or buffered notice (1,x); the payload may hold anything.
  { name: 'QMTRECV', match: /^\+QMTRECV:\s*\d+\s*,\s*\d+\s*(,|$)/s },
  { name: 'QMTPING', match: new RegExp(`^\\+QMTPING:\\s*\\d+${C}${INT}$`) },
  { name: 'QMTOPEN', match: new RegExp(`^\\+QMTOPEN:\\s*\\d+${C}${INT}$`) },
  { name: 'QMTCLOSE', match: new RegExp(`^\\+QMTCLOSE:\\s*\\d+${C}${INT}$`) },
  // Quirk 3: ret_code may be missing.
  { name: 'QMTCONN', match: new RegExp(`^\\+QMTCONN:\\s*\\d+${C}${INT}(${C}${INT})?$`) },
  { name: 'QMTDISC', match: new RegExp(`^\\+QMTDISC:\\s*\\d+${C}${INT}$`) },
  // Multi-topic SUBACK carries one value per topic.
  { name: 'QMTSUB', match: new RegExp(`^\\+QMTSUB:\\s*\\d+${C}\\d+${C}${INT}(${C}${INT})*$`) },
  { name: 'QMTUNS', match: new RegExp(`^\\+QMTUNS:\\s*\\d+${C}\\d+${C}${INT}(${C}${INT})*$`) },
  { name: 'QMTPUBEX', match: new RegExp(`^\\+QMTPUBEX:\\s*\\d+${C}\\d+${C}${INT}(${C}${INT})?$`) },
  { name: 'QMTPUB', match: new RegExp(`^\\+QMTPUB:\\s*\\d+${C}\\d+${C}${INT}(${C}${INT})?$`) },
  { name: 'APP RDY', match: /^APP RDY$/, restart: true },
  { name: 'RDY', match: /^RDY$/, restart: true },
  { name: 'POWERED DOWN', match: /^(NORMAL )?POWER(ED)? DOWN$/, restart: true },
  { name: 'CFUN', match: /^\+CFUN:\s*\d+$/ },
  // Claimed instead by AT+CPIN? while it is in flight (the command's prefix wins).
  { name: 'CPIN', match: /^\+CPIN:\s*\S.*$/ },
  { name: 'QUSIM', match: /^\+QUSIM:\s*\d+$/ },
  { name: 'QIND', match: /^\+QIND:\s*.+$/ },
  // Unsolicited forms carry <stat> first ('+CEREG: 1' or '+CEREG: 1,"tac","ci",7'); the read
  // form starts with <n>,<stat> and belongs to AT+CxREG?.
  // With <n> 3–5 (27.007) the location is followed by reject cause and PSM timers; kept as the same URC.
  { name: 'CREG', match: /^\+CREG:\s*\d+(\s*,\s*"[^"]*"\s*,\s*"[^"]*"(\s*,\s*\d*)?(\s*,.*)?)?$/ },
  { name: 'CGREG', match: /^\+CGREG:\s*\d+(\s*,\s*"[^"]*"\s*,\s*"[^"]*"(\s*,\s*\d*)?(\s*,.*)?)?$/ },
  { name: 'CEREG', match: /^\+CEREG:\s*\d+(\s*,\s*"[^"]*"\s*,\s*"[^"]*"(\s*,\s*\d*)?(\s*,.*)?)?$/ },
  // Ping replies and summary come after AT+QPING's OK (spec §4.3, quirk 20).
  { name: 'QPING', match: /^\+QPING:\s*-?\d+.*$/ },
  { name: 'QIURC', match: /^\+QIURC:\s*.+$/ },
];

/** The first row that accepts the (trimmed) line. */
export function matchUrc(line: string): UrcRow | undefined {
  const t = line.trim();
  for (const row of urcTable) if (row.match.test(t)) return row;
  return undefined;
}
