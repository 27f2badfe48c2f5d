// The PTY relay does not outlive the process that made it: a virtual modem killed with SIGKILL
// takes its relay and link folder with it, and the host holding the other end sees the port lost
// (not a modem that never answers).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloseReason } from '../../shared/model';
import { openSerial } from '../serial/transport';
import { createPtyPair, hasCommand } from './pty-pair';

const repo = path.resolve(import.meta.dirname, '../..');
const OWNER = `
import { createPtyPair } from './electron/simulator/pty-pair.ts';
const pair = await createPtyPair();
process.stdout.write(pair.hostPath + '\\n');
setInterval(() => {}, 1000);
`;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('PTY pair', () => {
  it('is torn down when its owner is killed with SIGKILL: the host sees the port lost, the folder goes', async () => {
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', OWNER], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => owner.kill('SIGKILL'));
    const hostPath = await new Promise<string>((resolve, reject) => {
      let out = '';
      owner.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      owner.once('exit', (code) => reject(new Error(`owner exited early with ${code}`)));
    });
    const opened = await openSerial(hostPath);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const transport = opened.value;
    cleanups.push(() => void transport.close());
    const closed = new Promise<CloseReason>((resolve) => transport.onClose((r) => resolve(r)));
    owner.kill('SIGKILL');
    const reason = await closed;
    expect(reason.kind).toBe('unplugged');
    await expect.poll(() => fs.existsSync(path.dirname(hostPath)), { timeout: 5000 }).toBe(false);
  });

  it('close() stops the relay and removes the folder', async () => {
    const pair = await createPtyPair();
    expect(fs.existsSync(pair.hostPath)).toBe(true);
    await pair.close();
    expect(fs.existsSync(path.dirname(pair.hostPath))).toBe(false);
  });
});

describe('the shared relay', () => {
  /** Raw ends of a pair, opened as the simulator thread opens its own (tty streams). */
  const rawEnd = (p: string) => {
    const fd = fs.openSync(p, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
    cleanups.push(() => fs.closeSync(fd));
    return fd;
  };
  const readAll = async (fd: number, want: number, timeoutMs = 10_000): Promise<Buffer> => {
    const parts: Buffer[] = [];
    let got = 0;
    const t0 = Date.now();
    const buf = Buffer.alloc(65536);
    while (got < want && Date.now() - t0 < timeoutMs) {
      let n = 0;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      }
      if (n > 0) {
        parts.push(Buffer.from(buf.subarray(0, n)));
        got += n;
      } else await new Promise((r) => setTimeout(r, 5));
    }
    return Buffer.concat(parts);
  };
  const writeAll = async (fd: number, data: Buffer) => {
    for (let at = 0; at < data.length; ) {
      try {
        at += fs.writeSync(fd, data, at, Math.min(4096, data.length - at));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  };

  it('keeps what a port has not read yet, in order, while another pair goes on', async () => {
    const [a, b] = await Promise.all([createPtyPair(), createPtyPair()]);
    cleanups.push(() => void a.close(), () => void b.close());
    const aHost = rawEnd(a.hostPath);
    const aDev = rawEnd(a.devicePath);
    const bHost = rawEnd(b.hostPath);
    const bDev = rawEnd(b.devicePath);
    // More than a PTY holds: the rest waits in the relay until the host reads.
    const big = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
    await writeAll(aDev, big);
    // Meanwhile the other pair answers both ways at once.
    await writeAll(bHost, Buffer.from('AT\r'));
    expect((await readAll(bDev, 3)).toString()).toBe('AT\r');
    await writeAll(bDev, Buffer.from('\r\nOK\r\n'));
    expect((await readAll(bHost, 6)).toString()).toBe('\r\nOK\r\n');
    const got = await readAll(aHost, big.length);
    expect(got.length).toBe(big.length);
    expect(got.equals(big)).toBe(true);
    await a.close();
    await b.close();
    expect(fs.existsSync(path.dirname(a.hostPath))).toBe(false);
  });
});

describe('hasCommand', () => {
  it('finds an executable file on the PATH and nothing else, without a child process', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-path-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, 'runnable'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'plain'), 'data', { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'folder'), { mode: 0o755 });
    const p = ['/nonexistent', dir].join(path.delimiter);
    expect(hasCommand('runnable', p)).toBe(true);
    expect(hasCommand('plain', p)).toBe(false);
    expect(hasCommand('folder', p)).toBe(false);
    expect(hasCommand('missing', p)).toBe(false);
    expect(hasCommand('sh')).toBe(true);
  });
});
