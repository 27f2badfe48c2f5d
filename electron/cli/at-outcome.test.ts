// The outcome `workbench at` prints for a refused command: the catalogue's cause for that command.
import { describe, expect, it } from 'vitest';
import { problem } from '../../shared/outcome';
import { cliOutcome } from './at';

const rejected = problem('modem.error', 'The modem rejected the command (ERROR)', 'ERROR', 'Check the command.');

describe('cliOutcome', () => {
  it('names the quoted ciphersuite instead of a generic rejection', () => {
    const o = cliOutcome('AT+QSSLCFG="ciphersuite",2,"0XFFFF"', { kind: 'modem-error', lines: [], final: 'ERROR', problem: rejected });
    expect(o).toMatchObject({ outcome: 'error', code: null, final: 'ERROR' });
    expect(o.problem).toMatchObject({ code: 'error.qsslcfg-quoted-ciphersuite', title: expect.stringMatching(/ciphersuite" value is quoted/) });
  });

  it('keeps the +CME ERROR code and explains it', () => {
    const o = cliOutcome('AT+CPIN?', { kind: 'modem-error', lines: [], final: '+CME ERROR: 10', problem: rejected });
    expect(o).toMatchObject({ outcome: 'cme_error', code: 10, problem: { code: 'cme.10' } });
  });
});
