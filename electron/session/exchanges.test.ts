import { describe, expect, it } from 'vitest';
// Tests of the pure grouper in shared/exchanges.ts, on transcripts built here (shared/ imports nothing from electron/).
import { groupRecords } from '../../shared/exchanges';
import { parseCommand, splitFields } from '../../shared/protocol/fields';
import { buildJournal } from './transcript';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from './fixtures';
import type { EngineEvent, Exchange, JournalRecord } from '../../shared/model';

const names = (x: Exchange | undefined) => (x?.implied ?? []).map((p) => `${p.from === 'modem' ? '>' : '<'}${p.name}${p.failed ? '!' : ''}`);
const byCommand = (xs: Exchange[], prefix: string) => xs.find((x) => x.command.startsWith(prefix));

describe('field and command parsing', () => {
  it.each([
    ['0,"a,b",1883', ['0', '"a,b"', '1883']],
    ['0,3,"t/x",2,"on, off"', ['0', '3', '"t/x"', '2', '"on, off"']],
    ['0', ['0']],
  ])('splits %s', (input, expected) => expect(splitFields(input)).toEqual(expected));

  it('reads the name, form and arguments of a command', () => {
    expect(parseCommand('AT+QMTOPEN=0,"h",1883')).toEqual({ name: 'QMTOPEN', form: 'write', params: ['0', '"h"', '1883'], args: ['0', 'h', '1883'] });
    expect(parseCommand('AT+QMTOPEN?')).toMatchObject({ name: 'QMTOPEN', form: 'read' });
    expect(parseCommand('AT+QMTCONN=?')).toMatchObject({ name: 'QMTCONN', form: 'test' });
  });
});

describe('success session (protocol.md §5.1)', () => {
  const { entries, exchanges } = groupRecords(buildJournal(successSession));

  it('groups the power-up banner into one exchange', () => {
    const boot = exchanges[0];
    expect(boot?.kind).toBe('power-up');
    expect(boot?.entries.map((i) => entries[i]?.text)).toEqual(['RDY', '+CPIN: READY']);
  });

  it('completes QMTOPEN with its later URC and draws DNS, TCP handshake', () => {
    const open = byCommand(exchanges, 'AT+QMTOPEN');
    expect(open?.outcome).toBe('ok');
    expect(open?.result).toBe('+QMTOPEN: 0,0');
    expect(open!.endedMono! - open!.startedMono).toBe(850);
    expect(names(open)).toEqual(['>DNS query', '<DNS answer', '>SYN', '<SYN-ACK', '>ACK']);
    // command, OK, result URC: three lines, and the URC is the result entry
    expect(open?.entries.map((i) => entries[i]?.text)).toEqual(['AT+QMTOPEN=0,"broker.example.net",1883', 'OK', '+QMTOPEN: 0,0']);
    expect(entries[open!.resultEntry!]?.text).toBe('+QMTOPEN: 0,0');
  });

  it('counts each URC once although the engine reports it as a line and as a urc event', () => {
    expect(entries.filter((e) => e.text === '+QMTOPEN: 0,0')).toHaveLength(1);
  });

  it('draws CONNECT/CONNACK, SUBSCRIBE/SUBACK with granted QoS, QoS 0 PUBLISH, DISCONNECT + FIN', () => {
    expect(names(byCommand(exchanges, 'AT+QMTCONN'))).toEqual(['>CONNECT', '<CONNACK']);
    const sub = byCommand(exchanges, 'AT+QMTSUB');
    expect(names(sub)).toEqual(['>SUBSCRIBE', '<SUBACK']);
    expect(sub?.implied[1]?.detail).toBe('granted QoS 1');
    expect(names(byCommand(exchanges, 'AT+QMTPUB'))).toEqual(['>PUBLISH']);
    expect(names(byCommand(exchanges, 'AT+QMTDISC'))).toEqual(['>DISCONNECT', '>FIN']);
    expect(exchanges.filter((x) => x.kind === 'command').every((x) => x.outcome === 'ok')).toBe(true);
  });

  it('keeps the prompt and payload lines inside the publish exchange', () => {
    const pub = byCommand(exchanges, 'AT+QMTPUB');
    expect(pub?.entries.map((i) => entries[i]?.kind)).toEqual(['command', 'prompt', 'raw', 'final', 'urc']);
  });

  it('makes an incoming +QMTRECV a standalone exchange: PUBLISH from the server and an acknowledgement of unknown QoS', () => {
    const recv = exchanges.find((x) => x.command.startsWith('+QMTRECV'));
    expect(recv?.kind).toBe('urc');
    expect(names(recv)).toEqual(['<PUBLISH', '>PUBACK or PUBREC/PUBREL/PUBCOMP']);
    expect(recv?.implied[1]?.uncertain).toBe(true);
    expect(recv?.implied[1]?.detail).toMatch(/does not say which/);
  });

  it('gives every entry of a command the id of its exchange', () => {
    for (const x of exchanges) for (const i of x.entries) expect(entries[i]?.exchangeId).toBe(x.id);
  });
});

describe('QoS 1 and QoS 2 publish over TLS', () => {
  const { exchanges } = groupRecords(buildJournal(qosSession));
  it('adds the TLS handshake when "ssl" is on for that client and there is no DNS for an IP-less name', () => {
    expect(names(byCommand(exchanges, 'AT+QMTOPEN'))).toEqual([
      '>DNS query', '<DNS answer', '>SYN', '<SYN-ACK', '>ACK',
      '>TLS ClientHello', '<TLS ServerHello … ServerHelloDone', '>TLS ClientKeyExchange … Finished', '<TLS Finished',
    ]);
  });
  it('QoS 1: PUBLISH then PUBACK, answered with the +QMTPUBEX prefix', () => {
    const pub = byCommand(exchanges, 'AT+QMTPUBEX');
    expect(pub?.outcome).toBe('ok');
    expect(names(pub)).toEqual(['>PUBLISH', '<PUBACK']);
  });
  it('QoS 2: PUBLISH, PUBREC, PUBREL, PUBCOMP', () => {
    expect(names(byCommand(exchanges, 'AT+QMTPUB='))).toEqual(['>PUBLISH', '<PUBREC', '>PUBREL', '<PUBCOMP']);
  });
  it('QMTCLOSE: FIN without DISCONNECT', () => {
    expect(names(byCommand(exchanges, 'AT+QMTCLOSE'))).toEqual(['>FIN']);
  });
});

describe('refused CONNECT', () => {
  const explain = (line: string) =>
    line === '+QMTCONN: 0,0,4' ? { code: 'connack.4', title: 'Bad user name or password', detail: line, nextStep: 'Check the credentials.' } : undefined;
  const { exchanges } = groupRecords(buildJournal(refusedConnectSession), { explain });
  it('marks the CONNACK refusal failed and takes the explanation from the caller', () => {
    const conn = byCommand(exchanges, 'AT+QMTCONN');
    expect(conn?.outcome).toBe('error');
    expect(names(conn)).toEqual(['>CONNECT', '<CONNACK!']);
    expect(conn?.implied[1]?.detail).toBe('4 refused: bad user name or password');
    expect(conn?.problem?.code).toBe('connack.4');
  });
  it('shows the following +QMTSTAT: 0,1 as the server closing the link', () => {
    const stat = exchanges.find((x) => x.command === '+QMTSTAT: 0,1');
    expect(stat?.outcome).toBe('error');
    expect(names(stat)).toEqual(['<FIN/RST!']);
    expect(stat?.problem?.title).toMatch(/closed or reset the connection/);
  });
  it('draws no DNS for an IP address', () => {
    expect(names(byCommand(exchanges, 'AT+QMTOPEN'))).toEqual(['>SYN', '<SYN-ACK', '>ACK']);
  });
});

describe('link drop', () => {
  const { exchanges } = groupRecords(buildJournal(linkDropSession));
  it('+QMTSTAT: 0,2 is a PINGREQ without PINGRESP', () => {
    const stat = exchanges.find((x) => x.command === '+QMTSTAT: 0,2');
    expect(stat?.client).toBe(0);
    expect(names(stat)).toEqual(['>PINGREQ', '<PINGRESP!']);
    expect(stat?.outcome).toBe('error');
  });
});

describe('timeouts and +QMTSTAT ending pending exchanges', () => {
  it('a result URC that never comes ends the exchange as a timeout with a problem', () => {
    const { exchanges } = groupRecords(buildJournal(timeoutSession));
    const sub = byCommand(exchanges, 'AT+QMTSUB');
    expect(sub?.outcome).toBe('timeout');
    expect(names(sub)).toEqual(['>SUBSCRIBE', '<SUBACK!']);
    expect(sub?.implied[1]?.detail).toMatch(/timed out/);
    expect(sub?.problem?.title).toBe('No +QMTSUB result arrived');
    // pkt_timeout 5 s × 3 retries + 5 s margin (protocol.md §1.6)
    expect(sub!.endedMono! - sub!.startedMono).toBe(20_000);
  });

  it('stays pending while the journal is younger than the result timeout', () => {
    const { exchanges } = groupRecords(buildJournal(timeoutSession.slice(0, 5)));
    const sub = byCommand(exchanges, 'AT+QMTSUB');
    expect(sub?.outcome).toBe('pending');
    expect(sub?.implied.map((p) => p.uncertain ?? false)).toEqual([false, true]);
  });

  it('follows QMTCFG "timeout" for the deadline', () => {
    const steps = [{ at: 0, send: 'AT+QMTCFG="timeout",0,10,2' }, ...timeoutSession.map((s) => ({ ...s, at: s.at + 100 }))];
    const { exchanges } = groupRecords(buildJournal(steps));
    const sub = byCommand(exchanges, 'AT+QMTSUB');
    expect(sub?.outcome).toBe('timeout');
    expect(sub!.endedMono! - sub!.startedMono).toBe(25_000);
  });

  it('takes configured result waits for the Uncertain cases (QMTCLOSE: 300 ms instead of 30 s)', () => {
    const steps = [{ at: 0, send: 'AT+QMTCLOSE=0' }, { at: 5_000, send: 'AT' }];
    expect(groupRecords(buildJournal(steps)).exchanges[0]?.outcome).toBe('pending');
    const { exchanges } = groupRecords(buildJournal(steps), { resultTimeoutMs: { QMTCLOSE: 300 } });
    expect(exchanges[0]?.outcome).toBe('timeout');
    expect(exchanges[0]!.endedMono! - exchanges[0]!.startedMono).toBe(300);
  });

  it('+QMTSTAT for the same client ends a pending CONNECT as failed', () => {
    const { exchanges } = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QMTOPEN=0,"10.0.0.5",1883' },
        { at: 100, urc: '+QMTOPEN: 0,0' },
        { at: 200, send: 'AT+QMTCONN=0,"dup-id"' },
        { at: 900, urc: '+QMTSTAT: 0,1' },
      ]),
    );
    const conn = byCommand(exchanges, 'AT+QMTCONN');
    expect(conn?.outcome).toBe('error');
    expect(conn?.result).toBe('+QMTSTAT: 0,1');
    expect(names(conn)).toEqual(['>CONNECT', '<CONNACK!', '<FIN/RST!']);
    expect(exchanges.some((x) => x.command.startsWith('+QMTSTAT'))).toBe(false);
  });

  it('a +QMTSTAT of another client leaves the pending exchange alone', () => {
    const { exchanges } = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QMTOPEN=1,"10.0.0.5",1883' },
        { at: 50, urc: '+QMTSTAT: 0,1' },
        { at: 100, urc: '+QMTOPEN: 1,0' },
      ]),
    );
    expect(byCommand(exchanges, 'AT+QMTOPEN')?.outcome).toBe('ok');
  });
});

describe('host-side quirks (protocol.md §7)', () => {
  it('accepts the result URC before OK', () => {
    const recs = buildJournal([{ at: 0, send: 'AT+QMTOPEN=0,"10.0.0.5",1883', tookMs: 300 }]);
    const urc = buildJournal([{ at: 100, urc: '+QMTOPEN: 0,0' }]);
    const merged = [...recs.slice(0, 3), ...urc, ...recs.slice(3)].map((r, seq) => ({ ...r, seq })) as JournalRecord[];
    const { exchanges } = groupRecords(merged);
    expect(exchanges[0]?.outcome).toBe('ok');
    expect(exchanges[0]?.result).toBe('+QMTOPEN: 0,0');
  });

  it('matches publish results by client and msgID, not by position', () => {
    const { exchanges } = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QMTPUBEX=0,1,1,0,"a",1', payload: 'x' },
        { at: 100, send: 'AT+QMTPUBEX=0,2,1,0,"b",1', payload: 'y' },
        { at: 200, urc: '+QMTPUBEX: 0,2,0' },
        { at: 300, urc: '+QMTPUB: 0,1,2' },
      ]),
    );
    expect(exchanges.map((x) => x.outcome)).toEqual(['error', 'ok']);
    expect(names(exchanges[0])).toEqual(['>PUBLISH!']);
  });

  it('draws retransmissions (result 1) and the refused subscription (granted 128)', () => {
    const { exchanges } = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QMTSUB=0,3,"a/#",1,"b/#",2' },
        { at: 5000, urc: '+QMTSUB: 0,3,1,1' },
        { at: 6000, urc: '+QMTSUB: 0,3,0,1,128' },
      ]),
    );
    expect(names(exchanges[0])).toEqual(['>SUBSCRIBE', '>SUBSCRIBE', '<SUBACK!']);
    expect(exchanges[0]?.implied[2]?.detail).toMatch(/granted QoS 1, 0x80 refused/);
    expect(exchanges[0]?.outcome).toBe('error');
  });

  it('an ERROR to the command means nothing went on the air', () => {
    const { exchanges } = groupRecords(buildJournal([{ at: 0, send: 'AT+QMTCONN=0,"x"', final: 'ERROR' }]));
    expect(exchanges[0]?.outcome).toBe('error');
    expect(exchanges[0]?.implied).toEqual([]);
  });

  it('a closed port ends a waiting exchange as port-lost', () => {
    const { exchanges } = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QMTOPEN=0,"10.0.0.5",1883' },
        { at: 100, portClosed: true },
      ]),
    );
    expect(exchanges[0]?.outcome).toBe('port-lost');
    expect(names(exchanges[0])).toEqual(['>SYN', '<SYN-ACK!']);
  });

  it('+QMTOPEN: 0,4 stops at the DNS answer', () => {
    const { exchanges } = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QMTOPEN=0,"no.such.host",1883' },
        { at: 800, urc: '+QMTOPEN: 0,4' },
      ]),
    );
    expect(names(exchanges[0])).toEqual(['>DNS query', '<DNS answer!']);
    expect(exchanges[0]?.problem?.title).toMatch(/resolve the server name \(DNS\)/);
  });
});

describe('engine reporting styles', () => {
  it('a +QMTRECV payload over several lines stays one exchange, and its joined urc event is not counted again', () => {
    const at = { mono: 0, wall: 0 };
    const rec = (seq: number, event: EngineEvent): JournalRecord => ({ seq, mono: seq, wall: seq, event });
    const records: JournalRecord[] = [
      rec(0, { type: 'line', dir: 'rx', kind: 'urc', text: '+QMTRECV: 0,0,"t","line one', at }),
      rec(1, { type: 'line', dir: 'rx', kind: 'urc', text: 'line two"', at }),
      rec(2, { type: 'urc', name: 'QMTRECV', text: '+QMTRECV: 0,0,"t","line one\r\nline two"', at }),
      rec(3, { type: 'line', dir: 'rx', kind: 'urc', text: '+QMTSTAT: 0,1', at }),
      rec(4, { type: 'urc', name: 'QMTSTAT', text: '+QMTSTAT: 0,1', at }),
    ];
    const { entries, exchanges } = groupRecords(records);
    expect(entries).toHaveLength(3);
    expect(exchanges.map((x) => [x.command, x.entries])).toEqual([
      ['+QMTRECV: 0,0,"t","line one', [0, 1]],
      ['+QMTSTAT: 0,1', [2]],
    ]);
  });
});

describe('normal close after DISCONNECT', () => {
  it('+QMTSTAT: 0,5 during a QMTDISC is not a failure', () => {
    const { exchanges } = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QMTDISC=0' },
        { at: 100, urc: '+QMTSTAT: 0,5' },
        { at: 200, urc: '+QMTDISC: 0,0' },
      ]),
    );
    expect(exchanges.map((x) => [x.command, x.outcome])).toEqual([
      ['AT+QMTDISC=0', 'ok'],
      ['+QMTSTAT: 0,5', 'ok'],
    ]);
  });
});

describe('retained messages after SUBSCRIBE (protocol.md §2.6)', () => {
  it('a matching delivery right after the SUBACK is marked probably retained; a later one is not', () => {
    const { exchanges } = groupRecords(
      buildJournal([
        { at: 0, send: 'AT+QMTSUB=0,1,"site7/cmd/#",1' },
        { at: 200, urc: '+QMTSUB: 0,1,0,1' },
        { at: 260, urc: '+QMTRECV: 0,0,"site7/cmd/led",2,"on"' },
        { at: 270, urc: '+QMTRECV: 0,0,"other/topic",1,"x"' },
        { at: 9_000, urc: '+QMTRECV: 0,0,"site7/cmd/led",3,"off"' },
      ]),
    );
    const recvs = exchanges.filter((x) => x.command.startsWith('+QMTRECV'));
    expect(recvs.map((x) => /probably retained/.test(x.implied[0]?.detail ?? ''))).toEqual([true, false, false]);
  });
});

describe('explanations from the code catalogue, with the command and the client state', () => {
  const session = [
    { at: 0, send: 'AT+QMTOPEN=0,"broker.example.net",1883' },
    { at: 300, urc: '+QMTOPEN: 0,0' },
    { at: 400, send: 'AT+QMTCONN=0,"dev"' },
    { at: 600, urc: '+QMTCONN: 0,0,0' },
    { at: 700, send: 'AT+QMTCFG="keepalive",0,30', final: 'ERROR' },
    { at: 800, send: 'AT+QMTSUB=0,1,"a",0,"b",1' },
    { at: 900, urc: '+QMTSUB: 0,1,0,0,128' },
    { at: 1000, urc: '+QMTRECV: 0,0,"a",2,"hi"' },
  ];
  const { entries, exchanges } = groupRecords(buildJournal(session));

  it('an ERROR to AT+QMTCFG while the client is connected gets the specific cause, not "rejected"', () => {
    const cfg = byCommand(exchanges, 'AT+QMTCFG');
    expect(cfg?.outcome).toBe('error');
    expect(cfg?.problem?.code).toBe('error.qmtcfg-connected');
    expect(cfg?.problem?.title).toMatch(/already connected, disconnect first/);
  });

  it('the same ERROR before CONNECT keeps the general AT+QMTCFG reading', () => {
    const { exchanges: xs } = groupRecords(buildJournal([{ at: 0, send: 'AT+QMTCFG="keepalive",0,30', final: 'ERROR' }]));
    expect(xs[0]?.problem?.code).toBe('error.qmtcfg');
  });

  it('a partial SUBACK names the granted and the refused filter', () => {
    const sub = byCommand(exchanges, 'AT+QMTSUB');
    expect(sub?.problem?.code).toBe('qmtsub.partial');
    expect(sub?.problem?.title).toBe('Subscribed in part: "a" granted (QoS 0); "b" refused (128)');
  });

  it('log entries carry the client index and topic the grouper knows', () => {
    const of = (text: string) => entries.find((e) => e.text === text);
    expect(of('AT+QMTCFG="keepalive",0,30')).toMatchObject({ clientIdx: 0 });
    expect(of('AT+QMTSUB=0,1,"a",0,"b",1')).toMatchObject({ clientIdx: 0, topic: 'a' });
    expect(of('+QMTSUB: 0,1,0,0,128')).toMatchObject({ clientIdx: 0, topic: 'a' });
    expect(of('+QMTRECV: 0,0,"a",2,"hi"')).toMatchObject({ clientIdx: 0, topic: 'a' });
    // The OK of a QMT command belongs to that command's client.
    const open = byCommand(exchanges, 'AT+QMTOPEN');
    expect(entries[open!.entries[1]!]).toMatchObject({ text: 'OK', clientIdx: 0 });
    expect(entries[open!.entries[1]!]?.topic).toBeUndefined();
  });
});
