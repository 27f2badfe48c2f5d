import type { ReceivedMessage } from '../../../shared/status';
import { numericFields, type NumericField } from '../../../shared/payload/fields';
import type { PayloadEncoding } from './state';
import { t } from '../../i18n';
import type { Translate } from '../../../shared/i18n';

const fieldCache = new WeakMap<ReceivedMessage, readonly NumericField[]>();

/** A message's numeric payload fields, parsed once (messages are immutable once received). */
export function fieldsOfMessage(m: ReceivedMessage): readonly NumericField[] {
  let f = fieldCache.get(m);
  if (!f) fieldCache.set(m, (f = numericFields(m.payloadText)));
  return f;
}

/** Messages grouped by topic, topics in order of their latest message (newest first). */
export function groupByTopic(messages: readonly ReceivedMessage[]): Array<{ topic: string; messages: ReceivedMessage[] }> {
  const groups = new Map<string, ReceivedMessage[]>();
  for (const m of messages) groups.set(m.topic, [...(groups.get(m.topic) ?? []), m]);
  return [...groups.entries()].map(([topic, list]) => ({ topic, messages: list })).sort((a, b) => (b.messages.at(-1)?.wall ?? 0) - (a.messages.at(-1)?.wall ?? 0));
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A payload as text, pretty JSON (or the reason it is not JSON), or hex bytes. */
export function formatPayload(m: ReceivedMessage, as: PayloadEncoding): string {
  if (as === 'hex') return [...base64ToBytes(m.payloadBase64)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  if (as === 'json') {
    try {
      return JSON.stringify(JSON.parse(m.payloadText), null, 2);
    } catch {
      return `(not JSON) ${m.payloadText}`;
    }
  }
  return m.payloadText;
}

/**
 * What is wrong with a hex payload as typed ('Payload: …'), in the current language (`tr`: the
 * view's translation), or undefined when it is pairs of hex digits.
 */
export function hexPayloadProblem(text: string, tr: Translate = t): string | undefined {
  const digits = text.replace(/\s+/g, '');
  if (digits === '') return undefined;
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) return tr('topics.hexNotDigit', { ch: bad[0] });
  if (digits.length % 2 === 1) return tr('topics.hexOdd');
  // The contract's rule (shared/api.ts PublishArgs): a space may not split a byte.
  if (!/^([0-9a-fA-F]{2}\s*)*$/.test(text.trim())) return tr('topics.hexSplit');
  return undefined;
}
