import { describe, expect, it } from 'vitest';
import { visibleBytes, visibleText, visibleWire } from './visible';

describe('visible rendering of wire bytes', () => {
  it('names CR, LF, Ctrl+Z and ESC and escapes other control bytes', () => {
    expect(visibleBytes(new Uint8Array([0x0d, 0x0a, 0x4f, 0x4b, 0x1a, 0x1b, 0x00, 0xff]))).toBe('<CR><LF>OK<CTRL-Z><ESC>\\x00\\xFF');
  });
  it('keeps printable Unicode in decoded text', () => {
    expect(visibleText('π\r\n\t')).toBe('π<CR><LF>\\x09');
  });
  it('shows UTF-8 wire bytes as text and anything else byte by byte', () => {
    const enc = new TextEncoder();
    expect(visibleWire(enc.encode('温度\u300021.5\x1a'))).toBe('温度\u300021.5<CTRL-Z>');
    expect(visibleWire(enc.encode('{"t":1}\r\n'))).toBe('{"t":1}<CR><LF>');
    expect(visibleWire(new Uint8Array([0x41, 0xff, 0x1a]))).toBe('A\\xFF<CTRL-Z>');
  });
});
