// The session file: a redacted journal plus what a support engineer needs to read it elsewhere
// (app, OS, port settings, what was redacted). JSON Lines, so it is written and read as a stream:
//   line 1      {"format":"modem-mqtt-workbench-session","version":1,"meta":{…}}
//   then        one JournalRecord per line, as in a journal
//   last line   {"end":{"records":N}}   — its absence tells a cut-off file from a whole one
// A file is read up to its first damaged line: everything before it is kept, and the reader says
// where it stopped. Pure (no Node, no DOM): the app and the CLI read it the same way.
import { z } from 'zod';
import type { JournalRecord } from './model';
import type { Problem } from './outcome';

export const SESSION_FILE_FORMAT = 'modem-mqtt-workbench-session';
/** The version this build writes; it reads every version up to this one. */
export const SESSION_FILE_VERSION = 1;

const SerialSettings = z.looseObject({
  baudRate: z.number().optional(),
  dataBits: z.number().optional(),
  stopBits: z.number().optional(),
  parity: z.string().optional(),
  flowControl: z.string().optional(),
});

export const SessionMetaSchema = z.looseObject({
  /** The program that wrote (exported) the file and its version. */
  app: z.string(),
  appVersion: z.string(),
  /** The program that recorded the session, from its journal. */
  recordedBy: z.looseObject({ app: z.string(), version: z.string() }).optional(),
  /** When the file was written (ISO 8601). */
  exportedAt: z.string(),
  /** The journal the session was exported from (file name only). */
  source: z.string().optional(),
  /** The operating system of the machine that recorded (or exported) the session. */
  os: z.string().optional(),
  /** The serial port of the session, from its journal. */
  port: z.looseObject({ path: z.string(), settings: SerialSettings.optional() }).optional(),
  /** The virtual EC20's firmware profile, when the session ran on it. */
  firmwareProfile: z.string().optional(),
  /** The part of the session exported: whole, a time range, or chosen exchanges. */
  range: z.looseObject({ description: z.string(), from: z.number().optional(), to: z.number().optional(), exchanges: z.array(z.number()).optional() }).optional(),
  /** Secrets are always redacted; `maskIds` tells whether IMEI/IMSI/ICCID were masked too. */
  redaction: z.looseObject({ maskIds: z.boolean(), counts: z.record(z.string(), z.number()) }),
  /** Records that follow the header. */
  records: z.number().int().min(0),
});
export type SessionMeta = z.infer<typeof SessionMetaSchema>;

export const SessionHeaderSchema = z.looseObject({
  format: z.literal(SESSION_FILE_FORMAT),
  version: z.number().int().min(1),
  meta: SessionMetaSchema,
});
export type SessionHeader = z.infer<typeof SessionHeaderSchema>;

export const SessionEndSchema = z.object({ end: z.object({ records: z.number().int().min(0) }) });

const Stamp = z.object({ mono: z.number(), wall: z.number() });
const Range = z.tuple([z.number(), z.number()]);
const Frame = { seq: z.number(), mono: z.number(), wall: z.number(), secret: z.array(Range).optional() };
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** What each known event must carry for the grouper to use it; unknown types (newer apps) pass. */
const KNOWN_EVENTS: Record<string, z.ZodType> = {
  'command-started': z.looseObject({ id: z.number(), command: z.string(), at: Stamp }),
  'command-ended': z.looseObject({ id: z.number(), command: z.string(), at: Stamp, outcome: z.looseObject({ kind: z.string(), lines: z.array(z.string()) }) }),
  line: z.looseObject({ dir: z.enum(['tx', 'rx']), kind: z.string(), text: z.string(), at: Stamp }),
  urc: z.looseObject({ name: z.string(), text: z.string(), at: Stamp }),
  'port-closed': z.looseObject({ reason: z.looseObject({ kind: z.string() }), at: Stamp }),
  'session-started': z.looseObject({ app: z.string(), version: z.string() }),
  'port-opened': z.looseObject({ path: z.string() }),
  note: z.looseObject({ text: z.string() }),
};

const Event = z.looseObject({ type: z.string() }).superRefine((e, ctx) => {
  // Own keys only: an event named "toString" is an unknown event, not Object.prototype's.
  const schema = Object.prototype.hasOwnProperty.call(KNOWN_EVENTS, e.type) ? KNOWN_EVENTS[e.type] : undefined;
  if (!schema) return;
  const r = schema.safeParse(e);
  if (!r.success) ctx.addIssue({ code: 'custom', message: `a "${e.type}" event without ${r.error.issues.map((i) => i.path.join('.')).join(', ')}` });
});

export const SessionRecordSchema = z.union([
  z.object({ ...Frame, dir: z.enum(['tx', 'rx']), bytes: z.string().regex(BASE64) }).strict(),
  z.object({ ...Frame, event: Event }).strict(),
]);

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStamp = (v: unknown): boolean => isObj(v) && isNum(v.mono) && isNum(v.wall);
const FRAME_KEYS = new Set(['seq', 'mono', 'wall', 'secret']);

/** The fields each known event must carry, as KNOWN_EVENTS says, checked by hand. */
const QUICK_EVENTS: Record<string, (e: Record<string, unknown>) => boolean> = {
  'command-started': (e) => isNum(e.id) && isStr(e.command) && isStamp(e.at),
  'command-ended': (e) => isNum(e.id) && isStr(e.command) && isStamp(e.at) && isObj(e.outcome) && isStr(e.outcome.kind) && Array.isArray(e.outcome.lines) && e.outcome.lines.every(isStr),
  line: (e) => (e.dir === 'tx' || e.dir === 'rx') && isStr(e.kind) && isStr(e.text) && isStamp(e.at),
  urc: (e) => isStr(e.name) && isStr(e.text) && isStamp(e.at),
  'port-closed': (e) => isObj(e.reason) && isStr(e.reason.kind) && isStamp(e.at),
  'session-started': (e) => isStr(e.app) && isStr(e.version),
  'port-opened': (e) => isStr(e.path),
  note: (e) => isStr(e.text),
};

/**
 * SessionRecordSchema checked by hand, for the reader's hot path (a file of a million records):
 * true only for values the schema accepts (tested against it); false sends the value to the
 * schema, which decides and says what is wrong.
 */
export function isPlainSessionRecord(v: unknown): v is JournalRecord {
  if (!isObj(v) || !isNum(v.seq) || !isNum(v.mono) || !isNum(v.wall)) return false;
  const body = 'bytes' in v ? 'bytes' : 'event';
  for (const k in v) if (!FRAME_KEYS.has(k) && !(body === 'bytes' ? k === 'bytes' || k === 'dir' : k === 'event')) return false;
  if ('secret' in v && !(Array.isArray(v.secret) && v.secret.every((r) => Array.isArray(r) && r.length === 2 && isNum(r[0]) && isNum(r[1])))) return false;
  if (body === 'bytes') return (v.dir === 'tx' || v.dir === 'rx') && isStr(v.bytes) && BASE64.test(v.bytes);
  const e = v.event;
  if (!isObj(e) || !isStr(e.type)) return false;
  const known = QUICK_EVENTS[e.type];
  return !Object.prototype.hasOwnProperty.call(KNOWN_EVENTS, e.type) || (known !== undefined && known(e));
}

/** Where and why reading stopped before the end of a file; what came before is intact. */
export interface SessionFileDamage {
  /** 1-based line of the file where reading stopped. */
  line: number;
  /** Records read before it. */
  recordsRead: number;
  /** For a person: what was wrong there. */
  reason: string;
}

export type SessionFileRead =
  | { ok: true; header: SessionHeader; records: JournalRecord[]; damage?: SessionFileDamage }
  | { ok: false; problem: Problem };

const unreadable = (title: string, detail: string, nextStep: string): Problem => ({ code: 'session-file.unreadable', title, detail, nextStep });

/** True when `firstLine` is the header of a session file (of any version), not a journal record. */
export function isSessionFileHeader(firstLine: string): boolean {
  try {
    const v = JSON.parse(firstLine) as { format?: unknown };
    return typeof v === 'object' && v !== null && v.format === SESSION_FILE_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Reads a session file line by line (push each line without its '\n', then finish): for files
 * too large to hold as one string. The header is checked first; records are kept up to the first
 * damaged line.
 */
export class SessionFileReader {
  private header: SessionHeader | undefined;
  private failure: Problem | undefined;
  private readonly records: JournalRecord[] = [];
  private damage: SessionFileDamage | undefined;
  private ended = false;
  private lineNo = 0;

  push(line: string): void {
    this.lineNo++;
    if (this.failure || this.damage) return;
    if (line.trim() === '' && this.header) return;
    if (!this.header) {
      const r = readHeader(line);
      if (r.ok) this.header = r.header;
      else this.failure = r.problem;
      return;
    }
    if (this.ended) {
      this.stop('text after the end marker');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.stop('the line is not complete JSON (the file was cut or edited here)');
      return;
    }
    // Records first: the end marker is one line, and its schema need not be tried on every record.
    const end = isObj(value) && 'end' in value ? SessionEndSchema.safeParse(value) : undefined;
    if (end?.success) {
      this.ended = true;
      if (end.data.end.records !== this.records.length) this.stop(`the end marker counts ${end.data.end.records} records but ${this.records.length} were read`);
      return;
    }
    if (isPlainSessionRecord(value)) {
      this.records.push(value);
      return;
    }
    const r = SessionRecordSchema.safeParse(value);
    if (!r.success) {
      this.stop(`not a session record (${r.error.issues[0]?.message ?? 'unexpected shape'})`);
      return;
    }
    this.records.push(r.data as JournalRecord);
  }

  finish(): SessionFileRead {
    if (this.failure) return { ok: false, problem: this.failure };
    if (!this.header) return { ok: false, problem: unreadable('This file is empty.', 'A session file starts with a header line naming its format.', 'Export the session again.') };
    if (!this.damage && !this.ended) this.stop('the file ends before its end marker (it was cut off)', this.lineNo + 1);
    return { ok: true, header: this.header, records: this.records, ...(this.damage ? { damage: this.damage } : {}) };
  }

  private stop(reason: string, line = this.lineNo): void {
    this.damage = { line, recordsRead: this.records.length, reason };
  }
}

function readHeader(line: string): { ok: true; header: SessionHeader } | { ok: false; problem: Problem } {
  const fail = (title: string, detail: string, nextStep: string) => ({ ok: false as const, problem: unreadable(title, detail, nextStep) });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return fail('This is not a session file.', 'Its first line is not JSON.', 'Open a file exported by Modem MQTT Workbench (.session.jsonl), or a journal (.jsonl).');
  }
  const o = (typeof value === 'object' && value !== null ? value : {}) as { format?: unknown; version?: unknown };
  if (o.format !== SESSION_FILE_FORMAT) return fail('This is not a session file.', `Its first line does not name the format "${SESSION_FILE_FORMAT}".`, 'Open a file exported by Modem MQTT Workbench, or a journal (.jsonl).');
  if (typeof o.version === 'number' && o.version > SESSION_FILE_VERSION) {
    return fail(
      `This session file was written by a newer version of the app (format version ${o.version}).`,
      `This version reads session files up to format version ${SESSION_FILE_VERSION}.`,
      'Update Modem MQTT Workbench to open it, or ask for the file to be exported again as version 1.',
    );
  }
  const h = SessionHeaderSchema.safeParse(value);
  if (!h.success) return fail('The header of this session file is damaged.', h.error.issues.map((i) => `${i.path.join('.') || 'header'}: ${i.message}`).join('; '), 'Export the session again.');
  return { ok: true, header: h.data };
}

/** Reads a whole session file held as text. */
export function parseSessionFile(text: string): SessionFileRead {
  const reader = new SessionFileReader();
  let start = 0;
  for (let nl = text.indexOf('\n'); start < text.length; nl = text.indexOf('\n', start)) {
    const end = nl < 0 ? text.length : nl;
    reader.push(text.slice(start, end).replace(/\r$/, ''));
    start = end + 1;
  }
  return reader.finish();
}

/** The header line (without '\n'). */
export function sessionHeaderLine(meta: SessionMeta): string {
  const header: SessionHeader = { format: SESSION_FILE_FORMAT, version: SESSION_FILE_VERSION, meta };
  return JSON.stringify(header);
}

/** The end marker line (without '\n'). */
export function sessionEndLine(records: number): string {
  return JSON.stringify({ end: { records } });
}

/** A one-line account of damage for a person: where reading stopped and what was kept. */
export function describeDamage(d: SessionFileDamage): string {
  return `read ${d.recordsRead} records; stopped at line ${d.line}: ${d.reason}`;
}
