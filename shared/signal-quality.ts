// A signal's quality in one word: the one classification of a reading (RSSI from AT+CSQ by the
// field rule of thumb, LTE RSRP from AT+QCSQ by its own thresholds; protocol.md §4.2 gives dBm,
// no words) and the one set of words for it (shared/i18n/messages/signalQuality.ts), which the
// wizard's signal step, the status bar and the catalogue's readings all say. Pure.
import type { Translate } from './i18n';

export const SIGNAL_QUALITIES = ['excellent', 'good', 'fair', 'poor', 'none', 'unknown'] as const;
export type SignalQuality = (typeof SIGNAL_QUALITIES)[number];

/** RSSI in dBm (AT+CSQ, or AT+QCSQ without RSRP) in a word; undefined when the modem gave no level. */
export function rssiQuality(dbm: number | undefined): SignalQuality {
  if (dbm === undefined) return 'unknown';
  if (dbm > -70) return 'excellent';
  if (dbm >= -85) return 'good';
  if (dbm >= -100) return 'fair';
  if (dbm > -113) return 'poor';
  return 'none';
}

/** LTE RSRP in dBm in a word. RSRP sits about 20–30 dB under RSSI: the RSSI words would call a good RSRP poor. */
export function rsrpQuality(rsrp: number): Extract<SignalQuality, 'excellent' | 'good' | 'fair' | 'poor'> {
  if (rsrp >= -80) return 'excellent';
  if (rsrp >= -90) return 'good';
  if (rsrp >= -100) return 'fair';
  return 'poor';
}

/** The word for a quality in the reader's language; a word this set does not know is kept as it is. */
export function signalQualityWord(quality: string, t: Translate): string {
  switch (quality) {
    case 'excellent': return t('signalQuality.excellent');
    case 'good': return t('signalQuality.good');
    case 'fair': return t('signalQuality.fair');
    case 'poor': return t('signalQuality.poor');
    case 'none': return t('signalQuality.none');
    case 'unknown': return t('signalQuality.unknown');
    default: return quality;
  }
}
