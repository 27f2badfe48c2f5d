import { describe, expect, it } from 'vitest';
import { visibleBytes } from '../../../shared/visible';
import { LogBuffer } from './buffer';
import { hexDump, rowsAsText, timeCell, visibleToBytes } from './format';

describe('visibleToBytes', () => {
  it('turns the visible rendering back into the exact wire bytes', () => {
    const wire = Uint8Array.from([0x41, 0x54, 0x0d, 0x0a, 0x00, 0x1a, 0x1b, 0xff, 0x7f, 0x3e, 0x20]);
    expect(Array.from(visibleToBytes(visibleBytes(wire)))).toEqual(Array.from(wire));
  });
  it('encodes printable Unicode as UTF-8', () => {
    expect(Array.from(visibleToBytes('é'))).toEqual([0xc3, 0xa9]);
  });
});

describe('hexDump', () => {
  it('shows every byte, non-printable ones as dots in the ASCII column', () => {
    const lines = hexDump(visibleToBytes('OK<CR><LF>\\x00'));
    expect(lines).toEqual([`0000  4F 4B 0D 0A 00${' '.repeat(47 - 14)}  OK...`]);
  });
  it('breaks every 16 bytes', () => {
    expect(hexDump(new Uint8Array(33))).toHaveLength(3);
  });
});

describe('time columns and copy', () => {
  const b = new LogBuffer();
  b.append([
    { index: 0, mono: 1000, wall: Date.UTC(2026, 0, 1, 12, 0, 0, 5), dir: 'tx', kind: 'command', text: 'AT' },
    { index: 1, mono: 1350, wall: Date.UTC(2026, 0, 1, 12, 0, 0, 355), dir: 'rx', kind: 'final', text: 'OK' },
    { index: 2, mono: 3350, wall: Date.UTC(2026, 0, 1, 12, 0, 2, 355), dir: 'rx', kind: 'urc', text: '+QMTSTAT: 0,1' },
  ]);
  it('absolute, relative to the previous line, relative to the session start', () => {
    expect(timeCell(b, 1, 'absolute')).toBe('12:00:00.355');
    expect(timeCell(b, 2, 'delta')).toBe('+2.000');
    expect(timeCell(b, 2, 'session')).toBe('+2.350');
  });
  it('copies rows as tab-separated text in log order', () => {
    expect(rowsAsText(b, [0, 2], 'session')).toBe('+0.000\thost→modem\tcommand\tAT\n+2.350\tmodem→host\turc\t+QMTSTAT: 0,1');
  });
});

describe('delta time under a filter', () => {
  it('measures from the row shown above, not from a hidden one', () => {
    const b = new LogBuffer();
    b.append([
      { index: 0, mono: 0, wall: 0, dir: 'rx', kind: 'urc', text: '+QMTRECV: 0,1,"a",1,"x"' },
      { index: 1, mono: 400, wall: 400, dir: 'rx', kind: 'final', text: 'OK' },
      { index: 2, mono: 1000, wall: 1000, dir: 'rx', kind: 'urc', text: '+QMTRECV: 0,2,"a",1,"y"' },
    ]);
    expect(timeCell(b, 2, 'delta')).toBe('+0.600');
    expect(timeCell(b, 2, 'delta', 0)).toBe('+1.000');
  });
});
