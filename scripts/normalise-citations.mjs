#!/usr/bin/env node
// Protocol citations in the sources ("spec §4.2", "quirk 16", "aliyun-iot-mqtt.md §5.3", a bare
// "§3.3") point into docs/protocol.md (the Quectel MQTT AT reference) or docs/aliyun.md (the
// Alibaba Cloud rules). This module reads them the way a person does — by their wording, the file
// they are in and the citations before them on the line — and is used twice:
//   - docs/citations.test.ts checks that every citation names a heading of its document;
//   - run as a script, it rewrites the wording so that a reader knows where to look:
//       "spec §4.4" → "protocol.md §4.4", "aliyun-iot-mqtt.md §6" → "aliyun.md §6",
//       a bare "§3.3" → "protocol.md §3.3" (or "aliyun.md …" in Aliyun code), "quirk 4" →
//       "protocol.md quirk 4"; the rest of a list keeps its short form ("protocol.md §3.3, §8");
//       the documents named without a section ("../shared/spec/quectel-mqtt-at.md") become
//       "docs/protocol.md" and "docs/aliyun.md".
//     Running it again changes nothing.
//
// usage: node scripts/normalise-citations.mjs [--check] [ROOT]
//   --check  change nothing; list the lines that would change and exit 1 if there are any
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders whose .ts/.tsx files may cite the documents. */
export const SOURCE_DIRS = ['shared', 'electron', 'renderer', 'test-support', 'e2e', 'bench'];

/** Files whose citations are examples (data of the tests of this module), not references. */
export const EXAMPLE_FILES = ['electron/docs-citations.test.ts'];

/** Document id → file under docs/. */
export const DOCS = { protocol: 'protocol.md', aliyun: 'aliyun.md' };

// Words that name a document right before a "§" (optionally "the", a possessive, a trailing
// space). Longest alternatives first.
const PREFIX =
  /(?:(?:\.\.\/)*(?:shared\/spec\/)?(quectel-mqtt-at\.md|aliyun-iot-mqtt\.md)|(protocol\.md|aliyun\.md)|(?<![\w-])([Aa]liyun(?:'s)? spec|[Aa]liyun)|(?<![\w-])((?:[Tt]he )?(?:Quectel )?(?:[Ss]pec|reference)(?:'s)?))\s*$/;

/** Standards whose sections are cited too ("MQTT 3.1.1 §4.7", "V.250 §5.2.1"): not ours. */
const EXTERNAL = /(?:V\.250|MQTT(?: v?| version )?(?:3\.1(?:\.1)?|5(?:\.0)?)|27\.007|TS \d[\d.]*|RFC ?\d+|OASIS)\s*$/;

/** The reference documents by their old names, outside the repository. */
const OLD_PATH = /(?:\.\.\/)*(?:shared\/spec\/)?(quectel-mqtt-at\.md|aliyun-iot-mqtt\.md)/g;

const SECTION = /§\s?(\d+(?:\.\d+)*)(?:\s?[-–]\s?§?\s?(\d+(?:\.\d+)*))?/g;
const QUIRK = /\b[Qq]uirks?\s+#?(\d+)((?:\s*(?:,|and|or|\/|&)\s*#?\d+)*)/g;

function docOfPrefix(m) {
  if (!m) return undefined;
  if (m[1]) return m[1].startsWith('aliyun') ? 'aliyun' : 'protocol';
  if (m[2]) return m[2] === 'aliyun.md' ? 'aliyun' : 'protocol';
  if (m[3]) return 'aliyun';
  return 'protocol';
}

/**
 * The document bare citations of a file mean: Aliyun code (electron/aliyun/, or a file whose
 * first citation names the Aliyun document) cites aliyun.md; everything else protocol.md.
 */
export function fileDefaultDoc(file, text) {
  const rel = file.split(path.sep).join('/');
  if (/(^|\/)electron\/aliyun\//.test(rel)) return 'aliyun';
  for (const line of text.split('\n')) {
    const [first] = citationsOfLine(line, 'protocol');
    if (first) return first.named && first.doc === 'aliyun' ? 'aliyun' : 'protocol';
  }
  return 'protocol';
}

/**
 * Every citation of one line, in order: `doc` and `ref` (a section number such as "2.4", or
 * "quirk 4"), where it starts, whether its document is named right before it (`named`), and the
 * text span of that name (to rewrite it).
 */
export function citationsOfLine(line, defaultDoc) {
  const found = [];
  for (const m of line.matchAll(SECTION)) {
    const before = line.slice(0, m.index);
    if (EXTERNAL.test(before)) continue;
    const p = PREFIX.exec(before);
    const doc = docOfPrefix(p);
    found.push({
      kind: 'section',
      index: m.index,
      end: m.index + m[0].length,
      refs: [m[1], ...(m[2] ? [m[2]] : [])],
      doc,
      prefix: p ? { start: p.index, text: p[0] } : undefined,
    });
  }
  for (const m of line.matchAll(QUIRK)) {
    const nums = [m[1], ...(m[2].match(/\d+/g) ?? [])];
    const p = /(protocol\.md|quectel-mqtt-at\.md|[Ss]pec(?:'s)?|§\s?7)\s*$/.exec(line.slice(0, m.index));
    found.push({ kind: 'quirk', index: m.index, end: m.index + m[0].length, refs: nums.map((n) => `quirk ${n}`), doc: 'protocol', prefix: p ? { start: p.index, text: p[0] } : undefined });
  }
  found.sort((a, b) => a.index - b.index);
  // A citation without its own document name belongs to the last document named on the line,
  // else to the file's document. Quirks are always protocol.md.
  let current;
  for (const c of found) {
    if (c.kind === 'section') {
      c.named = c.doc !== undefined;
      c.doc ??= current ?? defaultDoc;
      if (c.named) current = c.doc;
    } else {
      c.named = c.prefix !== undefined || current === 'protocol';
    }
  }
  return found;
}

/** Every citation of a file, with its 1-based line number. */
export function citationsOfFile(file, text) {
  const def = fileDefaultDoc(file, text);
  return text.split('\n').flatMap((line, i) =>
    citationsOfLine(line, def).flatMap((c) => c.refs.map((ref) => ({ line: i + 1, doc: c.doc, ref, text: line.trim() }))),
  );
}

/** The section numbers of a Markdown document's headings ("### 2.4 AT+QMTCONN" → "2.4"). */
export function headingNumbers(markdown) {
  const out = new Set();
  for (const m of markdown.matchAll(/^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/gm)) out.add(m[1]);
  return out;
}

/** Does this citation name a heading? Quirk N is heading 7.N of protocol.md. */
export function resolves(ref, numbers) {
  const q = /^quirk (\d+)$/.exec(ref);
  return numbers.has(q ? `7.${q[1]}` : ref);
}

/** The .ts/.tsx files (relative paths) under the source folders of `root`. */
export function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) out.push(path.relative(root, p));
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  return out.filter((f) => !EXAMPLE_FILES.includes(f.split(path.sep).join('/'))).sort();
}

/**
 * The line with its citations worded so that a reader knows the document: the first citation of
 * each document on the line carries "protocol.md" or "aliyun.md"; old names are replaced.
 */
export function normaliseLine(line, defaultDoc) {
  const cites = citationsOfLine(line, defaultDoc);
  const named = new Set();
  const edits = []; // [start, end, replacement], applied right to left
  for (const c of cites) {
    const name = DOCS[c.doc];
    if (c.kind === 'quirk') {
      if (!c.named && !named.has('protocol')) edits.push([c.index, c.index, `${name} `]);
      named.add('protocol');
      continue;
    }
    if (c.prefix) {
      // Replace an old name ("spec", "aliyun-iot-mqtt.md", "the reference's") by the file name,
      // or drop it when the line already named that document ("spec §3, spec §7" → "protocol.md §3, §7").
      if (!/^(protocol|aliyun)\.md\s*$/.test(c.prefix.text)) edits.push([c.prefix.start, c.index, named.has(c.doc) ? '' : `${name} `]);
      named.add(c.doc);
    } else if (!named.has(c.doc)) {
      edits.push([c.index, c.index, `${name} `]);
      named.add(c.doc);
    }
  }
  let out = line;
  for (const [s, e, r] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, s) + r + out.slice(e);
  // The documents named without a section ("follows ../shared/spec/quectel-mqtt-at.md") move too.
  return out.replace(OLD_PATH, (_m, name) => (name.startsWith('aliyun') ? 'docs/aliyun.md' : 'docs/protocol.md'));
}

export function normaliseText(file, text) {
  const def = fileDefaultDoc(file, text);
  return text
    .split('\n')
    .map((l) => normaliseLine(l, def))
    .join('\n');
}

function main(argv) {
  const check = argv.includes('--check');
  const root = path.resolve(argv.find((a) => !a.startsWith('--')) ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  let changedFiles = 0;
  let changedLines = 0;
  for (const rel of sourceFiles(root)) {
    const file = path.join(root, rel);
    const text = fs.readFileSync(file, 'utf8');
    const next = normaliseText(rel, text);
    if (next === text) continue;
    changedFiles++;
    const a = text.split('\n');
    const b = next.split('\n');
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      changedLines++;
      if (check) process.stdout.write(`${rel}:${i + 1}\n  - ${a[i].trim()}\n  + ${b[i].trim()}\n`);
    }
    if (!check) fs.writeFileSync(file, next);
  }
  process.stdout.write(`${check ? 'would change' : 'changed'} ${changedLines} lines in ${changedFiles} files\n`);
  return check && changedLines > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
