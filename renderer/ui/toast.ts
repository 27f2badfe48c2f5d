// Toasts: short confirmations of what was written where ("Exported … to /path"). Anyone calls
// `toast(...)`; the <Toaster/> in the shell shows them in a polite live region, so screen readers
// announce them, and each can be dismissed. Errors stay until dismissed; others go by themselves.
import { create } from 'zustand';

export type ToastKind = 'success' | 'info' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  /** Usually where: a path or a folder; shown in monospace and selectable. */
  detail?: string;
  /** 0 keeps the toast until dismissed. */
  timeoutMs: number;
}

export type ToastInput = string | { kind?: ToastKind; title: string; detail?: string; timeoutMs?: number };

export const MAX_TOASTS = 4;

interface ToastState {
  toasts: Toast[];
}

export const useToasts = create<ToastState>()(() => ({ toasts: [] }));

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export function dismissToast(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  useToasts.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** Shows a toast; returns its id (for dismissToast). */
export function toast(input: ToastInput): number {
  const t = typeof input === 'string' ? { title: input } : input;
  const kind = t.kind ?? 'success';
  const toastItem: Toast = { id: nextId++, kind, title: t.title, ...(t.detail ? { detail: t.detail } : {}), timeoutMs: t.timeoutMs ?? (kind === 'error' ? 0 : 8000) };
  useToasts.setState((s) => {
    const all = [...s.toasts, toastItem];
    // The oldest go first when too many pile up.
    for (const old of all.slice(0, Math.max(0, all.length - MAX_TOASTS))) {
      clearTimeout(timers.get(old.id));
      timers.delete(old.id);
    }
    return { toasts: all.slice(-MAX_TOASTS) };
  });
  if (toastItem.timeoutMs > 0) timers.set(toastItem.id, setTimeout(() => dismissToast(toastItem.id), toastItem.timeoutMs));
  return toastItem.id;
}
