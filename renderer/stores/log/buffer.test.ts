import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/model';
import { LogBuffer } from './buffer';

const entry = (index: number): LogEntry => ({ index, mono: index, wall: index, dir: 'rx', kind: 'response', text: `line ${index}` });

describe('LogBuffer', () => {
  it('keeps entries in order and ignores a batch that overlaps what it already has', () => {
    const b = new LogBuffer();
    b.append([entry(0), entry(1), entry(2)]);
    b.append([entry(1), entry(2), entry(3)]);
    expect(b.length).toBe(4);
    expect(b.all().map((e) => e.text)).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
  });
});
