// Several ports at once: each port's task runs in parallel with its own session, and its verdict
// goes to the report as soon as it is known. The table and the summary are pure.
import { translator, type Translate } from '../../shared/i18n';
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

/** Columns a terminal gives the text: East Asian wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Where a port stopped, in words: a script line ("line 7") or the step's id as it is. */
export function atText(at: string | undefined, t: Translate): string {
  const m = /^line (\d+)$/.exec(at ?? '');
  return m ? t('cliRack.atLine', { line: m[1] }) : (at ?? '');
}

/** The verdicts as a text table: port, verdict, where, detail (headers and verdicts in `t`'s language). */
export function verdictTable(verdicts: readonly PortVerdict[], t: Translate = translator('en')): string {
  const head = [t('cliRack.colPort'), t('cliRack.colVerdict'), t('cliRack.colAt'), t('cliRack.colTime'), t('cliRack.colDetail')];
  const rows = [head, ...verdicts.map((v) => [v.port, v.ok ? t('cliRack.passed') : t('cliRack.failed'), atText(v.at, t), `${(v.durationMs / 1000).toFixed(1)}s`, v.detail ?? ''])];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))));
  const pad = (cell: string, c: number) => cell + ' '.repeat(Math.max(0, (widths[c] ?? 0) - displayWidth(cell)));
  return rows.map((r) => r.map((cell, c) => (c < 4 ? pad(cell, c) : cell)).join('  ').trimEnd()).join('\n') + '\n';
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
