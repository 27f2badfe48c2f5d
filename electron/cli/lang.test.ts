// The CLI's language: from --lang anywhere on the line, else the POSIX locale variables; the
// human output follows it, --json output does not.
import { afterAll, describe, expect, it } from 'vitest';
import { langFromEnv, resolveLang } from '../../shared/i18n';
import { cleanupCliRuns, runWorkbench } from '../../test-support/cli-run';
import { ALIYUN_CHECK_COMMAND_LINE, ALIYUN_SIGN_COMMAND_LINE } from './aliyun';
import { helpText, type CommandSpec } from './args';
import { AT_COMMAND_LINE } from './at';
import { BRINGUP_COMMAND_LINE } from './bringup';
import { DIAGRAM_COMMAND_LINE } from './diagram';
import { EXPLAIN_COMMAND_LINE } from './explain';
import { EXPORT_COMMAND_LINE } from './export';
import { cliLang, takeLangOption } from './lang';
import { DIAG_COMMAND_LINE, FILES_COMMAND_LINE } from './modem-tools';
import { PORTS_COMMAND_LINE } from './ports';
import { PROBE_COMMAND_LINE } from './probe';
import { RUN_COMMAND_LINE } from './run';
import { SCRIPT_COMMAND_LINE } from './script';
import { SIM_COMMAND_LINE } from './sim';

const EVERY_COMMAND: CommandSpec[] = [
  AT_COMMAND_LINE, SIM_COMMAND_LINE, BRINGUP_COMMAND_LINE, RUN_COMMAND_LINE, SCRIPT_COMMAND_LINE, FILES_COMMAND_LINE, DIAG_COMMAND_LINE,
  EXPLAIN_COMMAND_LINE, DIAGRAM_COMMAND_LINE, EXPORT_COMMAND_LINE, PORTS_COMMAND_LINE, PROBE_COMMAND_LINE, ALIYUN_SIGN_COMMAND_LINE, ALIYUN_CHECK_COMMAND_LINE,
];
const CJK = /[\u4e00-\u9fff]/;
/** Three lowercase words in a row with no Chinese on the line: English prose left over. */
const ENGLISH_PROSE = /\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b/;

afterAll(cleanupCliRuns);

describe('the language of the command line', () => {
  it('reads the POSIX variables in their order of precedence', () => {
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'en_GB.UTF-8', LC_MESSAGES: 'zh_TW' })).toBe('zh-CN');
    expect(langFromEnv({ LANGUAGE: 'zh_CN:en' })).toBe('zh-CN');
    expect(langFromEnv({})).toBe('en');
    expect(resolveLang('C')).toBe('en');
    expect(resolveLang('zh-Hans-CN')).toBe('zh-CN');
  });

  it('takes --lang wherever it stands and leaves the rest to the command', () => {
    expect(takeLangOption(['bringup', '--lang', 'zh-CN', '--port', 'virtual'])).toEqual({ ok: true, argv: ['bringup', '--port', 'virtual'] });
    expect(cliLang()).toBe('zh-CN');
    expect(takeLangOption(['--lang=en', 'ports'])).toEqual({ ok: true, argv: ['ports'] });
    expect(cliLang()).toBe('en');
    // After `--` everything is the command's, even a word that looks like --lang.
    expect(takeLangOption(['at', '--', '--lang', 'x'])).toEqual({ ok: true, argv: ['at', '--', '--lang', 'x'] });
    const bad = takeLangOption(['ports', '--lang', 'fr']);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('en, zh-CN');
  });

  it('a bad --lang is a usage mistake: exit 2, one line naming the languages', async () => {
    const r = await runWorkbench('ports', ['--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('workbench: option --lang takes one of en, zh-CN (got "fr")');
  });

  it('LANG=zh_CN.UTF-8 gives Chinese help and usage mistakes; --lang en overrides it', async () => {
    const zh = await runWorkbench('bringup', ['--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^用法：workbench bringup /);
    expect(zh.stdout).toContain('选项：');
    expect(zh.stdout).toContain('显示本帮助并退出');
    const mistake = await runWorkbench('bringup', ['--keepalive', 'soon'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(mistake.code).toBe(2);
    expect(mistake.stderr).toContain('--keepalive 需要一个整数 0–3600，收到的是 "soon"');
    const en = await runWorkbench('bringup', ['--help', '--lang', 'en'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(en.stdout).toMatch(/^usage: workbench bringup /);
  });

  it('bring-up on the virtual EC20 in Chinese: the same steps and exit code, the verdict in Chinese', async () => {
    const zh = await runWorkbench('bringup', ['--port', 'virtual', '--lang', 'zh-CN']);
    const en = await runWorkbench('bringup', ['--port', 'virtual']);
    expect(en.code).toBe(0);
    expect(zh.code).toBe(en.code);
    expect(en.stdout).toContain('READY: the modem is connected to the MQTT server.');
    expect(zh.stdout).toContain('就绪：模组已连接到 MQTT 服务器。');
    expect(zh.stdout).not.toContain('READY:');
    expect(zh.stdout.split('\n').filter((l) => l.startsWith('✓')).length).toBe(en.stdout.split('\n').filter((l) => l.startsWith('✓')).length);
  }, 120_000);

  it('every command\'s --help in Chinese: each option and argument described in Chinese, no English prose left', () => {
    // The specs read their texts when the help is printed, so switching the language here is enough.
    expect(takeLangOption(['--lang', 'zh-CN']).ok).toBe(true);
    try {
      for (const spec of EVERY_COMMAND) {
        const lines = helpText(spec).split('\n');
        const optionLines = lines.filter((l) => /^ {2}(-\w, | {4})--[\w-]+/.test(l));
        expect(optionLines.length, spec.command).toBeGreaterThan(2);
        for (const l of optionLines) expect(l, `${spec.command}: ${l}`).toMatch(CJK);
        if (spec.positionals) expect(lines[lines.indexOf('参数：') + 1], spec.command).toMatch(CJK);
        expect(lines[2], spec.command).toMatch(CJK);
        for (const l of lines) if (!CJK.test(l)) expect(l, `${spec.command}: ${l}`).not.toMatch(ENGLISH_PROSE);
      }
    } finally {
      takeLangOption(['--lang', 'en']);
    }
    // And back in English, the same tables speak English again.
    expect(helpText(BRINGUP_COMMAND_LINE)).toContain('Runs the connection wizard');
  });

  it('--json is the same bytes in both languages', async () => {
    const args = ['sign', '--product-key', 'pk', '--device-name', 'device', '--device-secret', 'secret', '--client-id', '12345', '--timestamp', '789', '--method', 'hmacsha1', '--json'];
    const en = await runWorkbench('aliyun', args);
    const zh = await runWorkbench('aliyun', [...args, '--lang', 'zh-CN']);
    expect(en.code).toBe(0);
    expect(zh.stdout).toBe(en.stdout);
  });
});
