import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupRecords } from '../../../shared/exchanges';
import { buildJournal, type Step } from '../transcript';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from '../fixtures';
import { sessionToMermaid as toMermaid, sessionToSvg as toSvg } from '../../../shared/diagram';
import { escapeMermaid } from '../../../shared/diagram/mermaid';
import { checkMermaid } from '../../../shared/diagram/mermaid-check';

const here = path.dirname(fileURLToPath(import.meta.url));
const goldenDir = path.join(here, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const explain = (line: string) =>
  line === '+QMTCONN: 0,0,4'
    ? { code: 'qmtconn.connack.4', title: 'The broker refused the user name or password', detail: line, nextStep: 'Check the credentials or the "aliauth" triple' }
    : undefined;

const cases: [string, Step[]][] = [
  ['success', successSession],
  ['qos', qosSession],
  ['refused-connect', refusedConnectSession],
  ['link-drop', linkDropSession],
  ['timeout', timeoutSession],
];

function golden(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (update || !fs.existsSync(file)) {
    fs.mkdirSync(goldenDir, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

describe.each(cases)('%s transcript', (name, steps) => {
  const model = groupRecords(buildJournal(steps), { explain });
  const mermaid = toMermaid(model);

  it('passes the strict grammar check', () => {
    expect(checkMermaid(mermaid)).toEqual([]);
  });
  it('matches the golden Mermaid text', () => golden(`${name}.mmd`, mermaid));
  it('matches the golden SVG', () => golden(`${name}.svg`, toSvg(model)));
});

describe('Mermaid content', () => {
  it('draws AT lines solid, implied packets dashed and refusals as a crossed arrow with a note', () => {
    const text = toMermaid(groupRecords(buildJournal(refusedConnectSession), { explain }));
    expect(text).toContain('    Host->>Modem: AT+QMTCONN=0,#34;wb-demo-0001#34;,#34;fielduser#34;,#34;wrong#59;pass#35;1#34;');
    expect(text).toContain('    Modem-->>Server: CONNECT (client id wb-demo-0001)');
    expect(text).toContain('    Server--xModem: ✗ CONNACK (4 refused: bad user name or password)');
    expect(text).toContain('    Modem->>Host: ✗ +QMTCONN: 0,0,4 (+300 ms)');
    expect(text).toContain('    Note over Host,Server: error: The broker refused the user name or password. Next: Check the credentials or the #34;aliauth#34; triple');
    expect(text).toContain('  rect rgb(255, 228, 228)');
  });

  it('labels the result URC with the time the exchange took', () => {
    const text = toMermaid(groupRecords(buildJournal(successSession)));
    expect(text).toContain('Modem->>Host: +QMTOPEN: 0,0 (+850 ms)');
    expect(text).toContain('Note over Host,Modem: t=1.1 s · AT+QMTOPEN=0,#34;broker.example.net#34;,1883 · ok · took 850 ms');
  });

  it.each([
    ['a;b', 'a#59;b'],
    ['#1', '#35;1'],
    ['"q"', '#34;q#34;'],
    ['<br>', '#60;br#62;'],
    ['50%', '50#37;'],
    ['line\r\nnext', 'line  next'],
    ['', '#160;'],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeMermaid(input)).toBe(expected);
  });
});

describe('the grammar check rejects what Mermaid would misread', () => {
  const head = 'sequenceDiagram\n  participant Host\n  participant Modem\n  participant Server\n';
  it.each([
    ['a raw semicolon', 'Host->>Modem: AT;ATI'],
    ['a raw quote', 'Host->>Modem: AT+QMTOPEN=0,"h",1'],
    ['a bare #', 'Host->>Modem: #1'],
    ['an unknown participant', 'Host->>Broker: CONNECT'],
    ['an unknown statement', 'loop every 2 s'],
    ['a stray end', 'end'],
    ['an empty label', 'Host->>Modem: '],
    ['an arrow to itself', 'Host->>Host: AT'],
  ])('%s', (_why, line) => {
    expect(checkMermaid(`${head}  ${line}\n`)).not.toEqual([]);
  });
  it('an unclosed rect', () => expect(checkMermaid(`${head}  rect rgb(1, 2, 3)\n`)).not.toEqual([]));
  it('a missing header', () => expect(checkMermaid('graph TD\n')).not.toEqual([]));
  it('accepts the minimal valid diagram', () => expect(checkMermaid(`${head}  Host->>Modem: AT\n  Modem->>Host: OK\n`)).toEqual([]));
});

describe('SVG', () => {
  const svg = toSvg(groupRecords(buildJournal(refusedConnectSession), { explain }));
  it('is one self-contained svg element with three lanes', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script|href="http|@import/);
    for (const lane of ['Host (this app)', 'Modem', 'MQTT server']) expect(svg).toContain(`>${lane}</text>`);
  });
  it('draws implied packets dashed and failures red, and escapes markup', () => {
    expect(svg).toMatch(/stroke="#c62828"[^>]*stroke-dasharray="6 4"/);
    expect(svg).toContain('AT+QMTCONN=0,&quot;wb-demo-0001&quot;');
    expect(svg).not.toContain('"wb-demo-0001"');
  });
  it('has balanced tags', () => {
    const opened = (svg.match(/<(?!\/)(?![^>]*\/>)[a-z]+/g) ?? []).length;
    const closed = (svg.match(/<\/[a-z]+>/g) ?? []).length;
    expect(opened).toBe(closed);
  });
});
