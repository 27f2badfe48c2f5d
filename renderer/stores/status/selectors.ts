import type { ReconnectState } from '../../../shared/reconnect';
import type { ModemStatus } from '../../../shared/status';
import { t } from '../../i18n';

type Client = ModemStatus['mqtt'][number];

/** A client whose link is down and that the last connect's settings can bring back. */
export const canReconnect = (c: Client | undefined): boolean => c?.state === 'closed' && Boolean(c.reconnect?.available);

/** Where automatic or manual reconnecting stands, in a few words (empty when there is nothing to say). */
export function reconnectText(r: ReconnectState | undefined): string {
  if (!r) return '';
  const n = r.attempt;
  const max = r.maxAttempts;
  switch (r.phase) {
    case 'waiting': {
      const secs = Math.round((r.delayMs ?? 0) / 100) / 10;
      if (n === undefined) return t('status.waiting', { secs });
      return max !== undefined ? t('status.waitingNofMax', { n, max, secs }) : t('status.waitingN', { n, secs });
    }
    case 'reconnecting':
      if (n === undefined) return t('status.reconnecting');
      return max !== undefined ? t('status.reconnectingNofMax', { n, max }) : t('status.reconnectingN', { n });
    case 'gave-up':
      return r.note ?? t('status.gaveUp');
    case 'stopped':
      return r.note ? t('status.stoppedNote', { note: r.note }) : t('status.stopped');
    default:
      return '';
  }
}
