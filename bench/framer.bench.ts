// Framer throughput on a large modem transcript, against a plain decode + split on "\r\n" of the
// same bytes measured in the same run. Run: npx tsx bench/framer.bench.ts [MB]
import { Framer } from '../electron/at/framer';
import { qmtrecvInlineLength } from '../electron/quectel/recv-stage';
import { figure, loadNote, times } from './figures';

const targetMb = Number(process.argv[2] ?? 16);
const enc = new TextEncoder();
const payload = '{"led":"on",\r\n"why":"a,b"}';
const session = [
  'AT+CSQ\r\r\n+CSQ: 21,99\r\n\r\nOK\r\n',
  'AT+QMTOPEN=0,"broker.example.net",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n',
  'AT+QMTPUB=0,0,0,0,"site7/telemetry"\r\r\n> ',
  '{"t":21.5}\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n',
  `\r\n+QMTRECV: 0,3,"site7/cmd/led",${enc.encode(payload).length},"${payload}"\r\n`,
  '\r\n+QIACT: 1,1,1,"10.64.3.17"\r\n\r\nOK\r\n',
  '\r\n+QMTSTAT: 0,1\r\n',
].join('');
const unit = enc.encode(session);
const copies = Math.ceil((targetMb * 1024 * 1024) / unit.length);
const data = new Uint8Array(unit.length * copies);
for (let i = 0; i < copies; i++) data.set(unit, i * unit.length);
const mb = data.length / (1024 * 1024);
const CHUNK = 4096;

/** CPU time of this process (user + system), not wall time: on a loaded machine the wall clock
 *  counts other programs' turns, the CPU time only this one's work. */
function timeIt(fn: () => number): { ms: number; out: number } {
  const c0 = process.cpuUsage();
  const out = fn();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, out };
}

function framerRun(): number {
  const f = new Framer({ inlineLength: qmtrecvInlineLength });
  let n = 0;
  for (let i = 0; i < data.length; i += CHUNK) n += f.push(data.subarray(i, i + CHUNK)).length;
  return n + f.flush().length;
}

function splitRun(): number {
  const dec = new TextDecoder();
  let carry = '';
  let n = 0;
  for (let i = 0; i < data.length; i += CHUNK) {
    const parts = (carry + dec.decode(data.subarray(i, i + CHUNK), { stream: true })).split('\r\n');
    carry = parts.pop() ?? '';
    n += parts.length;
  }
  return n + (carry ? 1 : 0);
}

// Warm up both, then take the best of several interleaved runs (the best is the least disturbed by other load).
for (let i = 0; i < 2; i++) {
  framerRun();
  splitRun();
}
let best = { framer: Infinity, split: Infinity };
let tokens = 0;
for (let i = 0; i < 9; i++) {
  const f = timeIt(framerRun);
  const s = timeIt(splitRun);
  tokens = f.out;
  best = { framer: Math.min(best.framer, f.ms), split: Math.min(best.split, s.ms) };
}
const framerMbs = mb / (best.framer / 1000);
const splitMbs = mb / (best.split / 1000);
console.log(`transcript: ${mb.toFixed(1)} MB in ${CHUNK}-byte chunks, ${tokens} tokens`);
console.log(`framer:             ${framerMbs.toFixed(1)} MB/s`);
console.log(`baseline split:     ${splitMbs.toFixed(1)} MB/s`);
console.log(`framer / baseline:  ${(framerMbs / splitMbs).toFixed(2)}×`);
console.log(`(at 115200 baud a modem delivers 0.011 MB/s: ${(framerMbs / 0.0112).toFixed(0)}× headroom)`);
figure({ bench: 'framer', name: 'framer throughput / plain line split', value: times(framerMbs / splitMbs), goal: '≥ 0.50×', met: framerMbs / splitMbs >= 0.5, note: `split ${splitMbs.toFixed(0)} MB/s, framer ${framerMbs.toFixed(0)} MB/s (CPU time), ${await loadNote()}` });
