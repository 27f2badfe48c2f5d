import { describe, expect, it } from 'vitest';
import { decodeAlinkReply, replyMeaning, withFreshId } from './alink';

describe('Alink in the topics panel', () => {
  it('decodes a reply on a _reply topic: code, message, id', () => {
    expect(decodeAlinkReply('/sys/pk/dn/thing/event/property/post_reply', '{"code":200,"data":{},"id":"7","message":"success","method":"thing.event.property.post","version":"1.0"}')).toEqual({ code: 200, id: '7', message: 'success' });
    expect(decodeAlinkReply('/sys/pk/dn/thing/event/property/post_reply', '{"code":"6300","id":3}')).toEqual({ code: 6300, id: '3' });
    expect(replyMeaning(6300)).toMatch(/method/);
    expect(replyMeaning(123456)).toMatch(/error code list/);
  });
  it('leaves other messages alone', () => {
    expect(decodeAlinkReply('/sys/pk/dn/thing/event/property/post', '{"code":200,"id":"1"}')).toBeUndefined();
    expect(decodeAlinkReply('/x_reply', 'not json')).toBeUndefined();
    expect(decodeAlinkReply('/x_reply', '{"id":"1"}')).toBeUndefined();
  });
  it('gives each preset post a fresh id and keeps the rest of the body', () => {
    expect(JSON.parse(withFreshId('{"id":"1","version":"1.0","params":{"t":1},"method":"m"}', 42))).toEqual({ id: '42', version: '1.0', params: { t: 1 }, method: 'm' });
    expect(withFreshId('{"hello":"x"}', 3)).toBe('{"hello":"x"}');
    expect(withFreshId('text', 3)).toBe('text');
  });
});
