import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { catalogueMessageId } from '../i18n/messages/catalogue';
import { problem } from '../outcome';
import { ALIYUN, catalogue, explain, fromExplanation, problemFromLine } from './codes';
import { localizeExplanation, localizeProblem } from './localize';
import { validateArgs } from '../api';

const CJK = /[\u4e00-\u9fff]/;

describe('the catalogue in every language', () => {
  it('has every row in English and Simplified Chinese, with as many causes', () => {
    const zh = translator('zh-CN');
    const en = translator('en');
    const ids = new Set<string>();
    for (const e of catalogue) {
      const key = `${e.family}.${e.code}`;
      const id = catalogueMessageId(key);
      expect(ids.has(id), `${key}: message id ${id} taken twice`).toBe(false);
      ids.add(id);
      expect(en(`catalogue.${id}_m`), key).toBe(e.meaning);
      expect(en(`catalogue.${id}_n`), key).toBe(e.nextStep);
      expect(zh(`catalogue.${id}_m`), `${key} meaning`).toMatch(CJK);
      expect(zh(`catalogue.${id}_n`), `${key} next step`).toMatch(CJK);
      e.likelyCauses.forEach((c, i) => {
        expect(en(`catalogue.${id}_c${i + 1}`), key).toBe(c);
        expect(zh(`catalogue.${id}_c${i + 1}`), `${key} cause ${i + 1}`).not.toBe(`catalogue.${id}_c${i + 1}`);
      });
      expect(zh(`catalogue.${id}_c${e.likelyCauses.length + 1}`), `${key}: more causes in zh-CN`).toBe(`catalogue.${id}_c${e.likelyCauses.length + 1}`);
    }
    for (const [key, h] of Object.entries(ALIYUN)) {
      const id = catalogueMessageId(key);
      h.likelyCauses.forEach((c, i) => expect(zh(`catalogue.aliyun_${id}_c${i + 1}`), key).toMatch(CJK));
      expect(zh(`catalogue.aliyun_${id}_n`), key).toMatch(CJK);
    }
  });
});

describe('localizeExplanation', () => {
  const lines: Array<[string, Parameters<typeof explain>[1]?]> = [
    ['+QMTOPEN: 0,-1'],
    ['+QMTCONN: 0,0,4', { host: 'a1b2.iot-as-mqtt.cn-shanghai.aliyuncs.com' }],
    ['+QMTCONN: 0,2', { command: 'AT+QMTCONN?' }],
    ['+QMTSUB: 0,1,0,1,128', { command: 'AT+QMTSUB=0,1,"a/b",1,"c/d",1' }],
    ['+QMTSUB: 0,1,0,128'],
    ['+CSQ: 20,99'],
    ['+QCSQ: "LTE",-65,-95,12,-10'],
    ['+CME ERROR: 3', { command: 'AT+QMTSUB=0,1,"a",1', connected: false }],
    ['+CMS ERROR: 500'],
    ['ERROR', { verboseErrors: true }],
    ['ERROR'],
    ['+CPIN: NOT INSERTED'],
  ];

  it.each(lines)('leaves %s as it is in English', (line, ctx) => {
    const e = explain(line, ctx)!;
    expect(localizeExplanation(e, 'en')).toBe(e);
  });

  it.each(lines)('words %s in Chinese, from its key and line', (line, ctx) => {
    const e = explain(line, ctx)!;
    const zh = localizeExplanation(e, 'zh-CN');
    expect(zh.key).toBe(e.key);
    expect(zh.meaning).toMatch(CJK);
    expect(zh.nextStep).toMatch(CJK);
    expect(zh.likelyCauses).toHaveLength(e.likelyCauses.length);
    for (const c of zh.likelyCauses) if (!c.startsWith('+CME ERROR')) expect(c).toMatch(CJK);
  });

  it('reads an AT+QMTCONN? answer as a state, Aliyun hints and partial SUBACKs in Chinese', () => {
    expect(localizeExplanation(explain('+QMTCONN: 0,2', { command: 'AT+QMTCONN?' })!, 'zh-CN').meaning).toBe('客户端正在连接：CONNECT 已发送，等待 CONNACK。');
    const ali = localizeExplanation(explain('+QMTCONN: 0,0,4', { host: 'a1b2.iot-as-mqtt.cn-shanghai.aliyuncs.com' })!, 'zh-CN');
    expect(ali.meaning).toBe('拒绝连接：用户名或密码错误。');
    expect(ali.aliyun?.nextStep).toContain('接入点');
    expect(ali.aliyun?.likelyCauses[2]).toContain('DeviceName&ProductKey');
    const sub = localizeExplanation(explain('+QMTSUB: 0,1,0,1,128', { command: 'AT+QMTSUB=0,1,"a/b",1,"c/d",1' })!, 'zh-CN');
    expect(sub.meaning).toBe('部分订阅成功：“a/b” 已授权（QoS 1）；“c/d” 被拒绝（128）。');
    expect(localizeExplanation(explain('+CSQ: 20,99')!, 'zh-CN').meaning).toBe('信号 -73 dBm（良好），误码率未知。');
    expect(localizeExplanation(explain('ERROR', { verboseErrors: true })!, 'zh-CN').nextStep).not.toContain('CMEE');
  });

  it('keeps an unknown key and a sentence no row gives in English', () => {
    const e = explain('+QMTOPEN: 0,3')!;
    const odd = { ...e, nextStep: 'Something else.' };
    expect(localizeExplanation(odd, 'zh-CN').nextStep).toBe('Something else.');
    const unknown = { ...e, key: 'nothing.here' };
    expect(localizeExplanation(unknown, 'zh-CN')).toBe(unknown);
  });
});

describe('localizeProblem', () => {
  it('words a catalogue Problem from its code, causes included, and leaves English alone', () => {
    const p = problemFromLine('+QMTOPEN: 0,3', { command: 'AT+QMTOPEN=0,"h",1883' });
    expect(localizeProblem(p, 'en')).toBe(p);
    const zh = localizeProblem(p, 'zh-CN');
    expect(zh.title).toBe('激活 PDP 上下文失败（无移动数据）。');
    expect(zh.detail).toBe('AT+QMTOPEN=0,"h",1883 → +QMTOPEN: 0,3。可能原因：APN 或 APN 用户名/密码错误；未附着到分组网络；SIM 卡没有数据套餐；该客户端的 "pdpcid" 配置错误。');
    expect(zh.code).toBe(p.code);
    const ali = localizeProblem(fromExplanation(explain('+QMTCONN: 0,0,4', { host: 'x.iot-as-mqtt.cn-shanghai.aliyuncs.com' })!, 'd'), 'zh-CN');
    expect(ali.nextStep).toMatch(/^先检查接入点.*检查凭据/);
    // A reading made from its line, as the log asks for it.
    expect(localizeProblem(problemFromLine('+CSQ: 20,99', { command: 'AT+CSQ' }), 'zh-CN').title).toBe('信号 -73 dBm（良好），误码率未知。');
  });

  it('words a Problem of its own table from its params, and only when the English is the row', () => {
    const p = problem('port.not-found', 'There is no serial port at /dev/ttyUSB9.', 'ENOENT', 'Check that the modem is plugged in and powered, and pick the port again from the list (the device name can change after a replug).', { path: '/dev/ttyUSB9' });
    const zh = localizeProblem(p, 'zh-CN');
    expect(zh.title).toBe('/dev/ttyUSB9 处没有串口。');
    expect(zh.detail).toBe('ENOENT');
    expect(zh.nextStep).toMatch(CJK);
    // Without its params, or with other words, a sentence stays in English.
    expect(localizeProblem({ ...p, params: undefined } as never, 'zh-CN')).toEqual({ ...p, params: undefined });
    expect(localizeProblem({ ...p, nextStep: 'Other.' }, 'zh-CN').nextStep).toBe('Other.');
    const staticOne = problem('bringup.no-host', 'No MQTT server given.', 'The server host is empty.', 'Type the MQTT server host (and port) and start again.');
    expect(localizeProblem(staticOne, 'zh-CN')).toMatchObject({ title: '未填写 MQTT 服务器。', detail: '服务器主机为空。' });
    const tls = problem('aliyun.port.needs-tls', 'Port 8883 accepts TLS only.', 'note', 'Enable TLS on the modem (AT+QMTCFG="ssl",<idx>,1,<ctx>) or use port 1883 for plain TCP.', { port: 8883 });
    expect(localizeProblem(tls, 'zh-CN')).toMatchObject({ title: '端口 8883 只接受 TLS。', detail: 'note', nextStep: '在模组上开启 TLS（AT+QMTCFG="ssl",<idx>,1,<ctx>），或使用 1883 端口走明文 TCP。' });
    const unknown = problem('x.y', 'T', 'D', 'N');
    expect(localizeProblem(unknown, 'zh-CN')).toBe(unknown);
  });
});

describe("'invalid-argument' problems in the reader's language", () => {
  const refused = (name: Parameters<typeof validateArgs>[0], args: unknown) => {
    const r = validateArgs(name, args);
    if (r.ok) throw new Error('expected a refusal');
    return r.problem;
  };

  it('a field the schema refuses: the field and its fix in Chinese, from the wizard\'s table; English unchanged', () => {
    const p = refused('mqttPublish', { clientIdx: 9, topic: 'a/b', payload: 'x', qos: 0 });
    expect(p).toMatchObject({ code: 'invalid-argument', title: 'Client index must be 0–5', nextStep: 'Correct the "Client index" field and try again.' });
    expect(localizeProblem(p, 'en')).toBe(p);
    const zh = localizeProblem(p, 'zh-CN');
    expect(zh.title).toBe('客户端索引必须在 0–5 之间');
    expect(zh.nextStep).toBe('请更正“客户端索引”一栏后重试。');
    const quote = localizeProblem(refused('mqttPublish', { clientIdx: 0, topic: 'a"b', payload: 'x', qos: 0 }), 'zh-CN');
    expect(quote.title).toBe('主题：主题不能包含双引号或换行（AT 字符串没有转义）');
    expect(localizeProblem(refused('mqttPublish', { clientIdx: 0, topic: 'a/#', payload: 'x', qos: 0 }), 'zh-CN').title).toBe('主题：发布主题不能包含通配符 + 或 #');
  });

  it('a request the schema refuses without a label, and the throw sites\' own sentences', () => {
    const p = refused('mqttPublish', { clientIdx: 0, topic: 'a/b', payload: 'x', qos: 0, bogus: 1 });
    expect(p.title).toBe('Invalid value for "bogus" in mqttPublish');
    expect(localizeProblem(p, 'zh-CN')).toMatchObject({ title: '请求 mqttPublish 中“bogus”的值无效', nextStep: '请更正“bogus”后重试。', detail: p.detail });
    const ping = problem('invalid-argument', 'No host to ping.', 'AT+QPING needs a host name or IP address.', 'Name the host to ping.', { kind: 'pingNoHost' });
    expect(localizeProblem(ping, 'zh-CN')).toEqual({ ...ping, title: '没有要 ping 的主机。', detail: 'AT+QPING 需要主机名或 IP 地址。', nextStep: '请填写要 ping 的主机。' });
    const server = problem('invalid-argument', 'MQTT server: type the server host', 'The MQTT server field is empty.', 'Type the MQTT server host (name or IP) and its port.', { kind: 'serverEmpty' });
    expect(localizeProblem(server, 'zh-CN').title).toBe('MQTT 服务器：请输入服务器地址');
    const sent = problem('invalid-argument', 'The ping cannot be sent.', 'getaddrinfo ENOTFOUND x', 'Correct the host and retry.', { kind: 'pingFailed' });
    expect(localizeProblem(sent, 'zh-CN')).toMatchObject({ title: '无法发送 ping。', detail: 'getaddrinfo ENOTFOUND x', nextStep: '更正主机后重试。' });
  });
});

describe('a partial SUBACK Problem in Chinese', () => {
  it('reads its filters back from the English the catalogue made of them; a meaning it cannot read stays English', () => {
    const entry = catalogue.find((e) => e.family === 'qmtsub' && e.code === 'partial')!;
    const p = problem('qmtsub.partial', 'Subscribed in part: "a/b" granted (QoS 1); "c/d" refused (128)', '+QMTSUB: 0,1,0,1,128 — likely: ' + entry.likelyCauses[0], entry.nextStep);
    const zh = localizeProblem(p, 'zh-CN');
    expect(zh.title).toMatch(CJK);
    expect(zh.title).toBe('部分订阅成功：“a/b” 已授权（QoS 1）；“c/d” 被拒绝（128）');
    expect(zh.title).not.toMatch(/Subscribed|granted|refused/);
    expect(localizeProblem(p, 'en')).toBe(p);
    const odd = { ...p, title: 'Subscribed in part: something else' };
    expect(localizeProblem(odd, 'zh-CN').title).toBe(odd.title);
  });
});
