import { describe, expect, it } from 'vitest';
import { Framer, type Token } from './framer';
import type { InlineLengthRule } from './framer';

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

/** A made-up line form for the framer's inline-length mechanism: '+DATA: <n>,"' then n raw bytes. */
const dataRule: InlineLengthRule = {
  prefix: '+DATA:',
  length: (head) => {
    const m = /^\+DATA: (\d+),"$/.exec(head);
    return m ? Number(m[1]) : undefined;
  },
};

function frame(input: string | string[], opts?: ConstructorParameters<typeof Framer>[0]): Token[] {
  const f = new Framer(opts);
  const chunks = Array.isArray(input) ? input : [input];
  const out: Token[] = [];
  for (const c of chunks) out.push(...f.push(bytes(c)));
  out.push(...f.flush());
  return out;
}

const texts = (ts: Token[]) => ts.map((t) => (t.kind === 'line' ? t.text : t.kind === 'prompt' ? '<prompt>' : `<${t.kind}:${new TextDecoder().decode(t.bytes)}>`));

describe('framer: protocol.md §7 quirks, as transcripts', () => {
  const table: Array<{ name: string; wire: string | string[]; want: string[] }> = [
    { name: 'CRLF-wrapped lines; blank lines dropped (protocol.md §1.2)', wire: '\r\n+CSQ: 21,99\r\n\r\nOK\r\n', want: ['+CSQ: 21,99', 'OK'] },
    { name: 'lone LF and lone CR end lines too', wire: 'A\nB\rC\r\n', want: ['A', 'B', 'C'] },
    { name: 'CR and LF split across chunks are one terminator', wire: ['OK\r', '\nERROR\r', '\n'], want: ['OK', 'ERROR'] },
    { name: 'echo then blank line then answer (ATE1, protocol.md quirk 14)', wire: 'AT+CSQ\r\r\n+CSQ: 21,99\r\n\r\nOK\r\n', want: ['AT+CSQ', '+CSQ: 21,99', 'OK'] },
    { name: 'prompt "> " with leading CRLF and no line end (protocol.md §1.5)', wire: 'AT+QMTPUB=0,0,0,0,"t"\r\r\n> ', want: ['AT+QMTPUB=0,0,0,0,"t"', '<prompt>'] },
    { name: 'prompt without the leading CRLF (right after the echo)', wire: 'AT+QMTPUB=0,0,0,0,"t"\r> ', want: ['AT+QMTPUB=0,0,0,0,"t"', '<prompt>'] },
    { name: 'prompt split between ">" and " "', wire: ['\r\n>', ' '], want: ['<prompt>'] },
    { name: 'echoed payload on the prompt line is a line of its own (protocol.md quirk 6)', wire: '\r\n> {"t":21.5}\r\nOK\r\n', want: ['<prompt>', '{"t":21.5}', 'OK'] },
    { name: 'a line that merely starts with ">" is text', wire: '\r\n>abc\r\n', want: ['>abc'] },
    { name: 'a lone ">" line is a prompt with its space missing', wire: '\r\n>\r\n', want: ['<prompt>'] },
    { name: '">" inside a line is text', wire: 'a > b\r\n', want: ['a > b'] },
    { name: 'URC directly after other output, no blank line (protocol.md quirk 14)', wire: 'OK\r\n+QMTSTAT: 0,1\r\n', want: ['OK', '+QMTSTAT: 0,1'] },
    { name: 'CONNECT after a blank line (protocol.md quirk 13)', wire: '\r\n\r\nCONNECT\r\n', want: ['CONNECT'] },
    { name: 'a capture starting mid-response (a lone OK)', wire: 'OK\r\n', want: ['OK'] },
  ];
  for (const row of table) {
    it(row.name, () => {
      expect(texts(frame(row.wire))).toEqual(row.want);
    });
  }

  it('an inline length keeps quotes, commas and CRLF of the announced bytes in one line', () => {
    const payload = 'a,"b"\r\nc';
    const wire = `\r\n+DATA: ${enc.encode(payload).length},"${payload}"\r\nOK\r\n`;
    const ts = frame(wire, { inlineLength: dataRule });
    expect(texts(ts)).toEqual([`+DATA: 8,"${payload}"`, 'OK']);
  });

  it('an inline length counts UTF-8 bytes, not characters; lines without the prefix are not offered', () => {
    const payload = 'π=3\r\n';
    const n = enc.encode(payload).length;
    const ts = frame(`+DATA: ${n},"${payload}"\r\n+OTHER: ${n},"${payload}"\r\n`, { inlineLength: dataRule });
    expect(texts(ts)).toEqual([`+DATA: ${n},"${payload}"`, `+OTHER: ${n},"π=3`, '"']);
  });

  it('expectPayload called from the token callback applies from the next byte', () => {
    const f = new Framer();
    const seen: Token[] = [];
    f.push(bytes('CONNECT\r\nAB\r\nCDOK\r\n'), (t) => {
      seen.push(t);
      if (t.kind === 'line' && t.text === 'CONNECT') f.expectPayload(6);
    });
    expect(texts(seen)).toEqual(['CONNECT', '<payload:\nAB\r\nC>', 'DOK']);
  });

  it('a pending lone ">" can be taken as the prompt; a late space is swallowed', () => {
    const f = new Framer();
    expect(f.push(bytes('\r\n>'))).toEqual([]);
    expect(f.hasPendingPrompt).toBe(true);
    expect(f.takePendingPrompt()).toEqual([{ kind: 'prompt', from: 2, to: 3 }]);
    expect(texts(f.push(bytes(' \r\nOK\r\n')))).toEqual(['OK']);
    expect(f.droppedBytes).toBe(2 + 1 + 2 + 2);
  });

  it('an over-long line becomes noise tokens of the maximum size, never an exception', () => {
    const ts = frame('x'.repeat(10) + '\r\nOK\r\n', { maxLineBytes: 4 });
    expect(ts.map((t) => t.kind)).toEqual(['noise', 'noise', 'line', 'line']);
    expect(texts(ts)).toEqual(['<noise:xxxx>', '<noise:xxxx>', 'xx', 'OK']);
  });

  it('records byte offsets of every token', () => {
    const ts = frame('\r\nOK\r\n> ');
    expect(ts).toEqual([
      { kind: 'line', text: 'OK', from: 2, to: 4 },
      { kind: 'prompt', from: 6, to: 8 },
    ]);
  });

  it('flush hands over a partial line', () => {
    expect(texts(frame('+QMTSTAT: 0,1'))).toEqual(['+QMTSTAT: 0,1']);
  });
});

describe('framer: bytes that are not text', () => {
  it('keeps the raw bytes of a line that is not valid UTF-8, so none is hidden', () => {
    const f = new Framer();
    const line = Uint8Array.from([0x2b, 0x51, 0x3a, 0x20, 0xff, 0x00, 0x41, 0x0d, 0x0a]);
    const [tok] = f.push(line);
    expect(tok?.kind).toBe('line');
    expect(tok?.kind === 'line' && Array.from(tok.raw ?? [])).toEqual([0x2b, 0x51, 0x3a, 0x20, 0xff, 0x00, 0x41]);
  });

  it('leaves valid UTF-8 (even a literal U+FFFD) as text only', () => {
    const f = new Framer();
    const [tok] = f.push(new TextEncoder().encode('Überlast \uFFFD\r\n'));
    expect(tok?.kind === 'line' && tok.text).toBe('Überlast \uFFFD');
    expect(tok?.kind === 'line' && tok.raw).toBeUndefined();
  });
});
