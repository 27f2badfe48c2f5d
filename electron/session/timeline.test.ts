// The timeline of a journal, built from the same records the engine writes: the signal from the
// sampler's answers, the state lanes from the state fold, drops, restarts and failures as markers
// pointing at their log rows, message rates per client.
import { describe, expect, it } from 'vitest';
import type { AtOutcome, EngineEvent, JournalRecord } from '../../shared/model';
import { buildTimeline, signalAt, type TruthPoint } from '../../shared/timeline/model';
import { groupRecords } from '../../shared/exchanges';
import { foldModemState, initialFold } from '../host/modem-state';
import { timelineOf, truthPoints } from './timeline';

let seq = 0;
let nextId = 0;
let wall = 1_000_000;
const rec = (event: EngineEvent | { type: 'port-opened'; path: string; settings: never }): JournalRecord => ({ seq: seq++, mono: wall, wall, event: event as EngineEvent });
const at = () => ({ mono: wall, wall });
const after = (ms: number) => {
  wall += ms;
};

function cmd(command: string, lines: string[] = [], final = 'OK', urcs: string[] = []): JournalRecord[] {
  const id = ++nextId;
  const outcome: AtOutcome = final === 'OK' ? { kind: 'ok', lines, final } : { kind: 'modem-error', lines, final, problem: { code: 'qmtopen', title: 'The modem refused AT+QMTOPEN', detail: '', nextStep: '' } };
  return [
    rec({ type: 'command-started', id, command, at: at() }),
    rec({ type: 'line', dir: 'tx', kind: 'command', text: command, commandId: id, at: at() }),
    ...lines.map((text) => rec({ type: 'line', dir: 'rx', kind: 'response', text, commandId: id, at: at() })),
    rec({ type: 'line', dir: 'rx', kind: 'final', text: final, commandId: id, at: at() }),
    rec({ type: 'command-ended', id, command, outcome, at: at() }),
    ...urcs.flatMap(urc),
  ];
}
const urc = (text: string): JournalRecord[] => [rec({ type: 'line', dir: 'rx', kind: 'urc', text, at: at() }), rec({ type: 'urc', name: text.replace(/^\+?([A-Z ]+).*$/, '$1'), text, at: at() })];
const step = (ms: number, records: () => JournalRecord[]): JournalRecord[] => {
  after(ms);
  return records();
};

function session(): JournalRecord[] {
  return [
    rec({ type: 'port-opened', path: 'virtual:ec20', settings: undefined as never }),
    ...cmd('AT+CEREG?', ['+CEREG: 0,1']),
    ...cmd('AT+QIACT?', ['+QIACT: 1,1,1,"10.64.3.17"']),
    ...step(100, () => cmd('AT+QMTOPEN=0,"broker.example",1883', [], 'OK', ['+QMTOPEN: 0,0'])),
    ...step(100, () => cmd('AT+QMTCONN=0,"dev-1"', [], 'OK', ['+QMTCONN: 0,0,0'])),
    // Samples at +1 s and +2 s, messages in and out, then a drop at +3 s.
    ...step(1_000 - 200, () => [...cmd('AT+CSQ', ['+CSQ: 21,99']), ...cmd('AT+QCSQ', ['+QCSQ: "LTE",-71,-95,160,-10'])]),
    ...step(200, () => [...urc('+QMTRECV: 0,1,"t","21"'), ...urc('+QMTRECV: 0,2,"t","22"'), ...cmd('AT+QMTPUB=0,0,0,0,"t","x"', [], 'OK', ['+QMTPUB: 0,0,0'])]),
    ...step(800, () => [...cmd('AT+CSQ', ['+CSQ: 99,99']), ...cmd('AT+QCSQ', ['+QCSQ: "NOSERVICE"']), ...cmd('AT+CEREG?', ['+CEREG: 0,2'])]),
    ...step(1_000, () => urc('+QMTSTAT: 0,1')),
    ...step(500, () => cmd('AT+QMTOPEN=0,"broker.example",1883', [], 'ERROR')),
    ...step(500, () => urc('RDY')),
  ];
}

describe('timeline of a journal', () => {
  const records = session();
  const t0 = records[0]!.wall;
  const tl = timelineOf(records);

  it('plots the sampled signal: RSSI from +CSQ, RSRP and SINR from +QCSQ, gaps where there is none', () => {
    expect(tl.signal.t.map((t) => t - t0)).toEqual([1_000, 1_000, 2_000, 2_000]);
    expect(tl.signal.rssi).toEqual([-71, -71, null, null]);
    expect(tl.signal.rsrp).toEqual([null, -95, null, null]);
    expect(tl.signal.sinr).toEqual([null, 12, null, null]);
    expect(tl.signal.none).toEqual([false, false, true, true]);
    expect(signalAt(tl.signal, t0 + 1_500)).toMatchObject({ dbm: -71, none: false });
    expect(signalAt(tl.signal, t0 + 3_000)).toMatchObject({ none: true });
  });

  it('takes registration, PDP and MQTT lanes from the state fold', () => {
    expect(tl.registration.map((s) => [s.state, s.from - t0])).toEqual([['registered', 0], ['searching', 2_000], ['unknown', 4_000]]);
    expect(tl.pdp.map((s) => [s.state, s.from - t0])).toEqual([['active', 0], ['inactive', 4_000]]);
    expect(tl.clients[0]?.map((s) => [s.state, s.from - t0])).toEqual([['open', 100], ['connected', 200], ['closed', 3_000]]);
  });

  it('marks the drop, the failed open with its explanation and the restart, each with its log row', () => {
    expect(tl.markers.map((m) => [m.kind, m.t - t0, m.label])).toEqual([
      ['drop', 3_000, '+QMTSTAT: 0,1'],
      ['failure', 3_500, 'AT+QMTOPEN=0,"broker.example",1883 → ERROR'],
      ['reboot', 4_000, 'RDY'],
    ]);
    const drop = tl.markers[0]!;
    expect(drop.client).toBe(0);
    expect(drop.explanation).toBe('The server closed or reset the connection.');
    expect(drop.entry).toBeGreaterThan(0);
    expect(tl.markers[1]!.explanation).toBeTruthy();
  });

  it('counts messages in and out per client per bin', () => {
    const r = tl.rates[0]!;
    expect(tl.binMs).toBe(1_000);
    expect(r.in.reduce((a, b) => a + b, 0)).toBe(2);
    expect(r.out.reduce((a, b) => a + b, 0)).toBe(1);
    expect(r.in[1]).toBe(2);
  });

  it('keeps only the truth points that move a lane, and draws exactly what every point draws', () => {
    const all: TruthPoint[] = [];
    let f = initialFold();
    for (const r of records) {
      const next = foldModemState(f, r);
      if (next.truth !== f.truth) all.push({ wall: r.wall, truth: next.truth });
      f = next;
    }
    const kept = truthPoints(records);
    expect(kept.length).toBeLessThan(all.length);
    expect(kept[0]).toEqual(all[0]);
    expect(kept[kept.length - 1]).toEqual(all[all.length - 1]);
    const model = groupRecords(records);
    const src = { entries: model.entries, exchanges: model.exchanges };
    expect(buildTimeline({ ...src, truth: kept })).toEqual(buildTimeline({ ...src, truth: all }));
  });
});
