// What the journal benchmarks share: the day-long session they open (the §5.1 session repeated, as
// the app's writer journals it), the baseline they measure it against (the file streamed and every
// line parsed as JSON: what any reader must at least do), and the machine's load for their notes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { JournalRecord } from '../shared/model';
import { successSession } from '../electron/session/fixtures';
import type { Journal } from '../electron/session/journal';
import { buildJournal } from '../electron/session/transcript';

/** Milliseconds between two repeats of the session. */
const SPAN_MS = 6_000;

/** One §5.1 session (power-up lines left out) and its line events. */
export function daySession(): { one: JournalRecord[]; linesPer: number } {
  const one = buildJournal(successSession.filter((s) => !('urc' in s && (s.urc === 'RDY' || s.urc.startsWith('+CPIN')))));
  return { one, linesPer: one.filter((r) => 'event' in r && r.event.type === 'line').length };
}

/** Writes `one` `repeats` times into `journal`, each repeat SPAN_MS later (the journal is left open). */
export function writeRepeats(journal: Journal, one: readonly JournalRecord[], repeats: number): void {
  for (let k = 0; k < repeats; k++) {
    for (const r of one) {
      const { seq: _seq, ...entry } = { ...r, mono: r.mono + k * SPAN_MS, wall: r.wall + k * SPAN_MS } as JournalRecord;
      journal.write(entry as Parameters<typeof journal.write>[0]);
    }
  }
}

/** The baseline: the file streamed and every line parsed as JSON. */
export async function parseEachLine(file: string): Promise<number> {
  let n = 0;
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) if (l && JSON.parse(l)) n++;
  }
  if (rest && JSON.parse(rest)) n++;
  return n;
}

/** `uptime`'s line (the load over 1, 5 and 15 minutes), or the load averages where it is missing. */
export function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
}
