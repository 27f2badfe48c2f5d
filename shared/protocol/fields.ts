// Reading AT lines into their parts: parameters, command name and form, information-line
// prefix. One implementation for the engine, the parsers, the grouper and the renderer. Pure.
import { fail, problem, type Outcome } from '../outcome';

/**
 * Splits 'a,"b,c",(0-5),d' at top-level commas; quotes and parenthesised ranges keep their
 * commas (no escapes exist, protocol.md §2.0). Fields are trimmed and keep their quotes; '' gives [''].
 */
export function splitFields(s: string): string[] {
  // Slices between the top-level commas (every other character is kept): no string built per character.
  const out: string[] = [];
  let from = 0;
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === 0x28) depth++;
    else if (!quoted && c === 0x29) depth = Math.max(0, depth - 1);
    else if (c === 0x2c && !quoted && depth === 0) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(s.slice(from).trim());
  return out;
}

export const isQuoted = (f: string): boolean => f.length >= 2 && f.startsWith('"') && f.endsWith('"');
export const unquote = (f: string): string => (isQuoted(f) ? f.slice(1, -1) : f);

/** An integer field ('-1', ' 4 '), else undefined (empty, hex, quoted). */
export function toInt(f: string | undefined): number | undefined {
  if (f === undefined) return undefined;
  const t = f.trim();
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

/** Removes the visible control-byte markers the log uses (<CR>, <LF>) and real CR/LF at the end. */
export function stripLineEnd(text: string): string {
  // Only a text ending in '>', CR or LF can hold a marker at its end: most lines skip the regex.
  const last = text.charCodeAt(text.length - 1);
  if (last !== 0x3e && last !== 0x0d && last !== 0x0a) return text;
  return text.replace(/(<CR>|<LF>|\r|\n)+$/g, '');
}

export type CommandForm = 'test' | 'read' | 'write' | 'exec';

export interface ParsedCommand {
  /** 'QMTOPEN', 'CPIN', 'E' (ATE0), 'I' (ATI), '&V', or '' for a bare 'AT'. */
  name: string;
  form: CommandForm;
  /** Top-level parameters of a write form, trimmed, quotes kept ('"host"', '1883'); [] otherwise. */
  params: string[];
  /** The same parameters unquoted ('host', '1883'). */
  args: string[];
}

/** 'AT+QMTOPEN=0,"h",1883' → {name:'QMTOPEN', form:'write', params:['0','"h"','1883'], …}; undefined if not an AT line. */
/** A parsed command with its parameters unquoted (a module function: read per journal line, no closure per call). */
function make(name: string, form: CommandForm, params: string[] = []): ParsedCommand {
  return { name, form, params, args: params.map(unquote) };
}

export function parseCommand(text: string): ParsedCommand | undefined {
  const t = stripLineEnd(text).trim();
  if (!/^AT/i.test(t)) return undefined;
  const body = t.slice(2);
  if (body === '') return make('', 'exec');
  const ext = /^[+$%^#*]([A-Za-z0-9_]+)(.*)$/s.exec(body);
  if (ext) {
    const name = (ext[1] ?? '').toUpperCase();
    const rest = ext[2] ?? '';
    if (rest.startsWith('=?')) return make(name, 'test');
    if (rest.startsWith('?')) return make(name, 'read');
    if (rest.startsWith('=')) return make(name, 'write', rest.length > 1 ? splitFields(rest.slice(1)) : []);
    return make(name, 'exec');
  }
  const amp = /^&([A-Za-z])/.exec(body);
  if (amp) return make(`&${(amp[1] ?? '').toUpperCase()}`, 'exec');
  return make((body[0] ?? '').toUpperCase(), 'exec');
}

/** The MQTT client index and first topic a QMT write command names (QMTCFG has the index second). */
export function commandScope(c: { name: string; form: string; args: readonly string[] }): { client?: number; topic?: string } {
  if (c.form !== 'write' || !c.name.startsWith('QMT')) return {};
  const client = toInt(c.name === 'QMTCFG' ? c.args[1] : c.args[0]);
  const topic = c.name === 'QMTSUB' || c.name === 'QMTUNS' ? c.args[2] : c.name === 'QMTPUB' || c.name === 'QMTPUBEX' ? c.args[4] : undefined;
  const scope: { client?: number; topic?: string } = {};
  if (client !== undefined) scope.client = client;
  if (topic !== undefined) scope.topic = topic;
  return scope;
}

export interface InfoLine {
  /** 'QMTCONN' for '+QMTCONN: 0,0,4'; the whole line for bare lines ('RDY', 'OK'). */
  name: string;
  /** Fields as splitFields gives them (quotes kept); [] for bare lines. */
  fields: string[];
}

/** '+QMTCONN: 0,0,4' → {name:'QMTCONN', fields:['0','0','4']}. */
export function parseInfoLine(text: string): InfoLine {
  const t = stripLineEnd(text).trim();
  const m = /^\+([A-Z0-9]+):\s*(.*)$/is.exec(t);
  if (!m) return { name: t, fields: [] };
  return { name: (m[1] ?? '').toUpperCase(), fields: splitFields(m[2] ?? '') };
}

/** The text after '+NAME:' when the line starts with it (case-insensitive), else undefined. */
export function afterPrefix(line: string, name: string): string | undefined {
  const t = line.trim();
  const p = `+${name}:`;
  return t.toUpperCase().startsWith(p.toUpperCase()) ? t.slice(p.length).trim() : undefined;
}

/** True when `line` is a read answer of `command` ('+CEREG: 0,1' answering 'AT+CEREG?'). */
export function answersRead(line: string, command: string | undefined): boolean {
  if (!command) return false;
  const c = parseCommand(command);
  return c !== undefined && c.form === 'read' && parseInfoLine(line).name === c.name;
}

/** A parse failure as a Problem; parse problems share the 'parse.' code family. */
export function parseFail<T>(what: string, line: string, why: string): Outcome<T> {
  return fail(problem(`parse.${what}`, `Could not read the modem's ${what} answer.`, `${why}: ${JSON.stringify(line)}`, 'Check the module firmware (AT+QGMR) against the command reference; the line is kept in the log.'));
}
