// The code catalogue's words in each language. English is the catalogue itself
// (shared/protocol/codes.ts, the one source of its wording); Simplified Chinese is ./catalogue-zh.ts.
// Per row `catalogue.<id>_m` (meaning), `_c1…_cN` (likely causes, in order), `_n` (next step), and
// for the Alibaba Cloud readings `aliyun_<id>_c1…`, `aliyun_<id>_n`; <id> is catalogueMessageId().
// The other keys word the parts of an explanation made from a line (a signal reading, the filters
// of a SUBACK) and the labels around it.
import { ALIYUN, catalogue as CATALOGUE } from '../../protocol/codes';
import { defineMessages } from '../define';
import { ALIYUN_ZH, CATALOGUE_ZH } from './catalogue-zh';

/** 'qmtopen.-1' → 'qmtopen_minus1', 'cpin.NOT INSERTED' → 'cpin_NOT_INSERTED' (a key i18next takes as one name). */
export function catalogueMessageId(key: string): string {
  const dot = key.indexOf('.');
  const family = key.slice(0, dot);
  const code = key.slice(dot + 1).replace(/^-/, 'minus').replace(/\*/g, 'any').replace(/[^A-Za-z0-9]+/g, '_');
  return `${family}_${code}`;
}

type Row = readonly [meaning: string, likelyCauses: readonly string[], nextStep: string];

function flatten(rows: Record<string, Row>, hints: Record<string, readonly [readonly string[], string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, [meaning, causes, next]] of Object.entries(rows)) {
    const id = catalogueMessageId(key);
    out[`${id}_m`] = meaning;
    causes.forEach((c, i) => (out[`${id}_c${i + 1}`] = c));
    out[`${id}_n`] = next;
  }
  for (const [key, [causes, next]] of Object.entries(hints)) {
    const id = catalogueMessageId(key);
    causes.forEach((c, i) => (out[`aliyun_${id}_c${i + 1}`] = c));
    out[`aliyun_${id}_n`] = next;
  }
  return out;
}

const EN_ROWS: Record<string, Row> = Object.fromEntries(CATALOGUE.map((e) => [`${e.family}.${e.code}`, [e.meaning, e.likelyCauses, e.nextStep] as const]));
const EN_HINTS = Object.fromEntries(Object.entries(ALIYUN).map(([k, h]) => [k, [h.likelyCauses, h.nextStep] as const]));

const PARTS_EN = {
  cmsCode: '{meaning} (code {code})',
  errorGenericNextVerbose: 'Check the command against its test form (AT+<cmd>=?).',
  csqReading: 'Signal {dbm} dBm{bound, select, less { or less} more { or more} other {}} ({quality}), {ber}.',
  berUnknown: 'bit error rate not known',
  berClass: 'bit error rate class {ber}',
  notAvailable: 'n/a',
  partSep: ', ',
  qcsqReading: 'Served by {system}: {parts} ({quality}).',
  withCell: '{meaning} {cell}',
  cell: '{rat} cell {id}',
  cellPci: ' (PCI {pci})',
  cellBand: ' on band {band}',
  cellEarfcn: ', EARFCN {earfcn}',
  cellTac: ', TAC {tac}',
  cellMcc: ', MCC/MNC {mcc}/{mnc}',
  cellEnd: '.',
  filterNamed: '"{filter}"',
  filterNumber: 'filter {n}',
  filterGranted: '{name} granted (QoS {qos})',
  filterRefused: '{name} refused (128)',
  filterSep: '; ',
  subackPartial: 'Subscribed in part: {filters}.',
  subackRefused: 'Subscription refused by the broker: {filters}.',
  causesSep: '; ',
  withCauses: '{detail}. Likely causes: {causes}.',
  withLikely: '{line} — likely: {causes}',
  // `workbench explain`'s human output.
  cliCode: 'code: {key}',
  cliSuccess: '(success)',
  cliCauses: 'likely causes:',
  cliNext: 'next step: {next}',
  cliUnknown: '"{text}" is not a result line, URC or code the catalogue knows.',
};

const PARTS_ZH: { [K in keyof typeof PARTS_EN]: string } = {
  cmsCode: '{meaning}（代码 {code}）',
  errorGenericNextVerbose: '对照该命令的测试命令（AT+<cmd>=?）检查。',
  csqReading: '信号 {dbm} dBm{bound, select, less {或更低} more {或更高} other {}}（{quality}），{ber}。',
  berUnknown: '误码率未知',
  berClass: '误码率等级 {ber}',
  notAvailable: '无',
  partSep: '，',
  qcsqReading: '由 {system} 提供服务：{parts}（{quality}）。',
  withCell: '{meaning}{cell}',
  cell: '{rat} 小区 {id}',
  cellPci: '（PCI {pci}）',
  cellBand: '，频段 {band}',
  cellEarfcn: '，EARFCN {earfcn}',
  cellTac: '，TAC {tac}',
  cellMcc: '，MCC/MNC {mcc}/{mnc}',
  cellEnd: '。',
  filterNamed: '“{filter}”',
  filterNumber: '过滤器 {n}',
  filterGranted: '{name} 已授权（QoS {qos}）',
  filterRefused: '{name} 被拒绝（128）',
  filterSep: '；',
  subackPartial: '部分订阅成功：{filters}。',
  subackRefused: '服务器拒绝了订阅：{filters}。',
  causesSep: '；',
  withCauses: '{detail}。可能原因：{causes}。',
  withLikely: '{line} — 可能原因：{causes}',
  cliCode: '代码：{key}',
  cliSuccess: '（成功）',
  cliCauses: '可能原因：',
  cliNext: '下一步：{next}',
  cliUnknown: '“{text}”不是代码目录认识的结果行、URC 或代码。',
};

export const catalogue = defineMessages({
  en: { ...PARTS_EN, ...flatten(EN_ROWS, EN_HINTS) },
  'zh-CN': { ...PARTS_ZH, ...flatten(CATALOGUE_ZH, ALIYUN_ZH) },
});
