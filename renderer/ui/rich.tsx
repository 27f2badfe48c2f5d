// A translated sentence with elements inside it (<code>, links): the message names them as
// placeholders, so each language puts them where its grammar wants, and no sentence is glued
// together from pieces.
import { Fragment, type ReactNode } from 'react';
import type { Translate } from '../../shared/i18n';

const MARK = '\u0001';

/** `rich(t, 'scripts.intro', { payload: <code>&gt; text</code> })` → the sentence with the elements in place. */
export function rich(t: Translate, key: string, parts: Record<string, ReactNode>, values: Record<string, unknown> = {}): ReactNode {
  const names = Object.keys(parts);
  const text = t(key, { ...values, ...Object.fromEntries(names.map((n, i) => [n, `${MARK}${i}${MARK}`])) });
  return text.split(MARK).map((piece, i) => (i % 2 === 1 ? <Fragment key={i}>{parts[names[Number(piece)]!]}</Fragment> : piece));
}
