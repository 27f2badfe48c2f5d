import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPorts, portLabels, rackExitCode, runRack, verdictTable, type PortVerdict } from './rack';
import { faultsByPort } from './faults';
import { openReport, redactedReportMessage, reportTargetProblem, shownTarget } from './report';
import { translator } from '../../shared/i18n';

const v = (port: string, exitCode: number, extra: Partial<PortVerdict> = {}): PortVerdict => ({ port, ok: exitCode === 0, exitCode, durationMs: 1234, ...extra });

describe('rack', () => {
  it('numbers repeated port words and expands globs in the last part of a path', async () => {
    expect(portLabels(['virtual', '/dev/a', 'virtual'])).toEqual(['virtual#1', '/dev/a', 'virtual#2']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-glob-'));
    for (const n of ['ttyUSB1', 'ttyUSB0', 'ttyACM0']) fs.writeFileSync(path.join(dir, n), '');
    expect(await expandPorts([path.join(dir, 'ttyUSB*'), 'virtual'])).toEqual([path.join(dir, 'ttyUSB0'), path.join(dir, 'ttyUSB1'), 'virtual']);
    expect(await expandPorts([path.join(dir, 'nothing*')])).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it('gives the port problem (3) over a failed check (1)', () => {
    expect(rackExitCode([v('a', 0), v('b', 0)])).toBe(0);
    expect(rackExitCode([v('a', 1), v('b', 0)])).toBe(1);
    expect(rackExitCode([v('a', 1), v('b', 3)])).toBe(3);
  });
  it('prints one row per port with where it stopped', () => {
    const t = verdictTable([v('/dev/ttyUSB2', 0), v('virtual#2', 1, { at: 'line 7', detail: 'expected /OK/' })]);
    expect(t.split('\n')[0]).toMatch(/^PORT +VERDICT +AT +TIME +DETAIL$/);
    expect(t).toMatch(/^\/dev\/ttyUSB2 +PASSED +1\.2s$/m);
    expect(t).toMatch(/^virtual#2 +FAILED +line 7 +1\.2s +expected \/OK\/$/m);
  });
  it('sends each verdict as it is known and the summary last, to a JSONL file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-report-'));
    const file = path.join(dir, 'out.jsonl');
    const report = await openReport(file);
    const r = await runRack('run', ['slow', 'fast'], async (port) => {
      await new Promise((res) => setTimeout(res, port === 'slow' ? 50 : 0));
      return v(port, port === 'slow' ? 1 : 0);
    }, report);
    expect(r.summary).toMatchObject({ summary: true, command: 'run', ports: 2, passed: 1, failed: 1 });
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.kind, l.port])).toEqual([['port', 'fast'], ['port', 'slow'], ['summary', undefined]]);
    expect(lines[0]).toMatchObject({ station: os.hostname(), command: 'run', ok: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it('refuses report targets it cannot use', () => {
    expect(reportTargetProblem('mqtt://broker.local:1883/line/1')).toBeUndefined();
    expect(reportTargetProblem('results.jsonl')).toBeUndefined();
    expect(reportTargetProblem('mqtt://broker.local:1883')).toMatch(/topic/);
    expect(reportTargetProblem('http://x/y')).toMatch(/mqtt:\/\//);
  });
  it('gives each port its faults: KIND for every virtual port, LABEL=KIND for one', () => {
    const ports = ['virtual', '/dev/ttyUSB0', 'virtual'];
    const labels = ['virtual#1', '/dev/ttyUSB0', 'virtual#2'];
    expect(faultsByPort(['sim-missing'], ports, labels)).toEqual([['sim-missing'], [], ['sim-missing']]);
    expect(faultsByPort(['virtual#2=pdp-fails'], ports, labels)).toEqual([[], [], ['pdp-fails']]);
    expect(faultsByPort(['virtual#2=melted'], ports, labels)).toMatch(/unknown fault "melted"/);
    expect(faultsByPort(['/dev/ttyUSB0=sim-missing'], ports, labels)).toMatch(/not a Virtual EC20/);
    expect(faultsByPort(['virtual#3=sim-missing'], ports, labels)).toMatch(/no port virtual#3/);
    expect(faultsByPort(['sim-missing'], ['/dev/ttyUSB0'], ['/dev/ttyUSB0'])).toMatch(/only works with --port virtual/);
    expect(faultsByPort(['broker-unreachable'], ['virtual'], ['virtual'], ['broker-unreachable'])).toEqual([['broker-unreachable']]);
  });
  it('never shows the report broker\'s password', () => {
    const url = 'mqtts://station:S3cret-Pass-99@broker.local:8883/line/1';
    expect(shownTarget(url)).toBe('mqtts://broker.local:8883/line/1');
    const m = redactedReportMessage(`connect to ${url} failed: bad password S3cret-Pass-99\n`, url);
    expect(m).not.toContain('S3cret-Pass-99');
    expect(m).toContain('mqtts://station@broker.local:8883/line/1');
    expect(redactedReportMessage('refused for Opt-Pass-123456', 'mqtts://h:1/t', { password: 'Opt-Pass-123456' })).not.toContain('Opt-Pass-123456');
  });
  it('prints the table in Chinese with the columns lined up for wide characters', () => {
    const t = verdictTable([v('virtual#1', 0), v('virtual#2', 1, { at: 'line 7', detail: 'x' })], translator('zh-CN'));
    const [head, , second] = t.split('\n');
    expect(head).toMatch(/^端口 +结论 +停在 +用时 +详情$/);
    expect(second).toMatch(/^virtual#2 +失败 +第 7 行 +1\.2s +x$/);
    // The TIME column starts at the same terminal column on every row.
    const col = (line: string, cell: string) => [...line.slice(0, line.indexOf(cell))].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    expect(col(second!, '1.2s')).toBe(col(head!, '用时'));
  });
});
