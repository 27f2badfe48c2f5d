// Every protocol citation in the sources ("spec §4.2", "quirk 16", "aliyun-iot-mqtt.md §5.3",
// "protocol.md §2.4") must name a heading of docs/protocol.md or docs/aliyun.md, so that a reader
// can check the decision it justifies. How a citation is read (which document, which heading) is
// in scripts/normalise-citations.mjs, which also rewrites the wording.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module script without type declarations
import * as citations from '../scripts/normalise-citations.mjs';

interface Citation {
  line: number;
  doc: 'protocol' | 'aliyun';
  ref: string;
  text: string;
}
const c = citations as {
  DOCS: Record<'protocol' | 'aliyun', string>;
  sourceFiles(root: string): string[];
  citationsOfFile(file: string, text: string): Citation[];
  headingNumbers(markdown: string): Set<string>;
  resolves(ref: string, numbers: Set<string>): boolean;
  normaliseText(file: string, text: string): string;
  normaliseLine(line: string, defaultDoc: 'protocol' | 'aliyun'): string;
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const headings = {
  protocol: c.headingNumbers(fs.readFileSync(path.join(root, 'docs', c.DOCS.protocol), 'utf8')),
  aliyun: c.headingNumbers(fs.readFileSync(path.join(root, 'docs', c.DOCS.aliyun), 'utf8')),
};

describe('protocol citations in the sources', () => {
  it('every citation names a heading of docs/protocol.md or docs/aliyun.md', () => {
    const unresolved: string[] = [];
    let count = 0;
    for (const file of c.sourceFiles(root)) {
      for (const cite of c.citationsOfFile(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
        count++;
        if (!c.resolves(cite.ref, headings[cite.doc])) unresolved.push(`${file}:${cite.line}: ${cite.ref.startsWith('quirk') ? '' : '§'}${cite.ref} is not a heading of docs/${c.DOCS[cite.doc]} — ${cite.text}`);
      }
    }
    expect(unresolved).toEqual([]);
    // The scan really reads the sources (hundreds of citations today).
    expect(count).toBeGreaterThan(100);
  });

  it('the documents keep the numbering the code relies on', () => {
    for (const n of ['1.1', '1.6', '2.0', '2.1.9', '2.1.10', '2.4', '2.10', '3.1', '3.4', '4.2.1', '4.7', '5.1', '5.2', '6', '7', '8', '9']) expect(headings.protocol.has(n), n).toBe(true);
    for (let q = 1; q <= 20; q++) expect(c.resolves(`quirk ${q}`, headings.protocol), `quirk ${q}`).toBe(true);
    for (const n of ['0', '1.1', '1.4', '2.1', '2.3', '3', '3.2', '4', '5.3', '6', '7', '8.1', '8.13']) expect(headings.aliyun.has(n), n).toBe(true);
  });
});

describe('reading and rewriting a citation', () => {
  const cites = (file: string, text: string) => c.citationsOfFile(file, text).map((x) => `${x.doc} ${x.ref}`);

  it('decides the document by the wording, then the file', () => {
    expect(cites('electron/quectel/x.ts', '// spec §4.2 and quirk 17; aliyun-iot-mqtt.md §5.3 and §8')).toEqual(['protocol 4.2', 'protocol quirk 17', 'aliyun 5.3', 'aliyun 8']);
    expect(cites('electron/aliyun/x.ts', '// §8.8 (typos), §1.2-1.4')).toEqual(['aliyun 8.8', 'aliyun 1.2', 'aliyun 1.4']);
    expect(cites('electron/sim/x.ts', '// (§7 quirk 9) quirks 6 and 14; Aliyun spec §6')).toEqual(['protocol 7', 'protocol quirk 9', 'protocol quirk 6', 'protocol quirk 14', 'aliyun 6']);
    expect(cites('shared/x.ts', '/** MQTT 3.1.1 §4.7 matching; V.250 §5.2.1 */')).toEqual([]);
  });

  it('names the document once per line, replaces old names, and changes nothing the second time', () => {
    const before = [
      '// Result URCs: spec §3.3, causes and checks from §8, recovery from §3.1.',
      "  row('qmtopen', 0, 'x', [], 'y', '§3.3, quirk 18'),",
      '/** Typographic quotes: the modem rejects them (quirk 16). */',
      '// Alibaba Cloud readings: aliyun-iot-mqtt.md §5.3 and §8; Spec §1.6 values',
      '// overriding the reference\'s §1.6 values; MQTT 3.1.1 §4.7',
      '// Line routing (style spec §3, spec §7):',
      '// Protocol knowledge follows ../shared/spec/quectel-mqtt-at.md (see also aliyun-iot-mqtt.md).',
    ].join('\n');
    const after = c.normaliseText('electron/quectel/codes.ts', before);
    expect(after.split('\n')).toEqual([
      '// Result URCs: protocol.md §3.3, causes and checks from §8, recovery from §3.1.',
      "  row('qmtopen', 0, 'x', [], 'y', 'protocol.md §3.3, quirk 18'),",
      '/** Typographic quotes: the modem rejects them (protocol.md quirk 16). */',
      '// Alibaba Cloud readings: aliyun.md §5.3 and §8; protocol.md §1.6 values',
      '// overriding protocol.md §1.6 values; MQTT 3.1.1 §4.7',
      '// Line routing (style protocol.md §3, §7):',
      '// Protocol knowledge follows docs/protocol.md (see also docs/aliyun.md).',
    ]);
    expect(c.normaliseText('electron/quectel/codes.ts', after)).toBe(after);
    expect(c.normaliseLine("describe('rejects %s (§8.1)', () => {", 'aliyun')).toBe("describe('rejects %s (aliyun.md §8.1)', () => {");
  });
});
