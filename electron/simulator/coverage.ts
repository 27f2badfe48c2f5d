// What the virtual modem implements, for the docs and for anyone asking "does the simulator do X?".
// Derived from the command tables, so it cannot drift from them.
import { commandTable } from './interpreter';

/** Basic V.250 commands handled in interpreter.ts. */
export const basicCommands = ['AT', 'ATE0', 'ATE1', 'ATI', 'AT&V', 'ATZ', 'AT&F', 'ATV1', 'ATQ0'] as const;

export interface CoverageRow {
  command: string;
  forms: ('test' | 'read' | 'write' | 'exec')[];
}

/** One row per extended command: AT+NAME and the forms (=?, ?, =…, bare) it answers. */
export function coverage(): CoverageRow[] {
  return Object.entries(commandTable)
    .map(([name, f]) => ({
      command: `AT+${name}`,
      forms: (['test', 'read', 'write', 'exec'] as const).filter((k) => f[k] !== undefined),
    }))
    .sort((a, b) => a.command.localeCompare(b.command));
}
