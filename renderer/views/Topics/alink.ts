// Alink payloads in the topics panel: a fresh message id for each preset post, and the reply a
// …_reply topic carries, decoded (aliyun.md §3.1, §3.2). Pure.

/** The preset's payload with a new Alink id, so each post can be matched with its reply. */
export function withFreshId(payload: string, id: number): string {
  try {
    const j = JSON.parse(payload) as Record<string, unknown>;
    if (!('id' in j)) return payload;
    return JSON.stringify({ ...j, id: String(id) });
  } catch {
    return payload;
  }
}

export interface DecodedReply {
  code: number;
  id: string;
  message?: string;
}

/** {"code":200,"id":"1","message":"success",…} on a …_reply topic, or undefined. */
export function decodeAlinkReply(topic: string, payload: string): DecodedReply | undefined {
  if (!/_reply$/.test(topic)) return undefined;
  try {
    const j = JSON.parse(payload) as Record<string, unknown>;
    const code = typeof j.code === 'number' ? j.code : typeof j.code === 'string' && /^\d+$/.test(j.code) ? Number(j.code) : undefined;
    const id = typeof j.id === 'string' || typeof j.id === 'number' ? String(j.id) : undefined;
    if (code === undefined || id === undefined) return undefined;
    return { code, id, ...(typeof j.message === 'string' ? { message: j.message } : {}) };
  } catch {
    return undefined;
  }
}

/** The usual reply codes in words (aliyun.md §3.2); others are shown as they came. */
const MEANING: Record<number, string> = {
  200: 'accepted',
  400: 'request error',
  429: 'throttled: too many messages',
  460: 'request parameter error',
  500: 'platform internal error',
  6100: 'device not found',
  6106: 'more than 200 properties',
  6203: 'topic not parsed',
  6204: 'device disabled',
  6207: 'payload is not JSON',
  6300: 'no "method" in the body',
  6306: 'property value of the wrong type or out of range',
  6320: 'property not in the thing model',
};

export const replyMeaning = (code: number): string => MEANING[code] ?? 'see the Aliyun error code list';
