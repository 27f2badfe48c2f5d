import type { ReceivedMessage } from '../../../shared/status';
import type { PayloadEncoding } from './state';

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
