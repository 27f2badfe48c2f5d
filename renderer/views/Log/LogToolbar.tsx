// Search and filters for the log; follow-tail state and "jump to latest".
import type { Direction, LineKind } from '../../../shared/model';
import { useWorkbench } from '../../stores';
import { logBuffer } from '../../stores/log/buffer';
import { logView } from '../../stores/log/view';
import { useT } from '../../i18n';
import { kindLabel } from './columns';

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
  const t = useT();
  const dir: Direction | '' = dirs.length === 1 ? dirs[0]! : '';

  return (
    <div className="log-toolbar" role="toolbar" aria-label={t('log.filters')}>
      <input
        type="search"
        className="mono"
        placeholder={t('log.searchPlaceholder')}
        aria-label={t('log.searchLabel')}
        data-testid="log-search"
        value={text}
        onChange={(e) => setLogView({ textFilter: e.target.value })}
      />
      <span className="chips" aria-label={t('log.kinds')}>
        {KINDS.map((k) => (
          <button key={k} type="button" className={`chip kind-${k}${kinds.includes(k) ? ' on' : ''}`} aria-pressed={kinds.includes(k)} data-testid={`log-kind-${k}`} onClick={() => setLogView({ kindFilter: toggle(kinds, k) })}>
            {kindLabel(k)}
          </button>
        ))}
      </span>
      <select aria-label={t('log.direction')} data-testid="log-dir" value={dir} onChange={(e) => setLogView({ dirFilter: e.target.value ? [e.target.value as Direction] : [] })}>
        <option value="">{t('log.bothDirections')}</option>
        <option value="tx">{t('log.hostToModem')}</option>
        <option value="rx">{t('log.modemToHost')}</option>
      </select>
      <select aria-label={t('log.client')} data-testid="log-client" value={clients.length === 1 ? String(clients[0]) : ''} onChange={(e) => setLogView({ clientFilter: e.target.value === '' ? [] : [Number(e.target.value)] })}>
        <option value="">{t('log.allClients')}</option>
        {CLIENTS.map((c) => (
          <option key={c} value={c}>
            {t('log.clientN', { n: c })}
          </option>
        ))}
      </select>
      <input className="mono topic-filter" placeholder={t('log.topicPlaceholder')} aria-label={t('log.topicLabel')} data-testid="log-topic" list="log-topics" value={topic} onChange={(e) => setLogView({ topicFilter: e.target.value })} />
      <datalist id="log-topics">
        {logBuffer.topicList().slice(0, 200).map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <select aria-label={t('log.timeMode')} data-testid="log-time-mode" value={timeMode} onChange={(e) => setLogView({ timeMode: e.target.value as typeof timeMode })}>
        <option value="absolute">{t('log.timeAbsolute')}</option>
        <option value="delta">{t('log.timeDelta')}</option>
        <option value="session">{t('log.timeSession')}</option>
      </select>
      <span className="grow" />
      <span className="muted small" data-testid="log-count">
        {t(selected ? 'log.countSelected' : 'log.count', { shown: logView.length, total: logBuffer.length, selected })}
      </span>
      <button type="button" onClick={onCopy} disabled={!selected} title={t('log.copyTitle')} data-testid="log-copy">
        {t('log.copy')}
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
  const newestFirst = useWorkbench((s) => s.newestFirst);
  const { jumpToLatest } = useWorkbench.getState();
  const t = useT();
  return follow && rowsBelow === 0 ? (
    <span className="follow on" data-testid="log-follow" data-state="on" title={t('log.followingTitle')}>
      {t('log.following')}
    </span>
  ) : (
    <button type="button" className="follow" data-testid="log-jump-latest" data-state={follow ? 'catching-up' : 'paused'} data-below={rowsBelow} onClick={jumpToLatest} title={t('log.jumpTitle')}>
      {rowsBelow > 0 ? t(newestFirst ? 'log.moreAbove' : 'log.moreBelow', { n: rowsBelow }) : t('log.jumpToLatest')}
    </button>
  );
}
