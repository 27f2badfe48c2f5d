// Aliyun readings of failures (aliyun.md §5.3, §8.6, §8.7) where the engineer meets them: the log's
// exchanges, `workbench explain --server`, and only when the server is an Aliyun host.
import { describe, expect, it } from 'vitest';
import { groupRecords } from '../../shared/exchanges';
import { explain } from '../../shared/protocol/codes';
import { buildJournal, type Step } from '../session/transcript';
import { parseExplainArgs } from './explain';

const ALIYUN = 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com';
const session = (host: string): Step[] => [
  { at: 0, send: `AT+QMTOPEN=0,"${host}",1883` },
  { at: 300, urc: '+QMTOPEN: 0,0' },
  { at: 400, send: 'AT+QMTCONN=0,"a1X2bEnP82z.meter-0042|securemode=3,signmethod=hmacsha256|","meter-0042&a1X2bEnP82z","00"' },
  { at: 700, urc: '+QMTCONN: 0,0,4' },
  { at: 800, urc: '+QMTSTAT: 0,1' },
];

describe('Aliyun explanations of failures', () => {
  it('a refused CONNECT to an Aliyun host names the Aliyun causes in the log exchange; to another host it does not', () => {
    const conn = (host: string) => groupRecords(buildJournal(session(host))).exchanges.find((x) => x.command.startsWith('AT+QMTCONN'));
    expect(conn(ALIYUN)?.problem?.detail).toMatch(/wrong DeviceSecret or signature.*username order reversed/);
    expect(conn('broker.example.net')?.problem?.detail).not.toMatch(/DeviceSecret/);
  });
  it.each([
    ['+QMTCONN: 0,0,4', /wrong DeviceSecret or signature/],
    ['+QMTCONN: 0,0,5', /device disabled or deleted/],
    ['+QMTSTAT: 0,1', /push each other off/],
    ['+QMTSTAT: 0,2', /keepalive too short/],
  ])('%s', (line, cause) => {
    expect(explain(line, { host: ALIYUN })?.aliyun?.likelyCauses.join('; ')).toMatch(cause);
    expect(explain(line, { host: 'broker.example.net' })?.aliyun).toBeUndefined();
  });
  it('workbench explain takes the server as --server HOST[:PORT] too', () => {
    expect(parseExplainArgs(['+QMTCONN: 0,0,4', '--server', `${ALIYUN}:8883`])).toMatchObject({ host: ALIYUN });
    expect(parseExplainArgs(['x', '--server', 'a', '--host', 'b'])).toMatch(/give one/);
  });
});
