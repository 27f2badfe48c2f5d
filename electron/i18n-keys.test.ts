// Every key the code asks for (`t('area.key')`) exists in the catalogue: a missing key would show
// the key itself on screen.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../shared/i18n/messages';

const tables = Object.entries(messages) as Array<[string, Record<string, Record<string, string>>]>;

describe('message keys', () => {
  it('every key the code asks for exists', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    const known = new Set(tables.flatMap(([area, t]) => Object.keys(t.en!).map((k) => `${area}.${k}`)));
    const areas = new Set(tables.map(([a]) => a));
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) {
          if (name !== 'node_modules') walk(p);
        } else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
          // `t('area.key'`, `msg('area.key'` and `t("area.key"` — the forms every translated call takes.
          for (const m of readFileSync(p, 'utf8').matchAll(/(?:\bt|\bmsg|\bcliT\(\))\(\s*['"]([a-zA-Z]+)\.([\w.]+)['"]/g)) {
            if (areas.has(m[1]!) && !known.has(`${m[1]}.${m[2]}`)) missing.push(`${p.slice(root.length + 1)}: ${m[1]}.${m[2]}`);
          }
        }
      }
    };
    for (const dir of ['renderer', 'electron', 'shared']) walk(join(root, dir));
    expect(missing).toEqual([]);
  });
});
