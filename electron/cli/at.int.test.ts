// `workbench at` as a child process against a scripted modem on a real PTY.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupAtRuns, lineKinds, outcomes, runWorkbenchAt } from '../../test-support/cli-at';
import { openScriptedPeer, tableScript, type ScriptedPeer, type Step } from '../../test-support/scripted-peer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJournal } from '../session/journal';
import { fileKeyStore } from '../session/key-store';

const peers: ScriptedPeer[] = [];

afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
  cleanupAtRuns();
});

const workbench = runWorkbenchAt;
const lines = lineKinds;

async function peer(table: Record<string, Step[]>): Promise<ScriptedPeer> {
  const p = await openScriptedPeer(tableScript(table));
  peers.push(p);
  return p;
}

// Each test starts node + tsx as a child process: allow for a busy machine.
const SLOW = 60_000;

describe('workbench at', () => {
  it('seals a password in its journal with the key of the user config folder (WORKBENCH_KEY_DIR), which alone opens it', async () => {
    const PW = 'Cli-Planted-Pw-8812x';
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-keys-'));
    const before = process.env.WORKBENCH_KEY_DIR;
    process.env.WORKBENCH_KEY_DIR = keyDir;
    try {
      const p = await peer({ [`AT+QMTCONN=0,"c","u","${PW}"`]: ['\r\nOK\r\n', '\r\n+QMTCONN: 0,0,0\r\n'] });
      const r = await workbench(['--port', p.hostPath, '--json', '--linger', '0', `AT+QMTCONN=0,"c","u","${PW}"`]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const journalPath = r.stderr.match(/^journal: (.+)$/m)![1]!;
      expect(fs.readFileSync(journalPath, 'utf8')).not.toContain(PW);
      expect(fs.statSync(path.join(keyDir, 'journal-seal.key')).mode & 0o777).toBe(0o600);
      const clear = (await readJournal(journalPath, { keys: fileKeyStore({ dir: keyDir }) })).records;
      expect(clear.some((rec) => 'bytes' in rec && rec.dir === 'tx' && Buffer.from(rec.bytes, 'base64').toString().includes(PW))).toBe(true);
      expect(JSON.stringify((await readJournal(journalPath)).records)).not.toContain(PW);
    } finally {
      if (before === undefined) delete process.env.WORKBENCH_KEY_DIR;
      else process.env.WORKBENCH_KEY_DIR = before;
      fs.rmSync(keyDir, { recursive: true, force: true });
    }
  }, SLOW);

  it('prints every line as JSON, keeps a URC out of the response, and exits 0 when all is OK', async () => {
    const p = await peer({
      'AT+QMTOPEN?': ['\r\n+QMTOPEN: 0,"broker.example.net",1883\r\n', '\r\n+QMTSTAT: 1,1\r\n', '\r\nOK\r\n'],
      AT: ['\r\nOK\r\n', { delayMs: 50 }, '\r\n+QMTRECV: 0,0,"t",2,"hi"\r\n'],
    });
    const r = await workbench(['--port', p.hostPath, '--json', '--linger', '600', 'AT+QMTOPEN?', 'AT']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'tx:command:AT+QMTOPEN?',
      'rx:response:+QMTOPEN: 0,"broker.example.net",1883',
      'rx:urc:+QMTSTAT: 1,1',
      'rx:final:OK',
      'tx:command:AT',
      'rx:final:OK',
      'rx:urc:+QMTRECV: 0,0,"t",2,"hi"',
    ]);
    expect(outcomes(r)).toEqual([
      { command: 'AT+QMTOPEN?', outcome: 'ok', lines: ['+QMTOPEN: 0,"broker.example.net",1883'], code: null, final: 'OK' },
      { command: 'AT', outcome: 'ok', lines: [], code: null, final: 'OK' },
    ]);
    const journalPath = r.stderr.match(/^journal: (.+)$/m)?.[1];
    expect(journalPath).toBeTruthy();
    const { records } = await readJournal(journalPath!);
    expect(records.some((rec) => 'dir' in rec && rec.dir === 'rx')).toBe(true);
  }, SLOW);

  it('sends TEXT at the prompt then Ctrl+Z, or exactly the bytes when the command gives a length', async () => {
    const payloads: string[] = [];
    const p = await peer({
      'AT+QMTPUB=0,0,0,0,"site7/telemetry"': ['\r\n> ', { awaitPayload: 'ctrl-z', then: (b) => (payloads.push(new TextDecoder().decode(b!)), ['\r\nOK\r\n', '\r\n+QMTPUB: 0,0,0\r\n']) }],
      'AT+QMTPUBEX=0,7,1,0,"meters/up",12': ['\r\n> ', { awaitPayload: 12, then: (b) => (payloads.push(new TextDecoder().decode(b!)), ['\r\nOK\r\n']) }],
    });
    const r = await workbench(['-p', p.hostPath, '--json'], { stdin: 'AT+QMTPUB=0,0,0,0,"site7/telemetry" <<< {"t":21.5}\nAT+QMTPUBEX=0,7,1,0,"meters/up",12 <<< {"kwh":1234}\n' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(payloads).toEqual(['{"t":21.5}', '{"kwh":1234}']);
    expect(lines(r)).toContain('rx:prompt:> ');
    expect(lines(r)).toContain('tx:command:{"t":21.5}<CTRL-Z>');
    expect(new TextDecoder().decode(p.received())).toContain('{"kwh":1234}');
    expect(new TextDecoder().decode(p.received())).not.toContain('{"kwh":1234}\x1a');
  }, SLOW);

  it('names the specific cause of a refusal it can judge from the run: AT+QMTCFG while the client is connected', async () => {
    const p = await peer({
      'AT+QMTOPEN=0,"broker.example.net",1883': ['\r\nOK\r\n', { delayMs: 20 }, '\r\n+QMTOPEN: 0,0\r\n'],
      'AT+QMTCONN=0,"wb-test"': ['\r\nOK\r\n', { delayMs: 20 }, '\r\n+QMTCONN: 0,0,0\r\n'],
      'AT+QMTCFG="keepalive",0,30': ['\r\nERROR\r\n'],
    });
    const r = await workbench(['--port', p.hostPath, '--json', '--linger', '0', '--await-urc', '5000', 'AT+QMTOPEN=0,"broker.example.net",1883', 'AT+QMTCONN=0,"wb-test"', 'AT+QMTCFG="keepalive",0,30']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const refused = outcomes(r).at(-1);
    expect(refused?.outcome).toBe('error');
    expect(refused?.problem?.title).toMatch(/already connected, disconnect first/);
  }, SLOW);

  it('--await-urc holds the next command until the result URC of an asynchronous MQTT command', async () => {
    const p = await peer({
      'AT+QMTOPEN=0,"broker.example.net",1883': ['\r\nOK\r\n', { delayMs: 300 }, '\r\n+QMTOPEN: 0,0\r\n'],
      'AT+QMTPUB=0,0,0,0,"t"': ['\r\n> ', { awaitPayload: 'ctrl-z', then: () => ['\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n'] }],
      AT: ['\r\nOK\r\n'],
    });
    const r = await workbench(['--port', p.hostPath, '--json', '--linger', '0', '--await-urc', '5000', 'AT+QMTOPEN=0,"broker.example.net",1883', 'AT+QMTPUB=0,0,0,0,"t" <<< x', 'AT']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const seq = lines(r);
    expect(seq.indexOf('rx:urc:+QMTOPEN: 0,0')).toBeGreaterThan(-1);
    expect(seq.indexOf('rx:urc:+QMTOPEN: 0,0')).toBeLessThan(seq.indexOf('tx:command:AT+QMTPUB=0,0,0,0,"t"'));
    expect(seq.indexOf('rx:urc:+QMTPUB: 0,0,0')).toBeLessThan(seq.indexOf('tx:command:AT'));
  }, SLOW);

  it('reports ERROR and +CME ERROR with their codes and exits 1', async () => {
    const p = await peer({ 'AT+CPIN?': ['\r\n+CME ERROR: 10\r\n'], 'AT+QMTCONN=0,"x"': ['\r\nERROR\r\n'] });
    const r = await workbench(['--port', p.hostPath, '--json', '--linger', '0', 'AT+CPIN?', 'AT+QMTCONN=0,"x"']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const [a, b] = outcomes(r);
    expect(a).toMatchObject({ command: 'AT+CPIN?', outcome: 'cme_error', code: 10, final: '+CME ERROR: 10' });
    expect(b).toMatchObject({ command: 'AT+QMTCONN=0,"x"', outcome: 'error', code: null, final: 'ERROR' });
  }, SLOW);

  it('exits 3 with port_lost when the port vanishes mid-command', async () => {
    const p = await openScriptedPeer(() => undefined);
    const run = workbench(['--port', p.hostPath, '--json', 'AT+QIACT=1', 'AT']);
    await p.waitFor((bytes) => new TextDecoder().decode(bytes).includes('AT+QIACT=1\r'), 15_000);
    await p.close();
    const r = await run;
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(outcomes(r)[0]).toMatchObject({ command: 'AT+QIACT=1', outcome: 'port_lost' });
  }, SLOW);

  it('exits 3 when the port cannot be opened, and 2 on bad usage', async () => {
    const missing = await workbench(['--port', '/dev/does-not-exist-wb', 'AT']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no serial port/i);
    const usage = await workbench(['AT']);
    expect(usage.code).toBe(2);
    const badScale = await workbench(['--port', '/dev/null', '--timeout-scale', 'fast', 'AT']);
    expect(badScale.code).toBe(2);
  }, SLOW);
});
