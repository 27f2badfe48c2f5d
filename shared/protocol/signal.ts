// Signal strength: +CSQ's <rssi> in dBm and in words (protocol.md §4.2). Pure.

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

// The words for a level are shared/signal-quality.ts's (its RSSI rule under its old name here).
export { rssiQuality as qualityOf, type SignalQuality } from '../signal-quality';
