import { describe, expect, it } from 'vitest';
import { groupRecords } from '../../../shared/exchanges';
import { buildJournal, type Step } from '../transcript';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from '../fixtures';
import { sessionToMermaid } from '../../../shared/diagram';
import { escapeMermaidAlias } from '../../../shared/diagram/mermaid';
import { checkMermaid } from '../../../shared/diagram/mermaid-check';
import { exportDiagram } from '../model';

// The explanation a real session carries: the catalogue's code, so the note is worded again in Chinese.
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

describe.each(cases)('the %s transcript in Chinese', (_name, steps) => {
  const model = groupRecords(buildJournal(steps), { explain });
  const zh = sessionToMermaid(model, 'zh-CN');
  it('passes the strict grammar check', () => expect(checkMermaid(zh)).toEqual([]));
  it('names the participants by their Chinese lane heads, the ids unchanged', () => {
    expect(zh).toContain('  participant Host as 主机（本应用）\n');
    expect(zh).toMatch(/ {2}participant Modem as [^\n]*模组/);
    expect(zh).toMatch(/ {2}participant Server as MQTT [^\n]*服务器/);
  });
  it('has the same lines as the English, one for one (the export cuts its pieces by line)', () => {
    expect(zh.split('\n').length).toBe(sessionToMermaid(model).split('\n').length);
  });
  it('English is what it was without a language', () => expect(sessionToMermaid(model, 'en')).toBe(sessionToMermaid(model)));
});

describe('the Mermaid export in Chinese', () => {
  it('words titles, "took", outcomes, packets and the failure note from the diagram words', () => {
    const text = sessionToMermaid(groupRecords(buildJournal(refusedConnectSession), { explain }), 'zh-CN');
    expect(text).not.toMatch(/ · took | · error| · ok|Next: |client id /);
    expect(text).toMatch(/Note over Host,Modem: t=[^\n]*AT\+QMTCONN[^\n]*耗时/);
    expect(text).toMatch(/Modem-->>Server: CONNECT（?[^\n]*客户端/);
    expect(text).toMatch(/Note over Host,Server: 出错：[^\n]*。下一步：/);
    // Technical tokens and the escapes stay: the command line is the modem's, quoted as entities.
    expect(text).toContain('#34;wb-demo-0001#34;');
  });
  it('exportDiagram and `workbench diagram` pass the language through', () => {
    const model = groupRecords(buildJournal(successSession));
    const zh = exportDiagram(model, 'mermaid', { lang: 'zh-CN' }).text;
    expect(zh).toContain('participant Host as 主机（本应用）');
    expect(zh).toContain('«redacted»');
    expect(exportDiagram(model, 'mermaid', { lang: 'en' }).text).toBe(exportDiagram(model, 'mermaid').text);
    expect(exportDiagram(model, 'mermaid').text).toContain('  participant Host\n');
  });
});

describe('participant aliases', () => {
  it.each([
    ['主机（本应用）', '主机（本应用）'],
    ['a;b', 'a b'],
    ['#1 lane', '1 lane'],
    ['"q" <b>', 'q b'],
    ['50% {x}', '50 x'],
    ['line\r\nnext', 'line next'],
    [';#', 'Host'],
  ])('escapes %j as %j', (input, expected) => expect(escapeMermaidAlias(input, 'Host')).toBe(expected));

  const head = 'sequenceDiagram\n  participant Host as 主机\n  participant Modem\n';
  it('the check accepts a CJK alias', () => expect(checkMermaid(`${head}  Host->>Modem: 你好\n`)).toEqual([]));
  it.each([['a semicolon', 'participant Server as a;b'], ['a hash', 'participant Server as #1'], ['a quote', 'participant Server as "x"']])('the check rejects an alias with %s', (_why, line) => {
    expect(checkMermaid(`${head}  ${line}\n`)).not.toEqual([]);
  });
});
