// `workbench at` ended from outside right after it printed an answer: SIGTERM, SIGHUP and even
// SIGKILL leave that answer in the journal, because a line is written to disk before it is shown.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openScriptedPeer, tableScript, type ScriptedPeer } from '../../test-support/scripted-peer';
import { readJournal, recordBytes } from '../session/journal';

const root = path.resolve(import.meta.dirname, '../..');
const peers: ScriptedPeer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('workbench at ended by a signal', () => {
  it.each(['SIGTERM', 'SIGHUP', 'SIGKILL'] as const)(
    'after %s the journal holds the answer that was printed',
    async (signal) => {
      const peer = await openScriptedPeer(tableScript({ 'AT+CSQ': ['\r\n+CSQ: 23,99\r\n\r\nOK\r\n'] }));
      peers.push(peer);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-crash-'));
      dirs.push(dir);
      const journalPath = path.join(dir, 'j.jsonl');
      // Commands come from standard input, which stays open: the run only ends by the signal.
      const child = spawn(process.execPath, [path.join(root, 'bin/workbench.js'), 'at', '--port', peer.hostPath, '--journal', journalPath], {
        cwd: root,
        env: { ...process.env, WORKBENCH_DATA_DIR: dir, NO_COLOR: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin.write('AT+CSQ\n');
      await expect.poll(() => stdout, { timeout: 30_000 }).toMatch(/rx +final +OK/);
      child.kill(signal);
      await exited;
      const { records } = await readJournal(journalPath);
      const rx = records
        .map((r) => ('dir' in r && r.dir === 'rx' ? Buffer.from(recordBytes(r) ?? []).toString('latin1') : ''))
        .join('');
      expect(rx).toContain('+CSQ: 23,99');
      expect(rx).toContain('OK');
      expect(fs.statSync(journalPath).mode & 0o777).toBe(0o600);
    },
    60_000,
  );
});
