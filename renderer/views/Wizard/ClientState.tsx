// The wizard's client as the modem has it now (the main side's state truth), so a re-run, a
// +QMTSTAT or a closed port shows here at the same moment as in the status bar and the topics.
import type { Translate } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';

/** A client's state in words ('network open, not connected'); an unknown state as it is. */
function stateWords(state: string, t: Translate): string {
  switch (state) {
    case 'closed': return t('wizard.stateClosed');
    case 'opening': return t('wizard.stateOpening');
    case 'opened': return t('wizard.stateOpened');
    case 'connecting': return t('wizard.stateConnecting');
    case 'connected': return t('wizard.stateConnected');
    case 'disconnecting': return t('wizard.stateDisconnecting');
    default: return state;
  }
}

/** The verdict line: the run's result, and whether it still holds for the client now. */
export function WizardVerdictText({ verdict, anyStepFailed }: { verdict: 'ready' | 'failed' | undefined; anyStepFailed: boolean }) {
  const t = useT();
  const idx = useWorkbench((s) => s.activeClient);
  const now = useWorkbench((s) => s.modemTruth.clients[idx]?.state);
  if (verdict === 'ready') return <>{now === 'connected' || now === undefined ? t('wizard.verdictReady') : t('wizard.verdictWasConnected', { idx, state: stateWords(now, t) })}</>;
  if (verdict === 'failed') return <>{anyStepFailed ? t('wizard.verdictStopped') : t('wizard.verdictNotStarted')}</>;
  return null;
}

export function WizardClientState() {
  const t = useT();
  const idx = useWorkbench((s) => s.activeClient);
  const truth = useWorkbench((s) => s.modemTruth);
  if (truth.port.state !== 'open' || !Number.isInteger(idx)) return null;
  const c = truth.clients[idx];
  const state = c?.state ?? 'closed';
  const subs = c?.subscriptions.length ?? 0;
  return (
    <div className="muted small" data-testid="wizard-client-state" data-state={state} data-subscriptions={subs}>
      {t('wizard.clientNow', { idx, state: stateWords(state, t) })}
      {c?.server && state !== 'closed' ? t('wizard.clientNowServer', { server: c.server }) : ''}
      {subs > 0 ? t('wizard.clientNowSubscriptions', { count: subs }) : ''}
      {c?.refusedConnack !== undefined && state === 'opened' ? t('wizard.clientNowRefused', { code: c.refusedConnack }) : ''}
    </div>
  );
}
