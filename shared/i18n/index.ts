// The workbench's i18n: i18next with ICU messages (plurals, interpolation), English and
// Simplified Chinese. The renderer binds it to React (renderer/i18n.ts); the main side, the
// exports and the CLI take a plain `translator(lang)`.
// Technical tokens (AT commands, result codes, URC and MQTT packet names) are the same in both.
import i18next, { type i18n as I18n, type Module, type Resource } from 'i18next';
import ICU from 'i18next-icu';
import { LANGS, type Lang } from './lang';
import { messages } from './messages';

export * from './lang';
export { defineMessages } from './define';
export { msg, msgText, type Msg } from './msg';

/** A translation function: `t(area.key, values)`. Unknown keys come back as the key. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

export function resources(): Resource {
  const out: Resource = {};
  for (const lang of LANGS) {
    const translation: Record<string, Record<string, string>> = {};
    for (const [area, table] of Object.entries(messages)) translation[area] = (table as Record<Lang, Record<string, string>>)[lang];
    out[lang] = { translation };
  }
  return out;
}

/** A new, initialised i18next instance; `plugins` run before init (react-i18next's binding). */
export function createI18n(lang: Lang, plugins: Module[] = []): I18n {
  const inst = i18next.createInstance();
  inst.use(ICU);
  for (const p of plugins) inst.use(p);
  void inst.init({
    resources: resources(),
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: [...LANGS],
    // 'zh-CN' is a language of its own here, not 'zh' with a region to fall back from.
    load: 'currentOnly',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return inst;
}

const cache = new Map<Lang, Translate>();

const plainValues = (values: Record<string, unknown>): boolean => {
  for (const k in values) {
    const v = values[k];
    if (v !== null && v !== undefined && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  }
  return true;
};

/** The main side's translation function for one language (cached). */
export function translator(lang: Lang): Translate {
  let t = cache.get(lang);
  if (!t) {
    const inst = createI18n(lang);
    // i18next's lookup and ICU formatting cost some 50 µs a call, and the main side says the same
    // few messages over and over (each step of every bring-up of a rack): keep the answers for
    // messages whose values are plain words and numbers (the same key and values, the same text).
    const said = new Map<string, string>();
    t = (key, values) => {
      const id = values === undefined ? key : plainValues(values) ? `${key}\u0000${JSON.stringify(values)}` : undefined;
      const known = id === undefined ? undefined : said.get(id);
      if (known !== undefined) return known;
      const text = inst.t(key, values as Record<string, unknown>) as string;
      if (id !== undefined) {
        if (said.size >= 2000) said.clear();
        said.set(id, text);
      }
      return text;
    };
    cache.set(lang, t);
  }
  return t;
}
