// Renders wire bytes so every control byte shows, like ModemManager's AT debug log:
// CR → <CR>, LF → <LF>, other control or non-ASCII bytes → \xNN. Pure; used by the log view too.

const NAMED: Record<number, string> = { 0x0d: '<CR>', 0x0a: '<LF>', 0x1a: '<CTRL-Z>', 0x1b: '<ESC>' };

function hex(n: number): string {
  return '\\x' + n.toString(16).toUpperCase().padStart(2, '0');
}

/** Bytes as printable ASCII; anything else named or escaped. */
export function visibleBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const named = NAMED[b];
    if (named) out += named;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += hex(b);
  }
  return out;
}

/** Already-decoded text with its control characters made visible; printable Unicode is kept. */
export function visibleText(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const named = NAMED[c];
    if (named) out += named;
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0xfffd) out += c === 0xfffd ? '\\uFFFD' : hex(c);
    else out += ch;
  }
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes that are valid UTF-8 shown as text (a Chinese payload stays readable), others byte by byte. */
export function visibleWire(bytes: Uint8Array): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return visibleBytes(bytes);
  }
  return visibleText(text);
}
