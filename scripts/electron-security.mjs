#!/usr/bin/env node
// Runs Electronegativity over the built app (out/: main, preload, renderer) and fails on any HIGH or
// MEDIUM finding that is not in build/electronegativity-allow.json with a reason. Run after
// `npm run build`. Electronegativity tries to fetch Electron's release list; offline it says so and
// carries on with the version given here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
if (!fs.existsSync(path.join(out, 'main'))) {
  console.error('electron-security: the app is not built (out/main is missing). Run: npm run build');
  process.exit(1);
}
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = String(pkg.devDependencies.electron).replace(/^[^\d]*/, '');
const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-en-')), 'findings.csv');
const bin = path.join(root, 'node_modules/.bin/electronegativity');
const run = spawnSync(bin, ['-i', out, '-r', '-v', 'false', '-e', electronVersion, '-o', csv], { encoding: 'utf8' });
if (!fs.existsSync(csv)) {
  console.error(`electron-security: Electronegativity produced no report (exit ${run.status}).\n${run.stderr ?? ''}`);
  process.exit(1);
}

/** One CSV line → fields (quoted fields may hold commas and doubled quotes). */
function fields(line) {
  const outFields = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      outFields.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  outFields.push(cur);
  return outFields;
}

const rows = fs
  .readFileSync(csv, 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map(fields)
  .map(([check, severity, confidence, file, location, , description]) => ({ check, severity, confidence, file, location, description }));
const allow = JSON.parse(fs.readFileSync(path.join(root, 'build/electronegativity-allow.json'), 'utf8')).allowed;
const allowed = (f) => allow.some((a) => a.check === f.check && (a.file === undefined || a.file === f.file));
const serious = rows.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
const refused = serious.filter((f) => !allowed(f));
const count = (s) => rows.filter((f) => f.severity === s).length;
console.log(`Electronegativity on out/ (Electron ${electronVersion}): ${count('HIGH')} high, ${count('MEDIUM')} medium (${serious.length - refused.length} reviewed and allowed), ${count('LOW')} low, ${count('INFORMATIONAL')} informational`);
for (const f of refused) console.log(`  ${f.severity} ${f.check} at ${f.file}:${f.location} — ${f.description}`);
if (refused.length > 0) {
  console.log('Fix these, or review each and add it to build/electronegativity-allow.json with the reason.');
  process.exit(1);
}
