// The drawing order of a session's sequence diagram, shared by the Mermaid and SVG exporters:
// observed AT lines (solid, Host ↔ Modem), implied packets (dashed, Modem ↔ Server, spec §2.0),
// failures as notes. Pure.
import type { Exchange, ImpliedPacket, LogEntry } from '../../../shared/model';
import type { SessionModel } from '../../../shared/exchanges';

export type Lane = 'Host' | 'Modem' | 'Server';

export type DiagramStep =
  | { kind: 'arrow'; from: Lane; to: Lane; style: 'observed' | 'implied'; failed: boolean; uncertain: boolean; label: string; mono: number }
  | { kind: 'note'; over: [Lane, Lane]; text: string; failed: boolean }
  | { kind: 'group'; failed: boolean; title: string }
  | { kind: 'end' };

export interface StepOptions {
  /** Longest label kept; longer ones end in '…'. */
  maxLabel?: number;
}

/** Session → ordered drawing steps; each exchange is one group. */
export function diagramSteps(model: SessionModel, opts: StepOptions = {}): DiagramStep[] {
  const max = opts.maxLabel ?? 100;
  const t0 = model.entries[0]?.mono ?? model.exchanges[0]?.startedMono ?? 0;
  const out: DiagramStep[] = [];
  for (const x of model.exchanges) {
    const failed = isFailure(x);
    out.push({ kind: 'group', failed, title: groupTitle(x, t0) });
    const lines = x.entries.map((i) => model.entries[i]).filter((e): e is LogEntry => e !== undefined && e.kind !== 'echo');
    const resultAt = x.resultEntry === undefined ? lines.length : lines.findIndex((e) => e.index === x.resultEntry);
    const split = resultAt < 0 ? lines.length : resultAt;
    for (const e of lines.slice(0, split)) out.push(observed(e, x, max));
    for (const p of x.implied) out.push(implied(p, x.endedMono ?? x.startedMono, max));
    for (const e of lines.slice(split)) out.push(observed(e, x, max));
    if (failed) out.push({ kind: 'note', over: ['Host', 'Server'], text: clip(failureText(x), max * 2), failed: true });
    out.push({ kind: 'end' });
  }
  return out;
}

export function isFailure(x: Exchange): boolean {
  return x.outcome !== 'ok' && x.outcome !== 'pending';
}

function observed(e: LogEntry, x: Exchange, max: number): DiagramStep {
  const host = e.dir === 'tx';
  let label = e.text;
  if (e.index === x.resultEntry && x.kind === 'command') label += ` (+${formatMs(e.mono - x.startedMono)})`;
  return { kind: 'arrow', from: host ? 'Host' : 'Modem', to: host ? 'Modem' : 'Host', style: 'observed', failed: false, uncertain: false, label: clip(label, max), mono: e.mono };
}

function implied(p: ImpliedPacket, mono: number, max: number): DiagramStep {
  const label = `${p.failed ? '✗ ' : ''}${p.name}${p.detail ? ` (${p.detail})` : ''}${p.uncertain ? ' ?' : ''}`;
  const fromModem = p.from === 'modem';
  return {
    kind: 'arrow',
    from: fromModem ? 'Modem' : 'Server',
    to: fromModem ? 'Server' : 'Modem',
    style: 'implied',
    failed: p.failed === true,
    uncertain: p.uncertain === true,
    label: clip(label, max),
    mono,
  };
}

function groupTitle(x: Exchange, t0: number): string {
  const at = `t=${formatMs(x.startedMono - t0)}`;
  if (x.kind === 'power-up') return `${at} power-up`;
  if (x.kind === 'urc') return `${at} unsolicited${isFailure(x) ? ', failure' : ''}`;
  const took = x.endedMono !== undefined ? `, took ${formatMs(x.endedMono - x.startedMono)}` : '';
  return `${at} ${x.outcome}${took}`;
}

function failureText(x: Exchange): string {
  const p = x.problem;
  if (!p) return `${x.outcome}: ${x.result ?? x.command}`;
  return `${x.outcome}: ${p.title}. Next: ${p.nextStep}`;
}

/** 850 → '850 ms', 2600 → '2.6 s', 180000 → '180 s'. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s >= 100 ? Math.round(s) : Number(s.toFixed(s >= 10 ? 1 : 2))} s`;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
