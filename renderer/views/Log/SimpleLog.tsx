// The timestamped AT/URC log: every line in and out, in order.
import { useEffect, useRef } from 'react';
import { useWorkbench } from '../../stores';
import { logBuffer } from '../../stores/log/buffer';

const time = (wall: number) => new Date(wall).toISOString().slice(11, 23);

export function SimpleLog() {
  useWorkbench((s) => s.logVersion);
  const end = useRef<HTMLDivElement>(null);
  const rows = logBuffer.all().slice(-2000);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  });
  return (
    <section className="panel log" aria-label="Log" data-testid="log">
      {rows.map((e) => (
        <div key={e.index} className={`log-row dir-${e.dir} kind-${e.kind}`} data-testid="log-row" data-kind={e.kind} data-dir={e.dir}>
          <span className="t">{time(e.wall)}</span>
          <span className="d">{e.dir === 'tx' ? '→' : '←'}</span>
          <span className="k">{e.kind}</span>
          <span className="x mono">{e.text}</span>
        </div>
      ))}
      <div ref={end} />
    </section>
  );
}
