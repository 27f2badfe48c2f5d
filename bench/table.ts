// Prints the figures the benchmarks reported (lines '@@figure {…}' in their output, bench/figures.ts)
// as one table, each beside its goal. Run by bench/run-all.sh: npx tsx bench/table.ts <output file>
import fs from 'node:fs';
import os from 'node:os';
import { FIGURE_PREFIX, type Figure } from './figures';

const file = process.argv[2];
if (!file) throw new Error('usage: tsx bench/table.ts <bench output file>');
const figures: Figure[] = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.startsWith(FIGURE_PREFIX))
  .map((l) => JSON.parse(l.slice(FIGURE_PREFIX.length)) as Figure);

const verdict = (f: Figure) => (f.met === undefined ? '' : f.met ? 'goal met' : 'NOT MET');
const cols: [string, (f: Figure) => string][] = [
  ['bench', (f) => f.bench],
  ['figure', (f) => f.name],
  ['value', (f) => f.value],
  ['goal', (f) => f.goal ?? ''],
  ['', verdict],
  ['measured against', (f) => f.note ?? ''],
];
const widths = cols.map(([h, get]) => Math.max(h.length, ...figures.map((f) => get(f).length)));
const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(`\n══ all figures (${figures.length}); load average now ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
console.log(row(cols.map(([h]) => h)));
console.log(row(widths.map((w) => '─'.repeat(w))));
for (const f of figures) console.log(row(cols.map(([, get]) => get(f))));
const goals = figures.filter((f) => f.met !== undefined);
console.log(`\n${goals.filter((f) => f.met).length} of ${goals.length} goals met`);
