// What the fault suites share: a virtual EC20 on a real PTY whose every byte in and out is
// recorded (to check the journal against it), a mosquitto that can be killed and started again on
// the same port, and the journal's bytes per direction.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { concatBytes } from '../shared/bytes';
import { readJournal, recordBytes } from '../electron/session/journal';
import { ModemCore } from '../electron/simulator/modem';
import type { Fault } from '../electron/simulator/faults';
import { createPtyPair, stopChild } from '../electron/simulator/pty-pair';

export interface TappedModem {
  hostPath: string;
  core: ModemCore;
  inject(f: Fault): void;
  /** Writes bytes to the host as if the modem sent them (noise, partial lines, URC floods). */
  writeRaw(bytes: Uint8Array | string): Promise<void>;
  /** Every byte the modem wrote to the host, in order. */
  sent(): Uint8Array;
  /** Every byte the host wrote to the modem, in order. */
  received(): Uint8Array;
  /** Called with each chunk the host writes (e.g. to inject a fault mid-command). */
  onReceive(fn: (chunk: Uint8Array, all: () => string) => void): void;
  /** Unplugs the device: the modem stops and its PTY pair goes away under the host. */
  stop(): Promise<void>;
}

/** A virtual EC20 (ready, echo on) whose MQTT side goes to `brokerUrl`. */
export async function startTappedModem(opts: { brokerUrl: string; speed?: number }): Promise<TappedModem> {
  const pair = await createPtyPair();
  const port = new SerialPort({ path: pair.devicePath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on('error', () => undefined);
  const tx: Uint8Array[] = [];
  const rx: Uint8Array[] = [];
  const listeners: Array<(chunk: Uint8Array, all: () => string) => void> = [];
  const write = (bytes: Uint8Array) =>
    new Promise<void>((resolve) => {
      if (!port.isOpen) return resolve();
      tx.push(bytes.slice());
      port.write(Buffer.from(bytes), () => port.drain(() => resolve()));
    });
  const core = new ModemCore({ speed: opts.speed ?? 0, redirect: opts.brokerUrl, skipPowerUp: true, write });
  const received = () => concatBytes(rx);
  const all = () => Buffer.from(received()).toString('latin1');
  port.on('data', (d: Buffer) => {
    const chunk = new Uint8Array(d);
    rx.push(chunk);
    core.receive(chunk);
    for (const fn of listeners) fn(chunk, all);
  });
  core.start();
  let stopped: Promise<void> | undefined;
  return {
    hostPath: pair.hostPath,
    core,
    inject: (f) => core.inject(f),
    writeRaw: (b) => write(typeof b === 'string' ? new TextEncoder().encode(b) : b),
    sent: () => concatBytes(tx),
    received,
    onReceive: (fn) => void listeners.push(fn),
    stop: () =>
      (stopped ??= (async () => {
        core.stop();
        if (port.isOpen) await new Promise<void>((r) => port.close(() => r()));
        await pair.close();
      })()),
  };
}

export const hasMosquitto = spawnSync('sh', ['-c', 'command -v mosquitto'], { stdio: 'ignore' }).status === 0;

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function listening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** A mosquitto_passwd file in `dir`, readable by the broker. */
function writePasswordFile(dir: string, users: Record<string, string>): string {
  const file = path.join(dir, 'passwords');
  fs.writeFileSync(file, '');
  for (const [user, password] of Object.entries(users)) execFileSync('mosquitto_passwd', ['-b', file, user, password]);
  fs.chmodSync(file, 0o644);
  return file;
}

export interface Mosquitto {
  url: string;
  port: number;
  /** Kills the broker (SIGKILL: no goodbye to its clients, as a crash or a pulled cable). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A mosquitto on a free port of 127.0.0.1, without persistence, anonymous clients allowed
 * (`extraConfig`: more mosquitto.conf lines). With `users`, only those user/password pairs may
 * connect (a mosquitto_passwd file). A broker that never listens is stopped before the error is
 * thrown, so it cannot outlive the test.
 */
export async function startMosquitto(opts: { extraConfig?: string; users?: Record<string, string> } = {}): Promise<Mosquitto> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-mosq-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  const extra = [opts.extraConfig, opts.users && `allow_anonymous false\npassword_file ${writePasswordFile(dir, opts.users)}`].filter(Boolean).join('\n');
  fs.writeFileSync(conf, `persistence false\nallow_anonymous true\n${extra ? `${extra}\n` : ''}listener ${port} 127.0.0.1\n`);
  fs.chmodSync(conf, 0o644);
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    child = c;
    const t0 = Date.now();
    while (!(await listening(port))) {
      if (c.exitCode !== null || Date.now() - t0 > 10_000) throw new Error(`mosquitto did not listen on ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (child) await stopChild(child);
    child = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  await start().catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url: `mqtt://127.0.0.1:${port}`, port, kill, start, stop };
}

/** The journal's byte records joined per direction, in journal order. */
export async function journalBytes(file: string): Promise<{ tx: Buffer; rx: Buffer; records: Awaited<ReturnType<typeof readJournal>>['records'] }> {
  const { records } = await readJournal(file);
  const part = (dir: 'tx' | 'rx') => Buffer.concat(records.filter((r) => 'dir' in r && r.dir === dir).map((r) => Buffer.from(recordBytes(r) ?? [])));
  return { tx: part('tx'), rx: part('rx'), records };
}
