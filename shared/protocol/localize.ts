// Explanations and Problems in the reader's language, re-made from what they carry: the catalogue
// key (Explanation.key, Problem.code), the line that was explained and the Problem's params. The
// catalogue (./codes.ts) and the engine word them in English; a session file keeps those codes, so
// a session recorded in one language reads in the other. English comes back unchanged, byte for
// byte. A sentence is re-worded only when its English is exactly what the catalogue (or the
// problems table) gives: a variant that no row knows stays in English rather than be mistranslated.
import type { Explanation, FilterResult } from '../codes-types';
import type { Problem } from '../outcome';
import { translator, type Lang, type Translate } from '../i18n';
import { fieldLabelWords, fieldProblemWords } from '../i18n/field-words';
import { quotedText, resolveValues, type Msg } from '../i18n/msg';
import { catalogueMessageId } from '../i18n/messages/catalogue';
import { ALIYUN, lookup, rsrpQuality, withoutCmeeAdvice, type CodeEntry } from './codes';
import { parseQcsq, parseServingCellLine, qcsqDbm, type LteCell, type Qcsq, type ServingCell } from './radio';
import { qualityOf, rssiToDbm } from './signal';
import { signalQualityWord } from '../signal-quality';

/** The catalogue row an explanation or a Problem code comes from ('cms.500' → the one CMS row). */
export function catalogueRow(key: string): CodeEntry | undefined {
  const dot = key.indexOf('.');
  if (dot <= 0) return undefined;
  const family = key.slice(0, dot);
  const code = key.slice(dot + 1);
  return family === 'cms' ? lookup('cms', '*') : lookup(family as CodeEntry['family'], code);
}

interface RowWords {
  meaning: string;
  causes: string[];
  next: string;
  /** English → translated, for the causes and next steps of the row and of its Alibaba Cloud hint. */
  map: Map<string, string>;
}

function rowWords(entry: CodeEntry, t: Translate): RowWords {
  const id = catalogueMessageId(`${entry.family}.${entry.code}`);
  const causes = entry.likelyCauses.map((_, i) => t(`catalogue.${id}_c${i + 1}`));
  const next = t(`catalogue.${id}_n`);
  const map = new Map<string, string>();
  entry.likelyCauses.forEach((c, i) => map.set(c, causes[i] ?? c));
  map.set(entry.nextStep, next);
  const hint = ALIYUN[`${entry.family}.${entry.code}`];
  if (hint) {
    hint.likelyCauses.forEach((c, i) => map.set(c, t(`catalogue.aliyun_${id}_c${i + 1}`)));
    map.set(hint.nextStep, t(`catalogue.aliyun_${id}_n`));
  }
  if (entry.family === 'error' && entry.code === 'generic') map.set(withoutCmeeAdvice(entry.nextStep), t('catalogue.errorGenericNextVerbose'));
  return { meaning: t(`catalogue.${id}_m`), causes, next, map };
}

const quality = (q: string, t: Translate) => signalQualityWord(q, t);
const dbmWords = (v: number | undefined, unit: string, t: Translate) => (v === undefined ? t('catalogue.notAvailable') : `${v} ${unit}`);

function qcsqMeaning(q: Qcsq, t: Translate): string {
  const parts: string[] = [];
  if (q.rsrp !== undefined || q.rsrq !== undefined || q.sinr !== undefined) parts.push(`RSRP ${dbmWords(q.rsrp, 'dBm', t)}`, `RSRQ ${dbmWords(q.rsrq, 'dB', t)}`, `SINR ${dbmWords(q.sinr, 'dB', t)}`);
  if (q.rscp !== undefined || q.ecio !== undefined) parts.push(`RSCP ${dbmWords(q.rscp, 'dBm', t)}`, `Ec/Io ${dbmWords(q.ecio, 'dB', t)}`);
  parts.push(`RSSI ${dbmWords(q.rssi, 'dBm', t)}`);
  const qual = q.rsrp !== undefined ? rsrpQuality(q.rsrp) : qualityOf(qcsqDbm(q));
  return t('catalogue.qcsqReading', { system: q.system, parts: parts.join(t('catalogue.partSep')), quality: quality(qual, t) });
}

function cellWords(c: ServingCell, t: Translate): string {
  const cell = c.cell;
  if (!cell) return '';
  if (cell.rat !== 'LTE') return t('catalogue.cell', { rat: cell.rat, id: (cell as { cellId?: string }).cellId ?? '?' }) + t('catalogue.cellEnd');
  const l = cell as LteCell;
  return [
    t('catalogue.cell', { rat: 'LTE', id: l.cellId ?? '?' }),
    l.pcid !== undefined ? t('catalogue.cellPci', { pci: l.pcid }) : '',
    l.band !== undefined ? t('catalogue.cellBand', { band: l.band }) : '',
    l.earfcn !== undefined ? t('catalogue.cellEarfcn', { earfcn: l.earfcn }) : '',
    l.tac !== undefined ? t('catalogue.cellTac', { tac: l.tac }) : '',
    l.mcc !== undefined ? t('catalogue.cellMcc', { mcc: l.mcc, mnc: l.mnc ?? '?' }) : '',
    t('catalogue.cellEnd'),
  ].join('');
}

function filterWords(filters: readonly FilterResult[], partial: boolean, t: Translate): string {
  const list = filters
    .map((f, i) => {
      const name = f.filter !== undefined ? t('catalogue.filterNamed', { filter: f.filter }) : t('catalogue.filterNumber', { n: i + 1 });
      return f.granted ? t('catalogue.filterGranted', { name, qos: f.qos ?? '?' }) : t('catalogue.filterRefused', { name });
    })
    .join(t('catalogue.filterSep'));
  return t(partial ? 'catalogue.subackPartial' : 'catalogue.subackRefused', { filters: list });
}

/**
 * The filters of a SUBACK meaning as shared/protocol/codes.ts words it ('Subscribed in part: "a/b"
 * granted (QoS 1); filter 2 refused (128).'); undefined when any part reads otherwise.
 */
function filtersOfMeaning(english: string): { filters: FilterResult[]; partial: boolean } | undefined {
  const m = /^(Subscribed in part|Subscription refused by the broker): (.+)\.$/.exec(english);
  if (!m) return undefined;
  const filters: FilterResult[] = [];
  for (const item of m[2]!.split('; ')) {
    const f = /^(?:"(.*)"|filter \d+) (?:granted \(QoS (\d)\)|(refused) \(128\))$/.exec(item);
    if (!f) return undefined;
    filters.push({ ...(f[1] !== undefined ? { filter: f[1] } : {}), granted: !f[3], ...(f[2] !== undefined ? { qos: Number(f[2]) } : {}) });
  }
  return { filters, partial: m[1] === 'Subscribed in part' };
}

/** The meaning of an explanation whose words were made from its line (a reading, a cell, the filters of a SUBACK). */
function madeMeaning(e: Pick<Explanation, 'family' | 'code' | 'input' | 'filters' | 'partial'>, englishBase: string, english: string, base: string, t: Translate): string | undefined {
  const line = e.input.trim();
  switch (e.family) {
    case 'cms':
      return english === `${englishBase} (code ${e.code})` ? t('catalogue.cmsCode', { meaning: base, code: e.code }) : undefined;
    case 'csq': {
      const m = /^\+CSQ:\s*(\d+)\s*(?:,\s*(\d+))?/i.exec(line);
      if (e.code !== 'reading' || !m?.[1]) return undefined;
      const { dbm, bound } = rssiToDbm(Number(m[1]));
      const ber = m[2] === undefined || m[2] === '99' ? t('catalogue.berUnknown') : t('catalogue.berClass', { ber: m[2] });
      return t('catalogue.csqReading', { dbm: dbm ?? '?', bound: bound === 'or-less' ? 'less' : bound === 'or-more' ? 'more' : 'none', quality: quality(qualityOf(dbm), t), ber });
    }
    case 'qcsq': {
      const q = parseQcsq(line);
      return q.ok ? qcsqMeaning(q.value, t) : undefined;
    }
    case 'qeng': {
      const c = parseServingCellLine(line);
      return c.ok && c.value.cell ? t('catalogue.withCell', { meaning: base, cell: cellWords(c.value, t) }) : undefined;
    }
    case 'qmtsub': {
      // A Problem keeps no filters: they are read back from the English the catalogue made of them.
      const read = e.filters ? { filters: e.filters, partial: e.partial === true } : filtersOfMeaning(english);
      return read ? filterWords(read.filters, read.partial, t) : undefined;
    }
    default:
      return undefined;
  }
}

/** An explanation in `lang`; English (and anything the catalogue does not know) comes back as it is. */
export function localizeExplanation(e: Explanation, lang: Lang): Explanation {
  if (lang === 'en') return e;
  const entry = catalogueRow(e.key);
  if (!entry) return e;
  const t = translator(lang);
  const w = rowWords(entry, t);
  const meaning = e.meaning === entry.meaning ? w.meaning : (madeMeaning(e, entry.meaning, e.meaning, w.meaning, t) ?? e.meaning);
  const words = (s: string) => w.map.get(s) ?? s;
  return {
    ...e,
    meaning,
    likelyCauses: e.likelyCauses.map(words),
    nextStep: words(e.nextStep),
    ...(e.aliyun ? { aliyun: { likelyCauses: e.aliyun.likelyCauses.map(words), nextStep: words(e.aliyun.nextStep) } } : {}),
  };
}

/** 'port.not-found' → 'problems.port_not_found'. */
const problemId = (code: string) => `problems.${code.replace(/[^A-Za-z0-9]+/g, '_')}`;

/** The translation of `english` under `key` (and its alternates), when the English row gives exactly it. */
function reworded(english: string, keys: readonly string[], params: Record<string, unknown>, t: Translate, en: Translate): string | undefined {
  for (const key of keys) {
    const want = en(key, params);
    if (want !== key && want === english) {
      const out = t(key, params);
      return out === key ? undefined : out;
    }
  }
  return undefined;
}

/** The explained line in a catalogue Problem's detail ('AT+CSQ → +CSQ: 20,99. Likely causes: …' → '+CSQ: 20,99'). */
function lineOf(detail: string): string {
  const head = detail.split(' — likely: ')[0]!.split('. Likely causes: ')[0]!;
  const arrow = head.lastIndexOf(' → ');
  return arrow >= 0 ? head.slice(arrow + 3) : head;
}

/**
 * A Problem made from a catalogue explanation: fromExplanation (causes after '. Likely causes: ')
 * or the log's explainAsProblem (title without its final period, causes after ' — likely: ').
 */
function localizeCatalogueProblem(p: Problem, entry: CodeEntry, t: Translate): Problem {
  const w = rowWords(entry, t);
  const cut = !p.title.endsWith('.') && entry.meaning.endsWith('.');
  const english = cut ? `${p.title}.` : p.title;
  const whole = english === entry.meaning ? w.meaning : madeMeaning({ family: entry.family, code: p.code.slice(p.code.indexOf('.') + 1), input: lineOf(p.detail) }, entry.meaning, english, w.meaning, t);
  const title = whole === undefined ? p.title : cut ? whole.replace(/[.。]$/, '') : whole;
  const hint = ALIYUN[`${entry.family}.${entry.code}`];
  let nextStep = w.map.get(p.nextStep) ?? p.nextStep;
  if (hint && p.nextStep.startsWith(`${hint.nextStep} `)) {
    const rest = p.nextStep.slice(hint.nextStep.length + 1);
    nextStep = `${w.map.get(hint.nextStep) ?? hint.nextStep}${w.map.get(rest) ?? rest}`;
  }
  // A detail made from a message (the certificate checks: params.detailKey and its values) is said again.
  const own = (head: string): string => {
    const key = p.params?.detailKey;
    return typeof key === 'string' ? (reworded(head, [key], p.params ?? {}, t, translator('en')) ?? head) : head;
  };
  // The other problems of the same check, named after the first one's detail (' Also: <their titles>').
  const also = typeof p.params?.also === 'string' ? p.params.also.split(' ').map((code) => catalogueRow(code)) : [];
  const alsoEnglish = also.every((e) => e !== undefined) && also.length ? ` Also: ${also.map((e) => e!.meaning).join(' ')}` : undefined;
  const src = alsoEnglish && p.detail.endsWith(alsoEnglish) ? p.detail.slice(0, -alsoEnglish.length) : p.detail;
  let detail = own(src);
  const marker = '. Likely causes: ';
  const at = src.lastIndexOf(marker);
  if (at >= 0 && src.endsWith('.')) {
    const causes = src.slice(at + marker.length, -1).split('; ');
    if (causes.every((c) => w.map.has(c))) detail = t('catalogue.withCauses', { detail: own(src.slice(0, at)).replace(/。$/, ''), causes: causes.map((c) => w.map.get(c) ?? c).join(t('catalogue.causesSep')) });
  }
  const likely = ' — likely: ';
  const at2 = src.indexOf(likely);
  if (at < 0 && at2 >= 0) {
    const causes = src.slice(at2 + likely.length).split('; ');
    if (causes.every((c) => w.map.has(c))) detail = t('catalogue.withLikely', { line: src.slice(0, at2), causes: causes.map((c) => w.map.get(c) ?? c).join(t('catalogue.causesSep')) });
  }
  if (src !== p.detail) detail = t('certCheck.also', { detail, also: also.map((e) => t(`catalogue.${catalogueMessageId(`${e!.family}.${e!.code}`)}_m`)).join('') });
  return { ...p, title, detail, nextStep };
}

/**
 * A request field the schema refused ('Port must be 1–65535'): worded from the field and the
 * schema's message by the wizard's own table (shared/i18n/field-words.ts).
 */
function localizeFieldProblem(p: Problem, field: string, message: string, t: Translate, en: Translate): Problem {
  if (fieldProblemWords(en, field, message) !== p.title) return p;
  const title = fieldProblemWords(t, field, message) ?? p.title;
  const next = (tr: Translate) => tr('problems.invalid_argument_next_field', { label: fieldLabelWords(tr, field) ?? field });
  return { ...p, title, detail: p.detail === p.title ? title : p.detail, nextStep: next(en) === p.nextStep ? next(t) : p.nextStep };
}

/**
 * A Problem in `lang`: a catalogue code is worded from the catalogue, another code from
 * `problems.<code>_title/_detail/_next` with its params; English, and what no table knows, stay as they are.
 */
export function localizeProblem(p: Problem, lang: Lang): Problem {
  if (lang === 'en') return p;
  const t = translator(lang);
  const entry = catalogueRow(p.code);
  if (entry) return localizeCatalogueProblem(p, entry, t);
  const en = translator('en');
  if (p.code === 'invalid-argument' && p.params?.kind === 'field') return localizeFieldProblem(p, String(p.params.field), String(p.params.message), t, en);
  const id = problemId(p.code);
  const params = p.params ?? {};
  const title = reworded(p.title, [`${id}_title`], params, t, en);
  if (title === undefined) return p;
  return {
    ...p,
    title,
    detail: reworded(p.detail, [`${id}_detail`], params, t, en) ?? p.detail,
    nextStep: reworded(p.nextStep, [`${id}_next`, `${id}_next2`], params, t, en) ?? p.nextStep,
  };
}

/**
 * A message in `lang`, its nested messages too, and the Problems it quotes worded by
 * localizeProblem; `fallback` (the English) when there is no message.
 */
export function msgIn(lang: Lang, m: Msg | undefined, fallback = ''): string {
  if (!m) return fallback;
  const t = translator(lang);
  return t(m.key, resolveValues(t, m.values, (q) => quotedText(q, localizeProblem(q.problem, lang))));
}
