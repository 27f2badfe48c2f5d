// Every message exists in both languages, parses as ICU (tags off, as i18next-icu reads them), and names the same placeholders
// (electron/i18n-keys.test.ts checks that every key the code asks for exists).
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LANGS } from './lang';
import { messages } from './messages';
import { translator } from './index';

function placeholders(els: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of els) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) out.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      out.add(el.value);
      for (const opt of Object.values(el.options)) placeholders(opt.value, out);
    }
    if (el.type === TYPE.tag) placeholders(el.children, out);
  }
  return out;
}

const tables = Object.entries(messages) as Array<[string, Record<string, Record<string, string>>]>;

describe('messages', () => {
  it.each(tables)('area %s has the same keys and placeholders in every language', (area, table) => {
    const keys = Object.keys(table.en!).sort();
    for (const lang of LANGS) {
      expect(Object.keys(table[lang]!).sort(), `${area} in ${lang}`).toEqual(keys);
      for (const key of keys) {
        const text = table[lang]![key]!;
        expect(text.trim(), `${area}.${key} in ${lang} is empty`).not.toBe('');
        let names: string[] = [];
        expect(() => (names = [...placeholders(parse(text, { ignoreTag: true }))].sort()), `${area}.${key} in ${lang}`).not.toThrow();
        expect(names, `${area}.${key}: placeholders in ${lang}`).toEqual([...placeholders(parse(table.en![key]!, { ignoreTag: true }))].sort());
      }
    }
  });

  it.each(tables)('area %s formats at run time in every language (no message comes back as its raw source)', (area, table) => {
    for (const lang of LANGS) {
      const t = translator(lang);
      for (const key of Object.keys(table[lang]!)) {
        // Every placeholder given a number: an argument shows it, a select takes "other", a plural counts it.
        const values = Object.fromEntries([...placeholders(parse(table[lang]![key]!, { ignoreTag: true }))].map((n) => [n, 2]));
        expect(t(`${area}.${key}`, values), `${area}.${key} in ${lang}`).not.toMatch(/\{\s*\w+\s*,\s*(select|plural)\s*,/);
      }
    }
  });

  it('formats interpolation in both languages', () => {
    expect(translator('en')('shell.themeLabel', { theme: 'Theme: dark', next: 'light' })).toBe('Theme: dark. Switch to light');
    expect(translator('zh-CN')('shell.themeLabel', { theme: '主题：深色', next: '浅色' })).toBe('主题：深色。切换为浅色');
  });
});
