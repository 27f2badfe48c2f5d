// The long fuzz run: the properties of the fast slice (test-support/fuzz-properties.ts) with
// 10⁶ cases in total, split evenly between the framer, the journal reader, the explainer, the
// exchange grouper and the bridge's WebSocket message handling (a real bridge on 127.0.0.1).
// Each is reported in cases per second against a baseline measured in the same run on the same
// inputs: JSON.parse of their JSON form (what merely reading the case costs). A broken property
// ends the run with exit code 1 and its counterexample (shrunk when fast-check can reproduce it).
// Run: FUZZ_RUNS=1000000 FUZZ_SEED=42 npx tsx bench/fuzz.bench.ts
import fc from 'fast-check';
import { figure } from './figures';
import { bridgeMessage, openBridgeHarness, syncProperties, type BridgeMessage, type FuzzProperty } from '../test-support/fuzz-properties';

const total = Number(process.env.FUZZ_RUNS ?? 1_000_000);
if (!(Number.isInteger(total) && total > 0)) throw new TypeError('FUZZ_RUNS must be a positive integer');
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Inputs are drawn and checked in batches, so a long run holds only one batch in memory. */
const BATCH = 2_000;
const properties = syncProperties.length + 1;
const perProperty = Math.ceil(total / properties);

/** A case as JSON text (bytes as base64): the baseline parses it back. */
const asJson = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)) ?? 'null';
const show = (x: unknown): string => {
  const s = asJson(x);
  return s.length > 4_000 ? `${s.slice(0, 4_000)}… (${s.length} characters)` : s;
};

interface Figures {
  name: string;
  cases: number;
  ms: number;
  baselineMs: number;
}

class PropertyBroke extends Error {
  constructor(
    readonly property: string,
    readonly input: unknown,
    override readonly cause: unknown,
    readonly batchSeed: number,
  ) {
    super(`${property} broke`);
  }
}

function baseline(jsons: readonly string[]): number {
  const t0 = performance.now();
  let n = 0;
  for (const j of jsons) n += JSON.parse(j) === undefined ? 0 : 1;
  if (n < 0) console.log(n); // keeps the loop from being optimised away
  return performance.now() - t0;
}

function runSync<T>(p: FuzzProperty<T>, cases: number): Figures {
  const f: Figures = { name: p.name, cases: 0, ms: 0, baselineMs: 0 };
  for (let b = 0; f.cases < cases; b++) {
    const batchSeed = seed + b;
    const inputs = fc.sample(p.arbitrary, { numRuns: Math.min(BATCH, cases - f.cases), seed: batchSeed });
    const jsons = inputs.map(asJson);
    const t0 = performance.now();
    for (const x of inputs) {
      try {
        p.check(x);
      } catch (err) {
        throw new PropertyBroke(p.name, x, err, batchSeed);
      }
    }
    f.ms += performance.now() - t0;
    f.baselineMs += baseline(jsons);
    f.cases += inputs.length;
  }
  return f;
}

async function runBridge(cases: number): Promise<Figures> {
  const h = await openBridgeHarness();
  const arb = fc.array(bridgeMessage, { minLength: 1, maxLength: 6 });
  const f: Figures = { name: 'bridge messages', cases: 0, ms: 0, baselineMs: 0 };
  let answered = 0;
  try {
    for (let b = 0; f.cases < cases; b++) {
      const batchSeed = seed + b;
      const inputs: BridgeMessage[][] = fc.sample(arb, { numRuns: Math.min(BATCH, cases - f.cases), seed: batchSeed });
      const jsons = inputs.map(asJson);
      const t0 = performance.now();
      for (const x of inputs) {
        try {
          answered += await h.exchange(x);
        } catch (err) {
          throw new PropertyBroke(f.name, x, err, batchSeed);
        }
      }
      f.ms += performance.now() - t0;
      f.baselineMs += baseline(jsons);
      f.cases += inputs.length;
    }
  } finally {
    await h.close();
  }
  console.log(`  bridge: ${answered} well-formed requests answered with a typed outcome, ${h.bridge.refusals()} refusals`);
  return f;
}

/** Shrinks a failure when fast-check reproduces it from the batch's seed. */
function shrunk(e: PropertyBroke): string | undefined {
  const p = syncProperties.find((q) => q.name === e.property) as FuzzProperty<unknown> | undefined;
  if (!p) return undefined;
  const r = fc.check(fc.property(p.arbitrary, (x) => p.check(x)), { seed: e.batchSeed, numRuns: BATCH });
  return r.failed ? show(r.counterexample?.[0]) : undefined;
}

const rate = (n: number, ms: number) => (ms > 0 ? Math.round((n * 1000) / ms) : Infinity);

async function main(): Promise<number> {
  console.log(`fuzz: ${perProperty * properties} cases (${perProperty} per property), seed ${seed}`);
  const results: Figures[] = [];
  try {
    for (const p of syncProperties) {
      results.push(runSync(p as FuzzProperty<unknown>, perProperty));
      console.log(`  ${p.name}: ${perProperty} cases passed`);
    }
    results.push(await runBridge(perProperty));
  } catch (err) {
    if (!(err instanceof PropertyBroke)) throw err;
    console.error(`\nFAILED: the ${err.property} property broke (seed ${err.batchSeed}).`);
    console.error(`  counterexample: ${show(err.input)}`);
    const small = shrunk(err);
    if (small) console.error(`  shrunk: ${small}`);
    console.error(`  reason: ${err.cause instanceof Error ? err.cause.message : String(err.cause)}`);
    return 1;
  }
  console.log('\nproperty            cases   cases/s   baseline cases/s (JSON.parse)   cost vs baseline');
  for (const r of results) {
    const a = rate(r.cases, r.ms);
    const b = rate(r.cases, r.baselineMs);
    console.log(`${r.name.padEnd(18)} ${String(r.cases).padStart(7)} ${String(a).padStart(9)}   ${String(b).padStart(28)}   ${(r.ms / Math.max(r.baselineMs, 1e-6)).toFixed(1).padStart(14)}×`);
  }
  const cases = results.reduce((n, r) => n + r.cases, 0);
  figure({ bench: 'fuzz', name: `fuzz cases passed (${results.length} properties)`, value: `${cases}`, goal: 'no property broken', met: true, note: `seed ${seed}` });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
