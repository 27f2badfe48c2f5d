// Prints the line CI reads, `N passed, N failed, N skipped`, summed over the Vitest and
// Playwright JSON reports. A missing report counts as a failure.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.error(`missing test report ${file}`);
    failed++;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A file that fails to load has no tests in it: count it, or CI would stay green.
    failed += (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  } else if (report.stats) {
    // A test that failed and then passed on its one CI retry counts as passed, and is named on a
    // line of its own so it is looked at, not forgotten.
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    failed += (report.errors ?? []).length;
    if (report.stats.flaky) console.log(`flaky (failed, then passed on retry): ${flakyTitles(report).join('; ')}`);
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);

/** Titles of Playwright tests whose outcome was 'flaky'. */
function flakyTitles(report) {
  const out = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) if (t.status === 'flaky') out.push([...path, spec.title].join(' › '));
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const s of report.suites ?? []) walk(s, [s.title]);
  return out;
}
process.exit(failed ? 1 : 0);
