// A session (or a selection of its commands) turned into a script that replays it: each command
// sent, with its payload; each answer line as an "# expect" with the fields that change from run
// to run (time, IP address, message ID, signal, identities) loosened to patterns; each result URC
// as an "# await". Secrets become ${VARIABLES} (found by the one detector, quectel/secrets.ts),
// so the script can be shared and the values given at run time. Pure.
import type { JournalRecord, SecretRange } from '../../shared/model';
import { resultUrcNames } from '../quectel/at-dialect';
import { lineSecrets, mergeRanges, payloadSecrets } from '../quectel/secrets';

export interface ScriptFromSessionOptions {
  /** Keep only the commands numbered from..to (1-based, in the order they were sent). */
  from?: number;
  to?: number;
  /** A first comment line (where the session came from). */
  title?: string;
}

export interface SessionScript {
  text: string;
  /** The variables the script needs for the secrets it left out. */
  variables: string[];
  commands: number;
}

interface CommandEntry {
  id: number;
  command: string;
  commandSecret?: SecretRange[];
  payload?: string;
  payloadSecret?: SecretRange[];
  startWall: number;
  lines?: string[];
  final?: string;
  urcs: Array<{ name: string; text: string; wall: number }>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Answers that measure or identify: their numbers and strings differ on every run or modem. */
const MEASURED = /^\\\+(CSQ|QCSQ|CCLK|QLTS|CBC|QTEMP|QENG|QNWINFO|QPING|QCCID|QGPSLOC|QIACT|CGPADDR|CGSN|QSPN|QMTRECV|QIND|CEREG|CREG|CGREG|COPS|CNUM|QSIMSTAT|CGDCONT): /;

/**
 * The regular expression an answer line must match on a rerun: the line itself, with volatile
 * fields loosened and secret ranges left open.
 */
export function loosenedPattern(line: string, secret: readonly SecretRange[] = []): string {
  // Secret parts match anything; the rest is escaped, then loosened.
  let out = '';
  let at = 0;
  const HOLE = '\u0000';
  for (const [a, b] of mergeRanges([...secret])) {
    out += escape(line.slice(at, a)) + HOLE;
    at = b;
  }
  out += escape(line.slice(at));
  if (/^\d+$/.test(line.trim())) out = '\\d+'; // IMEI, IMSI, serial numbers: a bare number
  else if (MEASURED.test(out)) {
    const m = /^\\\+[A-Z]+: /.exec(out);
    const head = m?.[0] ?? '';
    // +QIACT/+CGPADDR keep their context numbers; the address is loosened below. +QMTRECV keeps
    // its client index and topic; only the message ID changes.
    if (/^\\\+(QIACT|CGPADDR|CGDCONT): /.test(out)) out = out.replace(/"\d{1,3}(?:\\\.\d{1,3}){3}"/g, '"\\d{1,3}(?:\\.\\d{1,3}){3}"');
    else if (/^\\\+QMTRECV: /.test(out)) out = out.replace(/^(\\\+QMTRECV: \d+,)\d+/, '$1\\d+');
    else out = head + out.slice(head.length).replace(/"[^"]*"/g, '"[^"]*"').replace(/-?\d+/g, '-?\\d+');
  } else {
    // Message IDs of MQTT results; any IPv4 address.
    out = out.replace(/^(\\\+QMT(?:PUB|PUBEX|SUB|UNS): \d+,)\d+/, '$1\\d+');
    out = out.replace(/\b\d{1,3}(?:\\\.\d{1,3}){3}\b/g, '\\d{1,3}(?:\\.\\d{1,3}){3}');
  }
  return `^${out.split(HOLE).join('.*')}$`;
}

/** Commas outside quotes before `at`: the index of the parameter the offset is in. */
function paramIndex(text: string, at: number): number {
  let n = 0;
  let quoted = false;
  const eq = text.search(/[=:]/);
  for (let i = eq + 1; i < at; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ',' && !quoted) n++;
  }
  return n;
}

/** The variable a secret field becomes: named by what it is, so the user knows what to give. */
function secretName(command: string, at: number): string {
  if (/\+QMTCONN\s*=/i.test(command)) return paramIndex(command, at) >= 3 ? 'MQTT_PASSWORD' : 'MQTT_USERNAME';
  if (/"aliauth"/i.test(command)) return 'DEVICE_SECRET';
  return 'SECRET';
}

function withVariables(text: string, ranges: readonly SecretRange[], name: (at: number) => string, used: string[]): string {
  let out = '';
  let at = 0;
  for (const [a, b] of mergeRanges([...ranges])) {
    const v = name(a);
    if (!used.includes(v)) used.push(v);
    out += `${text.slice(at, a)}\${${v}}`;
    at = b;
  }
  return out + text.slice(at);
}

/** The commands of a session's records, with their payloads, answers and URCs. */
function commandsOf(records: readonly JournalRecord[]): CommandEntry[] {
  const out: CommandEntry[] = [];
  const byId = new Map<number, CommandEntry>();
  let last: CommandEntry | undefined;
  for (const r of records) {
    if (!('event' in r)) continue;
    const e = r.event;
    if (e.type === 'command-started') {
      last = { id: e.id, command: e.command, ...(r.secret ? { commandSecret: r.secret } : {}), startWall: r.wall, urcs: [] };
      byId.set(e.id, last);
      out.push(last);
    } else if (e.type === 'line' && e.dir === 'tx' && e.kind === 'command' && e.commandId !== undefined) {
      const c = byId.get(e.commandId);
      // The first tx line of a command is the command; a second one is its payload.
      if (c && e.text !== c.command) {
        c.payload = e.text.replace(/<CTRL-Z>$/, '');
        if (r.secret) c.payloadSecret = r.secret;
      }
    } else if (e.type === 'command-ended') {
      const c = byId.get(e.id);
      if (c) {
        c.lines = e.outcome.lines;
        if ('final' in e.outcome) c.final = e.outcome.final;
      }
    } else if (e.type === 'urc' && last) {
      last.urcs.push({ name: e.name, text: e.text, wall: r.wall });
    }
  }
  return out;
}

export function scriptFromSession(records: readonly JournalRecord[], opts: ScriptFromSessionOptions = {}): SessionScript {
  const all = commandsOf(records);
  const chosen = all.slice((opts.from ?? 1) - 1, opts.to ?? all.length);
  const used: string[] = [];
  const out: string[] = [];
  if (opts.title) out.push(`# ${opts.title}`);
  out.push('# Saved from a session: rerun with `workbench run --port PORT FILE`.');
  const firstVarsAt = out.length;
  for (const c of chosen) {
    out.push('');
    const cmdRanges = mergeRanges([...(c.commandSecret ?? []), ...lineSecrets(c.command)]);
    out.push(withVariables(c.command, cmdRanges, (at) => secretName(c.command, at), used));
    if (c.payload !== undefined) {
      const pr = mergeRanges([...(c.payloadSecret ?? []), ...payloadSecrets(c.command, c.payload)]);
      const whole = pr.length === 1 && pr[0]?.[0] === 0 && pr[0][1] === c.payload.length;
      const payload = withVariables(c.payload, pr, () => (whole && /\+QFUPL/i.test(c.command) ? 'PRIVATE_KEY' : 'SECRET'), used);
      out.push(...payload.split('<CR><LF>').map((l) => `> ${l}`));
    }
    for (const l of c.lines ?? []) out.push(`# expect ${loosenedPattern(l, lineSecrets(l))}`);
    if (c.final !== undefined) out.push(`# expect ${loosenedPattern(c.final)}`);
    // The command's own result URCs are awaited; others seen meanwhile are noted.
    const results = resultUrcNames(c.command) ?? [];
    for (const u of c.urcs) {
      if (results.includes(u.name)) {
        const waited = u.wall - c.startWall;
        const s = Math.max(10, Math.ceil((waited * 3) / 1000));
        out.push(`# await /${loosenedPattern(u.text, lineSecrets(u.text))}/ ${s}s`);
      } else out.push(`# seen: ${u.text}`);
    }
  }
  if (used.length) out.splice(firstVarsAt, 0, `# Needs ${used.map((v) => `\${${v}}`).join(', ')}: give --set NAME=VALUE or set it in the environment.`);
  return { text: out.join('\n') + '\n', variables: used, commands: chosen.length };
}
