// The text export closes with the session's link drops: each with its time and the signal the
// modem last reported before it (or that it had no service, or no reading at all).
import { describe, expect, it } from 'vitest';
import { buildJournal, type Step } from '../transcript';
import { linkDropSession, successSession } from '../fixtures';
import { exportChunksWhole, exportToString } from '.';

/** Connected, a -85 dBm reading, a drop; then no service, a second drop; a third drop before any new reading. */
const dropsWithSignal: Step[] = [
  { at: 0, send: 'AT+QMTOPEN=0,"10.0.0.5",1883' },
  { at: 300, urc: '+QMTOPEN: 0,0' },
  { at: 400, send: 'AT+QMTCONN=0,"wb-demo-0001"' },
  { at: 600, urc: '+QMTCONN: 0,0,0' },
  { at: 10_000, send: 'AT+CSQ', lines: ['+CSQ: 14,99'] },
  { at: 65_000, urc: '+QMTSTAT: 0,1' },
  { at: 70_000, send: 'AT+QCSQ', lines: ['+QCSQ: "NOSERVICE"'] },
  { at: 125_000, urc: '+QMTSTAT: 0,2' },
];

async function text(steps: Step[]): Promise<string> {
  const records = buildJournal(steps);
  return (await exportToString(records, { format: 'text' })).text;
}

describe('text export: link drops', () => {
  it('lists each drop with its UTC time, the line, its meaning and the signal read before it', async () => {
    const out = await text(dropsWithSignal);
    const section = out.slice(out.indexOf('\nLink drops'));
    expect(section).toContain('Link drops (2), times in UTC, each with the last signal reading before it:');
    const lines = section.trim().split('\n').slice(1);
    expect(lines).toHaveLength(2);
    // CSQ 14 is -85 dBm (rssi 0 = -113 dBm, 2 dB a step).
    expect(lines[0]).toMatch(/^ {2}09:01:05 UTC {2}\+QMTSTAT: 0,1 — .+; signal -85 dBm \(read 09:00:10\)$/);
    expect(lines[1]).toMatch(/^ {2}09:02:05 UTC {2}\+QMTSTAT: 0,2 — .+; no service \(read 09:01:10\)$/);
    // The rows come first, unchanged.
    expect(out.split('\n')[0]).toMatch(/^2026-11-25 09:00:00\.000 {2}tx {2}AT\+QMTOPEN/);
  });

  it('says when no reading came before a drop', async () => {
    const out = await text(linkDropSession);
    expect(out).toMatch(/Link drops \(1\)/);
    expect(out).toMatch(/\+QMTSTAT: 0,2 — .+; no signal reading before it\n$/);
  });

  it('adds nothing to a session without drops', async () => {
    const out = await text(successSession);
    expect(out).not.toContain('Link drops');
    expect(out.endsWith('+QMTDISC: 0,0\n')).toBe(true);
  });

  it('streams the same section as the export built in memory', async () => {
    const records = buildJournal(dropsWithSignal);
    const streamed = await exportToString(records, { format: 'text' });
    const parts: string[] = [];
    const it = exportChunksWhole(records, { format: 'text' });
    for (let n = await it.next(); !n.done; n = await it.next()) parts.push(n.value);
    expect(streamed.text).toBe(parts.join(''));
  });

  it('zh-CN: the section and each drop in Chinese (meaning from the catalogue); the line, times and units as they are', async () => {
    const records = buildJournal(dropsWithSignal);
    const out = (await exportToString(records, { format: 'text', lang: 'zh-CN' })).text;
    const section = out.slice(out.indexOf('\n断线'));
    expect(section).toContain('断线（2 次），时间为 UTC，每条附断线前最后一次信号读数：');
    const lines = section.trim().split('\n').slice(1);
    expect(lines[0]).toMatch(/^ {2}09:01:05 UTC {2}\+QMTSTAT: 0,1 — [^;]*[\u4e00-\u9fff][^;]*；信号 -85 dBm（读取于 09:00:10）$/);
    expect(lines[1]).toMatch(/^ {2}09:02:05 UTC {2}\+QMTSTAT: 0,2 — .+；无服务（读取于 09:01:10）$/);
    expect(out).not.toContain('Link drops');
    // The html report's drop list too.
    const html = (await exportToString(records, { format: 'html', lang: 'zh-CN' })).text;
    expect(html).toMatch(/<li>09:01:05 UTC {2}\+QMTSTAT: 0,1 — [^<]*；信号 -85 dBm（读取于 09:00:10）<\/li>/);
    expect(html).toContain('aria-label="会话时间线"');
    // English stays as it was.
    expect((await exportToString(records, { format: 'text', lang: 'en' })).text).toBe((await exportToString(records, { format: 'text' })).text);
  });
});
