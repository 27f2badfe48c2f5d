import { describe, expect, it } from 'vitest';
import { buildJournal } from './transcript';
import { explainAsProblem as explainProblem } from '../../shared/exchanges';
import { exportDiagram, selectExchanges, sessionModel } from './model';
import { refusedConnectSession } from './fixtures';
import { checkMermaid } from './export/mermaid-check';

describe('session model', () => {
  it('explains results from the code catalogue; success codes need no explanation', () => {
    expect(explainProblem('+QMTCONN: 0,0,4')?.code).toBe('connack.4');
    expect(explainProblem('+QMTOPEN: 0,4')?.code).toBe('qmtopen.4');
    expect(explainProblem('+QMTOPEN: 0,0')).toBeUndefined();
    expect(explainProblem('hello')).toBeUndefined();
  });

  it('gives Alibaba Cloud causes when the client opened an Alibaba Cloud endpoint', () => {
    const steps = [
      { at: 0, send: 'AT+QMTOPEN=0,"a1B2c3D4e5F.iot-as-mqtt.cn-shanghai.aliyuncs.com",1883' },
      { at: 300, urc: '+QMTOPEN: 0,0' },
      { at: 400, send: 'AT+QMTCONN=0,"meter-0042"' },
      { at: 700, urc: '+QMTCONN: 0,0,4' },
    ];
    const conn = sessionModel(buildJournal(steps)).exchanges.find((x) => x.command.startsWith('AT+QMTCONN'));
    expect(conn?.problem?.code).toBe('connack.4');
    expect(conn?.problem?.detail).toMatch(/region or instance/);
    const plain = sessionModel(buildJournal(refusedConnectSession)).exchanges.find((x) => x.command.startsWith('AT+QMTCONN'));
    expect(plain?.problem?.detail).not.toMatch(/region or instance/);
  });

  it('exports the chosen exchanges only, redacted, as Mermaid or SVG files', () => {
    const model = sessionModel(buildJournal(refusedConnectSession), { redaction: false });
    const one = selectExchanges(model, [1]);
    const m = exportDiagram(one, 'mermaid', { baseName: 'refused' });
    expect(m.fileName).toBe('refused.mmd');
    expect(checkMermaid(m.text)).toEqual([]);
    expect(m.text).toContain('AT+QMTCONN');
    expect(m.text).not.toContain('AT+QMTOPEN');
    expect(m.text).not.toContain('wrong#59;pass');
    const s = exportDiagram(one, 'svg');
    expect(s.mime).toBe('image/svg+xml');
    expect(s.text).not.toContain('wrong;pass');
  });
});
