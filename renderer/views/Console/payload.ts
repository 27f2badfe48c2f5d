// What the console's payload box sends: the byte count, and the count a fixed-length command
// announces (AT+QFUPL's size, AT+QMTPUB[EX]'s length), so a mismatch is caught before it is sent —
// a modem waiting for more bytes, or reading the extra ones as commands, is far harder to see.

/** Commands answered by '> ' or CONNECT, after which the box's text is sent. */
export const takesPayload = (command: string): boolean => /^AT\+(QMTPUB(EX)?|QFUPL)=/i.test(command.trim());

/** Parameters of a write command, split at commas outside quotes. */
function params(command: string): string[] {
  const eq = command.indexOf('=');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of command.slice(eq + 1)) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim());
}

/**
 * The byte count the command announces, when it is a fixed-length form (protocol.md §4.5 for
 * QFUPL, §2.8 for QMTPUB's sixth parameter); undefined for the Ctrl+Z forms.
 */
export function announcedLength(command: string): number | undefined {
  const t = command.trim();
  const m = /^AT\+(QFUPL|QMTPUB|QMTPUBEX)=/i.exec(t);
  if (!m) return undefined;
  const p = params(t);
  const raw = m[1]!.toUpperCase() === 'QFUPL' ? p[1] : p[5];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** AT+QFUPL always takes a fixed count: 10240 bytes when the command names none (protocol.md §4.5). */
export const isUpload = (command: string): boolean => /^AT\+QFUPL=/i.test(command.trim());

/** The command with its announced length replaced (or, for AT+QFUPL without one, given) by `n`. */
export function withLength(command: string, n: number): string {
  const t = command.trim();
  const m = /^(AT\+(QFUPL|QMTPUB|QMTPUBEX)=)(.*)$/i.exec(t);
  if (!m) return command;
  const p = params(t);
  const upload = m[2]!.toUpperCase() === 'QFUPL';
  const at = upload ? 1 : 5;
  if (upload && p.length === 1) return `${m[1]}${p[0]},${n}`;
  if (p.length <= at) return command;
  p[at] = String(n);
  return m[1] + p.join(',');
}
