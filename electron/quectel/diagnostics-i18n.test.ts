import { afterEach, describe, expect, it } from 'vitest';
import { msgText, translator } from '../../shared/i18n';
import { openMemoryRig } from '../../test-support/engine-rig';
import type { Script, Step } from '../../test-support/scripted-peer';
import { runDiagnostic } from './diagnostics';

// Each check's summary keeps its English line (logs, journals, --json) and carries a message
// that renders the same line in English and in Simplified Chinese.
describe('diagnosis summaries in the reader\'s language', () => {
  let rig: ReturnType<typeof openMemoryRig> | undefined;
  afterEach(() => rig?.engine.dispose());
  const answers = (table: Record<string, Step[]>): Script => (cmd) => table[cmd] ?? ['\r\nERROR\r\n'];
  const en = translator('en');
  const zh = translator('zh-CN');

  it('keeps the English summaries as they were and renders them in zh-CN', async () => {
    rig = openMemoryRig(answers({
      'AT+QURCCFG="urcport"': ['\r\n+QURCCFG: "urcport","uart1"\r\n\r\nOK\r\n'],
      'AT+CGATT?': ['\r\n+CGATT: 1\r\n\r\nOK\r\n'],
      'AT+QIDNSCFG=1': ['\r\n+QIDNSCFG: 1,"8.8.8.8","1.1.1.1"\r\n\r\nOK\r\n'],
      'AT+CCLK?': ['\r\n+CCLK: "80/01/06,00:01:02+00"\r\n\r\nOK\r\n'],
      'AT+QCCID': ['\r\n+QCCID: 89860012345678901234\r\n\r\nOK\r\n'],
      'AT+CIMI': ['\r\n001010123456789\r\n\r\nOK\r\n'],
    }));
    const cases = [
      [await runDiagnostic(rig.engine, 'urcport', { portPath: '/dev/ttyS0' }), 'URCs go to uart1 (this port)', 'URC 输出到 uart1（本端口）'],
      [await runDiagnostic(rig.engine, 'attach'), 'attached to the packet network', '已附着到分组域网络'],
      [await runDiagnostic(rig.engine, 'dns', { cid: 1 }), 'DNS 8.8.8.8, 1.1.1.1', 'DNS 8.8.8.8, 1.1.1.1'],
      [await runDiagnostic(rig.engine, 'clock'), 'module clock not set (80/01/06,00:01:02+00)', '模组时钟未设置（80/01/06,00:01:02+00）'],
      [await runDiagnostic(rig.engine, 'sim-identity'), 'ICCID 89860012345678901234, IMSI 001010123456789', 'ICCID 89860012345678901234，IMSI 001010123456789'],
    ] as const;
    for (const [r, english, chinese] of cases) {
      expect(r.summary).toBe(english);
      expect(msgText(en, r.summaryMsg, '')).toBe(english);
      expect(msgText(zh, r.summaryMsg, '')).toBe(chinese);
    }
  });

  it('a failed check names the check in either language', async () => {
    rig = openMemoryRig(answers({ 'AT+CGATT?': ['\r\n+CGATT: 0\r\n\r\nOK\r\n'], 'AT+QIDNSCFG=1': ['\r\n+QIDNSCFG: 1,"0.0.0.0","0.0.0.0"\r\n\r\nOK\r\n'] }));
    const attach = await runDiagnostic(rig.engine, 'attach');
    expect(attach.summary).toBe('not attached to the packet network');
    expect(zh(attach.summaryMsg!.key, attach.summaryMsg!.values)).toBe('未附着到分组域网络');
    const dns = await runDiagnostic(rig.engine, 'dns', { cid: 1 });
    expect(dns.summary).toBe('context 1 has no DNS server');
    expect(zh(dns.summaryMsg!.key, dns.summaryMsg!.values)).toBe('上下文 1 没有 DNS 服务器');
    const clock = await runDiagnostic(rig.engine, 'sim-identity');
    expect(clock.summary).toMatch(/^SIM identity: /);
    expect(zh(clock.summaryMsg!.key, clock.summaryMsg!.values)).toMatch(/^SIM 卡标识：/);
  });

  it('the ping summary, with its counts, in both languages', async () => {
    rig = openMemoryRig(answers({
      'AT+QPING=1,"broker.example.net",1,2': ['\r\nOK\r\n', '\r\n+QPING: 0,"10.1.2.3",32,41,54\r\n', '\r\n+QPING: 0,"10.1.2.3",32,45,54\r\n', '\r\n+QPING: 0,2,2,0,41,45,43\r\n'],
    }));
    const r = await runDiagnostic(rig.engine, 'ping', { host: 'broker.example.net', timeoutS: 1, count: 2 });
    expect(r.summary).toBe('broker.example.net: 2 replies, 43 ms average');
    expect(zh(r.summaryMsg!.key, r.summaryMsg!.values)).toBe('broker.example.net：收到 2 个应答，平均 43 ms');
  });
});
