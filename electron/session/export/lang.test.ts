// Exports in the reader's language: the html report and the SVG diagram word everything in
// Simplified Chinese when asked; the session file carries codes only, so a session exported in
// one language opens with its explanations in the other.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../shared/model';
import { parseSessionFile } from '../../../shared/session-file';
import { localizeProblem } from '../../../shared/protocol/localize';
import { translator } from '../../../shared/i18n';
import { signalWords } from '../../../shared/i18n/status-words';
import { buildJournal, type Step } from '../transcript';
import { refusedConnectSession } from '../fixtures';
import { exportDiagram, sessionModel } from '../model';
import { exportToString } from '.';

const bringUp: Step[] = [
  { at: 0, send: 'ATI', lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'] },
  { at: 30, send: 'AT+CPIN?', lines: ['+CPIN: READY'] },
  { at: 60, send: 'AT+CSQ', lines: ['+CSQ: 20,99'] },
];
const started: JournalRecord[] = [{ seq: 0, mono: 0, wall: Date.UTC(2026, 10, 25, 9), event: { type: 'session-started', app: 'workbench at', version: '0.1.0' } }];
const records: JournalRecord[] = [
  ...started,
  ...buildJournal([...bringUp, ...refusedConnectSession.map((s) => ({ ...s, at: s.at + 1000 }))]),
].map((r, seq) => ({ ...r, seq }));
const environment = { source: 'refused.jsonl', os: 'test', exportedAt: '2026-11-25T10:00:00Z' };
const CJK = /[\u4e00-\u9fff]/;

describe('the html report in Simplified Chinese', () => {
  it('sets <html lang>, a CJK-capable platform font stack, and words its headings, summary and meanings in Chinese', async () => {
    const { text } = await exportToString(records, { format: 'html', environment, lang: 'zh-CN' });
    expect(text).toContain('<html lang="zh-CN">');
    expect(text).toContain("font: 14px/1.45 system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif;");
    // Offline: no web font, nothing to fetch.
    expect(text).not.toMatch(/@font-face|@import|url\(/);
    expect(text).toContain('<title>会话报告 — refused.jsonl</title>');
    expect(text).toContain('<h2>摘要</h2>');
    expect(text).toContain('<h2>时序图</h2>');
    expect(text).toContain('<th>含义</th>');
    expect(text).toMatch(/data-testid="report-failure-title">拒绝连接：用户名或密码错误</);
    expect(text).toMatch(/data-testid="report-next-step">下一步：检查凭据/);
    // The log's meaning column, from the catalogue, and the diagram's failure note.
    expect(text).toContain('<td>服务器关闭或重置了连接</td>');
    expect(text).toMatch(/<text [^>]*>下一步：/);
    // Technical tokens stay as on the wire.
    expect(text).toContain('+QMTCONN: 0,0,4');
    expect(text).toContain('（整个会话）');
  });

  it('keeps its inline script allowed by the Content-Security-Policy, with the row count in Chinese', async () => {
    const { text } = await exportToString(records, { format: 'html', environment, lang: 'zh-CN' });
    const script = /<script>([\s\S]*?)<\/script>/.exec(text)![1]!;
    expect(script).toContain('" 行"');
    const hash = crypto.createHash('sha256').update(script).digest('base64');
    expect(text).toContain(`script-src 'sha256-${hash}'`);
  });

  it('leaves the English report as it was (no CJK)', async () => {
    const { text } = await exportToString(records, { format: 'html', environment });
    expect(text).toContain('<html lang="en">');
    expect(text).not.toMatch(CJK);
    expect(await exportToString(records, { format: 'html', environment, lang: 'en' })).toEqual({ text, result: expect.anything() as unknown });
  });
});

describe('the session file between languages', () => {
  it('is the same file whatever the language asked: codes and the modem lines, no sentence chosen for a reader', async () => {
    const en = await exportToString(records, { format: 'json', environment });
    const zh = await exportToString(records, { format: 'json', environment, lang: 'zh-CN' });
    expect(zh.text).toBe(en.text);
    expect(en.text).not.toMatch(CJK);
  });

  it('exported in English, opens with its explanations in Chinese, and back in English', async () => {
    const { text } = await exportToString(records, { format: 'json', environment });
    const read = parseSessionFile(text);
    if (!read.ok) throw new Error(read.problem.title);
    const failed = sessionModel(read.records).exchanges.filter((x) => x.problem);
    expect(failed.length).toBeGreaterThan(0);
    const connack = failed.find((x) => x.problem?.code === 'connack.4')!.problem!;
    expect(localizeProblem(connack, 'zh-CN')).toMatchObject({ code: 'connack.4', title: '拒绝连接：用户名或密码错误' });
    expect(localizeProblem(connack, 'zh-CN').nextStep).toMatch(CJK);
    expect(localizeProblem(connack, 'en')).toBe(connack);
    expect(connack.title).toBe('Refused: bad user name or password');
    expect(localizeProblem(connack, 'zh-CN').detail).toBe('+QMTCONN: 0,0,4 — 可能原因：用户名、密码或签名错误；云平台凭据对应的地域或接入点错误');
    const stat = failed.find((x) => x.problem?.code === 'qmtstat.1')!.problem!;
    expect(localizeProblem(stat, 'zh-CN').title).toBe('服务器关闭或重置了连接');
  });
});

describe('the SVG diagram', () => {
  it('falls back to CJK platform fonts and words its notes in Chinese when asked; English as before', () => {
    const model = sessionModel(records);
    const zh = exportDiagram(model, 'svg', { lang: 'zh-CN' }).text;
    expect(zh).toContain(`font-family="DejaVu Sans Mono, 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', monospace"`);
    expect(zh).toContain('出错：拒绝连接：用户名或密码错误');
    const en = exportDiagram(model, 'svg').text;
    expect(en).toContain('font-family="DejaVu Sans Mono, monospace"');
    expect(en).not.toMatch(CJK);
  });
});

describe("the html report's summary values in the report's language", () => {
  const readings: JournalRecord[] = [
    ...started,
    ...buildJournal([
      { at: 0, send: 'AT+CPIN?', lines: ['+CPIN: READY'] },
      { at: 30, send: 'AT+CSQ', lines: ['+CSQ: 20,99'] },
      { at: 60, send: 'AT+CEREG?', lines: ['+CEREG: 0,5'] },
      { at: 90, send: 'AT+QICSGP=1,1,"","","",0' },
      { at: 120, send: 'AT+QIACT?', lines: ['+QIACT: 1,1,1,"10.0.0.7"'] },
    ]),
  ].map((r, seq) => ({ ...r, seq }));
  const cell = (html: string, id: string) => new RegExp(`data-testid="${id}">([^<]*)<`).exec(html)?.[1];

  it('zh-CN: the signal quality, the registration state, an empty APN and the PDP context in Chinese; tokens and units stay', async () => {
    const { text } = await exportToString(readings, { format: 'html', environment, lang: 'zh-CN' });
    expect(cell(text, 'report-signal')).toBe('-73 dBm（良好）；rssi 20，ber 99');
    expect(cell(text, 'report-registration')).toBe('漫游（CEREG）');
    expect(cell(text, 'report-apn')).toBe('（空）（IPv4）');
    expect(cell(text, 'report-pdp')).toBe('cid 1 已激活 10.0.0.7');
    expect(cell(text, 'report-sim')).toBe('READY');
  });

  it('zh-CN: what the redactions hid, in Chinese', async () => {
    const { text } = await exportToString(records, { format: 'html', environment, lang: 'zh-CN' });
    expect(text).toMatch(/data-testid="report-redactions">.*1 × MQTT 密码或签名后的用户名/);
    expect((await exportToString(records, { format: 'html', environment })).text).toMatch(/data-testid="report-redactions">.*1 × MQTT password or signed user name/);
  });

  it('en: the values as the summary writes them, and the status bar\'s table gives the same English', async () => {
    const { text } = await exportToString(readings, { format: 'html', environment });
    expect(cell(text, 'report-signal')).toBe('-73 dBm (good); rssi 20, ber 99');
    expect(cell(text, 'report-registration')).toBe('roaming (CEREG)');
    expect(cell(text, 'report-apn')).toBe('(empty) (IPv4)');
    expect(cell(text, 'report-pdp')).toBe('cid 1 active 10.0.0.7');
    const en = translator('en');
    expect(en('report.signalValue', { signal: signalWords({ dbm: -73, quality: 'good' }, en), rssi: 20, ber: 99 })).toBe('-73 dBm (good); rssi 20, ber 99');
    expect(en('report.apnEmpty', { type: 'IPv4' })).toBe('(empty) (IPv4)');
    expect(en('report.pdpNone')).toBe('no context active');
  });
});
