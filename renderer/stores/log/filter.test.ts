import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/model';
import { LogBuffer } from './buffer';
import { emptyQuery, FilterIndex, topicMatches, type LogQuery } from './filter';

// Client index and topic as the grouper sets them (shared/exchanges.ts): the OK of a QMT command
// belongs to its client.
const lines: Omit<LogEntry, 'index' | 'mono' | 'wall'>[] = [
  { dir: 'tx', kind: 'command', text: 'AT+QMTOPEN=0,"127.0.0.1",1883<CR>', clientIdx: 0 },
  { dir: 'rx', kind: 'final', text: 'OK', clientIdx: 0 },
  { dir: 'rx', kind: 'urc', text: '+QMTOPEN: 0,0', clientIdx: 0 },
  { dir: 'tx', kind: 'command', text: 'AT+QMTSUB=1,1,"site7/cmd/#",1', clientIdx: 1, topic: 'site7/cmd/#' },
  { dir: 'rx', kind: 'urc', text: '+QMTRECV: 1,3,"site7/cmd/led",2,"on"', clientIdx: 1, topic: 'site7/cmd/led' },
  { dir: 'rx', kind: 'urc', text: '+QMTRECV: 0,4,"other/topic",1,"x"', clientIdx: 0, topic: 'other/topic' },
  { dir: 'rx', kind: 'raw', text: '\\x00\\xFFgarbage' },
];

function buffer(): LogBuffer {
  const b = new LogBuffer();
  b.append(lines.map((l, index) => ({ ...l, index, mono: index, wall: index })));
  return b;
}

function rows(f: FilterIndex): number[] {
  return Array.from({ length: f.length }, (_, p) => f.rowAt(p));
}

const q = (over: Partial<LogQuery>): LogQuery => ({ ...emptyQuery, ...over });

describe('FilterIndex text search and secrets', () => {
  it('searches the text as shown: a masked secret is not found by its clear text', () => {
    const b = new LogBuffer();
    const text = 'AT+QMTCONN=0,"c","user","Hunter2-secret"';
    const from = text.indexOf('Hunter2');
    b.append([{ index: 0, mono: 0, wall: 0, dir: 'tx', kind: 'command', text, secret: [[from, from + 'Hunter2-secret'.length]] }]);
    const search = (text: string) => {
      const f = new FilterIndex(b);
      f.update(q({ text }));
      return rows(f);
    };
    expect(search('Hunter2')).toEqual([]);
    expect(search('QMTCONN')).toEqual([0]);
    expect(search('user')).toEqual([0]);
  });
});

describe('FilterIndex', () => {
  const cases: [string, Partial<LogQuery>, number[]][] = [
    ['no filter keeps every row', {}, [0, 1, 2, 3, 4, 5, 6]],
    ['text search ignores case', { text: 'qmtopen' }, [0, 2]],
    ['text search sees control bytes as shown', { text: '<cr>' }, [0]],
    ['text search sees escaped bytes', { text: '\\xff' }, [6]],
    ['kind filter', { kinds: ['urc'] }, [2, 4, 5]],
    ['direction filter', { dirs: ['tx'] }, [0, 3]],
    ['both directions is no direction filter', { dirs: ['tx', 'rx'] }, [0, 1, 2, 3, 4, 5, 6]],
    ['client filter keeps only lines of that client', { clients: [1] }, [3, 4]],
    ['topic substring', { topic: 'led' }, [4]],
    ['topic as an MQTT filter', { topic: 'site7/#' }, [3, 4]],
    ['filters combine', { kinds: ['urc'], clients: [0] }, [2, 5]],
    ['client filter keeps the OK of that client\'s command', { clients: [0] }, [0, 1, 2, 5]],
  ];
  for (const [name, query, expected] of cases) {
    it(name, () => {
      const f = new FilterIndex(buffer());
      f.update(q(query));
      expect(rows(f)).toEqual(expected);
    });
  }

  it('extends the match list with new rows only, and restarts when the query changes', () => {
    const b = buffer();
    const f = new FilterIndex(b);
    f.update(q({ kinds: ['urc'] }));
    expect(f.length).toBe(3);
    b.append([{ index: 7, mono: 7, wall: 7, dir: 'rx', kind: 'urc', text: '+QMTSTAT: 0,1' }]);
    expect(f.update(q({ kinds: ['urc'] }))).toBe(true);
    expect(rows(f)).toEqual([2, 4, 5, 7]);
    expect(f.update(q({ kinds: ['urc'] }))).toBe(false);
    f.update(q({ kinds: ['final'] }));
    expect(rows(f)).toEqual([1]);
  });

  it('finds the view position of a row, or the next visible one', () => {
    const f = new FilterIndex(buffer());
    f.update(q({ kinds: ['urc'] }));
    expect(f.positionOf(4)).toEqual({ pos: 1, exact: true });
    expect(f.positionOf(3)).toEqual({ pos: 1, exact: false });
  });

  // Building the million rows, not the filter, takes seconds on a busy machine: room for that.
  it('filters a million rows in well under a second', { timeout: 60_000 }, () => {
    const b = new LogBuffer();
    const batch: LogEntry[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const t = i % 4 === 0 ? `AT+QMTPUB=${i % 6},0,0,0,"t/${i % 50}"` : i % 4 === 1 ? 'OK' : i % 4 === 2 ? `+QMTPUB: ${i % 6},0,0` : `+QMTRECV: ${i % 6},1,"t/${i % 50}",2,"ab"`;
      batch.push({ index: i, mono: i, wall: i, dir: i % 4 === 0 ? 'tx' : 'rx', kind: i % 4 === 1 ? 'final' : i % 4 === 0 ? 'command' : 'urc', text: t });
    }
    b.append(batch);
    const f = new FilterIndex(b);
    const t0 = performance.now();
    f.update(q({ text: 't/7"' }));
    const ms = performance.now() - t0;
    // Only the +QMTRECV rows (i % 4 === 3) can name t/7, one in every 100 rows.
    expect(f.length).toBe(10_000);
    expect([f.rowAt(0), f.rowAt(1)]).toEqual([7, 107]);
    // Generous bound for a loaded 2-core machine; the benchmark reports the real figure.
    expect(ms).toBeLessThan(3000);
  });
});

describe('topicMatches', () => {
  const cases: [string, string, boolean][] = [
    ['a/+/c', 'a/b/c', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['a/+', 'a/b/c', false],
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
  ];
  for (const [filter, topic, expected] of cases) it(`${filter} vs ${topic}`, () => expect(topicMatches(filter, topic)).toBe(expected));
});
