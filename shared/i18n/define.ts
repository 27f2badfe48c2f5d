// One area's messages, both languages side by side: the type makes a key missing from either
// language a compile error; the placeholders are checked by shared/i18n/messages.test.ts.
import type { Lang } from './lang';

export type MessageTable = Record<string, string>;

export type AreaMessages<E extends MessageTable = MessageTable> = { en: E } & { [L in Exclude<Lang, 'en'>]: { [K in keyof E]: string } };

export function defineMessages<const E extends MessageTable>(m: AreaMessages<E>): AreaMessages<E> {
  return m;
}
