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
    [['--echo', 'off', '--max-write', '8', '--direct'], { echo: false, maxWriteSize: 8 }],
    [['--broker', 'mqtt://h:1883', '--broker-tls', 'mqtts://h:8883'], { brokerUrl: 'mqtt://h:1883', brokerTlsUrl: 'mqtts://h:8883' }],
    [['--redirect-to-embedded'], { redirectToEmbedded: true }],
    [['--help'], 'help'],
    [['--coverage'], 'coverage'],
    [['--tls'], { tls: true }],
  ] as const)('%j → %j', (args, want) => {
    expect(parseSimArgs([...args])).toEqual(want);
  });

  it.each([
    [['--profile', 'EC99']],
    [['--speed', '-1']],
    [['--broker', 'http://x']],
    [['--bogus']],
    [['--redirect-to-embedded', '--direct']],
  ])('%j is refused with a message', (args) => {
    expect(typeof parseSimArgs(args)).toBe('string');
  });
});

async function spawnSim(args: string[]) {
  const child = spawn(process.execPath, [path.join(root, 'bin/workbench.js'), 'sim', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  // Whatever happens in the test, the child does not outlive it.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no device path after 30 s; stdout=${stdout} stderr=${stderr}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const nl = stdout.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(t);
        resolve(stdout.slice(0, nl));
      }
    });
  });
  return { child, exited, firstLine, stderr: () => stderr };
}

/** As a host does after power-up: repeat AT until OK (the power-up URCs may predate the open). */
async function pollAt(host: HostPort): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 20 && seen.at(-1) !== 'OK'; i++) {
    await host.write('AT\r');
    seen.push(...(await host.waitForLine(/^OK$/, 1000).catch(() => [])));
  }
  return seen;
}

/** Polls AT, then lets the rest of the power-up banner pass, so it is not read as an answer. */
async function waitUntilBooted(host: HostPort): Promise<void> {
  const seen = await pollAt(host);
  // The banner may also have gone out before the port was opened: then it never comes.
  if (!seen.includes('+QIND: PB DONE')) await host.waitForLine('+QIND: PB DONE', 3_000).catch(() => []);
  host.skipAll();
}

describe('workbench sim process', () => {
  it('prints the host path as the first line, answers AT there, exits 0 on SIGTERM', async () => {
    const { child, exited, firstLine } = await spawnSim(['--speed', '0']);
    expect(firstLine).toMatch(/^\/\S+$/);
    expect(fs.existsSync(firstLine)).toBe(true);
    const host = await HostPort.open(firstLine);
    expect((await pollAt(host)).at(-1)).toBe('OK');
    await host.close();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(firstLine)).toBe(false);
  }, 60_000);

  it('--tls: the printed demo CA, uploaded with QFUPL, opens TLS to the embedded broker', async () => {
    const { child, exited, firstLine, stderr } = await spawnSim(['--speed', '0', '--tls']);
    const host = await HostPort.open(firstLine);
    await waitUntilBooted(host);
    const caPath = /upload (\S+) with AT\+QFUPL/.exec(stderr())?.[1];
    expect(caPath).toBeDefined();
    const ca = fs.readFileSync(caPath ?? '');
    expect(await host.command('ATE0')).toEqual(['ATE0', 'OK']);
    expect(await host.command(`AT+QFUPL="demo-ca.pem",${ca.length},10`)).toEqual(['CONNECT']);
    await host.write(ca);
    expect((await host.waitForLine(/^OK$/)).at(0)).toMatch(new RegExp(`^\\+QFUPL: ${ca.length},[0-9a-f]+$`));
    for (const c of ['AT+QSSLCFG="seclevel",1,1', 'AT+QSSLCFG="cacert",1,"demo-ca.pem"', 'AT+QMTCFG="ssl",0,1,1']) expect(await host.command(c)).toEqual(['OK']);
    // The module dials what it is told: the embedded broker's TLS listener, as printed.
    const tlsOpen = /(AT\+QMTOPEN=0,"127\.0\.0\.1",\d+) with QMTCFG "ssl" on/.exec(stderr())?.[1];
    expect(tlsOpen).toBeDefined();
    expect(await host.command(tlsOpen ?? '')).toEqual(['OK']);
    await host.waitForLine('+QMTOPEN: 0,0');
    await host.close();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(caPath ?? '')).toBe(false);
    // Demo PKI generation, a TLS handshake and two process starts: up to 35 s seen on a busy machine.
  }, 120_000);
});
