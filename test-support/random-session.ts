// Random sessions as the engine journals them (commands with their answers, URCs as a line event
// and then a 'urc' event, raw bytes, ports opening and closing), drawn from the lines a modem
// prints — in upper and lower case, with stray whitespace, out of order now and then (a command
// that never ends, a URC inside a command, an answer claimed by a command that is gone): input for
// the properties that a fast path reads a journal exactly as the plain way does.
import fc from 'fast-check';
import { defaultSerialSettings, type AtOutcome, type EngineEvent, type JournalRecord } from '../shared/model';

const idx = fc.constantFrom(0, 0, 0, 1, 1, 2, 5, 6, -1);
const small = fc.constantFrom(0, 1, 2, 3, 4, 5, 7);
const topic = fc.constantFrom('"t"', '"a/b"', '"site7/cmd/#"');

/** Unsolicited lines, and result lines a command may claim as its answer. */
const urcLine: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(idx, small).map(([i, c]) => `+QMTSTAT: ${i},${c}`),
  fc.tuple(idx, fc.constantFrom(-1, 0, 1, 2, 3, 4, 5)).map(([i, r]) => `+QMTOPEN: ${i},${r}`),
  fc.tuple(idx, small, fc.option(small, { nil: undefined })).map(([i, r, c]) => `+QMTCONN: ${i},${r}${c === undefined ? '' : `,${c}`}`),
  fc.tuple(idx, fc.constantFrom(-1, 0, 1)).map(([i, r]) => `+QMTDISC: ${i},${r}`),
  fc.tuple(idx, fc.constantFrom(-1, 0, 1)).map(([i, r]) => `+QMTCLOSE: ${i},${r}`),
  fc.tuple(idx, small, fc.constantFrom(0, 1, 2), fc.constantFrom('', ',1', ',0,2', ',128')).map(([i, m, r, v]) => `+QMTSUB: ${i},${m},${r}${v}`),
  fc.tuple(idx, small, fc.constantFrom(0, 1, 2)).map(([i, m, r]) => `+QMTUNS: ${i},${m},${r}`),
  fc.tuple(fc.constantFrom('PUB', 'PUBEX'), idx, small, fc.constantFrom(0, 1, 2)).map(([n, i, m, r]) => `+QMT${n}: ${i},${m},${r}`),
  fc.tuple(idx, small).map(([i, m]) => `+QMTRECV: ${i},${m},"t/x",2,"hi"`),
  fc.tuple(idx, small).map(([i, m]) => `+QMTRECV: ${i},${m}`),
  fc.tuple(idx, small).map(([i, r]) => `+QMTPING: ${i},${r}`),
  fc.tuple(fc.constantFrom('CREG', 'CGREG', 'CEREG'), small, fc.constantFrom('', ',"1A2B","01A2B3C4",7', ',"1A2B","01A2B3C4",0')).map(([n, s, rest]) => `+${n}: ${s}${rest}`),
  fc.constantFrom('RDY', 'APP RDY', '+CFUN: 0', '+CFUN: 1', '+CFUN: 4', '+CPIN: READY', '+CPIN: SIM PIN', '+QIND: PB DONE', '+QUSIM: 1', '+QIURC: "pdpdeact",1', '+QIURC: "closed",0', 'NO CARRIER', 'garbage', ''),
);

/** Answer lines of the read commands the fold reads (and any URC-shaped line). */
const answerLine: fc.Arbitrary<string> = fc.oneof(
  urcLine,
  fc.constantFrom(
    '+CSQ: 20,99',
    '+CSQ: 99,99',
    '+CSQ: 31,0',
    '+CEREG: 0,1',
    '+CEREG: 2,5,"1A2B","01A2B3C4",7',
    '+CEREG: 0,2',
    '+CREG: 0,1',
    '+CGREG: 0,5',
    '+COPS: 0,0,"CHINA MOBILE",7',
    '+COPS: 0',
    '+QIACT: 1,1,1,"10.64.3.17"',
    '+QIACT: 1,0,1',
    '+QMTCONN: 0,3',
    '+QMTCONN: 1,1',
    '+QMTCONN: 0,2',
    'Quectel',
    'EC20F',
    'Revision: EC20CEFAR06A01M4G',
    '866425031234567',
    '+CGSN: 866425031234567',
  ),
);

const command: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(idx, fc.constantFrom('"broker.example.net",1883', '"10.0.0.5",8883')).map(([i, h]) => `AT+QMTOPEN=${i},${h}`),
  fc.tuple(idx, fc.constantFrom('"c"', '"wb-demo-0001","fielduser","Secr3t"')).map(([i, c]) => `AT+QMTCONN=${i},${c}`),
  idx.map((i) => `AT+QMTDISC=${i}`),
  idx.map((i) => `AT+QMTCLOSE=${i}`),
  fc.tuple(idx, small, topic, fc.constantFrom('', ',1', ',0,"b",1')).map(([i, m, t, rest]) => `AT+QMTSUB=${i},${m},${t}${rest}`),
  fc.tuple(idx, small, topic).map(([i, m, t]) => `AT+QMTUNS=${i},${m},${t}`),
  fc.tuple(idx, small).map(([i, m]) => `AT+QMTPUB=${i},${m},0,0,"t/up"`),
  fc.tuple(idx, small).map(([i, m]) => `AT+QMTPUBEX=${i},${m},1,0,"t/up",3`),
  idx.map((i) => `AT+QMTCFG="recv/mode",${i},0,1`),
  fc.constantFrom('AT+CSQ', 'AT+CEREG?', 'AT+CREG?', 'AT+CGREG?', 'AT+COPS?', 'AT+QIACT?', 'AT+QIDEACT=1', 'AT+CFUN=0', 'AT+CFUN=1', 'AT+CFUN=4', 'AT+QMTCONN?', 'ATI', 'AT+CGSN', 'AT+GSN', 'AT', 'at+qmtconn?', 'garbage'),
);

/** A line as a modem may print it: case and surrounding whitespace vary. */
const printed = (line: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(line, fc.constantFrom('', '', '', ' ', '\r\n'), fc.constantFrom('', '', '', ' ', '\r\n'), fc.constantFrom(false, false, false, true)).map(([l, a, b, lower]) => `${a}${lower ? l.toLowerCase() : l}${b}`);

/** Read commands with answers that fit them (the state the fold takes from their OK). */
const readCommand: fc.Arbitrary<[string, string[]]> = fc.constantFrom<[string, string[]]>(
  ['AT+QIACT?', ['+QIACT: 1,1,1,"10.64.3.17"']],
  ['AT+QIACT?', ['+QIACT: 1,0,1']],
  ['AT+QIACT?', []],
  ['AT+QIDEACT=1', []],
  ['AT+CEREG?', ['+CEREG: 0,1']],
  ['AT+CEREG?', ['+CEREG: 2,5,"1A2B","01A2B3C4",7']],
  ['AT+CEREG?', ['+CEREG: 0,2']],
  ['AT+CEREG?', ['+CEREG: 0,3']],
  ['AT+CREG?', ['+CREG: 0,1']],
  ['AT+CGREG?', ['+CGREG: 0,0']],
  ['AT+CSQ', ['+CSQ: 20,99']],
  ['AT+CSQ', ['+CSQ: 99,99']],
  ['AT+COPS?', ['+COPS: 0,0,"CHINA MOBILE",7']],
  ['AT+COPS?', ['+COPS: 0']],
  ['AT+QMTCONN?', ['+QMTCONN: 0,3']],
  ['AT+QMTCONN?', []],
  ['AT+QMTCONN?', ['+QMTCONN: 1,1', '+QMTCONN: 0,2']],
  ['ATI', ['Quectel', 'EC20F', 'Revision: EC20CEFAR06A01M4G']],
  ['AT+CGSN', ['866425031234567']],
  ['AT+CFUN=0', []],
  ['AT+CFUN=4', []],
);

type Op =
  | { kind: 'command'; command: string; lines: string[]; end: 'ok' | 'error' | 'timeout' | 'never'; urcInside: string | undefined; ended: 'own' | 'other' }
  | { kind: 'urc'; text: string; shape: 'both' | 'line' | 'event' | 'event-first' }
  | { kind: 'claimed'; text: string }
  | { kind: 'port'; open: boolean }
  | { kind: 'bytes' }
  /** The command ids start again (a new engine after the port reopened), or go where no engine takes them. */
  | { kind: 'renumber'; from: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('command' as const), command, lines: fc.array(printed(answerLine), { maxLength: 3 }), end: fc.constantFrom('ok', 'ok', 'ok', 'error', 'timeout', 'never'), urcInside: fc.option(printed(urcLine), { nil: undefined, freq: 4 }), ended: fc.constantFrom('own', 'own', 'own', 'other') }) },
  { weight: 3, arbitrary: readCommand.map(([c, lines]) => ({ kind: 'command' as const, command: c, lines, end: 'ok' as const, urcInside: undefined, ended: 'own' as const })) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('urc' as const), text: printed(urcLine), shape: fc.constantFrom('both', 'both', 'both', 'line', 'event', 'event-first') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('claimed' as const), text: printed(urcLine) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('port' as const), open: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'bytes' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renumber' as const), from: fc.constantFrom(0, 0, 1, 4_294_967_293, -3, 2.5) }) },
);

/** Journal records of `ops`, `steps[i]` ms apart (0: several records at one instant). */
function journalOf(ops: readonly Op[], steps: readonly number[]): JournalRecord[] {
  const out: JournalRecord[] = [];
  let t = 0;
  let id = 0;
  const wall0 = Date.UTC(2026, 0, 1);
  const ev = (event: Record<string, unknown>) => out.push({ seq: out.length, mono: t, wall: wall0 + t, event: { ...event, at: { mono: t, wall: wall0 + t } } as EngineEvent });
  const urc = (text: string, shape: 'both' | 'line' | 'event' | 'event-first') => {
    const line = { type: 'line', dir: 'rx', kind: 'urc', text };
    const event = { type: 'urc', name: text.trim().replace(/^\+/, '').split(':')[0], text };
    if (shape === 'event-first') ev(event);
    if (shape !== 'event') ev(line);
    if (shape === 'both' || shape === 'event') ev(event);
  };
  ops.forEach((o, i) => {
    t += steps[i % steps.length] ?? 0;
    switch (o.kind) {
      case 'command': {
        const cid = ++id;
        ev({ type: 'command-started', id: cid, command: o.command });
        ev({ type: 'line', dir: 'tx', kind: 'command', text: o.command, commandId: cid });
        for (const l of o.lines) ev({ type: 'line', dir: 'rx', kind: 'response', text: l, commandId: cid });
        if (o.urcInside !== undefined) urc(o.urcInside, 'both');
        if (o.end === 'never') break;
        const final = o.end === 'ok' ? 'OK' : 'ERROR';
        if (o.end !== 'timeout') ev({ type: 'line', dir: 'rx', kind: 'final', text: final, commandId: cid });
        const outcome: AtOutcome =
          o.end === 'ok'
            ? { kind: 'ok', lines: o.lines, final }
            : o.end === 'error'
              ? { kind: 'modem-error', lines: o.lines, final, problem: { code: 'at.error', title: 'The modem refused the command', detail: final, nextStep: 'Check it.' } }
              : { kind: 'timeout', lines: o.lines, afterMs: 300, problem: { code: 'at.timeout', title: 'The modem did not answer', detail: '', nextStep: 'Check it.' } };
        ev({ type: 'command-ended', id: o.ended === 'own' ? cid : cid - 1, command: o.command, outcome });
        break;
      }
      case 'urc':
        urc(o.text, o.shape);
        break;
      case 'claimed':
        // A result line claimed by the command started last (which may have ended long ago).
        ev({ type: 'line', dir: 'rx', kind: 'response', text: o.text, commandId: id });
        break;
      case 'port':
        if (o.open) ev({ type: 'port-opened', path: '/dev/ttyUSB2', settings: defaultSerialSettings });
        else ev({ type: 'port-closed', reason: { kind: 'unplugged', detail: 'cable' } });
        break;
      case 'renumber':
        id = o.from;
        break;
      case 'bytes':
        out.push({ seq: out.length, mono: t, wall: wall0 + t, dir: 'rx', bytes: 'T0sNCg==' });
        break;
    }
  });
  return out;
}

/** A random session of up to `maxOps` steps. */
export function randomSession(maxOps = 60): fc.Arbitrary<JournalRecord[]> {
  return fc.tuple(fc.array(op, { minLength: 1, maxLength: maxOps }), fc.array(fc.constantFrom(0, 0, 1, 20, 350, 1_000, 60_000), { minLength: 1, maxLength: 8 })).map(([ops, steps]) => journalOf(ops, steps));
}
