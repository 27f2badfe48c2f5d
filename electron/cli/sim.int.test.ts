// `workbench sim` as a user runs it: a child process that prints the device path first, answers
// AT on it, and cleans up on SIGTERM with exit code 0.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HostPort } from '../simulator/host-port';
import { parseSimArgs } from './sim';

const root = path.resolve(import.meta.dirname, '../..');

describe('workbench sim options', () => {
  it.each([
    [[], {}],
    [['--profile', 'LTE-LATER', '--speed', '0'], { profile: 'LTE-LATER', speed: 0 }],
    [['--broker', 'mqtt://127.0.0.1:1883'], { brokerUrl: 'mqtt://127.0.0.1:1883' }],
    [['--echo', 'off', '--max-write', '8', '--direct'], { echo: false, maxWriteSize: 8, embeddedBroker: false }],
    [['--broker', 'mqtt://h:1883', '--broker-tls', 'mqtts://h:8883'], { brokerUrl: 'mqtt://h:1883', brokerTlsUrl: 'mqtts://h:8883' }],
    [['--help'], 'help'],
    [['--coverage'], 'coverage'],
  ] as const)('%j → %j', (args, want) => {
    expect(parseSimArgs([...args])).toEqual(want);
  });

  it.each([
    [['--profile', 'EC99']],
    [['--speed', '-1']],
    [['--broker', 'http://x']],
    [['--bogus']],
  ])('%j is refused with a message', (args) => {
    expect(typeof parseSimArgs(args)).toBe('string');
  });
});

describe('workbench sim process', () => {
  it('prints the host path as the first line, answers AT there, exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/workbench.js'), 'sim', '--speed', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Whatever happens below, the child does not outlive the test.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    let stdout = '';
    const firstLine = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no device path after 30 s; stdout=${stdout}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const nl = stdout.indexOf('\n');
        if (nl >= 0) {
          clearTimeout(t);
          resolve(stdout.slice(0, nl));
        }
      });
    });
    expect(firstLine).toMatch(/^\/\S+$/);
    expect(fs.existsSync(firstLine)).toBe(true);
    const host = await HostPort.open(firstLine);
    // As a host does after power-up: repeat AT until OK (the power-up URCs may predate the open).
    let answer: string[] = [];
    for (let i = 0; i < 20 && answer.at(-1) !== 'OK'; i++) {
      await host.write('AT\r');
      answer = await host.waitForLine(/^OK$/, 1000).catch(() => []);
    }
    expect(answer.at(-1)).toBe('OK');
    await host.close();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(firstLine)).toBe(false);
  }, 60_000);
});
