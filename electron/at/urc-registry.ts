// Unsolicited result codes, most specific first. A line the command in flight does not claim is
// checked against these rows; adding a URC is adding a row. Here only the 3GPP TS 27.007 ones every
// modem family shares; a family adds its own (electron/quectel/at-dialect.ts).

export interface UrcRow {
  /** 'QMTSTAT', 'RDY', 'APP RDY' … (see UrcLine.name). */
  name: string;
  match: RegExp;
  /** The modem (re)started or is powering down: the command in flight cannot complete. */
  restart?: boolean;
}

/** 27.007 URCs (protocol.md §4.2 registration URC forms, §4.6 +CFUN/+CPIN at power-up). */
export const basicUrcs: readonly UrcRow[] = [
  { name: 'CFUN', match: /^\+CFUN:\s*\d+$/ },
  // Claimed instead by AT+CPIN? while it is in flight (the command's prefix wins).
  { name: 'CPIN', match: /^\+CPIN:\s*\S.*$/ },
  // Unsolicited forms carry <stat> first ('+CEREG: 1' or '+CEREG: 1,"tac","ci",7'); the read
  // form starts with <n>,<stat> and belongs to AT+CxREG?.
  // With <n> 3–5 (27.007) the location is followed by reject cause and PSM timers; kept as the same URC.
  { name: 'CREG', match: /^\+CREG:\s*\d+(\s*,\s*"[^"]*"\s*,\s*"[^"]*"(\s*,\s*\d*)?(\s*,.*)?)?$/ },
  { name: 'CGREG', match: /^\+CGREG:\s*\d+(\s*,\s*"[^"]*"\s*,\s*"[^"]*"(\s*,\s*\d*)?(\s*,.*)?)?$/ },
  { name: 'CEREG', match: /^\+CEREG:\s*\d+(\s*,\s*"[^"]*"\s*,\s*"[^"]*"(\s*,\s*\d*)?(\s*,.*)?)?$/ },
];

/** The first row that accepts the (trimmed) line. */
export function matchUrc(line: string, rows: readonly UrcRow[] = basicUrcs): UrcRow | undefined {
  const t = line.trim();
  for (const row of rows) if (row.match.test(t)) return row;
  return undefined;
}
