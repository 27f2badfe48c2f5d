import { afterEach, describe, expect, it, vi } from 'vitest';
import { dismissToast, MAX_TOASTS, toast, useToasts } from './toast';

afterEach(() => {
  for (const t of useToasts.getState().toasts) dismissToast(t.id);
  vi.useRealTimers();
});

describe('toasts', () => {
  it('confirmations go by themselves, errors stay until dismissed', () => {
    vi.useFakeTimers();
    toast({ title: 'Saved a.png', detail: '/tmp' });
    const err = toast({ kind: 'error', title: 'Could not write' });
    vi.advanceTimersByTime(9000);
    expect(useToasts.getState().toasts.map((t) => t.title)).toEqual(['Could not write']);
    dismissToast(err);
    expect(useToasts.getState().toasts).toEqual([]);
  });

  it('keeps the newest few when many pile up', () => {
    for (let i = 0; i < MAX_TOASTS + 2; i++) toast(`t${i}`);
    expect(useToasts.getState().toasts.map((t) => t.title)).toEqual(['t2', 't3', 't4', 't5']);
  });
});
