import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/model';
import { LogBuffer, NONE } from './buffer';

const entry = (index: number, over: Partial<LogEntry> = {}): LogEntry => ({ index, mono: index, wall: index, dir: 'rx', kind: 'response', text: `line ${index}`, ...over });

describe('LogBuffer', () => {
  it('keeps entries in order and ignores a batch that overlaps what it already has', () => {
    const b = new LogBuffer();
    b.append([entry(0), entry(1), entry(2)]);
    b.append([entry(1), entry(2), entry(3)]);
    expect(b.length).toBe(4);
    expect(b.all().map((e) => e.text)).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
  });

  it('gives back every field it was given, across chunk boundaries', () => {
    const b = new LogBuffer();
    const n = 70_000; // more than one 65,536-row chunk
    const batch: LogEntry[] = [];
    for (let i = 0; i < n; i++) batch.push(entry(i, { mono: i * 1.5, wall: 1_700_000_000_000 + i, dir: i % 2 ? 'rx' : 'tx', kind: i % 3 ? 'urc' : 'command', ...(i % 5 === 0 ? { exchangeId: i / 5 } : {}) }));
    b.append(batch);
    for (const i of [0, 1, 65_535, 65_536, 69_999]) expect(b.at(i)).toEqual(batch[i]);
    expect(b.at(n)).toBeUndefined();
  });

  it('keeps indexes aligned when a batch skips rows', () => {
    const b = new LogBuffer();
    b.append([entry(0), entry(3)]);
    expect(b.length).toBe(4);
    expect(b.text(3)).toBe('line 3');
    expect(b.text(1)).toBe('');
  });

  it('learns the exchange of a row after the row arrived', () => {
    const b = new LogBuffer();
    b.append([entry(0)]);
    expect(b.exchange(0)).toBe(NONE);
    b.setExchange(0, 7);
    expect(b.at(0)?.exchangeId).toBe(7);
  });

  it('indexes the client and topic the grouper gave each entry, without reading the text', () => {
    const b = new LogBuffer();
    b.append([
      entry(0, { text: 'AT+QMTSUB=1,1,"site7/cmd/#",1', clientIdx: 1, topic: 'site7/cmd/#' }),
      entry(1, { text: 'OK', clientIdx: 1 }),
      entry(2, { text: '+QMTRECV: 4,3,"site7/cmd/led",2,"on"', clientIdx: 4, topic: 'site7/cmd/led' }),
      entry(3, { text: '+QMTSTAT: 5,2' }), // no client given: none assumed from the text
    ]);
    expect([0, 1, 2, 3].map((i) => b.client(i))).toEqual([1, 1, 4, NONE]);
    expect([0, 1, 2, 3].map((i) => b.topicList()[b.topic(i)])).toEqual(['site7/cmd/#', undefined, 'site7/cmd/led', undefined]);
    expect(b.at(2)).toMatchObject({ clientIdx: 4, topic: 'site7/cmd/led' });
  });
});
