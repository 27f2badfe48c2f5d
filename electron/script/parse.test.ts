import { describe, expect, it } from 'vitest';
import { parseScript, parseSets, payloadBytes, resolveVariables, substitute } from './parse';

describe('script parser', () => {
  it('reads commands, payloads, expectations, awaits and comments with their lines', () => {
    const p = parseScript(['# set-up', '', 'AT+CSQ', '# expect ^\\+CSQ: \\d+', 'AT+QMTPUB=0,0,0,0,"t/${DEV}"', '> {"v":1}', '> two', '# await +QMTPUB: 0,0,0 2.5s', '# await /^\\+QMTSTAT/ 500ms', '# just a note'].join('\n'));
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.script.steps).toEqual([
      { kind: 'command', line: 3, text: 'AT+CSQ' },
      { kind: 'expect', line: 4, pattern: '^\\+CSQ: \\d+' },
      { kind: 'command', line: 5, text: 'AT+QMTPUB=0,0,0,0,"t/${DEV}"', payload: '{"v":1}<CR><LF>two' },
      { kind: 'await', line: 8, pattern: '+QMTPUB: 0,0,0', regex: false, timeoutMs: 2500 },
      { kind: 'await', line: 9, pattern: '^\\+QMTSTAT', regex: true, timeoutMs: 500 },
    ]);
    expect(p.script.variables).toEqual(['DEV']);
  });
  it('names the line of each mistake', () => {
    const p = parseScript('> orphan payload\nAT\n# expect (\n# await\n');
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.problems.map((x) => x.line)).toEqual([1, 3, 4]);
    expect(p.problems[1]?.message).toMatch(/regular expression/);
  });
  it('fills variables from --set before the environment and names those missing', () => {
    expect(resolveVariables(['A', 'B', 'C'], { A: 'set' }, { A: 'env', B: 'env' })).toEqual({ values: { A: 'set', B: 'env' }, missing: ['C'] });
    expect(substitute('x${A}y${Z}', { A: '1' })).toBe('x1y${Z}');
    expect(parseSets(['K=V=W', 'E='])).toEqual({ K: 'V=W', E: '' });
    expect(parseSets(['nope'])).toMatch(/NAME=VALUE/);
  });
  it('reads the log notation of control bytes in payloads', () => {
    expect([...payloadBytes('a<CR><LF>b\\x00<CTRL-Z>')]).toEqual([0x61, 0x0d, 0x0a, 0x62, 0x00, 0x1a]);
  });
});
