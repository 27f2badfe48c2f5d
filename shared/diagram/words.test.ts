// The diagram's own words in Chinese: titles ("took", "unsolicited", the outcome), implied
// packets' details, failure notes and lane heads; MQTT packet names, AT commands and result lines
// stay as on the wire. The English tables say exactly what layout.ts's own templates say.
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import type { Exchange, ImpliedPacket } from '../model';
import { sampleModel } from '../../test-support/sample-session';
import { laptopPackets } from '../exchanges';
import { msg } from '../i18n/msg';
import type { ProbeStage } from '../probe';
import { layoutExchange, layoutSession, LANE_TITLES, LANES_WITH_LAPTOP, type EntryView } from './layout';
import { diagramToSvg } from './svg';
import { diagramWords, laneWords } from './words';
import { sessionToSvg } from '.';

const CJK = /[\u4e00-\u9fff]/;
const zh = diagramWords('zh-CN')!;

describe('diagram words', () => {
  it('English has no words object: the layout keeps its templates; the English tables give the same text', () => {
    expect(diagramWords('en')).toBeUndefined();
    const en = translator('en');
    for (const lane of LANES_WITH_LAPTOP) expect(laneWords(lane, en)).toBe(LANE_TITLES[lane]);
    expect(en('diagram.titleCommandTook', { at: 't=400 ms', command: 'AT+QMTCONN=0,"x"', outcome: en('diagram.outcomeOk'), took: '250 ms' })).toBe('t=400 ms · AT+QMTCONN=0,"x" · ok · took 250 ms');
    expect(en('diagram.packet', { name: 'CONNACK', detail: '4 bad', hasDetail: 'yes', uncertain: 'yes' })).toBe('CONNACK (4 bad) ?');
  });

  it('zh-CN group titles: "took" and the outcome in Chinese, the command as sent', () => {
    const m = sampleModel();
    const entry = (i: number): EntryView | undefined => m.entries[i];
    const conn = m.exchanges[1]!;
    const en = layoutExchange(conn, entry, 0);
    const cn = layoutExchange(conn, entry, 0, 90, zh);
    expect(en.title).toContain('took 250 ms');
    expect(cn.title).toBe(en.title.replace(' · ok · took ', ' · 成功 · 耗时 '));
    expect(cn.arrows.map((a) => a.label.split(/ \(|（/)[0])).toEqual(en.arrows.map((a) => a.label.split(' (')[0]));
    expect(zh.title({ kind: 'urc', outcome: 'ok' } as Exchange, 't=1 s', '+QMTSTAT: 0,1', undefined)).toBe('t=1 s · 主动上报 +QMTSTAT: 0,1');
    expect(zh.title({ kind: 'power-up', outcome: 'ok' } as Exchange, 't=0 ms', 'RDY', undefined)).toBe('t=0 ms · 上电');
  });

  it('zh-CN implied packets: the words around the packet names, catalogue meanings included', () => {
    const p = (name: string, detail?: string, extra: Partial<ImpliedPacket> = {}): ImpliedPacket => ({ name, from: 'modem', ...(detail ? { detail } : {}), ...extra });
    expect(zh.implied(p('CONNECT', 'client id wb-1'))).toBe('CONNECT（客户端 ID wb-1）');
    expect(zh.implied(p('CONNECT', 'resent (2)'))).toBe('CONNECT（重发（第 2 次））');
    expect(zh.implied(p('SUBACK', 'granted QoS 1, 0x80 refused'))).toBe('SUBACK（已授予 QoS 1、0x80 拒绝）');
    expect(zh.implied(p('PINGRESP', 'missing', { failed: true }))).toBe('PINGRESP（未收到）');
    expect(zh.implied(p('CONNACK', 'awaited', { uncertain: true }))).toBe('CONNACK（等待中） ?');
    expect(zh.implied(p('DNS query', 'broker.example.net'))).toBe('DNS 查询（broker.example.net）');
    expect(zh.implied(p('PUBLISH', 'QoS 1 msgID 3 a/b — missing (timed out)'))).toBe('PUBLISH（QoS 1 msgID 3 a/b — 未收到（已超时））');
    // A CONNACK's return code with the catalogue's short meaning, in Chinese.
    const connack = zh.implied(p('CONNACK', '4 refused: bad user name or password'));
    expect(connack.startsWith('CONNACK（4 ')).toBe(true);
    expect(connack).toMatch(CJK);
  });

  it('zh-CN SVG export: lane heads, titles and notes in Chinese; the English SVG unchanged', () => {
    const m = sampleModel();
    const en = sessionToSvg(m);
    expect(en).toBe(diagramToSvg(layoutSession(m)));
    expect(en).not.toMatch(CJK);
    const cn = sessionToSvg(m, 'zh-CN');
    expect(cn).toContain('>主机（本应用）</text>');
    expect(cn).toContain('>MQTT 服务器</text>');
    expect(cn).toContain(' · 成功 · 耗时 ');
    expect(cn).not.toMatch(/ · took | · ok /);
    expect(cn).toContain('AT+QMTCONN=0,&quot;wb-demo-0001&quot;');
  });

  it('zh-CN: a laptop probe\'s group: its title, its stages\' details and its verdict note from their messages', () => {
    const stages: ProbeStage[] = [
      { stage: 'dns', status: 'passed', ms: 0, detail: '127.0.0.1 is an address: nothing to resolve', detailMsg: msg('probe.dIsAddress', { host: '127.0.0.1' }) },
      { stage: 'tcp', status: 'passed', ms: 3, detail: 'connected to 127.0.0.1:1883', detailMsg: msg('probe.dConnected', { address: '127.0.0.1', port: 1883 }), address: '127.0.0.1' },
      { stage: 'mqtt', status: 'passed', ms: 5, detail: 'CONNACK 0: connection accepted', detailMsg: msg('probe.dAccepted'), connack: 0 },
    ];
    const verdict = msg('probe.vRoundtrip', { reason: 'timeout' });
    const x: Exchange = { id: 1, command: 'laptop probe 127.0.0.1:1883 (TLS)', startedMono: 0, endedMono: 8, entries: [], outcome: 'error', implied: laptopPackets(stages), kind: 'laptop', problem: { code: 'laptop.verdict', title: 'x', detail: '', nextStep: 'y' }, verdictMsg: { title: verdict, nextStep: msg('probe.nCheckAcl') } };
    const g = layoutExchange(x, () => undefined, 0, 90, zh);
    expect(g.title).toBe('t=0 ms · 电脑探测 127.0.0.1:1883（TLS） · 出错 · 耗时 8 ms');
    expect(g.arrows.map((a) => a.label)).toEqual(['SYN（127.0.0.1）', 'SYN-ACK（已连接到 127.0.0.1:1883）', 'CONNECT', 'CONNACK 0（CONNACK 0：连接已接受）']);
    expect(g.note).toMatchObject({ title: '出错：服务器接受了电脑的 CONNECT，但订阅/发布往返测试失败：timeout。', nextStep: '检查主题以及服务器对此客户端的 ACL。' });
    // English: the journal's words, as before.
    const en = layoutExchange(x, () => undefined, 0);
    expect(en.title).toBe('t=0 ms · laptop probe 127.0.0.1:1883 (TLS) · error · took 8 ms');
    expect(en.note?.title).toBe('error: x');
  });
});
