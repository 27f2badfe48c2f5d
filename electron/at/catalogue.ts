// What the engine needs to know per command: how long to wait and which lines it may claim.
// Timeouts are host timeouts: the spec's maximum response time (protocol.md §1.6) plus slack for USB,
// busy hosts and slow firmware. The spec's 300 ms is never used as-is (≥ 2 s instead).
import { parseCommand as parseSharedCommand, splitFields, type CommandForm, type ParsedCommand as SharedCommand } from '../../shared/protocol/fields';
import type { Expect } from './types';

// Command and parameter parsing is shared with the parsers and the grouper (shared/protocol).
export type { CommandForm } from '../../shared/protocol/fields';
export type ParsedCommand = Omit<SharedCommand, 'args'>;

export interface CatalogueRow {
  /** Host timeout per form (ms); `any` covers the forms not listed. */
  timeoutMs: Partial<Record<CommandForm, number>> & { any: number };
  /**
   * The write form only answers OK; its '+NAME:' line is a result URC that follows later
   * (protocol.md §2.0, §3.3). Its read/test forms still answer with '+NAME:' lines.
   */
  asyncWrite?: boolean;
  /** Information lines carry no prefix (ATI, AT+GMR): the command claims any non-URC line. */
  unprefixed?: boolean;
  /** For read forms whose lines could be confused with a URC of the same prefix: the read-line shape. */
  readShape?: RegExp;
  /**
   * For write forms that answer with lines a URC may also carry: whether a line belongs to the
   * command, given its top-level parameters.
   */
  writeClaims?: (line: string, params: readonly string[]) => boolean;
}

/** The registration read form starts '<n>,<stat>'; its URC form '<stat>[,"<tac>",…]' (protocol.md §4.2). */
const REG_READ = /^\+C(?:E|G)?REG:\s*\d+\s*,\s*\d+\s*(,|$)/;

const DEFAULT_TIMEOUT_MS = 2_000;

/** The command rows of a modem family, by command name (AT+QMTOPEN → 'QMTOPEN'). */
export type CommandTable = Readonly<Record<string, CatalogueRow>>;

/**
 * V.250 and 3GPP TS 27.007 commands every modem family shares (protocol.md §4.1, §4.2). A family adds
 * its own rows (electron/quectel/at-dialect.ts); the engine knows nothing beyond these.
 */
export const basicCommands: CommandTable = {
  CREG: { timeoutMs: { any: 2_000 }, readShape: REG_READ },
  CGREG: { timeoutMs: { any: 2_000 }, readShape: REG_READ },
  CEREG: { timeoutMs: { any: 2_000 }, readShape: REG_READ },
  CPIN: { timeoutMs: { any: 10_000 } },
  COPS: { timeoutMs: { test: 190_000, write: 190_000, any: 5_000 } },
  CFUN: { timeoutMs: { any: 20_000 } },
  I: { timeoutMs: { any: 2_000 }, unprefixed: true },
  GMR: { timeoutMs: { any: 2_000 }, unprefixed: true },
  CGMR: { timeoutMs: { any: 2_000 }, unprefixed: true },
  GMI: { timeoutMs: { any: 2_000 }, unprefixed: true },
  CGMI: { timeoutMs: { any: 2_000 }, unprefixed: true },
  GMM: { timeoutMs: { any: 2_000 }, unprefixed: true },
  CGMM: { timeoutMs: { any: 2_000 }, unprefixed: true },
  GSN: { timeoutMs: { any: 2_000 }, unprefixed: true },
  CGSN: { timeoutMs: { any: 2_000 }, unprefixed: true },
  CIMI: { timeoutMs: { any: 2_000 }, unprefixed: true },
  '&V': { timeoutMs: { any: 2_000 }, unprefixed: true },
};

/** Split top-level comma-separated parameters (quotes kept, trimmed); '' gives []. */
export function splitParams(s: string): string[] {
  return s === '' ? [] : splitFields(s);
}

/** 'AT+QMTOPEN=0,"h",1883' → {name:'QMTOPEN', form:'write', params:[…]}; undefined if not an AT line. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const c = parseSharedCommand(text);
  return c && { name: c.name, form: c.form, params: c.params };
}

/** Host timeout for a command text, before any timeout scale. */
export function timeoutFor(text: string, commands: CommandTable = basicCommands): number {
  const p = parseCommand(text);
  const row = p ? commands[p.name] : undefined;
  if (!p || !row) return DEFAULT_TIMEOUT_MS;
  return row.timeoutMs[p.form] ?? row.timeoutMs.any;
}

/** Which information lines the command claims, derived from its name and form. */
export function expectFor(text: string, commands: CommandTable = basicCommands): Expect {
  const p = parseCommand(text);
  if (!p || p.name === '') return { kind: 'none' };
  const row = commands[p.name];
  if (row?.unprefixed) return { kind: 'multi', prefix: '' };
  if (row?.asyncWrite && p.form === 'write') return { kind: 'none' };
  if (/^[A-Z]$|^&/.test(p.name)) return { kind: 'none' };
  return { kind: 'multi', prefix: `+${p.name}:` };
}

/**
 * Whether an information line belongs to the command in flight: it has the expected prefix and,
 * for read forms that could be confused with a result URC, the read shape. A prefix of ''
 * claims nothing here (the engine gives URC matchers the first look at such lines).
 */
export function claimsByPrefix(text: string, expect: Expect, line: string, commands: CommandTable = basicCommands): boolean {
  if (expect.kind === 'none' || expect.prefix === '') return false;
  if (!line.startsWith(expect.prefix)) return false;
  const p = parseCommand(text);
  const row = p ? commands[p.name] : undefined;
  if (p?.form === 'read' && row?.readShape) return row.readShape.test(line);
  if (p?.form === 'write' && row?.writeClaims) return row.writeClaims(line, p.params);
  return true;
}

/**
 * For a command whose lines carry no prefix (ATI, AT+CGSN, AT+QGMR): whether it takes a line the
 * URC table does not know. A '+NAME:' line is taken only with the command's own name ('+CGSN:'
 * on some firmware); any other (an unlisted URC such as '+CTZE:') is left unsolicited. AT&V
 * lists settings in any shape and takes everything.
 */
export function claimsUnprefixed(text: string, line: string): boolean {
  const plus = /^\+([A-Za-z0-9]+):/.exec(line);
  if (!plus) return true;
  const p = parseCommand(text);
  return p?.name === '&V' || plus[1]!.toUpperCase() === p?.name;
}
