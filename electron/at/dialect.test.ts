// The engine is generic: on its own it knows the V.250 / 27.007 basics and nothing of a modem
// family's MQTT commands; a family's dialect adds rows without the engine changing.
import { describe, expect, it } from 'vitest';
import { expectFor, timeoutFor } from './catalogue';
import { basicDialect, extendDialect } from './dialect';
import { matchUrc } from './urc-registry';

describe('AT dialects', () => {
  it('the basic dialect knows 27.007 URCs and commands, and no family command', () => {
    expect(matchUrc('+CEREG: 1')?.name).toBe('CEREG');
    expect(matchUrc('+CPIN: READY')?.name).toBe('CPIN');
    expect(matchUrc('+QMTSTAT: 0,1')).toBeUndefined();
    expect(basicDialect.urcs.some((r) => /^Q/.test(r.name))).toBe(false);
    expect(Object.keys(basicDialect.commands).some((n) => n.startsWith('Q'))).toBe(false);
    expect(timeoutFor('AT+CPIN?')).toBe(10_000);
    expect(expectFor('AT+CSQ')).toEqual({ kind: 'multi', prefix: '+CSQ:' });
  });

  it('extending adds commands (replacing same-named rows) and tries the new URC rows first', () => {
    const d = extendDialect(basicDialect, {
      commands: { XOPEN: { timeoutMs: { any: 9_000 }, asyncWrite: true }, CPIN: { timeoutMs: { any: 3_000 } } },
      urcs: [{ name: 'XSTAT', match: /^\+XSTAT: \d+$/ }, { name: 'CPIN-FIRST', match: /^\+CPIN: READY$/ }],
    });
    expect(timeoutFor('AT+XOPEN=1', d.commands)).toBe(9_000);
    expect(timeoutFor('AT+CPIN?', d.commands)).toBe(3_000);
    expect(expectFor('AT+XOPEN=1', d.commands)).toEqual({ kind: 'none' });
    expect(matchUrc('+XSTAT: 3', d.urcs)?.name).toBe('XSTAT');
    expect(matchUrc('+CPIN: READY', d.urcs)?.name).toBe('CPIN-FIRST');
    expect(matchUrc('+CEREG: 1', d.urcs)?.name).toBe('CEREG');
    expect(basicDialect.commands.XOPEN).toBeUndefined();
  });
});
