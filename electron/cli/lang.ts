// The CLI's language: `--lang en|zh-CN` on any command, else LC_ALL / LC_MESSAGES / LANG.
// It picks the language of the human output only; `--json` stays codes and fields, with human
// text in its own fields in the chosen language.
import { isLang, langFromEnv, LANGS, translator, type Lang, type Translate } from '../../shared/i18n';

let current: Lang = langFromEnv(process.env);

export function cliLang(): Lang {
  return current;
}

/** The translation function of the CLI's language. */
export function cliT(): Translate {
  return translator(current);
}

export type LangOption = { ok: true; argv: string[] } | { ok: false; message: string };

/**
 * Takes `--lang X` / `--lang=X` out of the arguments wherever it stands (before or after the
 * command word) and sets the CLI's language; the rest goes to the command's own parser.
 */
export function takeLangOption(argv: string[]): LangOption {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    let value: string | undefined;
    if (a === '--lang') value = argv[++i];
    else if (a.startsWith('--lang=')) value = a.slice('--lang='.length);
    else {
      rest.push(a);
      continue;
    }
    if (!isLang(value)) {
      const t = translator(current);
      return { ok: false, message: t('cli.badLang', { langs: LANGS.join(', '), got: value === undefined ? t('cli.nothing') : JSON.stringify(value) }) };
    }
    current = value;
  }
  return { ok: true, argv: rest };
}
