// A session killed with SIGKILL (no clean close) is offered on the next start, and opening it
// shows every line the killed session had shown; a session that ended cleanly is not offered.
// The killed sessions are real processes: the headless workbench (virtual EC20 through the bridge)
// and `workbench at` on a PTY.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { VIRTUAL_PORT_PATH, type WorkbenchApi } from '../../shared/api';
import { createContractClient } from '../../shared/contract-client';
import type { LogEntry } from '../../shared/model';
import { openScriptedPeer, tableScript, type ScriptedPeer } from '../../test-support/scripted-peer';
import { createWorkbenchHost, type WorkbenchHost } from '../host/services';
import { defaultJournalDir, JOURNAL_EXTENSION } from './journal';

const root = path.resolve(import.meta.dirname, '../..');
const peers: ScriptedPeer[] = [];
const dirs: string[] = [];
const hosts: WorkbenchHost[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.shutdown();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null && c.pid) process.kill(-c.pid, 'SIGKILL');
  for (const p of peers.splice(0)) await p.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-recover-'));
  dirs.push(d);
  return d;
};

/** A host of the next start, on the same data folder. */
function nextStart(dataDir: string): WorkbenchHost {
  const host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: defaultJournalDir({ WORKBENCH_DATA_DIR: dataDir }) });
  hosts.push(host);
  return host;
}

const rows = (entries: LogEntry[]) => entries.map((e) => `${e.dir} ${e.kind} ${e.text}`);

/** Kills the child and everything it started (its process group), as a crash would end them. */
async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

async function runAt(dataDir: string, peer: ScriptedPeer, args: string[]): Promise<{ child: ChildProcess; out: () => string; err: () => string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/workbench.js'), 'at', '--port', peer.hostPath, '--json', ...args], {
    cwd: root,
    env: { ...process.env, WORKBENCH_DATA_DIR: dataDir, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, out: () => stdout, err: () => stderr };
}

describe('crash recovery', () => {
  it('offers the journal of a `workbench at` killed with SIGKILL, and opens it with every line it printed', { timeout: 60_000 }, async () => {
    const peer = await openScriptedPeer(tableScript({ 'AT+CSQ': ['\r\n+CSQ: 23,99\r\n\r\nOK\r\n'], AT: ['\r\nOK\r\n'] }));
    peers.push(peer);
    const dataDir = tmp();
    const run = await runAt(dataDir, peer, []);
    run.child.stdin!.write('AT\nAT+CSQ\n');
    await expect.poll(() => run.out(), { timeout: 30_000 }).toMatch(/"command":"AT\+CSQ"/);
    await killHard(run.child);
    const journalPath = /journal: (.*)/.exec(run.err())![1]!.trim();
    expect(journalPath.endsWith(JOURNAL_EXTENSION)).toBe(true);
    const printed = run
      .out()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { dir?: string; kind?: string; text?: string })
      .filter((r) => r.dir !== undefined)
      .map((r) => `${r.dir} ${r.kind} ${r.text}`);
    expect(printed).toContain('rx response +CSQ: 23,99');

    const host = nextStart(dataDir);
    const offered = await host.services.getRecoverableSession(undefined);
    expect(offered.ok && offered.value).toMatchObject({ path: journalPath, lines: printed.length });
    const opened = await host.services.openJournalFile({ path: journalPath });
    expect(opened).toMatchObject({ ok: true, value: { path: fs.realpathSync(journalPath), lines: printed.length, tornTail: false } });
    const log = await host.services.getLog({ from: 0, limit: 1_000_000 });
    expect(log.ok && rows(log.value)).toEqual(printed);
    // The port was not touched: no session is open, and one can be opened as usual. It starts a
    // fresh session (a new journal, the log from 0); the crashed one is no longer the last session.
    expect(await host.services.getPortState(undefined)).toEqual({ ok: true, value: { state: 'closed' } });
    const live = await host.services.openPort({ path: peer.hostPath });
    expect(live.ok && live.value.journalPath).not.toBe(journalPath);
    expect((await host.services.sendAt({ text: 'AT' })).ok).toBe(true);
    const fresh = await host.services.getLog({ from: 0, limit: 1_000_000 });
    expect(fresh.ok && rows(fresh.value)).not.toContain('rx response +CSQ: 23,99');
    expect(await host.services.getRecoverableSession(undefined)).toEqual({ ok: true, value: null });
    const refused = await host.services.openJournalFile({ path: journalPath });
    expect(!refused.ok && refused.problem.code).toBe('journal.port-open');
    await host.services.closePort(undefined);
    expect(await host.services.getRecoverableSession(undefined)).toEqual({ ok: true, value: null });
  });

  it('does not offer a session that ended cleanly', { timeout: 60_000 }, async () => {
    const peer = await openScriptedPeer(tableScript({ 'AT+CSQ': ['\r\n+CSQ: 23,99\r\n\r\nOK\r\n'] }));
    peers.push(peer);
    const dataDir = tmp();
    const run = await runAt(dataDir, peer, ['--linger', '0', 'AT+CSQ']);
    const code = await new Promise<number | null>((resolve) => run.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    const host = nextStart(dataDir);
    expect(await host.services.getRecoverableSession(undefined)).toEqual({ ok: true, value: null });
  });

  it.each(['SIGTERM', 'SIGHUP'] as const)('does not offer a session stopped by %s (an orderly stop, not a crash)', { timeout: 60_000 }, async (signal) => {
    const peer = await openScriptedPeer(tableScript({ 'AT+CSQ': ['\r\n+CSQ: 23,99\r\n\r\nOK\r\n'] }));
    peers.push(peer);
    const dataDir = tmp();
    const run = await runAt(dataDir, peer, []);
    run.child.stdin!.write('AT+CSQ\n');
    await expect.poll(() => run.out(), { timeout: 30_000 }).toMatch(/"command":"AT\+CSQ"/);
    const exited = new Promise<void>((resolve) => run.child.once('exit', () => resolve()));
    run.child.kill(signal);
    await exited;
    const host = nextStart(dataDir);
    expect(await host.services.getRecoverableSession(undefined)).toEqual({ ok: true, value: null });
  });

  it('offers the session of a headless workbench killed with SIGKILL mid-session, with every line it had logged; dismissed, it is not offered again', { timeout: 90_000 }, async () => {
    const dataDir = tmp();
    const staticDir = tmp();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Workbench</title>');
    const token = 'recovery-test-token-0123456789abcdef';
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/headless.ts'), '--port', '0', '--static-dir', staticDir], {
      cwd: root,
      env: { ...process.env, WORKBENCH_DATA_DIR: dataDir, WORKBENCH_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.push(child);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.resume();
    await expect.poll(() => stdout, { timeout: 30_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
    const port = /127\.0\.0\.1:(\d+)/.exec(stdout)![1];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => {}); // the host is killed under it
    const api: WorkbenchApi = createContractClient({ send: (t) => ws.send(t), onMessage: (fn) => ws.on('message', (d) => fn(String(d))), onClose: (fn) => ws.on('close', fn) });
    const opened = await api.openPort({ path: VIRTUAL_PORT_PATH });
    if (!opened.ok) throw new Error(opened.problem.title);
    const journalPath = opened.value.journalPath!;
    for (const text of ['AT', 'AT+CSQ', 'AT+QMTCFG="version",0,4']) expect((await api.sendAt({ text })).ok).toBe(true);
    const shown = await api.getLog({});
    if (!shown.ok) throw new Error(shown.problem.title);
    expect(rows(shown.value).some((r) => r.startsWith('rx response +CSQ:'))).toBe(true);
    await killHard(child);

    const host = nextStart(dataDir);
    const offered = await host.services.getRecoverableSession(undefined);
    expect(offered.ok && offered.value).toMatchObject({ path: journalPath, lines: shown.value.length });
    expect((await host.services.openJournalFile({ path: journalPath })).ok).toBe(true);
    const log = await host.services.getLog({ from: 0, limit: 1_000_000 });
    expect(log.ok && rows(log.value)).toEqual(rows(shown.value));
    const exchanges = await host.services.getExchanges(undefined);
    expect(exchanges.ok && exchanges.value.map((x) => x.command)).toEqual(expect.arrayContaining(['AT+CSQ']));

    expect(await host.services.dismissRecoverableSession({ path: journalPath })).toEqual({ ok: true, value: null });
    expect(await nextStart(dataDir).services.getRecoverableSession(undefined)).toEqual({ ok: true, value: null });
  });

  it('opens only journals of the journal folder', async () => {
    const dataDir = tmp();
    const journalDir = defaultJournalDir({ WORKBENCH_DATA_DIR: dataDir });
    fs.mkdirSync(journalDir, { recursive: true });
    const outside = path.join(dataDir, `elsewhere${JOURNAL_EXTENSION}`);
    fs.writeFileSync(outside, '');
    fs.writeFileSync(path.join(journalDir, 'notes.txt'), 'x');
    fs.symlinkSync(outside, path.join(journalDir, `link${JOURNAL_EXTENSION}`));
    const host = nextStart(dataDir);
    for (const p of [outside, `../elsewhere${JOURNAL_EXTENSION}`, path.join(journalDir, '..', `elsewhere${JOURNAL_EXTENSION}`), 'notes.txt', `link${JOURNAL_EXTENSION}`, '/etc/passwd', journalDir]) {
      const r = await host.services.openJournalFile({ path: p });
      expect(r.ok, p).toBe(false);
      if (!r.ok) expect(r.problem.code, p).toMatch(/^journal\.(not-in-folder|not-found)$/);
    }
    expect((await host.services.openJournalFile({ path: `missing${JOURNAL_EXTENSION}` })).ok).toBe(false);
  });
});
