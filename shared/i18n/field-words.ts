// A request field's name and what is wrong with it, in a language: the words the contract's
// schema (shared/api.ts) gives in English, made again from the field and the schema's message.
// One table for the wizard's form (renderer/stores/wizard/validate.ts) and the main side's
// 'invalid-argument' problems (shared/protocol/localize.ts). Undefined: a field or a message the
// table does not know (the caller keeps the schema's English rather than half-translate it).
import type { Translate } from './index';

/** 'MQTT server', 'Client index': a field's label (shared/api.ts FIELD_LABELS). */
export function fieldLabelWords(t: Translate, field: string): string | undefined {
  switch (field) {
    case 'clientIdx': return t('wizard.labelClientIdx');
    case 'host': return t('wizard.labelHost');
    case 'port': return t('wizard.labelPort');
    case 'clientId': return t('wizard.labelClientId');
    case 'username': return t('wizard.labelUsername');
    case 'password': return t('wizard.labelPassword');
    case 'apn': return t('wizard.labelApn');
    case 'keepalive': return t('problems.field_keepalive');
    case 'topic': return t('problems.field_topic');
    case 'payload': return t('problems.field_payload');
    case 'qos': return t('problems.field_qos');
    case 'text': return t('problems.field_text');
    case 'path': return t('problems.field_path');
    default: return undefined;
  }
}

/** The schema's name for a string inside its own messages ('server host cannot contain …'). */
function whatWords(t: Translate, what: string): string | undefined {
  switch (what) {
    case 'APN': return t('wizard.whatApn');
    case 'server host': return t('wizard.whatHost');
    case 'client ID': return t('wizard.whatClientId');
    case 'user name': return t('wizard.whatUsername');
    case 'password': return t('wizard.whatPassword');
    case 'topic': return t('problems.what_topic');
    case 'topic filter': return t('problems.what_topic_filter');
    case 'will message': return t('problems.what_will_message');
    case 'file name': return t('problems.what_file_name');
    default: return undefined;
  }
}

/** The schema's message in `t`'s language. */
export function schemaMessageWords(t: Translate, message: string): string | undefined {
  const typed = /^Invalid input: expected (\w+), received (\w+)/.exec(message);
  if (typed) return typed[2] === 'undefined' ? t('wizard.valMissing') : typed[1] === 'string' ? t('wizard.valText') : typed[1] === 'number' ? t('wizard.valNumber') : undefined;
  const tooLong = /^Too big: expected string to have <=\s*(\d+) characters/.exec(message);
  if (tooLong) return t('wizard.valTooLong', { max: Number(tooLong[1]) });
  const quote = /^(.+) cannot contain a double quote or a line break/.exec(message);
  if (quote) return mapped(whatWords(t, quote[1]!), (what) => t('wizard.valQuote', { what }));
  const typographic = /^(.+) contains typographic quotes/.exec(message);
  if (typographic) return mapped(whatWords(t, typographic[1]!), (what) => t('wizard.valTypographic', { what }));
  switch (message) {
    case 'type the MQTT server host': return t('wizard.valTypeHost');
    case 'type a client ID': return t('wizard.valTypeClientId');
    case 'must be a number 1–65535': return t('wizard.valPortNumber');
    case 'must be a whole number 1–65535': return t('wizard.valPortWhole');
    case 'must be 1–65535': return t('wizard.valPortRange');
    case 'must be a whole number 0–5': return t('wizard.valIdxWhole');
    case 'must be 0–5': return t('wizard.valIdxRange');
    case 'must be a number of seconds 0–3600': return t('problems.val_keepalive_number');
    case 'must be whole seconds 0–3600': return t('problems.val_keepalive_whole');
    case 'must be 0–3600 s': return t('problems.val_keepalive_range');
    case 'hex payload must be pairs of hex digits, e.g. 48 65 6c 6c 6f': return t('problems.val_hex_pairs');
    case 'type a topic': return t('problems.val_type_topic');
    case 'a publish topic cannot contain the wildcards + or #': return t('problems.val_no_wildcards');
    default: return undefined;
  }
}

const mapped = <T, U>(v: T | undefined, f: (v: T) => U): U | undefined => (v === undefined ? undefined : f(v));

/**
 * 'Client index must be 0–5', 'MQTT server: type the MQTT server host': the field's label and its
 * fix, in the shape shared/api.ts fieldProblemText gives them in English.
 */
export function fieldProblemWords(t: Translate, field: string, message: string): string | undefined {
  const label = fieldLabelWords(t, field);
  const said = schemaMessageWords(t, message);
  if (label === undefined || said === undefined) return undefined;
  // "Port must be …" for a verb phrase, "MQTT server: type the …" otherwise.
  const verbPhrase = /^Invalid input: expected|^Too big: expected string|^(must|is)\b/.test(message);
  return t(verbPhrase ? 'wizard.fieldIs' : 'wizard.fieldColon', { label, message: said });
}
