import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildJournal, toJsonl } from '../session/transcript';
import { refusedConnectSession } from '../session/fixtures';
import { parseExportArgs } from './export';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-export-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function workbench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'export', ...args], { cwd: root, timeout: 100_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const journal = path.join(dir, 'refused.jsonl');
fs.writeFileSync(journal, toJsonl(buildJournal(refusedConnectSession)));

describe('workbench export (child process)', { timeout: 120_000 }, () => {
  it('writes an html report to --out and prints the file written', async () => {
    const out = path.join(dir, 'report.html');
    const r = await workbench(journal, '--format', 'html', '--redact', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('data-testid="report-next-step"');
    expect(html).not.toContain('wrong;pass#1');
    expect(r.stderr).toMatch(/redacted: 1 MQTT password/);
  });

  it('writes the html report in Chinese with --lang zh-CN', async () => {
    const out = path.join(dir, 'report-zh.html');
    const r = await workbench(journal, '--format', 'html', '--lang', 'zh-CN', '--out', out);
    expect(r.code).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/data-testid="report-failure-title">拒绝连接：用户名或密码错误</);
    expect(html).not.toContain('wrong;pass#1');
  });

  it('re-exports a session file it wrote, with the same rows; text goes to stdout without --out', async () => {
    const file = path.join(dir, 'refused.session.jsonl');
    expect((await workbench(journal, '--format', 'json', '-o', file)).code).toBe(0);
    const direct = await workbench(journal, '--format', 'text');
    const again = await workbench(file, '--format', 'text');
    expect(direct.code).toBe(0);
    expect(again.stdout).toBe(direct.stdout);
    expect(direct.stdout).toContain('+QMTCONN: 0,0,4');
    // Cut off: what came before is exported, and stderr says where it stopped.
    const text = fs.readFileSync(file, 'utf8');
    const cut = path.join(dir, 'cut.session.jsonl');
    fs.writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.6)));
    const partial = await workbench(cut, '--format', 'text');
    expect(partial.code).toBe(0);
    expect(partial.stderr).toMatch(/is damaged: read \d+ records; stopped at line \d+/);
    expect(direct.stdout.startsWith(partial.stdout.slice(0, 40))).toBe(true);
  });

  it('exit 1 for an unreadable input, 2 for a usage mistake; no option exports secrets', async () => {
    expect((await workbench(path.join(dir, 'missing.jsonl'), '--format', 'text')).code).toBe(1);
    const bad = await workbench(journal, '--format', 'pdf');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown format "pdf"/);
    expect((await workbench(journal, '--no-redact')).code).toBe(2);
    const future = path.join(dir, 'future.session.jsonl');
    fs.writeFileSync(future, JSON.stringify({ format: 'modem-mqtt-workbench-session', version: 9, meta: {} }) + '\n');
    const refused = await workbench(future, '--format', 'text');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/newer version of the app \(format version 9\)/);
  });
});

describe('parseExportArgs', () => {
  it('reads ranges and refuses what cannot be read', () => {
    expect(parseExportArgs(['j.jsonl'])).toMatchObject({ format: 'html', maskIds: false, range: { kind: 'all' } });
    expect(parseExportArgs(['j.jsonl', '--from', '1.5', '--to', '2026-11-25T09:00:01Z', '--mask-ids'])).toMatchObject({ maskIds: true, range: { kind: 'time', from: '1.5', to: '2026-11-25T09:00:01Z' } });
    expect(parseExportArgs(['j.jsonl', '--exchanges', '3,#4'])).toMatchObject({ range: { kind: 'exchanges', ids: [3, 4] } });
    expect(parseExportArgs(['j.jsonl', '--from', 'yesterday'])).toMatch(/--from: "yesterday" is neither seconds/);
    expect(parseExportArgs(['j.jsonl', '--exchanges', 'a'])).toMatch(/comma-separated exchange ids/);
    expect(parseExportArgs([])).toBe('missing JOURNAL');
  });
});
