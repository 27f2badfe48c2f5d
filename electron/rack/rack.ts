// Several ports at once: each port's task runs in parallel with its own session, and its verdict
// goes to the report as soon as it is known. The table and the summary are pure.
import type { RackPortVerdict } from '../../shared/rack';
import type { ReportSink } from './report';

/** One port's result, as printed in the table, given as --json and sent to the report. */
export type PortVerdict = RackPortVerdict;

export interface RackSummary {
  summary: true;
  command: string;
  ports: number;
  passed: number;
  failed: number;
  durationMs: number;
}

/** Ports matching a glob ("/dev/ttyUSB*"), else the word itself; "virtual" stays a word. */
export async function expandPorts(words: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) {
    if (!/[*?]/.test(w)) {
      out.push(w);
      continue;
    }
    // Wildcards in the last part of the path only (/dev/ttyUSB*, COM*): what racks need.
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.dirname(w);
    const re = new RegExp(`^${path.basename(w).replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    const found = names.filter((n) => re.test(n)).map((n) => path.join(dir, n));
    out.push(...found.sort());
  }
  return out;
}

/**
 * Runs `task` for every port at once; `report` (if any) gets each verdict when it is known and
 * the summary last. A report that fails does not stop the others; its error is returned.
 */
export async function runRack(command: string, ports: readonly string[], task: (port: string, index: number) => Promise<PortVerdict>, report?: ReportSink): Promise<{ verdicts: PortVerdict[]; summary: RackSummary; reportError?: Error }> {
  const t0 = performance.now();
  let reportError: Error | undefined;
  const send = async (r: Record<string, unknown>) => {
    try {
      await report?.send(r);
    } catch (err) {
      reportError ??= err instanceof Error ? err : new Error(String(err));
    }
  };
  const verdicts = await Promise.all(
    ports.map(async (port, i) => {
      const v = { ...(await task(port, i)) };
      v.durationMs = Math.round(v.durationMs);
      await send({ kind: 'port', command, ...v });
      return v;
    }),
  );
  const passed = verdicts.filter((v) => v.ok).length;
  const summary: RackSummary = { summary: true, command, ports: verdicts.length, passed, failed: verdicts.length - passed, durationMs: Math.round(performance.now() - t0) };
  await send({ kind: 'summary', ...summary });
  return { verdicts, summary, ...(reportError ? { reportError } : {}) };
}

/** The rack's exit code: the port problem (3) wins over a failed check (1). */
export function rackExitCode(verdicts: readonly PortVerdict[]): number {
  if (verdicts.some((v) => v.exitCode === 3)) return 3;
  return verdicts.some((v) => v.exitCode !== 0) ? 1 : 0;
}

/** The verdicts as a text table: port, verdict, where, detail. */
export function verdictTable(verdicts: readonly PortVerdict[]): string {
  const rows = [['PORT', 'VERDICT', 'AT', 'TIME', 'DETAIL'], ...verdicts.map((v) => [v.port, v.ok ? 'PASSED' : 'FAILED', v.at ?? '', `${(v.durationMs / 1000).toFixed(1)}s`, v.detail ?? ''])];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c < 4 ? cell.padEnd(widths[c] ?? 0) : cell)).join('  ').trimEnd()).join('\n') + '\n';
}

/** Distinct labels for the progress lines: the same port word twice ("virtual") gets a number. */
export function portLabels(ports: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const p of ports) count.set(p, (count.get(p) ?? 0) + 1);
  const seen = new Map<string, number>();
  return ports.map((p) => {
    if ((count.get(p) ?? 0) < 2) return p;
    const n = (seen.get(p) ?? 0) + 1;
    seen.set(p, n);
    return `${p}#${n}`;
  });
}
