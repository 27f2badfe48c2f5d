// Two panes stacked, with a handle between them; the share of the first is remembered by name.
import { useRef, type ReactNode } from 'react';
import { usePrefs } from './prefs';
import { Splitter } from './Splitter';

export function SplitPanes({ name, label, defaultFraction, first, second }: { name: string; label: string; defaultFraction: number; first: ReactNode; second: ReactNode }) {
  const fraction = usePrefs((s) => s.panes[name] ?? defaultFraction);
  const setPane = usePrefs((s) => s.setPane);
  const box = useRef<HTMLDivElement>(null);
  const pct = Math.round(fraction * 100);
  return (
    <div ref={box} className="split" data-testid={`split-${name}`} style={{ gridTemplateRows: `minmax(0, ${fraction}fr) auto minmax(0, ${1 - fraction}fr)` }}>
      {first}
      <Splitter
        label={label}
        orientation="horizontal"
        value={pct}
        min={10}
        max={90}
        step={5}
        onChange={(v) => setPane(name, v / 100)}
        fromPointer={(_x, y) => {
          const r = box.current?.getBoundingClientRect();
          return r && r.height > 0 ? (100 * (y - r.top)) / r.height : pct;
        }}
        testId={`splitter-${name}`}
      />
      {second}
    </div>
  );
}
