// Search and filters for the log; follow-tail state and "jump to latest".
import type { Direction, LineKind } from '../../../shared/model';
import { useWorkbench } from '../../stores';
import { logBuffer } from '../../stores/log/buffer';
import { logView } from '../../stores/log/view';
import { KIND_LABELS } from './columns';

const KINDS: LineKind[] = ['command', 'echo', 'response', 'final', 'urc', 'prompt', 'raw'];
const CLIENTS = [0, 1, 2, 3, 4, 5];

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

export function LogToolbar({ onCopy }: { onCopy: () => void }) {
  useWorkbench((s) => s.logVersion);
  const text = useWorkbench((s) => s.textFilter);
  const kinds = useWorkbench((s) => s.kindFilter);
  const dirs = useWorkbench((s) => s.dirFilter);
  const clients = useWorkbench((s) => s.clientFilter);
  const topic = useWorkbench((s) => s.topicFilter);
  const timeMode = useWorkbench((s) => s.timeMode);
  const selected = useWorkbench((s) => s.selectedRows.length);
  const { setLogView } = useWorkbench.getState();
  const dir: Direction | '' = dirs.length === 1 ? dirs[0]! : '';

  return (
    <div className="log-toolbar" role="toolbar" aria-label="Log filters">
      <input
        type="search"
        className="mono"
        placeholder="Search lines…"
        aria-label="Search lines"
        data-testid="log-search"
        value={text}
        onChange={(e) => setLogView({ textFilter: e.target.value })}
      />
      <span className="chips" aria-label="Kinds">
        {KINDS.map((k) => (
          <button key={k} type="button" className={`chip kind-${k}${kinds.includes(k) ? ' on' : ''}`} aria-pressed={kinds.includes(k)} data-testid={`log-kind-${k}`} onClick={() => setLogView({ kindFilter: toggle(kinds, k) })}>
            {KIND_LABELS[k]}
          </button>
        ))}
      </span>
      <select aria-label="Direction" data-testid="log-dir" value={dir} onChange={(e) => setLogView({ dirFilter: e.target.value ? [e.target.value as Direction] : [] })}>
        <option value="">both directions</option>
        <option value="tx">host → modem</option>
        <option value="rx">modem → host</option>
      </select>
      <select aria-label="Client" data-testid="log-client" value={clients.length === 1 ? String(clients[0]) : ''} onChange={(e) => setLogView({ clientFilter: e.target.value === '' ? [] : [Number(e.target.value)] })}>
        <option value="">all clients</option>
        {CLIENTS.map((c) => (
          <option key={c} value={c}>
            client {c}
          </option>
        ))}
      </select>
      <input className="mono topic-filter" placeholder="topic (+/# ok)" aria-label="Topic filter" data-testid="log-topic" list="log-topics" value={topic} onChange={(e) => setLogView({ topicFilter: e.target.value })} />
      <datalist id="log-topics">
        {logBuffer.topicList().slice(0, 200).map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <select aria-label="Time" data-testid="log-time-mode" value={timeMode} onChange={(e) => setLogView({ timeMode: e.target.value as typeof timeMode })}>
        <option value="absolute">clock time</option>
        <option value="delta">since previous line</option>
        <option value="session">since session start</option>
      </select>
      <span className="grow" />
      <span className="muted small" data-testid="log-count">
        {logView.length.toLocaleString('en')} of {logBuffer.length.toLocaleString('en')} lines{selected ? ` · ${selected.toLocaleString('en')} selected` : ''}
      </span>
      <button type="button" onClick={onCopy} disabled={!selected} title="Copy the selected rows (Ctrl+C)" data-testid="log-copy">
        Copy
      </button>
      <FollowBadge />
    </div>
  );
}

/**
 * Follow-tail state and "jump to latest". Its own component: the count of rows beyond the live
 * edge changes on every scroll frame, and only this badge needs to render again for it.
 */
function FollowBadge() {
  const follow = useWorkbench((s) => s.followTail);
  const rowsBelow = useWorkbench((s) => s.rowsBelow);
  const newestFirstLabel = useWorkbench((s) => (s.newestFirst ? 'above' : 'below'));
  const { jumpToLatest } = useWorkbench.getState();
  return follow && rowsBelow === 0 ? (
    <span className="follow on" data-testid="log-follow" data-state="on" title="New lines scroll into view; scroll up to pause">
      following
    </span>
  ) : (
    <button type="button" className="follow" data-testid="log-jump-latest" data-state={follow ? 'catching-up' : 'paused'} data-below={rowsBelow} onClick={jumpToLatest} title="Scroll to the newest line and follow again (End)">
      {rowsBelow > 0 ? `↓ ${rowsBelow.toLocaleString('en')} more line${rowsBelow === 1 ? '' : 's'} ${newestFirstLabel}` : '↓ Jump to latest'}
    </button>
  );
}
