import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseExplainArgs } from './explain';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function workbench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'explain', ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('workbench explain arguments', () => {
  it('joins the words of the text and reads the options', () => {
    expect(parseExplainArgs(['+CME', 'ERROR:', '10'])).toEqual({ text: '+CME ERROR: 10', json: false });
    expect(parseExplainArgs(['ERROR', '--command', 'AT+QMTCONN=0,"x"', '--json'])).toEqual({ text: 'ERROR', command: 'AT+QMTCONN=0,"x"', json: true });
    expect(parseExplainArgs(['qmtopen', '-1'])).toMatchObject({ text: 'qmtopen -1' });
    expect(parseExplainArgs([])).toBe('TEXT is missing');
    expect(parseExplainArgs(['--host'])).toBe('--host needs a value');
    expect(parseExplainArgs(['--bogus', 'x'])).toMatch(/unknown option/);
  });
});

describe('workbench explain (child process)', { timeout: 60_000 }, () => {
  it('explains a URC and exits 0', async () => {
    const r = await workbench('+QMTOPEN: 0,-1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Failed to open the network connection/);
    expect(r.stdout).toMatch(/next step: .*QPING/);
  });
  it('prints JSON with --json, Aliyun hints for an Aliyun host', async () => {
    const r = await workbench('+QMTCONN: 0,0,4', '--json', '--host', 'a1.iot-as-mqtt.cn-shanghai.aliyuncs.com');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { ok: boolean; key: string; aliyun?: { nextStep: string } };
    expect(j).toMatchObject({ ok: true, key: 'connack.4' });
    expect(j.aliyun?.nextStep).toMatch(/region/);
  });
  it('explains in Chinese with --lang zh-CN, the same exit code, and --json keeps its fields and adds the words', async () => {
    const r = await workbench('+QMTCONN: 0,0,4', '--lang', 'zh-CN');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+QMTCONN: 0,0,4 — 拒绝连接：用户名或密码错误。');
    expect(r.stdout).toContain('代码：connack.4');
    expect(r.stdout).toMatch(/可能原因：\n {4}- 用户名、密码或签名错误/);
    expect(r.stdout).toMatch(/下一步：检查凭据/);
    const j = JSON.parse((await workbench('+QMTCONN: 0,0,4', '--json', '--lang', 'zh-CN')).stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ ok: true, key: 'connack.4', code: '4', meaning: 'Refused: bad user name or password.', text: { lang: 'zh-CN', meaning: '拒绝连接：用户名或密码错误。' } });
    const unknown = await workbench('hello there', '--lang', 'zh-CN');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('不是代码目录认识的');
  });
  it('exits 1 for text it does not know and 2 for bad usage', async () => {
    expect((await workbench('hello there')).code).toBe(1);
    expect((await workbench()).code).toBe(2);
  });
});
