import { describe, expect, it } from 'vitest';
import { Batcher } from './batch';

describe('Batcher', () => {
  it('delivers many items pushed in one tick as one batch, in order', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number>((items) => batches.push(items), 5);
    for (let i = 0; i < 1000; i++) b.push(i);
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('flushes early when the batch is full, losing nothing', () => {
    const batches: number[][] = [];
    const b = new Batcher<number>((items) => batches.push(items), 1000, 10);
    for (let i = 0; i < 25; i++) b.push(i);
    b.flush();
    expect(batches.map((x) => x.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });
});
