// Row selection in the filtered view: click, ctrl-click (toggle), shift-click (range), arrows.
// Pure over a FilterIndex; selections are ascending log indexes.
import type { FilterIndex } from './filter';

/** A range selection never holds more rows than this (copying more is better done by export). */
export const MAX_SELECTION = 200_000;

export interface Selection {
  selected: number[];
  anchor?: number;
  cursor?: number;
}

export type ClickMode = 'single' | 'toggle' | 'range';

function rangeOf(view: FilterIndex, a: number, b: number): number[] {
  const pa = view.positionOf(a).pos;
  const pb = view.positionOf(b).pos;
  const [lo, hi] = pa <= pb ? [pa, pb] : [pb, pa];
  const out: number[] = [];
  for (let p = lo; p <= hi && out.length < MAX_SELECTION; p++) {
    const i = view.rowAt(p);
    if (i >= 0) out.push(i);
  }
  return out;
}

export function clickRow(sel: Selection, view: FilterIndex, index: number, mode: ClickMode): Selection {
  if (mode === 'toggle') {
    const has = sel.selected.includes(index);
    const selected = has ? sel.selected.filter((i) => i !== index) : [...sel.selected, index].sort((a, b) => a - b);
    return { selected, anchor: index, cursor: index };
  }
  if (mode === 'range' && sel.anchor !== undefined) {
    return { selected: rangeOf(view, sel.anchor, index), anchor: sel.anchor, cursor: index };
  }
  return { selected: [index], anchor: index, cursor: index };
}

/** Arrow keys: move the cursor by `delta` view rows; with `extend`, grow the range from the anchor. */
export function moveCursor(sel: Selection, view: FilterIndex, delta: number, extend: boolean): Selection {
  if (view.length === 0) return sel;
  const from = sel.cursor ?? sel.selected[sel.selected.length - 1];
  const start = from === undefined ? (delta > 0 ? -1 : view.length) : view.positionOf(from).pos;
  const pos = Math.max(0, Math.min(view.length - 1, start + delta));
  const index = view.rowAt(pos);
  if (extend && sel.anchor !== undefined) return { selected: rangeOf(view, sel.anchor, index), anchor: sel.anchor, cursor: index };
  return { selected: [index], anchor: index, cursor: index };
}
