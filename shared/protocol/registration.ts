// Network registration lines (+CREG / +CGREG / +CEREG): protocol.md §4.2, and 3GPP TS 27.007 for
// the states 6–10 and access technologies 8–13 the reference does not list. The same prefix
// carries two shapes: the read answer '<n>,<stat>[,…]' and the URC '<stat>[,…]'. Which one a line
// is depends on whether it answered AT+CxREG?, which the engine knows — never on its shape
// ('+CEREG: 2,0001,…' is a URC in state 2 with an unquoted area code, not a read answer with n=2).
// Pure.
import { ok, type Outcome } from '../outcome';
import { answersRead, parseFail, parseInfoLine, toInt, unquote } from './fields';

export type RegCommand = 'CREG' | 'CGREG' | 'CEREG';

/** 27.007 <stat> 0–10, by value. */
export type RegState =
  | 'not registered'
  | 'home'
  | 'searching'
  | 'denied'
  | 'unknown'
  | 'roaming'
  | 'sms only, home'
  | 'sms only, roaming'
  | 'emergency only'
  | 'csfb not preferred, home'
  | 'csfb not preferred, roaming';

export const REG_STATES: readonly RegState[] = [
  'not registered',
  'home',
  'searching',
  'denied',
  'unknown',
  'roaming',
  'sms only, home',
  'sms only, roaming',
  'emergency only',
  'csfb not preferred, home',
  'csfb not preferred, roaming',
];

/** The states in which the module is registered (27.007: 1, 5, 6, 7, 9, 10). */
export const REGISTERED_STATS: ReadonlySet<number> = new Set([1, 5, 6, 7, 9, 10]);

/** <AcT> of CREG/CGREG/CEREG/COPS, per 3GPP TS 27.007 (protocol.md §4.2 lists 0–7). */
export const ACCESS_TECH: Record<number, string> = {
  0: 'GSM',
  1: 'GSM Compact',
  2: 'UTRAN',
  3: 'GSM/EGPRS',
  4: 'UTRAN HSDPA',
  5: 'UTRAN HSUPA',
  6: 'UTRAN HSDPA+HSUPA',
  7: 'LTE',
  8: 'EC-GSM-IoT', // BG9x firmware reports LTE-M (Cat M1) as 8
  9: 'NB-IoT', // E-UTRAN (NB-S1 mode)
  10: 'E-UTRA on 5GC',
  11: 'NR on 5GC',
  12: 'NG-RAN',
  13: 'E-UTRA/NR dual connectivity',
};

export interface Registration {
  command: RegCommand;
  /** URC mode from the read answer; absent in a URC. */
  n?: number;
  stat: number;
  state: RegState;
  registered: boolean;
  area?: string;
  cell?: string;
  act?: number;
  tech?: string;
}

/** What is known about where a line came from: the command it answers; none for a URC. */
export interface LineContext {
  command?: string;
}

const REG_LINE = /^(CREG|CGREG|CEREG)$/;

/** True for '+CREG:', '+CGREG:' and '+CEREG:' lines. */
export const isRegistrationLine = (line: string): boolean => REG_LINE.test(parseInfoLine(line).name);

/**
 * Reads a registration line: the read answer '<n>,<stat>[,<lac>,<ci>[,<AcT>…]]' when it answered
 * AT+CxREG? of the same name (`context.command`), else the URC '<stat>[,<lac>,<ci>[,<AcT>…]]'.
 * Area and cell codes may come quoted or not, and may be empty ('+CREG: 2,,').
 */
export function parseRegistration(line: string, context: LineContext = {}): Outcome<Registration> {
  const { name, fields } = parseInfoLine(line);
  if (!REG_LINE.test(name)) return parseFail('registration', line, 'expected +CREG/+CGREG/+CEREG');
  const command = name as RegCommand;
  const read = answersRead(line, context.command);
  const n = read ? toInt(fields[0]) : undefined;
  const stat = toInt(read ? fields[1] : fields[0]);
  if (read && n === undefined) return parseFail('registration', line, `expected <n>,<stat> answering ${context.command ?? ''}`);
  if (stat === undefined) return parseFail('registration', line, read ? 'expected <n>,<stat>' : 'expected <stat>');
  const loc = fields.slice(read ? 2 : 1).map(unquote);
  const act = toInt(loc[2]);
  return ok({
    command,
    ...(n !== undefined ? { n } : {}),
    stat,
    state: REG_STATES[stat] ?? 'unknown',
    registered: REGISTERED_STATS.has(stat),
    ...(loc[0] ? { area: loc[0] } : {}),
    ...(loc[1] ? { cell: loc[1] } : {}),
    ...(act !== undefined ? { act, tech: ACCESS_TECH[act] ?? `AcT ${act}` } : {}),
  });
}
