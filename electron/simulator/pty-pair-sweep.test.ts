// Link folders of relays that were killed outright are swept when the next relay starts: only
// this app's names, only for processes that no longer run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepStaleLinkFolders } from './pty-pair';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

function pairFolder(root: string, name: string): void {
  fs.mkdirSync(path.join(root, name));
  fs.symlinkSync('/dev/null', path.join(root, name, 'ttyHost'));
}

describe('sweepStaleLinkFolders', () => {
  it("removes the pair folders of processes that are gone and nothing else", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sweep-'));
    roots.push(root);
    // A pid that surely ran and ended: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    pairFolder(root, `wb-pty-${dead}-1-abc123`);
    pairFolder(root, `wb-pty-${process.pid}-2-def456`); // this process's own
    pairFolder(root, `wb-pty-1-3-ghi789`); // pid 1 runs
    pairFolder(root, 'wb-pty-Xy12ab'); // a socat pair's mkdtemp name: not a shared relay's
    fs.writeFileSync(path.join(root, 'unrelated'), '');
    const removed = sweepStaleLinkFolders(root);
    expect(removed).toEqual([`wb-pty-${dead}-1-abc123`]);
    expect(fs.readdirSync(root).sort()).toEqual([`wb-pty-${process.pid}-2-def456`, 'wb-pty-1-3-ghi789', 'wb-pty-Xy12ab', 'unrelated'].sort());
  });

  it('asks whether each process runs, and leaves a folder it cannot read alone', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sweep-'));
    roots.push(root);
    pairFolder(root, 'wb-pty-424242-1-aaaa');
    pairFolder(root, 'wb-pty-434343-1-bbbb');
    const asked: number[] = [];
    const removed = sweepStaleLinkFolders(root, (pid) => (asked.push(pid), pid === 424242));
    expect(asked.sort()).toEqual([424242, 434343]);
    expect(removed).toEqual(['wb-pty-434343-1-bbbb']);
    expect(sweepStaleLinkFolders(path.join(root, 'missing'))).toEqual([]);
  });
});
