// Signal strength: +CSQ's <rssi> in dBm and in words (protocol.md §4.2). Pure.

export type SignalQuality = 'excellent' | 'good' | 'fair' | 'poor' | 'none' | 'unknown';

/** rssi → dBm per the 27.007 / TD-SCDMA tables of protocol.md §4.2. */
export function rssiToDbm(rssi: number): { dbm?: number; bound?: 'or-less' | 'or-more' } {
  if (rssi === 0) return { dbm: -113, bound: 'or-less' };
  if (rssi >= 1 && rssi <= 30) return { dbm: -113 + 2 * rssi };
  if (rssi === 31) return { dbm: -51, bound: 'or-more' };
  if (rssi === 100) return { dbm: -116, bound: 'or-less' };
  if (rssi > 100 && rssi < 191) return { dbm: rssi - 216 };
  if (rssi === 191) return { dbm: -25, bound: 'or-more' };
  return {};
}

// Common field rule of thumb for RSSI; the reference gives no words, only dBm.
export function qualityOf(dbm: number | undefined): SignalQuality {
  if (dbm === undefined) return 'unknown';
  if (dbm > -70) return 'excellent';
  if (dbm >= -85) return 'good';
  if (dbm >= -100) return 'fair';
  if (dbm > -113) return 'poor';
  return 'none';
}
