// One figure of a benchmark, with the goal it is held to: each bench prints its own detail and
// calls figure() for the numbers that count; bench/run-all.sh gathers these lines from every
// bench and prints them as one table (bench/table.ts). A figure line is '@@figure ' + JSON.

export interface Figure {
  /** Which benchmark measured it (the file's short name). */
  bench: string;
  /** What was measured, e.g. 'framer / line split'. */
  name: string;
  /** The figure as shown, with its unit ('0.56×', '812 ms'). */
  value: string;
  /** The goal in words ('≥ 0.5×'); empty when the figure is context, not a goal. */
  goal?: string;
  /** Whether the goal is met; undefined for context figures. */
  met?: boolean;
  /** The baseline or the load the figure was measured against, in words. */
  note?: string;
}

export const FIGURE_PREFIX = '@@figure ';

export function figure(f: Figure): void {
  console.log(FIGURE_PREFIX + JSON.stringify(f));
}

/** A ratio as shown in the table: two decimals and '×'. */
export const times = (r: number): string => `${r.toFixed(2)}×`;

/** The 1-minute load average and the core count, for the figures' notes. */
export async function loadNote(): Promise<string> {
  const os = await import('node:os');
  return `load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
}
