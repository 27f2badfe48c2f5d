// A Virtual EC20 on a simulator thread is the same modem as one on the host's thread: the same
// bring-up, command for command and answer for answer, through the real PTY and serialport; its
// faults (at start and later), its embedded broker and its packets reach the host; stop() ends it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runBringupOnPort } from '../rack/bringup-port';
import { readJournal } from '../session/journal';
import { HostPort } from './host-port';
import type { ObservedPacket } from './mqtt-peer';
import { closeSimulatorThreads, simulatorThreadCount, startVirtualModemWorker, type ThreadVirtualModem } from './worker-pool';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-simthread-'));
const started: ThreadVirtualModem[] = [];
afterEach(async () => {
  for (const vm of started.splice(0)) await vm.stop();
  delete process.env.WORKBENCH_SIM_THREADS;
});
afterAll(async () => {
  await closeSimulatorThreads();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One bring-up of a "virtual" port to its own embedded broker: the verdict and the journal's lines, ports and paths blanked. */
async function bringUp(threads: '0' | '2', faults: Parameters<typeof runBringupOnPort>[1]['faults'] = []) {
  process.env.WORKBENCH_SIM_THREADS = threads;
  const journalDir = path.join(dir, `${threads}-${faults?.length ?? 0}`);
  const v = await runBringupOnPort('virtual', { journalDir, virtualSpeed: 0, embeddedServer: true, faults, options: { clientId: 'same-client', server: { host: '127.0.0.1', port: 1 } } });
  const { records } = await readJournal(String(v.journal));
  const lines = records.flatMap((r) => ('event' in r && r.event.type === 'line' ? [`${r.event.dir} ${r.event.kind} ${r.event.text}`] : []));
  const blank = (s: string) => s.replace(/127\.0\.0\.1(\\?",|:)\d+/g, '127.0.0.1$1PORT').replace(/\/[\w/.-]*\/wb-pty-\w+/g, 'PTY');
  return { verdict: JSON.parse(blank(JSON.stringify(v.result))) as Record<string, unknown>, ok: v.ok, at: v.at, lines: lines.map(blank) };
}

describe('Virtual EC20 on a simulator thread', { timeout: 60_000 }, () => {
  it('brings up exactly as the one on the host thread: the same commands, answers and verdict', async () => {
    const here = await bringUp('0');
    expect(simulatorThreadCount()).toBe(0);
    const thread = await bringUp('2');
    expect(simulatorThreadCount()).toBe(1);
    expect(here.ok).toBe(true);
    expect(here.lines.length).toBeGreaterThan(40);
    expect(here.lines).toContain('tx command AT+QMTOPEN=0,"127.0.0.1",PORT');
    expect(JSON.stringify(here.verdict)).toContain('127.0.0.1:PORT');
    expect(thread.lines).toEqual(here.lines);
    expect(thread.verdict).toEqual(here.verdict);
  });

  it('a fault given at start fails the bring-up at the same step on both', async () => {
    const here = await bringUp('0', [{ kind: 'pdp-fails', on: true }]);
    const thread = await bringUp('2', [{ kind: 'pdp-fails', on: true }]);
    expect(here.ok).toBe(false);
    expect(thread).toMatchObject({ ok: false, at: here.at });
    expect(thread.verdict).toEqual(here.verdict);
  });

  it('takes faults later, reports its broker packets and closes its PTY at stop', async () => {
    process.env.WORKBENCH_SIM_THREADS = '2';
    const vm = await startVirtualModemWorker({ speed: 0, skipPowerUp: true });
    started.push(vm);
    expect('core' in vm).toBe(false);
    expect(vm.embedded?.port).toBeGreaterThan(0);
    const packets: ObservedPacket[] = [];
    vm.onPacket((p) => packets.push(p));
    const host = await HostPort.open(vm.hostPath);
    try {
      vm.inject({ kind: 'pdp-fails', on: true });
      // The fault crosses to the thread as a message, the command through the PTY: ask until it has landed.
      const until = async (command: string, want: string) => {
        let answer: string[] = [];
        for (let i = 0; i < 20 && !answer.includes(want); i++) answer = await host.command(command);
        return answer;
      };
      expect(await until('AT+QIACT=1', 'ERROR')).toContain('ERROR');
      vm.inject({ kind: 'pdp-fails', on: false });
      expect(await until('AT+QIACT=1', 'OK')).toContain('OK');
      await host.command(`AT+QMTOPEN=0,"127.0.0.1",${vm.embedded!.port}`);
      await host.waitForLine('+QMTOPEN: 0,0');
      await host.command('AT+QMTCONN=0,"thread-client"');
      await host.waitForLine('+QMTCONN: 0,0,0');
      expect(packets.map((p) => p.cmd)).toEqual(expect.arrayContaining(['connect', 'connack']));
    } finally {
      await host.close();
    }
    const link = path.dirname(vm.hostPath);
    await vm.stop();
    expect(fs.existsSync(link)).toBe(false);
  });
});
