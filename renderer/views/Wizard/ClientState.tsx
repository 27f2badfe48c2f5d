// The wizard's client as the modem has it now (the main side's state truth), so a re-run, a
// +QMTSTAT or a closed port shows here at the same moment as in the status bar and the topics.
import { useWorkbench } from '../../stores';

const WORDS: Record<string, string> = {
  closed: 'closed',
  opening: 'opening the network…',
  opened: 'network open, not connected',
  connecting: 'connecting…',
  connected: 'connected',
  disconnecting: 'disconnecting…',
};

/** The verdict line: the run's result, and whether it still holds for the client now. */
export function WizardVerdictText({ verdict, anyStepFailed }: { verdict: 'ready' | 'failed' | undefined; anyStepFailed: boolean }) {
  const idx = useWorkbench((s) => s.activeClient);
  const now = useWorkbench((s) => s.modemTruth.clients[idx]?.state);
  if (verdict === 'ready') return <>{now === 'connected' || now === undefined ? 'Connected: the modem is ready to subscribe and publish.' : `Was connected; client ${idx} is ${WORDS[now] ?? now} now — connect again.`}</>;
  if (verdict === 'failed') return <>{anyStepFailed ? 'Stopped at the failed step.' : 'Not started: correct the field named below.'}</>;
  return null;
}

export function WizardClientState() {
  const idx = useWorkbench((s) => s.activeClient);
  const truth = useWorkbench((s) => s.modemTruth);
  if (truth.port.state !== 'open' || !Number.isInteger(idx)) return null;
  const c = truth.clients[idx];
  const state = c?.state ?? 'closed';
  const subs = c?.subscriptions.length ?? 0;
  return (
    <div className="muted small" data-testid="wizard-client-state" data-state={state} data-subscriptions={subs}>
      Client {idx} now: {WORDS[state] ?? state}
      {c?.server && state !== 'closed' ? ` (${c.server})` : ''}
      {subs > 0 ? `, ${subs} subscription${subs === 1 ? '' : 's'}` : ''}
      {c?.refusedConnack !== undefined && state === 'opened' ? ` — CONNECT refused (CONNACK ${c.refusedConnack}); the server closes the network next` : ''}
    </div>
  );
}
