import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildJournal, toJsonl } from '../session/transcript';
import { refusedConnectSession, successSession } from '../session/fixtures';
import { checkMermaid } from '../session/export/mermaid-check';
import { encodeCompactJournal } from '../session/journal-compact';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-diagram-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function workbench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'diagram', ...args], { cwd: root, timeout: 100_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function journal(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('workbench diagram (child process)', { timeout: 120_000 }, () => {
  it('prints a valid Mermaid diagram of a journal, with the password redacted', async () => {
    const file = journal('session.jsonl', toJsonl(buildJournal(successSession)));
    const r = await workbench(file, '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(checkMermaid(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('Modem->>Host: +QMTCONN: 0,0,0 (+400 ms)');
    expect(r.stdout).toContain('Server-->>Modem: CONNACK (0 connection accepted)');
    expect(r.stdout).not.toContain('Secr3t');
    expect(r.stdout).toContain('#34;fielduser#34;,#34;«redacted»#34;');
  });

  it('draws a journal in the compact encoding the same as its plain JSONL form', async () => {
    const records = buildJournal(successSession);
    const compact = await workbench(journal('session.cjsonl', encodeCompactJournal(records)), '--format', 'mermaid');
    const plain = await workbench(journal('session.jsonl', toJsonl(records)), '--format', 'mermaid');
    expect(compact.code).toBe(0);
    expect(compact.stdout).toBe(plain.stdout);
  });

  it('writes an SVG file with --out and explains a refused CONNECT from the code catalogue', async () => {
    const file = journal('refused.jsonl', toJsonl(buildJournal(refusedConnectSession)));
    const out = path.join(dir, 'refused.svg');
    const r = await workbench(file, '--format', 'svg', '--out', out);
    expect(r.code).toBe(0);
    const svg = fs.readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('✗ CONNACK (4 refused: bad user name or password)');
    expect(svg).toMatch(/error: Refused: bad user name or password/i);
    expect(r.stderr).toContain('exchanges drawn to');
  });

  it('tolerates a torn last line and says so', async () => {
    const text = toJsonl(buildJournal(successSession)) + '{"seq":999,"mono":1,"wa';
    const r = await workbench(journal('torn.jsonl', text));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/last line of the journal was cut off/);
    expect(checkMermaid(r.stdout)).toEqual([]);
  });

  it('exits 1 and says why when the journal is missing or not a journal', async () => {
    const missing = await workbench(path.join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
    const junk = await workbench(journal('junk.txt', 'hello\nworld\n'));
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/holds no journal records/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await workbench()).code).toBe(2);
    const bad = await workbench('x.jsonl', '--format', 'png');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown format "png"/);
  });
});
