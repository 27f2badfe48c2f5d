// Builds journal records from a readable transcript, shaped as the AT engine writes them:
// raw bytes first, then the structured events (command-started, line, urc, command-ended).
// Used for golden transcripts and to write sample journals.
import type { AtOutcome, JournalRecord } from '../../shared/model';

export type Step =
  /** Host sends a command; the modem answers with `lines` then `final` (default OK). */
  | { at: number; send: string; lines?: string[]; final?: string | null; payload?: string; fixedLength?: boolean; tookMs?: number }
  /** The modem emits an unsolicited line. */
  | { at: number; urc: string }
  /** The port went away. */
  | { at: number; portClosed: true };

const WALL0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Transcript → journal records, with monotonic times in ms from `at` and wall = a fixed epoch + at. */
export function buildJournal(steps: readonly Step[]): JournalRecord[] {
  const out: JournalRecord[] = [];
  let id = 1;
  const rec = (mono: number, body: Record<string, unknown>) => {
    out.push({ seq: out.length, mono, wall: WALL0 + Math.round(mono), ...body } as JournalRecord);
  };
  for (const step of steps) {
    const t = step.at;
    if ('urc' in step) {
      rec(t, { dir: 'rx', bytes: b64(`\r\n${step.urc}\r\n`) });
      rec(t, { event: { type: 'line', dir: 'rx', kind: 'urc', text: step.urc, at: { mono: t, wall: WALL0 + t } } });
      rec(t, { event: { type: 'urc', name: step.urc.replace(/^\+/, '').split(':')[0], text: step.urc, at: { mono: t, wall: WALL0 + t } } });
      continue;
    }
    if ('portClosed' in step) {
      rec(t, { event: { type: 'port-closed', reason: { kind: 'unplugged', detail: 'device gone' }, at: { mono: t, wall: WALL0 + t } } });
      continue;
    }
    const cid = id++;
    const took = step.tookMs ?? 20;
    const at = (dt: number) => ({ mono: t + dt, wall: WALL0 + t + dt });
    rec(t, { event: { type: 'command-started', id: cid, command: step.send, at: at(0) } });
    rec(t, { dir: 'tx', bytes: b64(`${step.send}\r`) });
    rec(t, { event: { type: 'line', dir: 'tx', kind: 'command', text: step.send, commandId: cid, at: at(0) } });
    if (step.payload !== undefined) {
      rec(t + 5, { dir: 'rx', bytes: b64('\r\n> ') });
      rec(t + 5, { event: { type: 'line', dir: 'rx', kind: 'prompt', text: '> ', commandId: cid, at: at(5) } });
      // Fixed-length forms take exactly the bytes; the others end with Ctrl+Z (protocol.md §2.8, §2.9).
      const end = step.fixedLength ? '' : '\x1a';
      rec(t + 6, { dir: 'tx', bytes: b64(`${step.payload}${end}`) });
      rec(t + 6, { event: { type: 'line', dir: 'tx', kind: 'raw', text: `${step.payload}${end ? '<SUB>' : ''}`, commandId: cid, at: at(6) } });
    }
    const lines = step.lines ?? [];
    for (const l of lines) {
      rec(t + took / 2, { dir: 'rx', bytes: b64(`\r\n${l}\r\n`) });
      rec(t + took / 2, { event: { type: 'line', dir: 'rx', kind: 'response', text: l, commandId: cid, at: at(took / 2) } });
    }
    let outcome: AtOutcome;
    if (step.final === null) {
      outcome = {
        kind: 'timeout',
        lines,
        afterMs: took,
        problem: { code: 'at.timeout', title: 'The modem did not answer', detail: step.send, nextStep: 'Check the port.' },
      };
    } else {
      const final = step.final ?? 'OK';
      rec(t + took, { dir: 'rx', bytes: b64(`\r\n${final}\r\n`) });
      rec(t + took, { event: { type: 'line', dir: 'rx', kind: 'final', text: final, commandId: cid, at: at(took) } });
      outcome =
        final === 'OK'
          ? { kind: 'ok', lines, final }
          : { kind: 'modem-error', lines, final, problem: { code: 'at.error', title: 'The modem refused the command', detail: final, nextStep: 'Check the syntax.' } };
    }
    rec(t + took, { event: { type: 'command-ended', id: cid, command: step.send, outcome, at: at(took) } });
  }
  return out;
}

/** Records → JSONL text, one record per line. */
export function toJsonl(records: readonly JournalRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
