import { describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../../../shared/status';
import { formatPayload, groupByTopic, hexPayloadProblem } from './selectors';

const msg = (id: number, topic: string, text: string, wall: number): ReceivedMessage => ({
  id, clientIdx: 0, msgId: id, topic, payloadText: text, payloadBase64: Buffer.from(text, 'utf8').toString('base64'), wall,
});

describe('topics selectors', () => {
  it('groups messages by topic, the topic with the newest message first', () => {
    const g = groupByTopic([msg(1, 'a', 'x', 1), msg(2, 'b', 'y', 2), msg(3, 'a', 'z', 3)]);
    expect(g.map((x) => x.topic)).toEqual(['a', 'b']);
    expect(g[0]!.messages.map((m) => m.payloadText)).toEqual(['x', 'z']);
  });

  it('shows a payload as text, JSON or hex without hiding bytes', () => {
    const m = msg(1, 't', '{"t":21.5}', 1);
    expect(formatPayload(m, 'json')).toBe('{\n  "t": 21.5\n}');
    expect(formatPayload(msg(2, 't', 'on\r\n', 1), 'hex')).toBe('6f 6e 0d 0a');
    expect(formatPayload(msg(3, 't', 'not json', 1), 'json')).toBe('(not JSON) not json');
  });
});

describe('hex payload as typed', () => {
  it.each<[string, RegExp | undefined]>([
    ['48 65 6c 6c 6f', undefined],
    ['', undefined],
    ['48 6g', /"g" is not a hex digit/],
    ['48 6', /odd number/],
    ['4 865', /two digits together/],
  ])('%j', (text, problem) => {
    const p = hexPayloadProblem(text);
    if (problem) expect(p).toMatch(problem);
    else expect(p).toBeUndefined();
  });
});
