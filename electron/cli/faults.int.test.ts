// `workbench at` and `workbench bringup` as child processes under faults, over real PTYs with the
// virtual EC20 (and a real mosquitto): the port unplugged mid-command and re-plugged, a modem
// reboot, a command never answered, garbage and partial lines, a +QMTRECV flood while commands
// run, the broker killed and restarted under a connected client. Each run says what happened in
// its outcome, and its journal holds every byte that crossed the wire, in order.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliCommandJson, CliLineJson } from '../../shared/cli-json';
import { cleanupAtRuns, outcomes, runWorkbenchAt } from '../../test-support/cli-at';
import { hasMosquitto, journalBytes, startMosquitto, startTappedModem, type TappedModem } from '../../test-support/fault-rig';
import { openScriptedPeer, tableScript } from '../../test-support/scripted-peer';

const root = path.resolve(import.meta.dirname, '../..');
const cleanups: Array<() => Promise<void>> = [];
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-faults-'));
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  cleanupAtRuns();
  fs.rmSync(dir, { recursive: true, force: true });
});

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

let journals = 0;
const journalFile = (): string => path.join(dir, `journal-${++journals}.jsonl`);

/** The CLI's journal is complete when the run has ended: each direction is exactly the wire's. */
async function expectJournalIsTheWire(file: string, wire: { sent: () => Uint8Array; received: () => Uint8Array }, opts: { exact: boolean }) {
  const j = await journalBytes(file);
  const seqs = j.records.map((r) => r.seq);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  expect(text(j.tx)).toBe(text(wire.received().subarray(0, opts.exact ? undefined : j.tx.length)));
  expect(text(j.rx)).toBe(text(wire.sent().subarray(0, opts.exact ? undefined : j.rx.length)));
}

async function tappedModem(brokerUrl = 'mqtt://127.0.0.1:1'): Promise<TappedModem> {
  const m = await startTappedModem({ brokerUrl, speed: 0 });
  cleanups.push(() => m.stop());
  return m;
}

describe('workbench at under faults', { timeout: 60_000 }, () => {
  it('port unplugged mid-command: the command ends port_lost with an explanation, exit 3; the re-plugged port works', async () => {
    const script = tableScript({ ATI: ['\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n'], 'AT+QPOWD=1': [] });
    const peer = await openScriptedPeer(script);
    cleanups.push(() => peer.close());
    void peer.waitFor((b) => text(b).includes('AT+QPOWD=1\r'), 30_000).then(() => peer.close()).catch(() => undefined);
    const journal = journalFile();
    const r = await runWorkbenchAt(['--port', peer.hostPath, '--json', '--journal', journal], { stdin: 'ATI\nAT+QPOWD=1\nATI\n' });
    expect(r.code).toBe(3);
    const outs = outcomes(r);
    expect(outs.map((o) => [o.command, o.outcome])).toEqual([['ATI', 'ok'], ['AT+QPOWD=1', 'port_lost']]);
    expect(outs[1]?.problem).toMatchObject({ title: expect.any(String), nextStep: expect.any(String) });
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    await expectJournalIsTheWire(journal, peer, { exact: true });

    const again = await openScriptedPeer(script);
    cleanups.push(() => again.close());
    const r2 = await runWorkbenchAt(['--port', again.hostPath, '--json'], { stdin: 'ATI\n' });
    expect(r2.code).toBe(0);
    expect(outcomes(r2).map((o) => o.outcome)).toEqual(['ok']);
  });

  it('a command never answered times out, the next command works, and garbage and partial lines change nothing', async () => {
    const m = await tappedModem();
    let injected = false;
    m.onReceive((_c, all) => {
      // With the first command: line noise and half a URC, and silence for the next command.
      if (injected || !all().includes('AT+CSQ\r')) return;
      injected = true;
      void m.writeRaw(Uint8Array.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x2b, 0x51, 0x4d, 0x54]));
      m.inject({ kind: 'silence' });
    });
    // Every answer arrives in pieces of 3 bytes.
    m.inject({ kind: 'split-writes', maxWriteSize: 3 });
    const commands = ['AT+CSQ', 'AT+CGSN', 'ATI', 'AT+CSQ'];
    const journal = journalFile();
    const r = await runWorkbenchAt(['--port', m.hostPath, '--json', '--journal', journal, '--linger', '0', ...commands]);
    const outs = outcomes(r);
    expect(outs.map((o) => o.outcome)).toEqual(['ok', 'timeout', 'ok', 'ok']);
    expect(outs[1]?.problem?.nextStep).toBeTruthy();
    expect(outs[2]?.lines).toContain('Quectel');
    expect(outs[3]?.lines.join()).toMatch(/^\+CSQ: \d+,\d+$/);
    expect(r.code).toBe(1);
    await expectJournalIsTheWire(journal, m, { exact: false });
  });

  it('a modem reboot mid-command ends that command "reboot" with an explanation, and the commands after it work', async () => {
    const m = await tappedModem();
    let phase: 'before' | 'silenced' | 'rebooted' = 'before';
    m.onReceive((_c, all) => {
      const seen = all();
      // AT+CFUN? is answered; the AT after it is not (silence), and the modem restarts under it.
      if (phase === 'before' && seen.includes('AT+CFUN?\r')) {
        phase = 'silenced';
        m.inject({ kind: 'silence' });
      } else if (phase === 'silenced' && seen.slice(seen.indexOf('AT+CFUN?\r') + 9).includes('AT\r')) {
        phase = 'rebooted';
        m.inject({ kind: 'reboot' });
      }
    });
    const journal = journalFile();
    const r = await runWorkbenchAt(['--port', m.hostPath, '--json', '--journal', journal, '--linger', '0'], { stdin: 'ATE0\nAT+CFUN?\nAT\nAT+CPIN?\nATI\n' });
    const outs = outcomes(r);
    expect(outs.map((o) => [o.command, o.outcome])).toEqual([['ATE0', 'ok'], ['AT+CFUN?', 'ok'], ['AT', 'reboot'], ['AT+CPIN?', 'ok'], ['ATI', 'ok']]);
    expect(outs[2]?.problem).toMatchObject({ title: expect.stringMatching(/restarted/i), nextStep: expect.any(String) });
    expect(r.json.filter((j): j is CliLineJson => 'kind' in j && j.kind === 'urc').map((j) => j.text)).toContain('RDY');
    expect(r.code).toBe(1);
    await expectJournalIsTheWire(journal, m, { exact: false });
  });

  it('a +QMTRECV flood while commands run: every command completes and every message line is printed and journaled', async () => {
    const m = await tappedModem();
    const total = 2_000;
    let flooding: Promise<void> | undefined;
    m.onReceive((_c, all) => {
      if (flooding || !all().includes('ATE0\r')) return;
      flooding = (async () => {
        for (let i = 0; i < total; i += 100) {
          let chunk = '';
          for (let k = i; k < i + 100; k++) chunk += `\r\n+QMTRECV: 0,${k + 1},"flood/t",${String(k).length},"${k}"\r\n`;
          await m.writeRaw(chunk);
        }
      })();
    });
    const journal = journalFile();
    const commands = ['ATE0', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 'AT+CSQ' : 'AT+QMTCONN?'))];
    // Answers queue behind the flood on the wire: generous timeouts keep a loaded machine out of it.
    const r = await runWorkbenchAt(['--port', m.hostPath, '--json', '--journal', journal, '--linger', '1500', '--timeout-scale', '20', ...commands]);
    await flooding;
    expect(outcomes(r).map((o) => o.outcome)).toEqual(Array(21).fill('ok'));
    expect(r.code).toBe(0);
    const recv = r.json.filter((j): j is CliLineJson => 'kind' in j && j.text.startsWith('+QMTRECV:'));
    expect(recv.map((j) => Number(/"(\d+)"$/.exec(j.text)?.[1]))).toEqual(Array.from({ length: total }, (_, i) => i));
    await expectJournalIsTheWire(journal, m, { exact: true });
  });
});

describe.skipIf(!hasMosquitto)('broker killed and restarted under the CLI', { timeout: 90_000 }, () => {
  it('workbench at sees +QMTSTAT when mosquitto dies; workbench bringup fails at "open" while it is down, then succeeds once it is back', async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const m = await tappedModem(broker.url);
    const journal = journalFile();
    // A long-running `workbench at` fed line by line, as a person at the keyboard.
    const child = spawn(process.execPath, [path.join(root, 'bin/workbench.js'), 'at', '--port', m.hostPath, '--json', '--journal', journal, '--await-urc', '10000', '--linger', '0'], {
      cwd: root,
      env: { ...process.env, WORKBENCH_DATA_DIR: path.dirname(journal), NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    const json = () => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as CliLineJson | CliCommandJson);
    const urcs = () => json().filter((j): j is CliLineJson => 'kind' in j && j.kind === 'urc').map((j) => j.text);
    child.stdin.write('ATE0\nAT+QMTOPEN=0,"127.0.0.1",' + broker.port + '\nAT+QMTCONN=0,"wb-cli-fault"\n');
    await expect.poll(() => json().filter((j) => 'outcome' in j).length, { timeout: 20_000 }).toBe(3);
    expect(urcs()).toContain('+QMTCONN: 0,0,0');

    await broker.kill();
    await expect.poll(() => urcs().some((u) => u.startsWith('+QMTSTAT: 0,')), { timeout: 10_000 }).toBe(true);
    await broker.start();
    child.stdin.end('AT+QMTOPEN=0,"127.0.0.1",' + broker.port + '\nAT+QMTCONN=0,"wb-cli-fault"\nAT+QMTCONN?\n');
    expect(await exited).toBe(0);
    const outs = json().filter((j): j is CliCommandJson => 'outcome' in j);
    expect(outs.map((o) => o.outcome)).toEqual(Array(6).fill('ok'));
    expect(outs.at(-1)?.lines).toContain('+QMTCONN: 0,3');
    await expectJournalIsTheWire(journal, m, { exact: false });

    // The wizard from the command line, with the broker gone and back.
    await broker.kill();
    const bringup = (clientId: string) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'bringup', '--port', m.hostPath, '--server', `127.0.0.1:${broker.port}`, '--client-id', clientId, '--json'], { cwd: root, timeout: 60_000 }, (err, out) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: out });
        });
      });
    const down = await bringup('wb-cli-down');
    expect(down.code).toBe(1);
    const verdict = JSON.parse(down.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(verdict).toMatchObject({ ok: false, step: 'open', code: expect.stringMatching(/^qmtopen\./) });
    await broker.start();
    const up = await bringup('wb-cli-up');
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ ok: true, step: 'ready' });
  });
});
