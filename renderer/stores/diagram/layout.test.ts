import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/model';
import { LogBuffer } from '../log/buffer';
import { ExchangeList } from './exchanges';
import { fitLabel, formatMs, layoutExchange, METRICS, type EntryView } from '../../../shared/diagram/layout';
import { DiagramModel } from './model';
import { i18n } from '../../i18n';
import { refusedSteps, sampleModel } from '../../../test-support/sample-session';
import { diagramToSvg } from '../../../shared/diagram/svg';

function lookup(entries: LogEntry[]) {
  return (i: number): EntryView | undefined => entries[i];
}

describe('layoutExchange (protocol.md §2.0 lanes)', () => {
  const m = sampleModel();
  const open = m.exchanges[0]!;
  const conn = m.exchanges[1]!;

  it('draws the AT lines solid Host ↔ Modem, the packets dashed Modem ↔ Server, the result URC last', () => {
    const g = layoutExchange(conn, lookup(m.entries), 0);
    expect(g.arrows.map((a) => [a.style, a.from, a.to, a.label.split(' (')[0]])).toEqual([
      ['observed', 'host', 'modem', 'AT+QMTCONN=0,"wb-demo-0001"'],
      ['observed', 'modem', 'host', 'OK'],
      ['implied', 'modem', 'server', 'CONNECT'],
      ['implied', 'server', 'modem', 'CONNACK'],
      ['observed', 'modem', 'host', '+QMTCONN: 0,0,0'],
    ]);
  });

  it('leaves the echo out and links each observed arrow to its log row', () => {
    const g = layoutExchange(open, lookup(m.entries), 0);
    expect(g.arrows.filter((a) => a.style === 'observed').map((a) => a.entry)).toEqual([0, 2, 3]);
    expect(g.arrows.filter((a) => a.style === 'implied').every((a) => a.entry === undefined)).toBe(true);
  });

  it('shows the time the command took on its result line and in the title', () => {
    const g = layoutExchange(conn, lookup(m.entries), 0);
    expect(g.arrows.find((a) => a.entry === conn.resultEntry)?.took).toBe('250 ms');
    expect(g.title).toContain('took 250 ms');
    expect(g.title).toContain('t=400 ms');
  });

  it('marks a CONNACK refusal red with its explanation', () => {
    const r = sampleModel(refusedSteps);
    const g = layoutExchange(r.exchanges[1]!, lookup(r.entries), 0);
    expect(g.failed).toBe(true);
    expect(g.arrows.find((a) => a.label.startsWith('CONNACK'))?.failed).toBe(true);
    expect(g.arrows.find((a) => a.entry === r.exchanges[1]!.resultEntry)?.failed).toBe(true);
    expect(g.note?.title).toMatch(/bad user name or password/);
  });

  it('marks a +QMTSTAT link drop as a failed standalone group', () => {
    const stat = m.exchanges[4]!;
    const g = layoutExchange(stat, lookup(m.entries), 0);
    expect(g.failed).toBe(true);
    expect(g.arrows.map((a) => [a.style, a.from, a.failed])).toEqual([
      ['implied', 'server', true],
      ['observed', 'modem', true],
    ]);
    expect(g.note?.nextStep).toMatch(/AT\+QMTOPEN/);
  });

  it('stacks arrows at fixed steps and reports the height the virtualiser uses', () => {
    const g = layoutExchange(conn, lookup(m.entries), 0);
    expect(g.arrows.map((a) => a.y)).toEqual([0, 1, 2, 3, 4].map((k) => METRICS.header + k * METRICS.arrow));
    expect(g.height).toBe(METRICS.header + 5 * METRICS.arrow + METRICS.pad);
  });
});

describe('DiagramModel', () => {
  it('estimates each group height exactly as the layout does, before laying it out', () => {
    const m = sampleModel();
    const buf = new LogBuffer();
    buf.append(m.entries);
    const list = new ExchangeList();
    list.upsert(m.exchanges);
    const model = new DiagramModel(list, buf);
    for (let p = 0; p < list.length; p++) expect(model.heightAt(p)).toBe(model.groupAt(p)!.height);
  });

  it('words the groups in the view\'s language, laid out again on a switch (same heights)', async () => {
    const m = sampleModel();
    const buf = new LogBuffer();
    buf.append(m.entries);
    const list = new ExchangeList();
    list.upsert(m.exchanges);
    const model = new DiagramModel(list, buf);
    const en = model.groupAt(1)!;
    expect(en.title).toMatch(/ · ok · took \d+ ms$/);
    await i18n.changeLanguage('zh-CN');
    try {
      const zh = model.groupAt(1)!;
      expect(zh.title).toBe(en.title.replace(' · ok · took ', ' · 成功 · 耗时 '));
      expect(zh.height).toBe(en.height);
    } finally {
      await i18n.changeLanguage('en');
    }
    expect(model.groupAt(1)!.title).toBe(en.title);
  });
});

describe('ExchangeList', () => {
  it('replaces by id and keeps id order when an older exchange arrives late', () => {
    const m = sampleModel();
    const l = new ExchangeList();
    l.upsert([m.exchanges[2]!, m.exchanges[0]!]);
    l.upsert([{ ...m.exchanges[0]!, outcome: 'timeout' }, m.exchanges[1]!]);
    expect(l.all().map((x) => [x.id, x.outcome])).toEqual([
      [0, 'timeout'],
      [1, 'ok'],
      [2, 'ok'],
    ]);
    expect(l.positionOf(2)).toBe(2);
  });
});

describe('diagramToSvg', () => {
  it('is well-formed, escapes the text and draws implied packets dashed', () => {
    const r = sampleModel(refusedSteps);
    const groups = r.exchanges.map((x) => layoutExchange(x, lookup(r.entries), 0));
    const svg = diagramToSvg(groups);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('AT+QMTCONN=0,&quot;wb-demo-0001&quot;');
    expect(svg).not.toMatch(/<script|href=/);
    expect((svg.match(/stroke-dasharray/g) ?? []).length).toBe(5); // SYN, SYN-ACK, ACK, CONNECT, CONNACK
    expect(svg).toContain('MQTT server');
    // Every opened element is closed.
    const opened = (svg.match(/<(svg|g|text)\b/g) ?? []).length;
    const closed = (svg.match(/<\/(svg|g|text)>/g) ?? []).length;
    expect(opened).toBe(closed);
  });
});

describe('formatMs', () => {
  it.each([
    [850, '850 ms'],
    [1234, '1.2 s'],
    [2600, '2.6 s'],
    [180_000, '180 s'],
  ])('%d → %s', (ms, s) => expect(formatMs(ms)).toBe(s));
});

describe('fitLabel', () => {
  it('keeps a label that fits and cuts one that does not, ending in an ellipsis', () => {
    expect(fitLabel('OK', 300)).toBe('OK');
    const cut = fitLabel('AT+QMTCONN=0,"a-very-long-client-identifier","user","password"', 200);
    expect(cut.length).toBe(Math.floor((200 - 12) / 6.7));
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('secrets in the on-screen diagram', () => {
  it('masks the marked part of a line and of the command in the title, whatever its length', () => {
    const r = sampleModel(refusedSteps);
    const conn = r.exchanges[1]!;
    const entries = r.entries.map((e) => {
      const at = e.text.indexOf('"wrong"');
      return at >= 0 ? { ...e, secret: [[at + 1, at + 6]] as [number, number][] } : e;
    });
    const g = layoutExchange(conn, lookup(entries), 0);
    expect(g.arrows[0]!.label).toBe('AT+QMTCONN=0,"wb-demo-0001","fielduser","••••••"');
    expect(g.title).toContain('"fielduser","••••••"');
    expect(JSON.stringify(g)).not.toContain('wrong');
  });

  it('shows only the command name while its line (and so its marks) has not arrived', () => {
    const r = sampleModel(refusedSteps);
    const g = layoutExchange(r.exchanges[1]!, () => undefined, 0);
    expect(g.title).toContain('AT+QMTCONN=…');
    expect(g.title).not.toContain('wrong');
  });
});
