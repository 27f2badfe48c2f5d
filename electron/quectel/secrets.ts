// Which parts of an AT line are secret, decided by the layer that knows the commands. Pure.
// Ranges are [start, end) offsets into the text given: characters for strings, bytes when the
// caller passes a latin1 string (one char per byte). The journal marks records with them where
// they are written, the views mask them, and the export redaction (session/redact.ts) uses the
// same detector, so old journals without marks are still covered.
//
// Secret fields (docs/protocol.md §2.1.9, §2.4, §4.5):
//   AT+QMTCONN=<idx>,"<clientid>","<user>","<password>"   password; the user name too when it
//                                                        looks like a signature (SAS tokens)
//   AT+QMTCFG="aliauth",<idx>,"<pk>","<dn>","<secret>"   DeviceSecret
//   +QMTCFG: "aliauth","<pk>","<dn>","<secret>"          the query echoes it in clear
//   AT+QFUPL="<name>",<size>…  then the payload at '>'   the file, when it is a private key
//   PEM private key blocks, JSON "password"/"deviceSecret" copies, wherever they appear.
import type { SecretRange } from '../../shared/model';

export type { SecretRange };

/** Aliyun signed passwords are hex HMACs (32/40/64 chars); SAS-style tokens carry a signature field. */
export function isSignatureLike(s: string): boolean {
  return /^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(s) || /(^|[&;,\s])(sig|signature)=/i.test(s) || /SharedAccessSignature/i.test(s);
}

/** A file name that holds a private key: *.key, or a *.pem whose name says key. */
export function isKeyFileName(name: string): boolean {
  const base = name.replace(/^(UFS|RAM):/i, '').toLowerCase();
  return base.endsWith('.key') || (base.endsWith('.pem') && base.includes('key'));
}

interface Field {
  /** Content offsets, without the quotes. */
  from: number;
  to: number;
  quoted: boolean;
}

/** The end of a line's parameters (a module function: read per character, no closure per call). */
function isEnd(c: string | undefined): boolean {
  return c === undefined || c === '\r' || c === '\n';
}

/**
 * The parameters of one command or answer starting at `at` (just after '=' or ':'), up to the end
 * of the line or a ';' outside quotes. Quectel defines no escaping, but a host may type `\"`:
 * it is read as part of the field, so a secret with a quote in it is masked whole.
 */
function fieldsFrom(text: string, at: number): { fields: Field[]; end: number } {
  const fields: Field[] = [];
  let i = at;
  const n = text.length;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '"') {
      const from = ++i;
      while (i < n && text[i] !== '"' && !isEnd(text[i])) i += text[i] === '\\' && i + 1 < n && !isEnd(text[i + 1]) ? 2 : 1;
      fields.push({ from, to: i, quoted: true });
      if (text[i] === '"') i++;
      while (i < n && text[i] !== ',' && text[i] !== ';' && !isEnd(text[i])) i++; // junk after the quote
    } else {
      const from = i;
      while (i < n && text[i] !== ',' && text[i] !== ';' && !isEnd(text[i])) i++;
      let to = i;
      while (to > from && (text[to - 1] === ' ' || text[to - 1] === '\t')) to--;
      fields.push({ from, to, quoted: false });
    }
    if (text[i] !== ',') return { fields, end: i };
    i++;
  }
}

/**
 * The last field of a command runs to the last quote before the line ends: a password holding a
 * raw `"` (no escaping is defined) would otherwise leave its tail in clear.
 */
function lastFieldWhole(text: string, f: Field, end: number): Field {
  if (!f.quoted) return f;
  const lineEnd = (() => {
    let e = f.from;
    while (e < text.length && text[e] !== '\r' && text[e] !== '\n') e++;
    return e;
  })();
  const close = text.lastIndexOf('"', lineEnd - 1);
  return close >= f.to && close < lineEnd ? { ...f, to: close } : { ...f, to: Math.max(f.to, Math.min(end, lineEnd)) };
}

const unquote = (text: string, f: Field) => text.slice(f.from, f.to);

/** Where a command or answer we know has secret fields starts its parameters. */
const MARKERS = /\+QMTCONN\s*=|\+QMTCFG\s*[=:]/gi;

/** Adds a non-empty field's range. */
function pushField(out: SecretRange[], f: Field | undefined): void {
  if (f && f.to > f.from) out.push([f.from, f.to]);
}

/** Secret ranges of AT command lines (and their echoes, and +QMTCFG answers) anywhere in `text`. */
export function commandSecrets(text: string): SecretRange[] {
  const out: SecretRange[] = [];
  MARKERS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKERS.exec(text))) {
    const isConn = /QMTCONN/i.test(m[0]);
    const isAnswer = m[0].endsWith(':');
    const { fields, end } = fieldsFrom(text, m.index + m[0].length);
    if (isConn) {
      // idx, client id, user, password
      const user = fields[2];
      if (user && fields.length === 3 && isSignatureLike(unquote(text, user))) pushField(out, user);
      if (fields.length >= 4) {
        if (user && isSignatureLike(unquote(text, user))) pushField(out, user);
        pushField(out, lastFieldWhole(text, fields[3] as Field, end));
      }
    } else {
      const first = fields[0];
      if (!first || unquote(text, first).toLowerCase() !== 'aliauth') continue;
      // AT+QMTCFG="aliauth",idx,"pk","dn","ds" · +QMTCFG: "aliauth","pk","dn","ds"
      const at = isAnswer ? 3 : 4;
      const ds = fields[at];
      if (ds) pushField(out, at === fields.length - 1 ? lastFieldWhole(text, ds, end) : ds);
    }
    MARKERS.lastIndex = Math.max(MARKERS.lastIndex, end);
  }
  return out;
}

/** Copies of cloud credentials in JSON or key=value text, and PEM private key blocks. */
function looseSecrets(text: string): SecretRange[] {
  const out: SecretRange[] = [];
  const json = /"(?:passwd|password|deviceSecret|device_secret)"\s*:\s*"([^"\r\n]*)"/dgi;
  for (let m = json.exec(text); m; m = json.exec(text)) {
    const at = m.indices?.[1];
    if (at && at[1] > at[0]) out.push([at[0], at[1]]);
  }
  const pem = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
  for (let m = pem.exec(text); m; m = pem.exec(text)) {
    if (m[0] === '') break;
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/**
 * Every word a secret-bearing text must hold: spares most lines the parsing. The export redaction
 * screens lines by the same list (session/redact.ts).
 */
export const SECRET_WORDS = /QMTCONN|QMTCFG|passw|secret|PRIVATE KEY/i;

/** Secret ranges of any line or run of lines on the wire, either direction. Sorted, merged. */
export function lineSecrets(text: string): SecretRange[] {
  if (!SECRET_WORDS.test(text)) return [];
  return mergeRanges([...commandSecrets(text), ...looseSecrets(text)]);
}

/**
 * Secret ranges of a payload the host sent at the '>' prompt of `command`: the whole payload of
 * an AT+QFUPL upload of a key file (by name, or by a PRIVATE KEY block in it), else any secret
 * inside it (a PEM block published as a message).
 */
export function payloadSecrets(command: string, payload: string): SecretRange[] {
  const upload = /\+QFUPL\s*=\s*"([^"\r\n]*)"/i.exec(command);
  if (upload && payload.length > 0 && (isKeyFileName(upload[1] ?? '') || /PRIVATE KEY/.test(payload))) return [[0, payload.length]];
  return lineSecrets(payload);
}

/** True when a host line is a command (its payload, sent after '>', is not). */
export function isCommandLine(text: string): boolean {
  return /^\s*AT/i.test(text);
}

export function mergeRanges(ranges: readonly SecretRange[]): SecretRange[] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: SecretRange[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
