import { describe, expect, it } from 'vitest';
import { LogStore, topicMatchesFilter } from './log-store';
import type { LogEntry } from './model';

const lines: Omit<LogEntry, 'index'>[] = [
  { mono: 1, wall: 1001, dir: 'tx', kind: 'command', text: 'AT+QMTOPEN=0,"broker.example.net",1883', exchangeId: 0 },
  { mono: 2, wall: 1002, dir: 'rx', kind: 'final', text: 'OK', exchangeId: 0 },
  { mono: 3, wall: 1003, dir: 'rx', kind: 'urc', text: '+QMTOPEN: 0,0', exchangeId: 0 },
  { mono: 4, wall: 1004, dir: 'tx', kind: 'command', text: 'AT+QMTSUB=1,1,"site7/cmd/#",1', exchangeId: 1 },
  { mono: 5, wall: 1005, dir: 'rx', kind: 'final', text: 'OK', exchangeId: 1 },
  { mono: 6, wall: 1006, dir: 'rx', kind: 'urc', text: '+QMTRECV: 1,3,"site7/cmd/led",2,"on"' },
  { mono: 7, wall: 1007, dir: 'tx', kind: 'command', text: 'AT+QMTPUBEX=0,7,1,0,"meters/0042/up",12', exchangeId: 2 },
  { mono: 8, wall: 1008, dir: 'rx', kind: 'urc', text: '+QMTSTAT: 0,2' },
];

function store(): LogStore {
  const s = new LogStore();
  for (const l of lines) s.append(l);
  return s;
}
const ids = (a: Uint32Array) => [...a];

describe('LogStore', () => {
  it('gives back what was stored', () => {
    const s = store();
    expect(s.size).toBe(8);
    expect(s.get(0)).toEqual({ index: 0, ...lines[0] });
    expect(s.get(5)).toEqual({ index: 5, ...lines[5] });
    expect(s.get(8)).toBeUndefined();
    expect(s.get(-1)).toBeUndefined();
  });

  it.each([
    ['kind', { kinds: ['urc'] as const }, [2, 5, 7]],
    ['direction', { dir: 'tx' as const }, [0, 3, 6]],
    ['text, any case', { text: 'qmtopen' }, [0, 2]],
    ['text with regex characters taken literally', { text: '"site7/cmd/#"' }, [3]],
    ['client_idx', { client: 1 }, [3, 5]],
    ['exact topic', { topic: 'meters/0042/up' }, [6]],
    ['topic filter with a wildcard', { topic: 'site7/#' }, [3, 5]],
    ['a topic also finds the subscribe line whose filter covers it', { topic: 'site7/cmd/led' }, [3, 5]],
    ['exchange', { exchangeId: 1 }, [3, 4]],
    ['several conditions at once', { kinds: ['final'] as const, client: 0 }, []],
    ['nothing asked: everything', {}, [0, 1, 2, 3, 4, 5, 6, 7]],
  ])('filters by %s', (_name, f, expected) => {
    expect(ids(store().filter(f))).toEqual(expected);
  });

  it('knows the client and topic of a line', () => {
    const s = store();
    expect(s.clientOf(0)).toBe(0);
    expect(s.clientOf(1)).toBeUndefined();
    expect(s.topicOf(5)).toBe('site7/cmd/led');
  });

  it('crosses chunk boundaries (200,000 rows)', () => {
    const s = new LogStore();
    for (let i = 0; i < 200_000; i++) s.append({ mono: i, wall: i, dir: i % 2 ? 'rx' : 'tx', kind: i % 2 ? 'final' : 'command', text: i % 1000 === 0 ? `AT+QMTPUB=0,0,0,0,"t/${i}"` : 'OK' });
    expect(s.get(199_999)?.mono).toBe(199_999);
    expect(s.filter({ dir: 'tx' }).length).toBe(100_000);
    expect(ids(s.filter({ topic: 't/131000' }))).toEqual([131_000]);
  });

  it('rejects an unknown kind as a programmer error', () => {
    expect(() => new LogStore().append({ mono: 0, wall: 0, dir: 'tx', kind: 'bogus' as never, text: '' })).toThrow(TypeError);
  });
});

describe('topicMatchesFilter (MQTT 3.1.1 §4.7)', () => {
  it.each([
    ['a/b', 'a/b', true],
    ['a/b', 'a/+', true],
    ['a/b/c', 'a/+', false],
    ['a/b/c', 'a/#', true],
    ['a', 'a/#', true],
    ['b/c', 'a/#', false],
    ['a/b', '#', true],
  ])('%s against %s → %s', (t, f, expected) => expect(topicMatchesFilter(t, f)).toBe(expected));
});
