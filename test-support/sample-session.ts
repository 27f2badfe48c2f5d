// Small recorded-style sessions (protocol.md §5.1 and §8 shapes) as journal records, grouped by the
// shared grouper: test data for the diagram's and the log's tests.
import { groupRecords, type SessionModel } from '../shared/exchanges';
import type { JournalRecord } from '../shared/model';

type Step = { at: number; send: string; final?: string } | { at: number; urc: string };

const WALL0 = Date.UTC(2026, 10, 25, 9, 0, 0);

export function journalOf(steps: readonly Step[]): JournalRecord[] {
  const out: JournalRecord[] = [];
  let id = 1;
  const ev = (mono: number, event: Record<string, unknown>) =>
    out.push({ seq: out.length, mono, wall: WALL0 + mono, event: { ...event, at: { mono, wall: WALL0 + mono } } } as JournalRecord);
  for (const s of steps) {
    if ('urc' in s) {
      ev(s.at, { type: 'line', dir: 'rx', kind: 'urc', text: s.urc });
      continue;
    }
    const cid = id++;
    const final = s.final ?? 'OK';
    ev(s.at, { type: 'command-started', id: cid, command: s.send });
    ev(s.at, { type: 'line', dir: 'tx', kind: 'command', text: s.send, commandId: cid });
    ev(s.at + 1, { type: 'line', dir: 'rx', kind: 'echo', text: s.send, commandId: cid });
    ev(s.at + 20, { type: 'line', dir: 'rx', kind: 'final', text: final, commandId: cid });
    const outcome = final === 'OK' ? { kind: 'ok', lines: [], final } : { kind: 'modem-error', lines: [], final, problem: { code: 'at.error', title: 'The modem refused the command', detail: final, nextStep: 'Check the syntax.' } };
    ev(s.at + 20, { type: 'command-ended', id: cid, command: s.send, outcome });
  }
  return out;
}

/** Open, connect, subscribe, publish, a message, then the broker drops the link. */
export const sampleSteps: Step[] = [
  { at: 0, send: 'AT+QMTOPEN=0,"127.0.0.1",1883' },
  { at: 300, urc: '+QMTOPEN: 0,0' },
  { at: 400, send: 'AT+QMTCONN=0,"wb-demo-0001"' },
  { at: 650, urc: '+QMTCONN: 0,0,0' },
  { at: 700, send: 'AT+QMTSUB=0,1,"site7/cmd/#",1' },
  { at: 900, urc: '+QMTSUB: 0,1,0,1' },
  { at: 1000, urc: '+QMTRECV: 0,3,"site7/cmd/led",2,"on"' },
  { at: 2000, urc: '+QMTSTAT: 0,1' },
];

/** The broker refuses the credentials (CONNACK 4). */
export const refusedSteps: Step[] = [
  { at: 0, send: 'AT+QMTOPEN=0,"10.0.0.5",1883' },
  { at: 300, urc: '+QMTOPEN: 0,0' },
  { at: 400, send: 'AT+QMTCONN=0,"wb-demo-0001","fielduser","wrong"' },
  { at: 700, urc: '+QMTCONN: 0,0,4' },
];

export function sampleModel(steps: readonly Step[] = sampleSteps): SessionModel {
  return groupRecords(journalOf(steps));
}
