// A handle between two panes: drag it, or focus it and use the arrow keys (Home/End for the
// limits). The owner stores the size (shell/prefs.ts), so sizes survive a reload.
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface SplitterProps {
  /** What the handle resizes, for screen readers: 'Resize the sidebar'. */
  label: string;
  /** 'vertical' sits between columns (drag left/right); 'horizontal' between rows. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  /** Keyboard step in the value's unit. */
  step: number;
  onChange(value: number): void;
  /** Value for a pointer position while dragging. */
  fromPointer(clientX: number, clientY: number): number;
  testId?: string;
}

export function Splitter({ label, orientation, value, min, max, step, onChange, fromPointer, testId }: SplitterProps) {
  const dragging = useRef(false);
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current) onChange(clamp(fromPointer(e.clientX, e.clientY)));
  };
  const stop = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const less = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const more = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    const next = e.key === less ? value - step : e.key === more ? value + step : e.key === 'Home' ? min : e.key === 'End' ? max : undefined;
    if (next === undefined) return;
    e.preventDefault();
    onChange(clamp(next));
  };
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      data-testid={testId}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={stop}
      onPointerCancel={stop}
      onKeyDown={onKeyDown}
    />
  );
}
