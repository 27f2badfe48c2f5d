// Checks for the one-device-one-secret triple and the signed clientId/timestamp, as a table of
// findings. Follows aliyun.md §1.1 (field shapes), §1.2 (clientId ≤ 64, '|' delimits the
// extension block), aliyun.md §8.8 (copy/paste typos: whitespace, full-width characters) and §8.12 (a
// ProductSecret used as DeviceSecret). Errors block signing; warnings are shown but do not block,
// because the 11/32/16-character lengths are inferred from samples, not documented. Pure.
import { msg, translator, type Msg } from '../../shared/i18n';
import { Secret } from './secret';

export type Field = 'productKey' | 'deviceName' | 'deviceSecret' | 'clientId' | 'timestamp';

export interface Finding {
  field: Field;
  severity: 'error' | 'warning';
  /** Starts with the quoted field name, so it can be thrown as a TypeError unchanged. */
  message: string;
  /** `message` as a message (aliyunField area), for a reader in another language. */
  msg: Msg;
}

interface Rule {
  fields: readonly Field[];
  severity: Finding['severity'];
  /** Returns the complaint (a message of the aliyunField area, its `field` filled in later) or undefined when the value passes. */
  test: (value: string) => Msg | undefined;
}

// Full-width ASCII (U+FF01–U+FF5E) and the ideographic space sneak in from Chinese input methods.
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const DEVICE_NAME_CHAR = /[A-Za-z0-9\-_@.:]/; // aliyun.md §1.1 [doc]

const ALL: readonly Field[] = ['productKey', 'deviceName', 'deviceSecret', 'clientId', 'timestamp'];

/** Rules in order; the first error per field is the one reported first. Provenance per row. */
const RULES: readonly Rule[] = [
  { fields: ['productKey', 'deviceName', 'deviceSecret'], severity: 'error', test: (v) => (v.length === 0 ? msg('aliyunField.empty') : undefined) },
  // aliyun.md §8.8: trailing spaces copied from the console change the signature.
  { fields: ALL, severity: 'error', test: (v) => (v !== v.trim() ? msg('aliyunField.whitespaceEnds') : undefined) },
  { fields: ALL, severity: 'error', test: (v) => (FULL_WIDTH.test(v) ? msg('aliyunField.fullWidth') : undefined) },
  { fields: ALL, severity: 'error', test: (v) => (CONTROL.test(v) ? msg('aliyunField.control') : undefined) },
  // A double quote would end the AT string argument early (AT+QMTCFG / AT+QMTCONN take quoted strings).
  { fields: ALL, severity: 'error', test: (v) => (v.includes('"') ? msg('aliyunField.quote') : undefined) },
  // aliyun.md §1.1: ProductKey is letters and digits; 11 characters in every sample [inferred].
  { fields: ['productKey'], severity: 'error', test: (v) => (v !== '' && !/^[A-Za-z0-9]+$/.test(v) ? msg('aliyunField.lettersDigits') : undefined) },
  { fields: ['productKey'], severity: 'warning', test: (v) => (/^[A-Za-z0-9]+$/.test(v) && v.length !== 11 ? msg('aliyunField.productKeyLength', { length: v.length }) : undefined) },
  // aliyun.md §1.1 [doc]: DeviceName 4–32 characters of letters, digits and - _ @ . :
  { fields: ['deviceName'], severity: 'error', test: (v) => (v !== '' && (v.length < 4 || v.length > 32) ? msg('aliyunField.deviceNameLength', { length: v.length }) : undefined) },
  {
    fields: ['deviceName'],
    severity: 'error',
    test: (v) => {
      const bad = [...new Set([...v].filter((c) => !DEVICE_NAME_CHAR.test(c)))];
      return bad.length ? msg('aliyunField.deviceNameChars', { found: bad.map((c) => JSON.stringify(c)).join(' ') }) : undefined;
    },
  },
  // aliyun.md §8.12: a 16-character value is the shape of a ProductSecret (one-type-one-secret) [inferred].
  { fields: ['deviceSecret'], severity: 'warning', test: (v) => (v.length === 16 ? msg('aliyunField.productSecretShape') : undefined) },
  { fields: ['deviceSecret'], severity: 'warning', test: (v) => (v.length !== 16 && v.length !== 32 && v.length > 0 ? msg('aliyunField.deviceSecretLength', { length: v.length }) : undefined) },
  { fields: ['deviceSecret'], severity: 'error', test: (v) => (/\s/.test(v.trim()) ? msg('aliyunField.whitespace') : undefined) },
  // aliyun.md §1.2 / §8.2: the clientId signed is the bare id before '|'; the signer adds the block itself.
  { fields: ['clientId'], severity: 'error', test: (v) => (v.includes('|') ? msg('aliyunField.bareClientId') : undefined) },
  { fields: ['clientId'], severity: 'error', test: (v) => (v.length > 64 ? msg('aliyunField.clientIdLength', { length: v.length }) : undefined) },
  // aliyun.md §1.2: timestamp is milliseconds since epoch (seconds also work: not checked for freshness).
  { fields: ['timestamp'], severity: 'error', test: (v) => (!/^\d{1,20}$/.test(v) ? msg('aliyunField.timestamp') : undefined) },
];

const english = translator('en');
/** A finding naming its field, in English (thrown, logged) and as a message. */
function said(field: Field, severity: Finding['severity'], complaint: Msg): Finding {
  const m = msg(complaint.key, { ...complaint.values, field });
  return { field, severity, message: english(m.key, m.values), msg: m };
}

/** Every finding for the given values; secrets are checked through reveal() but never quoted. */
export function checkFields(values: Partial<Record<Field, string | Secret>>): Finding[] {
  const out: Finding[] = [];
  for (const field of ALL) {
    const raw = values[field];
    if (raw === undefined) continue;
    const value = raw instanceof Secret ? raw.reveal() : raw;
    if (typeof value !== 'string') {
      out.push(said(field, 'error', msg('aliyunField.notString')));
      continue;
    }
    for (const rule of RULES) {
      if (!rule.fields.includes(field)) continue;
      const complaint = rule.test(value);
      if (complaint) out.push(said(field, rule.severity, complaint));
    }
  }
  return out;
}

/** Throw the first error as a TypeError naming the field (programmer-facing channel). */
export function assertFields(values: Partial<Record<Field, string | Secret>>): void {
  const first = checkFields(values).find((f) => f.severity === 'error');
  if (first) throw new TypeError(first.message);
}
