// A sentence carried as its message key and values, so each reader renders it in their own
// language: the main side keeps the English text beside it for logs, journals and --json.
import type { Translate } from './index';

export interface Msg {
  key: string;
  values?: Record<string, string | number>;
}

export const msg = (key: string, values?: Msg['values']): Msg => (values ? { key, values } : { key });

/** The text in a language, or `fallback` (the English the sender wrote) when there is no message. */
export function msgText(t: Translate, m: Msg | undefined, fallback = ''): string {
  return m ? t(m.key, m.values) : fallback;
}
