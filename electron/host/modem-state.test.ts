// The state fold over journal transcripts shaped as the engine writes them (protocol.md §6 states,
// §7 quirks): each table row is what the modem said, and what every view must then show.
import { describe, expect, it } from 'vitest';
import type { AtOutcome, EngineEvent, JournalRecord } from '../../shared/model';
import { foldModemState, initialFold, modemStateOf, type ModemStateFold } from './modem-state';

const at = { mono: 0, wall: 0 };
let seq = 0;
let nextId = 0;
const rec = (event: EngineEvent | { type: 'port-opened'; path: string; settings: never }): JournalRecord => ({ seq: seq++, mono: seq, wall: 1000 + seq, event: event as EngineEvent });

/** A command with its answer lines and final result; `urcs` come between OK and the next command. */
function cmd(command: string, lines: string[] = [], final = 'OK', urcs: string[] = []): JournalRecord[] {
  const id = ++nextId;
  const outcome: AtOutcome = final === 'OK' ? { kind: 'ok', lines, final } : { kind: 'modem-error', lines, final, problem: { code: 'x', title: '', detail: '', nextStep: '' } };
  return [
    rec({ type: 'command-started', id, command, at }),
    rec({ type: 'line', dir: 'tx', kind: 'command', text: command, commandId: id, at }),
    ...lines.map((text) => rec({ type: 'line', dir: 'rx', kind: 'response', text, commandId: id, at })),
    rec({ type: 'line', dir: 'rx', kind: 'final', text: final, commandId: id, at }),
    rec({ type: 'command-ended', id, command, outcome, at }),
    ...urcs.flatMap(urc),
  ];
}
/** An unsolicited line: a line event, then its urc event (as the engine journals it). */
const urc = (text: string): JournalRecord[] => [rec({ type: 'line', dir: 'rx', kind: 'urc', text, at }), rec({ type: 'urc', name: text.replace(/^\+?([A-Z ]+).*$/, '$1'), text, at })];
const opened = (): JournalRecord[] => [rec({ type: 'port-opened', path: 'virtual:ec20', settings: undefined as never })];

const connected0 = (): JournalRecord[] => [
  ...opened(),
  ...cmd('AT+CSQ', ['+CSQ: 21,99']),
  ...cmd('AT+CEREG?', ['+CEREG: 0,1']),
  ...cmd('AT+COPS?', ['+COPS: 0,0,"Example Mobile",7']),
  ...cmd('AT+QIACT?', ['+QIACT: 1,1,1,"10.64.3.17"']),
  ...cmd('AT+QMTOPEN=0,"broker.example",1883', [], 'OK', ['+QMTOPEN: 0,0']),
  ...cmd('AT+QMTCONN=0,"dev-1","u","secret"', [], 'OK', ['+QMTCONN: 0,0,0']),
  ...cmd('AT+QMTSUB=0,1,"a/#",1,"b",2', [], 'OK', ['+QMTSUB: 0,1,0,1,128']),
];

describe('modem state fold', () => {
  it('follows a bring-up: signal, network, IP, and client 0 open → connected with per-filter granted QoS', () => {
    const t = modemStateOf(connected0());
    expect(t.port).toEqual({ state: 'open', path: 'virtual:ec20' });
    expect(t.network).toMatchObject({ signal: { rssi: 21, ber: 99, dbm: -71 }, registration: 'home', operator: 'Example Mobile', accessTech: 'LTE', pdpIp: '10.64.3.17' });
    expect(t.clients[0]).toMatchObject({ state: 'connected', server: 'broker.example:1883', clientId: 'dev-1' });
    expect(t.clients[0]?.subscriptions).toEqual([{ topic: 'a/#', qos: 1, granted: 1 }, { topic: 'b', qos: 2, granted: 128 }]);
    // The password never reaches the state.
    expect(JSON.stringify(t)).not.toContain('secret');
  });

  it.each<[string, JournalRecord[], string]>([
    ['+QMTSTAT closes the client and drops its subscriptions', urc('+QMTSTAT: 0,1'), 'closed'],
    ['AT+QMTDISC (a wizard re-run) closes it on +QMTDISC: 0,0', cmd('AT+QMTDISC=0', [], 'OK', ['+QMTDISC: 0,0']), 'closed'],
    ['a refused AT+QMTDISC leaves it connected', cmd('AT+QMTDISC=0', [], 'ERROR'), 'connected'],
    ['AT+QMTCLOSE closes it on +QMTCLOSE: 0,0', cmd('AT+QMTCLOSE=0', [], 'OK', ['+QMTCLOSE: 0,0']), 'closed'],
    ['a restart (RDY) closes every client', urc('RDY'), 'closed'],
    ['AT+CFUN=0 closes every client', cmd('AT+CFUN=0'), 'closed'],
    ['AT+QMTCONN? listing nothing (bare OK) closes it', cmd('AT+QMTCONN?'), 'closed'],
    ['AT+QMTCONN? state 3 keeps it connected', cmd('AT+QMTCONN?', ['+QMTCONN: 0,3']), 'connected'],
  ])('%s', (_name, more, state) => {
    const t = modemStateOf([...connected0(), ...more]);
    expect(t.clients[0]?.state).toBe(state);
    if (state === 'closed') expect(t.clients[0]?.subscriptions).toEqual([]);
    else expect(t.clients[0]?.subscriptions.length).toBe(2);
  });

  it('a restart also forgets the data context, the registration and the signal', () => {
    const t = modemStateOf([...connected0(), ...urc('RDY')]);
    expect(t.network).toEqual({});
    expect(t.modem.restartedAt).toBeGreaterThan(0);
  });

  it('a refused CONNECT leaves the network open until the broker closes it (+QMTSTAT: 0,1)', () => {
    const base = [...opened(), ...cmd('AT+QMTOPEN=0,"h",1883', [], 'OK', ['+QMTOPEN: 0,0']), ...cmd('AT+QMTCONN=0,"c"', [], 'OK', ['+QMTCONN: 0,0,4'])];
    expect(modemStateOf(base).clients[0]).toMatchObject({ state: 'opened', refusedConnack: 4 });
    const closed = modemStateOf([...base, ...urc('+QMTSTAT: 0,1')]).clients[0];
    expect(closed?.state).toBe('closed');
    expect(closed?.refusedConnack).toBeUndefined();
  });

  it('AT+QMTCONN answered only by +QMTSTAT then ERROR leaves the client closed, not back to opened', () => {
    const records = [...opened(), ...cmd('AT+QMTOPEN=0,"h",1883', [], 'OK', ['+QMTOPEN: 0,0'])];
    const id = ++nextId;
    records.push(
      rec({ type: 'command-started', id, command: 'AT+QMTCONN=0,"c"', at }),
      ...urc('+QMTSTAT: 0,1'),
      rec({ type: 'command-ended', id, command: 'AT+QMTCONN=0,"c"', outcome: { kind: 'modem-error', lines: [], final: 'ERROR', problem: { code: 'x', title: '', detail: '', nextStep: '' } }, at }),
    );
    expect(modemStateOf(records).clients[0]?.state).toBe('closed');
  });

  it('AT+QMTCONN refused with ERROR (client not open) goes back to where it was', () => {
    expect(modemStateOf([...opened(), ...cmd('AT+QMTCONN=0,"c"', [], 'ERROR')]).clients[0]?.state ?? 'closed').toBe('closed');
    const afterOpen = [...opened(), ...cmd('AT+QMTOPEN=0,"h",1883', [], 'OK', ['+QMTOPEN: 0,0']), ...cmd('AT+QMTCONN=0,"c"', [], 'ERROR')];
    expect(modemStateOf(afterOpen).clients[0]?.state).toBe('opened');
  });

  it('shows opening and connecting while the result is awaited, and a result URC that came before OK', () => {
    let f: ModemStateFold = initialFold();
    for (const r of opened()) f = foldModemState(f, r);
    const id = ++nextId;
    f = foldModemState(f, rec({ type: 'command-started', id, command: 'AT+QMTOPEN=1,"h",8883', at }));
    expect(f.truth.clients[1]?.state).toBe('opening');
    // The result claimed as the command's own answer line (protocol.md quirk 2).
    f = foldModemState(f, rec({ type: 'line', dir: 'rx', kind: 'response', text: '+QMTOPEN: 1,0', commandId: id, at }));
    f = foldModemState(f, rec({ type: 'command-ended', id, command: 'AT+QMTOPEN=1,"h",8883', outcome: { kind: 'ok', lines: ['+QMTOPEN: 1,0'], final: 'OK' }, at }));
    expect(f.truth.clients[1]).toMatchObject({ state: 'opened', server: 'h:8883' });
  });

  it('+QMTOPEN: i,3 (no data context) closes; +QMTUNS removes the filter; clients are independent', () => {
    const t = modemStateOf([
      ...connected0(),
      ...cmd('AT+QMTOPEN=2,"other",1883', [], 'OK', ['+QMTOPEN: 2,3']),
      ...cmd('AT+QMTUNS=0,2,"a/#"', [], 'OK', ['+QMTUNS: 0,2,0']),
    ]);
    expect(t.clients[2]?.state).toBe('closed');
    expect(t.clients[0]?.state).toBe('connected');
    expect(t.clients[0]?.subscriptions.map((s) => s.topic)).toEqual(['b']);
  });

  it('a registration URC off the network forgets the operator; +CSQ: 99 forgets the signal; the port closing forgets everything', () => {
    const t = modemStateOf([...connected0(), ...urc('+CEREG: 2'), ...cmd('AT+CSQ', ['+CSQ: 99,99'])]);
    expect(t.network.registration).toBe('searching');
    expect(t.network.operator).toBeUndefined();
    expect(t.network.signal).toBeUndefined();
    const gone = modemStateOf([...connected0(), rec({ type: 'port-closed', reason: { kind: 'unplugged', detail: 'x' }, at })]);
    expect(gone).toEqual({ port: { state: 'closed', path: 'virtual:ec20' }, modem: {}, network: {}, clients: {} });
  });

  it('changes nothing on records the views do not show', () => {
    let f = connected0().reduce(foldModemState, initialFold());
    const before = f.truth;
    for (const r of urc('+QMTRECV: 0,1,"a/x",2,"hi"')) f = foldModemState(f, r);
    expect(f.truth).toBe(before);
  });
});
