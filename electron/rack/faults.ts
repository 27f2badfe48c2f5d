// Faults a rack's Virtual EC20s can be started with, as the app's Rack tab offers them
// (shared/rack.ts RACK_FAULTS): on the command line `--fault KIND` for every virtual port, or
// `--fault LABEL=KIND` for one of them, LABEL as the table names it (virtual#2). Pure.
import { RACK_FAULTS, type RackFault } from '../../shared/rack';
import type { Fault } from '../simulator/faults';

/** What each rack fault injects into the Virtual EC20 before the run. */
export const RACK_FAULT_INJECTIONS: Record<RackFault, Fault> = {
  'sim-missing': { kind: 'sim-missing', on: true },
  'no-network': { kind: 'no-network', on: true },
  'pdp-fails': { kind: 'pdp-fails', on: true },
  'connack-refused': { kind: 'connack-refused', code: 4 },
};

export const isRackFault = (s: string): s is RackFault => (RACK_FAULTS as readonly string[]).includes(s);

/**
 * The --fault words → the faults of each port (by index, with the port's label); a usage message
 * when a word names an unknown fault or label, or a port that is not virtual. `extra` are more
 * kinds a command accepts besides the rack's (bringup's "broker-unreachable").
 */
export function faultsByPort(words: readonly string[], ports: readonly string[], labels: readonly string[], extra: readonly string[] = []): Array<Array<RackFault | string>> | string {
  const out: Array<Array<RackFault | string>> = ports.map(() => []);
  const kinds = [...RACK_FAULTS, ...extra];
  for (const w of words) {
    const eq = w.lastIndexOf('=');
    const label = eq > 0 ? w.slice(0, eq) : undefined;
    const kind = eq > 0 ? w.slice(eq + 1) : w;
    if (!kinds.includes(kind)) return `unknown fault "${kind}" (one of ${kinds.join(', ')})`;
    if (label === undefined) {
      if (!ports.includes('virtual')) return '--fault only works with --port virtual';
      ports.forEach((p, i) => p === 'virtual' && out[i]!.push(kind));
      continue;
    }
    const i = labels.indexOf(label);
    if (i < 0) return `--fault ${w}: no port ${label} (the ports are ${labels.join(', ')})`;
    if (ports[i] !== 'virtual') return `--fault ${w}: ${label} is not a Virtual EC20 (a real modem cannot be told to fail)`;
    out[i]!.push(kind);
  }
  return out;
}
