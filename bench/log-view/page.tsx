// Benchmark page: ?mode=virtual mounts the product's log view over the real stores (fed with
// synthetic batches); ?mode=plain mounts a plain, non-virtualised React table as the baseline.
// The driver (bench/log-view.bench.ts) calls window.bench.* and reads the timings.
import { serveLog } from './fake-api';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import type { LogEntry } from '../../shared/model';
import { useWorkbench } from '../../renderer/stores';
import { LogView } from '../../renderer/views/Log';
import '../../renderer/styles.css';
import { syntheticRow } from './rows';

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
const settle = async () => {
  await frame();
  await frame();
};

type Gc = { gc?: () => void };
function heap(): number {
  (window as unknown as Gc).gc?.();
  return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
}

async function scrollFrames(el: HTMLElement, frames: number, px: number): Promise<number[]> {
  const times: number[] = [];
  let last = await frame();
  for (let k = 0; k < frames; k++) {
    el.scrollTop += px;
    const now = await frame();
    times.push(now - last);
    last = now;
  }
  return times;
}

let setPlainRows: (rows: LogEntry[]) => void = () => undefined;
let setPlainFilter: (f: string) => void = () => undefined;

function PlainTable() {
  const [rows, setRows] = useState<LogEntry[]>([]);
  const [filter, setFilter] = useState('');
  setPlainRows = setRows;
  setPlainFilter = setFilter;
  const needle = filter.toLowerCase();
  const shown = needle ? rows.filter((r) => r.text.toLowerCase().includes(needle)) : rows;
  return (
    <div data-testid="plain-body" style={{ height: 700, overflow: 'auto' }}>
      <table className="mono" style={{ fontSize: 12, borderCollapse: 'collapse' }}>
        <tbody>
          {shown.map((r) => (
            <tr key={r.index}>
              <td>{new Date(r.wall).toISOString().slice(11, 23)}</td>
              <td>{r.dir === 'tx' ? '→' : '←'}</td>
              <td>{r.kind}</td>
              <td>{r.text}</td>
              <td>{r.exchangeId ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const mode = new URLSearchParams(location.search).get('mode') ?? 'virtual';
createRoot(document.getElementById('root')!).render(
  <div style={{ width: 1200, height: 760, display: 'flex', flexDirection: 'column' }}>{mode === 'plain' ? <PlainTable /> : <LogView />}</div>,
);

const api = {
  mode,
  /**
   * Loads n rows. 'catch-up' is how a window gets a session's rows (wire.ts: the store's
   * catchUpLog reads getLog page by page); 'stream' appends them as live batches, one per frame.
   */
  async load(n: number, batch: number, how: 'catch-up' | 'stream') {
    const before = heap();
    let ingestMs = 0;
    // Making the synthetic rows is the benchmark's own work, not the view's: it is left out.
    let genMs = 0;
    let t0 = performance.now();
    if (mode === 'plain') {
      const g = performance.now();
      const rows = Array.from({ length: n }, (_, i) => syntheticRow(i));
      genMs += performance.now() - g;
      flushSync(() => setPlainRows(rows));
    } else if (how === 'catch-up') {
      // The main side holds the rows already (made before the clock starts).
      serveLog(Array.from({ length: n }, (_, i) => syntheticRow(i)));
      t0 = performance.now();
      const s = performance.now();
      await useWorkbench.getState().catchUpLog();
      ingestMs += performance.now() - s;
      serveLog([]);
    } else {
      for (let from = 0; from < n; from += batch) {
        const g = performance.now();
        const rows: LogEntry[] = [];
        for (let i = from; i < Math.min(n, from + batch); i++) rows.push(syntheticRow(i));
        genMs += performance.now() - g;
        const s = performance.now();
        useWorkbench.getState().appendLog(rows);
        ingestMs += performance.now() - s;
        await frame();
      }
    }
    await settle();
    const ms = performance.now() - t0 - genMs;
    const after = heap();
    return { ms, ingestMs, heapDelta: after - before, rowsInDom: document.querySelectorAll(mode === 'plain' ? 'tr' : '[data-testid="log-row"]').length };
  },
  async filter(text: string) {
    const t0 = performance.now();
    if (mode === 'plain') flushSync(() => setPlainFilter(text));
    else useWorkbench.getState().setLogView({ textFilter: text });
    await settle();
    const ms = performance.now() - t0;
    const shown = mode === 'plain' ? document.querySelectorAll('tr').length : Number(/([\d,]+) of/.exec(document.querySelector('[data-testid="log-count"]')?.textContent ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
    return { ms, shown };
  },
  async scroll(frames: number, px: number) {
    const el = document.querySelector<HTMLElement>(mode === 'plain' ? '[data-testid="plain-body"]' : '[data-testid="log-body"]')!;
    el.scrollTop = 0;
    await settle();
    return scrollFrames(el, frames, px);
  },
};
(window as unknown as { bench: typeof api }).bench = api;
