// `workbench at --json` as a child process against a scripted modem that answers like real
// EC2x firmware (protocol.md §1.3 echo, §1.5 prompt, §2 result URCs, §4.6 power-up, §7 quirks): the kind
// of every printed line, each command's outcome and code, and the exit code.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupAtRuns, lineKinds, outcomes, runWorkbenchAt } from '../../test-support/cli-at';
import { openScriptedPeer, tableScript, type PeerOptions, type ScriptedPeer, type Step } from '../../test-support/scripted-peer';

const peers: ScriptedPeer[] = [];

afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
  cleanupAtRuns();
});

const workbench = (args: string[], stdin: string) => runWorkbenchAt(args, { stdin });
const lines = lineKinds;

async function peer(table: Record<string, Step[]>, opts: PeerOptions = {}, fallback?: Step[]): Promise<ScriptedPeer> {
  const p = await openScriptedPeer(tableScript(table, fallback), opts);
  peers.push(p);
  return p;
}

// Each test starts node + tsx as a child process: allow for a busy machine.
const SLOW = 90_000;

describe('workbench at on real-modem output', () => {
  it('echo on (factory default), result URC before OK, CMEE=2 words, prompt without space, ATE0, read-out with another client interleaved', async () => {
    const p = await peer(
      {
        'AT+CSQ': ['\r\n+CSQ: 21,99\r\n\r\nOK\r\n'],
        'AT+QMTOPEN=0,"broker.example.net",1883': ['\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n'],
        'AT+CPIN?': ['\r\n+CME ERROR: SIM not inserted\r\n'],
        'AT+QMTPUB=0,0,0,0,"site7/telemetry"': ['>', { awaitPayload: 'ctrl-z', then: () => ['\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n'] }],
        ATE0: ['\r\nOK\r\n'],
        'AT+QMTRECV=0': ['\r\n+QMTRECV: 0,1,"a/b",5,"hello"\r\n+QMTRECV: 1,0,"x",6,"direct"\r\n\r\nOK\r\n'],
        'AT+CMGS="1"': ['\r\n+CMS ERROR: 500\r\n'],
      },
      { echo: true, maxChunk: 7 },
    );
    const stdin = ['AT+CSQ', 'AT+QMTOPEN=0,"broker.example.net",1883', 'AT+CPIN?', 'AT+QMTPUB=0,0,0,0,"site7/telemetry" <<< 21.5', 'ATE0', 'AT+QMTRECV=0', 'AT+CMGS="1"', ''].join('\n');
    const r = await workbench(['--port', p.hostPath, '--json', '--linger', '300'], stdin);
    expect(r.code).toBe(1);
    // The publish result follows OK and may be printed after the next command went out.
    expect(lines(r)).toContain('rx:urc:+QMTPUB: 0,0,0');
    expect(lines(r).filter((l) => l !== 'rx:urc:+QMTPUB: 0,0,0')).toEqual([
      'tx:command:AT+CSQ',
      'rx:echo:AT+CSQ',
      'rx:response:+CSQ: 21,99',
      'rx:final:OK',
      'tx:command:AT+QMTOPEN=0,"broker.example.net",1883',
      'rx:echo:AT+QMTOPEN=0,"broker.example.net",1883',
      'rx:urc:+QMTOPEN: 0,0',
      'rx:final:OK',
      'tx:command:AT+CPIN?',
      'rx:echo:AT+CPIN?',
      'rx:final:+CME ERROR: SIM not inserted',
      'tx:command:AT+QMTPUB=0,0,0,0,"site7/telemetry"',
      'rx:echo:AT+QMTPUB=0,0,0,0,"site7/telemetry"',
      'rx:prompt:> ',
      'tx:command:21.5<CTRL-Z>',
      'rx:final:OK',
      'tx:command:ATE0',
      'rx:echo:ATE0',
      'rx:final:OK',
      'tx:command:AT+QMTRECV=0',
      'rx:response:+QMTRECV: 0,1,"a/b",5,"hello"',
      'rx:urc:+QMTRECV: 1,0,"x",6,"direct"',
      'rx:final:OK',
      'tx:command:AT+CMGS="1"',
      'rx:final:+CMS ERROR: 500',
    ]);
    expect(outcomes(r)).toEqual([
      { command: 'AT+CSQ', outcome: 'ok', lines: ['+CSQ: 21,99'], code: null, final: 'OK' },
      { command: 'AT+QMTOPEN=0,"broker.example.net",1883', outcome: 'ok', lines: [], code: null, final: 'OK' },
      expect.objectContaining({ command: 'AT+CPIN?', outcome: 'cme_error', code: 'SIM not inserted', final: '+CME ERROR: SIM not inserted', problem: expect.objectContaining({ nextStep: expect.stringMatching(/SIM seating/) }) }),
      { command: 'AT+QMTPUB=0,0,0,0,"site7/telemetry"', outcome: 'ok', lines: [], code: null, final: 'OK' },
      { command: 'ATE0', outcome: 'ok', lines: [], code: null, final: 'OK' },
      { command: 'AT+QMTRECV=0', outcome: 'ok', lines: ['+QMTRECV: 0,1,"a/b",5,"hello"'], code: null, final: 'OK' },
      expect.objectContaining({ command: 'AT+CMGS="1"', outcome: 'cme_error', code: 500, final: '+CMS ERROR: 500' }),
    ]);
  }, SLOW);

  it('a restart during a command is a reboot, the banner lines are URCs, and a modem that then stays silent times out (exit 1)', async () => {
    const p = await peer(
      { AT: ['\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n\r\nAPP RDY\r\n'] },
      {},
      [],
    );
    const r = await workbench(['--port', p.hostPath, '--json', '--linger', '0', '--timeout-scale', '0.5'], 'AT\nAT+CSQ\n');
    expect(r.code).toBe(1);
    const seen = lines(r);
    expect(seen.slice(0, 2)).toEqual(['tx:command:AT', 'rx:urc:RDY']);
    for (const l of ['rx:urc:+CFUN: 1', 'rx:urc:+CPIN: READY', 'rx:urc:+QUSIM: 1', 'rx:urc:+QIND: SMS DONE', 'rx:urc:+QIND: PB DONE', 'rx:urc:APP RDY']) expect(seen).toContain(l);
    expect(seen.filter((l) => l.startsWith('rx:') && !l.startsWith('rx:urc:'))).toEqual([]);
    expect(outcomes(r).map((o) => [o.command, o.outcome])).toEqual([
      ['AT', 'reboot'],
      ['AT+CSQ', 'timeout'],
    ]);
  }, SLOW);

  it('--await-urc after AT+QPING waits for the summary line, not the first reply (protocol.md quirk 20)', async () => {
    const reply = (ms: number) => `\r\n+QPING: 0,"93.184.216.34",32,${ms},255\r\n`;
    const p = await peer({
      'AT+QPING=1,"broker.example.net"': ['\r\nOK\r\n', { delayMs: 100 }, reply(120), { delayMs: 100 }, reply(98), { delayMs: 100 }, reply(101), { delayMs: 100 }, reply(99), '\r\n+QPING: 0,4,4,0,98,120,104\r\n'],
      AT: ['\r\nOK\r\n'],
    });
    const r = await workbench(['--port', p.hostPath, '--json', '--linger', '0', '--await-urc', '20000'], 'AT+QPING=1,"broker.example.net"\nAT\n');
    expect(r.code).toBe(0);
    const seen = lines(r);
    expect(seen.filter((l) => l.startsWith('rx:urc:+QPING:'))).toHaveLength(5);
    expect(seen.indexOf('tx:command:AT')).toBeGreaterThan(seen.indexOf('rx:urc:+QPING: 0,4,4,0,98,120,104'));
  }, SLOW);

  it('--await-urc keeps waiting through retransmission notices (result 1) for the real result', async () => {
    const p = await peer({
      'AT+QMTPUB=0,5,1,0,"t"': ['\r\n> ', { awaitPayload: 'ctrl-z', then: () => ['\r\nOK\r\n', { delayMs: 100 }, '\r\n+QMTPUB: 0,5,1,1\r\n', { delayMs: 200 }, '\r\n+QMTPUB: 0,5,1,2\r\n', { delayMs: 200 }, '\r\n+QMTPUB: 0,5,0\r\n'] }],
      AT: ['\r\nOK\r\n'],
    });
    const r = await workbench(['--port', p.hostPath, '--json', '--linger', '0', '--await-urc', '20000'], 'AT+QMTPUB=0,5,1,0,"t" <<< on\nAT\n');
    expect(r.code).toBe(0);
    const seen = lines(r);
    expect(seen.indexOf('tx:command:AT')).toBeGreaterThan(seen.indexOf('rx:urc:+QMTPUB: 0,5,0'));
    expect(seen.indexOf('rx:urc:+QMTPUB: 0,5,0')).toBeGreaterThan(-1);
  }, SLOW);
});

