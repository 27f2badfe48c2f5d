import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldSeries, fieldValue, MAX_FIELDS, numericFields, topicFields, WHOLE } from './fields';

describe('numeric fields of a payload', () => {
  it.each<[string, Array<[string, number]>]>([
    ['23.5', [[WHOLE, 23.5]]],
    [' -7 ', [[WHOLE, -7]]],
    ['1e3', [[WHOLE, 1000]]],
    ['{"t": 21.5, "note": "x", "ok": true}', [['t', 21.5]]],
    ['{"params":{"Temp":23.5}}', [['params.Temp', 23.5]]],
    ['{"id":"12","version":"1.0","params":{"Temp":{"value":23.5,"time":1700000000000}},"method":"thing.event.property.post"}', [['params.Temp.value', 23.5], ['params.Temp.time', 1700000000000]]],
    ['{"params":{"temperature":20,"humidity":41.2}}', [['params.temperature', 20], ['params.humidity', 41.2]]],
    ['[1, 2.5, {"a": 3}]', [['[0]', 1], ['[1]', 2.5], ['[2].a', 3]]],
    ['{"v": [4, null, 5]}', [['v[0]', 4], ['v[2]', 5]]],
    ['{"odd key": 1, "a.b": 2}', [['["odd key"]', 1], ['["a.b"]', 2]]],
    ['"23.5"', []],
    ['true', []],
    ['on', []],
    ['{"t": 21.5,', []],
    ['12abc', []],
    ['', []],
  ])('%s', (payload, fields) => {
    expect(numericFields(payload).map((f) => [f.path, f.value])).toEqual(fields);
  });

  it('stops at a bounded number of fields', () => {
    const big = JSON.stringify(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, i])));
    expect(numericFields(big)).toHaveLength(MAX_FIELDS);
  });

  // Any JSON value: every number found is at its path, and every finite number in it is found.
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  }));

  const countNumbers = (v: unknown): number => (typeof v === 'number' ? 1 : v && typeof v === 'object' ? Object.values(v).reduce<number>((n, x) => n + countNumbers(x), 0) : 0);

  it('finds every number of a JSON object or array, each readable again at its path', () => {
    fc.assert(
      fc.property(fc.oneof(json.object, json.array), (v) => {
        const text = JSON.stringify(v);
        const found = numericFields(text);
        expect(found).toHaveLength(Math.min(MAX_FIELDS, countNumbers(JSON.parse(text))));
        expect(new Set(found.map((f) => f.path)).size).toBe(found.length);
        for (const f of found) {
          expect(Number.isFinite(f.value)).toBe(true);
          expect(fieldValue(text, f.path)).toBe(f.value);
          expect(read(JSON.parse(text), f.path)).toBe(f.value);
        }
      }),
    );
  });

  it('reads any finite number sent as the whole payload', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(numericFields(String(x))).toEqual([{ path: WHOLE, value: Number(String(x)) }]);
      }),
    );
  });
});

/** Follows a path the way a reader of the chart would: an independent parser of the path syntax. */
function read(v: unknown, path: string): unknown {
  let rest = path;
  let cur = v;
  while (rest) {
    let m = /^\.?([A-Za-z_$][\w$-]*)/.exec(rest);
    if (m) cur = (cur as Record<string, unknown>)[m[1]!];
    else if ((m = /^\[(\d+)\]/.exec(rest))) cur = (cur as unknown[])[Number(m[1])];
    else if ((m = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest))) cur = (cur as Record<string, unknown>)[JSON.parse(m[1]!) as string];
    else throw new Error(`bad path ${path}`);
    rest = rest.slice(m[0].length);
  }
  return cur;
}

describe('a topic over time', () => {
  const msgs = [
    { wall: 1000, payloadText: '{"params":{"Temp":21}}' },
    { wall: 2000, payloadText: 'not json' },
    { wall: 3000, payloadText: '{"params":{"Temp":22.5,"Hum":40}}' },
    { wall: 4000, payloadText: '{"params":{"Hum":41}}' },
  ];

  it('lists the fields in order of first appearance', () => {
    expect(topicFields(msgs)).toEqual(['params.Temp', 'params.Hum']);
  });

  it('gives each field the messages that carry it, in time order', () => {
    expect(fieldSeries(msgs, 'params.Temp')).toEqual({ t: [1000, 3000], v: [21, 22.5] });
    expect(fieldSeries(msgs, 'params.Hum')).toEqual({ t: [3000, 4000], v: [40, 41] });
    expect(fieldSeries(msgs, 'nope')).toEqual({ t: [], v: [] });
  });
});
