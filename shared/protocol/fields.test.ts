import { describe, expect, it } from 'vitest';
import { commandScope, parseCommand, splitFields, stripLineEnd } from './fields';

/** The plain forms of the two readers, as they read before they were made cheap: the fast ones must agree. */
function splitFieldsPlain(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let depth = 0;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && !quoted && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}
const stripLineEndPlain = (text: string) => text.replace(/(<CR>|<LF>|\r|\n)+$/g, '');

/** A deterministic stream of strings made of the characters that matter to both readers. */
function* texts(n: number): Generator<string> {
  const alphabet = ['"', ',', '(', ')', ' ', '\t', '\r', '\n', '<CR>', '<LF>', '<', '>', 'a', '0', '+QMT', 'é', '😀', '\ud800'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < n; i++) {
    const len = next() % 14;
    let t = '';
    for (let j = 0; j < len; j++) t += alphabet[next() % alphabet.length];
    yield t;
  }
}

describe('line readers', () => {
  it('split fields at top-level commas, keeping quoted and bracketed ones, as the plain reading does', () => {
    expect(splitFields('a,"b,c",(0-5),d')).toEqual(['a', '"b,c"', '(0-5)', 'd']);
    expect(splitFields('')).toEqual(['']);
    for (const t of texts(20_000)) expect(splitFields(t), JSON.stringify(t)).toEqual(splitFieldsPlain(t));
  });

  it('strip the line-end markers and CR/LF at the end only, as the plain reading does', () => {
    expect(stripLineEnd('OK<CR><LF>')).toBe('OK');
    expect(stripLineEnd('a<CR>b\r\n')).toBe('a<CR>b');
    expect(stripLineEnd('OK<CR> ')).toBe('OK<CR> ');
    for (const t of texts(20_000)) expect(stripLineEnd(t), JSON.stringify(t)).toBe(stripLineEndPlain(t));
  });

  it('a QMT write names its client and topic; other commands none', () => {
    expect(commandScope(parseCommand('AT+QMTSUB=0,1,"a/b",1')!)).toEqual({ client: 0, topic: 'a/b' });
    expect(Object.keys(commandScope(parseCommand('AT+QMTPUB=2,0,0,0,"t"')!))).toEqual(['client', 'topic']);
    expect(commandScope(parseCommand('AT+QMTCFG="keepalive",3,120')!)).toEqual({ client: 3 });
    expect(commandScope(parseCommand('AT+CSQ')!)).toEqual({});
  });
});
