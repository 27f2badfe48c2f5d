import type { ReconnectState } from '../../../shared/reconnect';
import type { ModemStatus } from '../../../shared/status';

type Client = ModemStatus['mqtt'][number];

/** A client whose link is down and that the last connect's settings can bring back. */
export const canReconnect = (c: Client | undefined): boolean => c?.state === 'closed' && Boolean(c.reconnect?.available);

/** Where automatic or manual reconnecting stands, in a few words (empty when there is nothing to say). */
export function reconnectText(r: ReconnectState | undefined): string {
  if (!r) return '';
  const of = r.attempt !== undefined ? ` ${r.attempt}${r.maxAttempts !== undefined ? ` of ${r.maxAttempts}` : ''}` : '';
  switch (r.phase) {
    case 'waiting':
      return `reconnect attempt${of} in ${Math.round((r.delayMs ?? 0) / 100) / 10} s`;
    case 'reconnecting':
      return `reconnecting${of ? ` (attempt${of})` : ''}…`;
    case 'gave-up':
      return r.note ?? 'gave up reconnecting';
    case 'stopped':
      return r.note ? `reconnect stopped: ${r.note}` : 'reconnect stopped';
    default:
      return '';
  }
}
