// The words of a port row, from the catalogue: literal keys per state, so the key check sees them.
import type { PortSessionRow, PortSessionState } from '../../../shared/ports';
import type { MqttClientState } from '../../../shared/status';
import type { Translate } from '../../../shared/i18n';
import { BRINGUP_STEP_IDS, bringupStepTitle, type BringupStepId } from '../../../shared/bringup';

export function portStateWord(t: Translate, state: PortSessionState): string {
  const words: Record<PortSessionState, string> = { opening: t('rack.stateOpening'), open: t('rack.stateOpen'), closed: t('rack.stateClosed'), lost: t('rack.stateLost') };
  return words[state];
}

export function mqttWord(t: Translate, state: MqttClientState): string {
  const words: Record<MqttClientState, string> = {
    closed: t('rack.mqttClosed'),
    opening: t('rack.mqttOpening'),
    opened: t('rack.mqttOpened'),
    connecting: t('rack.mqttConnecting'),
    connected: t('rack.mqttConnected'),
    disconnecting: t('rack.mqttDisconnecting'),
  };
  return words[state];
}

/** '-71 dBm', or the CSQ value when the modem gave no dBm. */
export function signalText(t: Translate, signal: PortSessionRow['signal']): string | undefined {
  if (!signal) return undefined;
  return signal.dbm !== undefined ? t('rack.dbm', { dbm: signal.dbm }) : t('rack.csq', { rssi: signal.rssi });
}

const stepName = (step: string | undefined): string | undefined => ((BRINGUP_STEP_IDS as readonly string[]).includes(step ?? '') ? bringupStepTitle(step as BringupStepId) : step);

export function bringupText(t: Translate, b: PortSessionRow['bringup']): string | undefined {
  if (!b) return undefined;
  const step = stepName(b.step);
  if (b.state === 'passed') return t('rack.bringupPassed');
  if (b.state === 'failed') return t('rack.bringupFailed', { step: step ?? '—' });
  return step ? t('rack.bringupRunning', { step }) : t('rack.bringupRunningNoStep');
}

/** The row's name: a Virtual EC20's in the reader's language ('Virtual EC20 #2'), a device path as it is. */
export function portLabel(t: Translate, row: Pick<PortSessionRow, 'label' | 'virtual'>): string {
  const m = row.virtual ? /^Virtual EC20(?: #(\d+))?$/.exec(row.label) : null;
  if (!m) return row.label;
  return m[1] ? t('rack.virtualNumbered', { n: Number(m[1]) }) : t('rack.virtualEc20');
}
