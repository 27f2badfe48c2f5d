// The CLI's language: from --lang anywhere on the line, else the POSIX locale variables; the
// human output follows it, --json output does not.
import { afterAll, describe, expect, it } from 'vitest';
import { langFromEnv, resolveLang } from '../../shared/i18n';
import { cleanupCliRuns, runWorkbench } from '../../test-support/cli-run';
import { cliLang, takeLangOption } from './lang';

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

  it('--json is the same bytes in both languages', async () => {
    const args = ['sign', '--product-key', 'pk', '--device-name', 'device', '--device-secret', 'secret', '--client-id', '12345', '--timestamp', '789', '--method', 'hmacsha1', '--json'];
    const en = await runWorkbench('aliyun', args);
    const zh = await runWorkbench('aliyun', [...args, '--lang', 'zh-CN']);
    expect(en.code).toBe(0);
    expect(zh.stdout).toBe(en.stdout);
  });
});
