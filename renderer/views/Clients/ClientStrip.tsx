// Which client is where, at a glance: one tab per MQTT client index 0–5 with its state as the
// modem has it (the main side's state truth) and whether its wizard is running. Choosing a tab
// shows that client in the wizard and the topics panel.
import { CLIENT_INDEXES } from '../../../shared/modem-state';
import type { Translate } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { clientRunning } from '../../stores/clients/selectors';

/** A client's state in a few letters (the tab is narrow in the sidebar) and in words. */
export function clientStateWords(state: string, t: Translate): { short: string; long: string } {
  switch (state) {
    case 'closed': return { short: t('status.shortClosed'), long: t('status.longClosed') };
    case 'opening': return { short: t('status.shortOpening'), long: t('status.longOpening') };
    case 'opened': return { short: t('status.shortOpened'), long: t('status.longOpened') };
    case 'connecting': return { short: t('status.shortConnecting'), long: t('status.longConnecting') };
    case 'connected': return { short: t('status.shortConnected'), long: t('status.longConnected') };
    case 'disconnecting': return { short: t('status.shortDisconnecting'), long: t('status.longDisconnecting') };
    default: return { short: state, long: state };
  }
}

/** Client `idx`'s state as the modem has it ('closed' for a client never used). */
export const useClientState = (idx: number): string => useWorkbench((s) => s.modemTruth.clients[idx]?.state ?? 'closed');

function ClientTab({ idx, wide, testId }: { idx: number; wide: boolean; testId: string }) {
  const t = useT();
  const state = useClientState(idx);
  const server = useWorkbench((s) => s.modemTruth.clients[idx]?.server);
  const subs = useWorkbench((s) => s.modemTruth.clients[idx]?.subscriptions.length ?? 0);
  const running = useWorkbench((s) => clientRunning(s, idx));
  const active = useWorkbench((s) => s.activeClient === idx);
  // Closed by a drop or a refusal (a +QMTSTAT, a CONNACK) rather than never used or ended by hand.
  const problem = useWorkbench((s) => s.modemStatus.mqtt[idx]?.problem?.title);
  const failed = Boolean(problem) && (state === 'closed' || state === 'opened');
  const plain = clientStateWords(state, t);
  const words = failed ? { short: t('status.shortFailed'), long: t('status.longFailed', { state: plain.long }) } : plain;
  const about = [
    t('status.clientAbout', { idx, state: words.long }),
    failed ? t('status.aboutProblem', { problem }) : '',
    server && state !== 'closed' ? t('status.aboutServer', { server }) : '',
    subs ? t('status.aboutSubscriptions', { count: subs }) : '',
    running ? t('status.aboutRunning') : '',
  ].join('');
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      aria-label={about}
      title={about}
      className={`client-tab state-${state}${active ? ' active' : ''}`}
      data-testid={`${testId}-${idx}`}
      data-state={state}
      data-running={running ? 'true' : undefined}
      data-failed={failed ? 'true' : undefined}
      onClick={() => useWorkbench.getState().selectClient(idx)}
    >
      <span className="client-tab-idx">{idx}</span>
      <span className={`client-dot state-${failed ? 'failed' : state}`} aria-hidden />
      <span className="client-tab-state">{running ? t('status.shortRunning') : wide ? words.long : words.short}</span>
      {wide && server && state !== 'closed' && <span className="client-tab-server mono">{server}</span>}
    </button>
  );
}

/** The six clients as tabs; `wide` spells the states out and names the servers. */
export function ClientStrip({ wide = false, testId = 'client-tab', label }: { wide?: boolean; testId?: string; label?: string }) {
  const t = useT();
  return (
    <div className={`client-strip${wide ? ' wide' : ''}`} role="tablist" aria-label={label ?? t('status.clientTabs')} data-testid={`${testId}s`}>
      {CLIENT_INDEXES.map((idx) => (
        <ClientTab key={idx} idx={idx} wide={wide} testId={testId} />
      ))}
    </div>
  );
}
