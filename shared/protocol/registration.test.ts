import { describe, expect, it } from 'vitest';
import { explain } from './codes';
import { parseRegistration, REG_STATES, type Registration } from './registration';

const value = (r: ReturnType<typeof parseRegistration>): Registration => {
  if (!r.ok) throw new Error(r.problem.detail);
  return r.value;
};
const COMMANDS = ['CREG', 'CGREG', 'CEREG'] as const;
const readOf = (name: string) => ({ command: `AT+${name}?` });

// 3GPP TS 27.007 <stat> 0–10, and whether the module counts as registered.
const STATES: Array<[number, string, boolean]> = [
  [0, 'not registered', false],
  [1, 'home', true],
  [2, 'searching', false],
  [3, 'denied', false],
  [4, 'unknown', false],
  [5, 'roaming', true],
  [6, 'sms only, home', true],
  [7, 'sms only, roaming', true],
  [8, 'emergency only', false],
  [9, 'csfb not preferred, home', true],
  [10, 'csfb not preferred, roaming', true],
];

describe('every 27.007 registration state, as a URC and as the read answer', () => {
  it('names all eleven states', () => expect(REG_STATES).toHaveLength(11));
  for (const name of COMMANDS) {
    for (const [stat, state, registered] of STATES) {
      it(`+${name}: ${stat} (URC) and +${name}: 1,${stat} (answer to AT+${name}?) read as ${state}`, () => {
        expect(value(parseRegistration(`+${name}: ${stat}`))).toEqual({ command: name, stat, state, registered });
        expect(value(parseRegistration(`+${name}: 1,${stat}`, readOf(name)))).toEqual({ command: name, n: 1, stat, state, registered });
        expect(explain(`+${name}: ${stat}`)?.key).toBe(`reg.${stat}`);
        expect(explain(`+${name}: 1,${stat}`, readOf(name))?.key).toBe(`reg.${stat}`);
      });
    }
  }
});

// The forms modems send: unquoted area/cell codes, spaces, empty location fields.
describe('registration forms, read by where the line came from', () => {
  // Bodies after '+CxREG: ', each read under the three prefixes.
  const forms: Array<{ urc: string; read: string; want: Partial<Registration> }> = [
    // Unquoted LAC/CI, as several modems send the URC.
    { urc: '1,84CD,00D30156', read: '2,1,84CD,00D30156', want: { stat: 1, state: 'home', registered: true, area: '84CD', cell: '00D30156' } },
    // As a URC the first field is the state (2 = searching), not <n>.
    { urc: '2, 0001, 00000100, 7', read: '2,2, 0001, 00000100, 7', want: { stat: 2, state: 'searching', registered: false, area: '0001', cell: '00000100', act: 7, tech: 'LTE' } },
    // Empty location fields.
    { urc: '2,,', read: '2,2,,', want: { stat: 2, state: 'searching', registered: false } },
    { urc: '5,"00C3","0000A13F",2', read: '2,5,"00C3","0000A13F",2', want: { stat: 5, state: 'roaming', area: '00C3', cell: '0000A13F', act: 2, tech: 'UTRAN' } },
    { urc: '1,"1A2B","01C3D4E5",9', read: '2,1,"1A2B","01C3D4E5",9', want: { stat: 1, act: 9, tech: 'NB-IoT' } },
  ];
  for (const name of COMMANDS) {
    for (const { urc, read, want } of forms) {
      it(`+${name}: ${urc} as a URC`, () => {
        const r = value(parseRegistration(`+${name}: ${urc}`));
        expect(r).toMatchObject({ command: name, ...want });
        expect(r.n).toBeUndefined();
        expect(r.area === undefined || !r.area.includes('"')).toBe(true);
        expect(explain(`+${name}: ${urc}`)?.key).toBe(`reg.${want.stat}`);
      });
      it(`+${name}: ${read} as the answer to AT+${name}?`, () => {
        expect(value(parseRegistration(`+${name}: ${read}`, readOf(name)))).toMatchObject({ command: name, ...want, n: 2 });
        expect(explain(`+${name}: ${read}`, readOf(name))?.key).toBe(`reg.${want.stat}`);
      });
    }
  }

  it('a URC arriving while another command runs is still a URC', () => {
    expect(value(parseRegistration('+CEREG: 2,0001,00000100,7', { command: 'AT+QMTOPEN=0,"h",1883' })).stat).toBe(2);
    expect(value(parseRegistration('+CEREG: 2,0001,00000100,7', { command: 'AT+CREG?' })).stat).toBe(2);
  });

  it('a read answer without <stat> is not guessed', () => {
    expect(parseRegistration('+CREG: 2,,', readOf('CREG')).ok).toBe(false);
    expect(parseRegistration('+CREG: 1,84CD,00D30156', readOf('CREG')).ok).toBe(false);
  });

  it('names the access technologies of 27.007 (0–13)', () => {
    const techs = Array.from({ length: 14 }, (_, act) => value(parseRegistration(`+CEREG: 1,"1","2",${act}`)).tech);
    expect(techs.every((t) => t !== undefined && !t.startsWith('AcT'))).toBe(true);
    expect(techs[7]).toBe('LTE');
  });
});
