// The languages the workbench speaks, and how a locale tag from the OS, the browser or the
// environment (`zh_CN.UTF-8`, `zh-Hans-CN`, `en-GB`) maps onto one of them.

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** The language's own name, shown in the language menu. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/**
 * Any Chinese locale reads Simplified Chinese (a Traditional-script reader is still better served
 * by it than by English); anything else, or nothing, is English.
 */
export function resolveLang(tag: string | null | undefined): Lang {
  if (!tag) return 'en';
  const t = tag.trim().replace(/_/g, '-').split(/[.@]/)[0]!.toLowerCase();
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  return 'en';
}

/** The CLI's language: `--lang` first, then the POSIX variables in their order of precedence. */
export function langFromEnv(env: Record<string, string | undefined>): Lang {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE?.split(':')[0];
  return resolveLang(tag);
}
