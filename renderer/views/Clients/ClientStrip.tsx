// Which client is where, at a glance: one tab per MQTT client index 0–5 with its state as the
// modem has it (the main side's state truth) and whether its wizard is running. Choosing a tab
// shows that client in the wizard and the topics panel.
import { CLIENT_INDEXES } from '../../../shared/modem-state';
import { useWorkbench } from '../../stores';
import { clientRunning } from '../../stores/clients/selectors';

/** A client's state in a few letters (the tab is narrow in the sidebar) and in words. */
export const CLIENT_STATE_WORDS: Record<string, { short: string; long: string }> = {
  closed: { short: 'off', long: 'closed' },
  opening: { short: 'open…', long: 'opening the network' },
  opened: { short: 'open', long: 'network open, not connected' },
  connecting: { short: 'conn…', long: 'connecting' },
  connected: { short: 'up', long: 'connected' },
  disconnecting: { short: 'disc…', long: 'disconnecting' },
};

/** Client `idx`'s state as the modem has it ('closed' for a client never used). */
export const useClientState = (idx: number): string => useWorkbench((s) => s.modemTruth.clients[idx]?.state ?? 'closed');

function ClientTab({ idx, wide, testId }: { idx: number; wide: boolean; testId: string }) {
  const state = useClientState(idx);
  const server = useWorkbench((s) => s.modemTruth.clients[idx]?.server);
  const subs = useWorkbench((s) => s.modemTruth.clients[idx]?.subscriptions.length ?? 0);
  const running = useWorkbench((s) => clientRunning(s, idx));
  const active = useWorkbench((s) => s.activeClient === idx);
  // Closed by a drop or a refusal (a +QMTSTAT, a CONNACK) rather than never used or ended by hand.
  const problem = useWorkbench((s) => s.modemStatus.mqtt[idx]?.problem?.title);
  const failed = Boolean(problem) && (state === 'closed' || state === 'opened');
  const words = failed ? { short: 'failed', long: `${CLIENT_STATE_WORDS[state]?.long ?? state} (failed)` } : (CLIENT_STATE_WORDS[state] ?? { short: state, long: state });
  const about = `Client ${idx}: ${words.long}${failed ? ` — ${problem}` : ''}${server && state !== 'closed' ? ` (${server})` : ''}${subs ? `, ${subs} subscription${subs === 1 ? '' : 's'}` : ''}${running ? ' — wizard running' : ''}`;
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
      <span className="client-tab-state">{running ? 'run…' : wide ? words.long : words.short}</span>
      {wide && server && state !== 'closed' && <span className="client-tab-server mono">{server}</span>}
    </button>
  );
}

/** The six clients as tabs; `wide` spells the states out and names the servers. */
export function ClientStrip({ wide = false, testId = 'client-tab', label = 'MQTT client' }: { wide?: boolean; testId?: string; label?: string }) {
  return (
    <div className={`client-strip${wide ? ' wide' : ''}`} role="tablist" aria-label={label} data-testid={`${testId}s`}>
      {CLIENT_INDEXES.map((idx) => (
        <ClientTab key={idx} idx={idx} wide={wide} testId={testId} />
      ))}
    </div>
  );
}
