// AT+QCSQ and AT+QENG="servingcell" on every form of protocol.md §4.2.1, with the catalogue's words.
import { describe, expect, it } from 'vitest';
import { explain } from './codes';
import { parseQcsq, parseServingCell, parseServingCellLine, qcsqDbm, sinrDb } from './radio';

const value = <T>(o: { ok: true; value: T } | { ok: false }): T => {
  if (!o.ok) throw new Error('expected ok');
  return o.value;
};

describe('AT+QCSQ (protocol.md §4.2.1)', () => {
  it.each([
    ['+QCSQ: "NOSERVICE"', { system: 'NOSERVICE' }],
    ['+QCSQ: "GSM",-69', { system: 'GSM', rssi: -69 }],
    ['+QCSQ: "WCDMA",-73,-77,-6', { system: 'WCDMA', rssi: -73, rscp: -77, ecio: -6 }],
    ['+QCSQ: "LTE",-52,-77,200,-7', { system: 'LTE', rssi: -52, rsrp: -77, sinr: 20, rsrq: -7 }],
    ['+QCSQ: "CAT-M1",-75,-98,105,-11', { system: 'CAT-M1', rssi: -75, rsrp: -98, sinr: 1, rsrq: -11 }],
    ['+QCSQ: "eMTC",-75,-98,105,-11', { system: 'eMTC', rssi: -75, rsrp: -98, sinr: 1, rsrq: -11 }],
    ['+QCSQ: "CAT-NB1",-80,-104,60,-12', { system: 'CAT-NB1', rssi: -80, rsrp: -104, sinr: -8, rsrq: -12 }],
    ['+QCSQ: "NBIoT",-80,-104,60,-12', { system: 'NBIoT', rssi: -80, rsrp: -104, sinr: -8, rsrq: -12 }],
  ])('%s', (line, expected) => {
    expect(value(parseQcsq(['AT+QCSQ', line, '', 'OK']))).toEqual(expected);
  });

  it('reads SINR on the 0–250 fifth-of-a-dB scale, and a negative or larger value as dB (Uncertain)', () => {
    expect(sinrDb(0)).toBe(-20);
    expect(sinrDb(250)).toBe(30);
    expect(sinrDb(163)).toBe(12.6);
    expect(sinrDb(-3)).toBe(-3);
    expect(sinrDb(251)).toBe(251);
    expect(value(parseQcsq('+QCSQ: "LTE",-60,-88,-4,-9')).sinr).toBe(-4);
  });

  it('takes "-" as absent, not as an error', () => {
    expect(value(parseQcsq('+QCSQ: "LTE",-60,-88,-,-9'))).toEqual({ system: 'LTE', rssi: -60, rsrp: -88, rsrq: -9 });
  });

  it('refuses what is not a QCSQ line or names an unknown system', () => {
    expect(parseQcsq(['OK']).ok).toBe(false);
    expect(parseQcsq('+QCSQ: "FOO",1').ok).toBe(false);
    expect(parseQcsq('+QCSQ: "GSM",abc').ok).toBe(false);
  });

  it('gives RSRP on LTE, RSCP on WCDMA, RSSI on GSM as the signal line', () => {
    expect(qcsqDbm(value(parseQcsq('+QCSQ: "LTE",-52,-77,200,-7')))).toBe(-77);
    expect(qcsqDbm(value(parseQcsq('+QCSQ: "WCDMA",-73,-77,-6')))).toBe(-77);
    expect(qcsqDbm(value(parseQcsq('+QCSQ: "GSM",-69')))).toBe(-69);
    expect(qcsqDbm(value(parseQcsq('+QCSQ: "NOSERVICE"')))).toBeUndefined();
  });

  it('explains each system from the catalogue', () => {
    expect(explain('+QCSQ: "NOSERVICE"')).toMatchObject({ key: 'qcsq.NOSERVICE', success: false });
    expect(explain('+QCSQ: "LTE",-52,-77,200,-7')?.meaning).toBe('Served by LTE: RSRP -77 dBm, RSRQ -7 dB, SINR 20 dB, RSSI -52 dBm (excellent).');
    expect(explain('+QCSQ: "GSM",-69')).toMatchObject({ key: 'qcsq.GSM', success: true });
    expect(explain('+QCSQ: "WCDMA",-73,-77,-6')?.meaning).toContain('RSCP -77 dBm, Ec/Io -6 dB');
    expect(explain('+QCSQ: "eMTC",-75,-98,105,-11')?.key).toBe('qcsq.CAT-M1');
    expect(explain('+QCSQ: "NBIoT",-80,-104,60,-12')?.key).toBe('qcsq.CAT-NB1');
  });
});

describe('AT+QENG="servingcell" (protocol.md §4.2.1)', () => {
  const lte = '+QENG: "servingcell","NOCONN","LTE","FDD",460,00,1A2D001,257,1300,3,5,5,1A2B,-95,-10,-65,160,38';

  it('SEARCH: no cell, the line ends after the state', () => {
    expect(value(parseServingCell(['+QENG: "servingcell","SEARCH"', 'OK']))).toEqual([{ state: 'SEARCH' }]);
  });

  it.each(['LIMSRV', 'NOCONN', 'CONNECT'])('the LTE form in state %s', (state) => {
    const [c] = value(parseServingCell([lte.replace('NOCONN', state), '', 'OK']));
    expect(c).toEqual({
      state,
      cell: {
        rat: 'LTE', duplex: 'FDD', mcc: 460, mnc: 0, cellId: '1A2D001', cellIdValue: 0x1a2d001, pcid: 257, earfcn: 1300, band: 3,
        ulBandwidthMhz: 20, dlBandwidthMhz: 20, tac: '1A2B', rsrp: -95, rsrq: -10, rssi: -65, sinr: 12, srxlev: 38,
      },
    });
  });

  it('TDD, bandwidth codes 0–5 and "-" for values that do not apply', () => {
    const [c] = value(parseServingCell('+QENG: "servingcell","CONNECT","LTE","TDD",460,00,5F1A,10,38950,40,0,5,2A,-101,-12,-70,-,-'));
    expect(c?.cell).toEqual({ rat: 'LTE', duplex: 'TDD', mcc: 460, mnc: 0, cellId: '5F1A', cellIdValue: 0x5f1a, pcid: 10, earfcn: 38950, band: 40, ulBandwidthMhz: 1.4, dlBandwidthMhz: 20, tac: '2A', rsrp: -101, rsrq: -12, rssi: -70 });
  });

  it('the WCDMA form: first fields parsed, the rest kept as text', () => {
    const [c] = value(parseServingCell('+QENG: "servingcell","NOCONN","WCDMA",460,01,A4E5,C05C0F,10663,196,1,-81,-4,-,-,-,-,-,-'));
    expect(c).toEqual({ state: 'NOCONN', cell: { rat: 'WCDMA', mcc: 460, mnc: 1, lac: 'A4E5', cellId: 'C05C0F', uarfcn: 10663, psc: 196, rac: 1, rscp: -81, ecio: -4, rest: ['-', '-', '-', '-', '-', '-'] } });
  });

  it('the GSM form: first fields parsed, the rest kept as text', () => {
    const [c] = value(parseServingCell('+QENG: "servingcell","NOCONN","GSM",460,00,550A,2D11,37,94,"DCS1800",-65,255,255,0'));
    expect(c).toEqual({ state: 'NOCONN', cell: { rat: 'GSM', mcc: 460, mnc: 0, lac: '550A', cellId: '2D11', bsic: 37, arfcn: 94, band: 'DCS1800', rxlev: -65, rest: ['255', '255', '0'] } });
  });

  it('one line per RAT: every one is kept, the serving one first', () => {
    const cells = value(parseServingCell([lte, '+QENG: "servingcell","NOCONN","GSM",460,00,550A,2D11,37,94,-,-65', 'OK']));
    expect(cells.map((c) => c.cell?.rat)).toEqual(['LTE', 'GSM']);
  });

  it('BG9x LTE-family names carry the LTE fields', () => {
    const [c] = value(parseServingCell('+QENG: "servingcell","NOCONN","eMTC","FDD",460,00,1A2D001,257,1300,3,5,5,1A2B,-95,-10,-65,160,38'));
    expect(c?.cell).toMatchObject({ rat: 'LTE', band: 3, rsrp: -95 });
  });

  it('tolerates the state-alone first line and per-RAT lines of later firmware', () => {
    const cells = value(parseServingCell(['+QENG: "servingcell","NOCONN"', '+QENG: "LTE","FDD",262,01,1A2D001,257,1300,3,5,5,1A2B,-95,-10,-65,160,38', 'OK']));
    expect(cells).toHaveLength(1);
    expect(cells[0]).toMatchObject({ state: 'NOCONN', cell: { rat: 'LTE', mcc: 262, mnc: 1, earfcn: 1300 } });
  });

  it('refuses an unknown state or a missing line', () => {
    expect(parseServingCellLine('+QENG: "servingcell","WHAT"').ok).toBe(false);
    expect(parseServingCell(['OK']).ok).toBe(false);
  });

  it('explains each state from the catalogue, naming the cell', () => {
    expect(explain('+QENG: "servingcell","SEARCH"')).toMatchObject({ key: 'qeng.SEARCH', success: false });
    expect(explain('+QENG: "servingcell","LIMSRV","LTE","FDD",460,00,1A2D001,257,1300,3,5,5,1A2B,-95,-10,-65,160,38')).toMatchObject({ key: 'qeng.LIMSRV', success: false });
    const ex = explain(lte);
    expect(ex).toMatchObject({ key: 'qeng.NOCONN', success: true });
    expect(ex?.meaning).toContain('LTE cell 1A2D001 (PCI 257) on band 3, EARFCN 1300, TAC 1A2B');
    expect(explain(lte.replace('NOCONN', 'CONNECT'))?.key).toBe('qeng.CONNECT');
  });
});
