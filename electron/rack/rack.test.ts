import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPorts, portLabels, rackExitCode, runRack, verdictTable, type PortVerdict } from './rack';
import { openReport, reportTargetProblem } from './report';

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
});
