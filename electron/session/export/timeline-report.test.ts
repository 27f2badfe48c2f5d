// The html report carries the session's timeline as inline SVG, and lists each link drop with its
// time, its meaning and the signal read before it (the streaming and in-memory exports agree).
import { describe, expect, it } from 'vitest';
import { buildJournal } from '../transcript';
import { linkDropSession } from '../fixtures';
import { exportChunksWhole, exportToString } from '.';

const sampled = buildJournal([
  { at: 0, send: 'AT+CSQ', lines: ['+CSQ: 21,99'] },
  { at: 50, send: 'AT+QCSQ', lines: ['+QCSQ: "LTE",-71,-95,160,-10'] },
  ...linkDropSession.map((s) => ({ ...s, at: s.at + 100 })),
  { at: 190_000, send: 'AT+CSQ', lines: ['+CSQ: 99,99'] },
]);

async function wholeHtml(): Promise<string> {
  const gen = exportChunksWhole(sampled, { format: 'html', environment: { exportedAt: '2026-11-25T10:00:00Z' } });
  let out = '';
  for (let r = await gen.next(); !r.done; r = await gen.next()) out += r.value;
  return out;
}

describe('timeline in the html report', () => {
  it('draws the session as inline SVG with the drop marked, and states the drop with the signal then', async () => {
    const { text } = await exportToString(sampled, { format: 'html', environment: { exportedAt: '2026-11-25T10:00:00Z' } });
    expect(text).toContain('data-testid="report-timeline-svg"');
    expect(text.match(/<g data-kind="drop">/g)).toHaveLength(1);
    const drops = /<ul data-testid="report-drops">(.*?)<\/ul>/.exec(text)?.[1] ?? '';
    expect(drops).toMatch(/<li>\d\d:\d\d:\d\d UTC {2}\+QMTSTAT: 0,2 — Sending PINGREQ timed out or failed \(keep-alive lost\); signal -71 dBm \(read \d\d:\d\d:\d\d\)<\/li>/);
    // No script and nothing loaded: the SVG is plain markup inside the report's strict CSP.
    expect(text.slice(text.indexOf('report-timeline-svg'), text.indexOf('</svg>'))).not.toMatch(/<script|href=|xlink/);
    expect(await wholeHtml()).toBe(text);
  });

  it('says so when the session had no drop', async () => {
    const { text } = await exportToString(buildJournal([{ at: 0, send: 'AT+CSQ', lines: ['+CSQ: 21,99'] }]), { format: 'html' });
    expect(text).toContain('No link drop (+QMTSTAT) in this session.');
  });
});
