// The virtual modem's AT interpreter: pure functions of (state, input, now) → {state, emissions}.
// Byte-level line discipline (echo protocol.md §1.3, prompt payload §1.5, upload §4.5) lives in receive();
// one command line is execute(); network results are network(); power-up is bootStage().
import type { CommandForms } from './command-table';
import { finishUpload, generalCommands, pingNetwork } from './commands-general';
import { abandonPublish, finishPublish, mqttCommands, mqttNetwork } from './commands-mqtt';
import { timing } from './profiles';
import { resetState, type ModemState } from './state';
import { error, ok, out, type Emission, type NetEvent, type Step } from './step';
import { BACKSPACE, concatBytes, CR, CTRL_Z, ESC, frameLine, LF, qfuplChecksum, splitArgs } from './wire';

export type { Emission, NetEvent, NetOp, Step } from './step';

/** Every extended command the simulator implements; anything else answers ERROR. */
export const commandTable: Record<string, CommandForms> = { ...generalCommands, ...mqttCommands };

/** Basic (V.250) commands after "AT": E0/E1, I, &V, Z, V1, Q0, &F. */
function basic(s: ModemState, rest: string): Step | undefined {
  const r = rest.toUpperCase();
  if (r === '') return ok(s);
  if (r === 'E0' || r === 'E') return ok({ ...s, echo: false });
  if (r === 'E1') return ok({ ...s, echo: true });
  if (r === 'I' || r === 'I0') return ok(s, [s.profile.manufacturer, s.profile.model, `Revision: ${s.profile.revision}`]);
  if (r === '&V') return ok(s, [`&C: 1; &D: 2; &F: 0; &W: 0; E: ${s.echo ? 1 : 0}; Q: 0; V: 1; X: 1; Z: 0; S0: 0; S3: 13; S4: 10; S5: 8; S6: 2; S7: 0; S8: 2; S10: 15`]);
  if (r === 'Z' || r === 'Z0' || r === '&F' || r === '&F0') return ok({ ...s, echo: true, cmee: s.profile.cmeeDefault });
  if (r === 'V1' || r === 'Q0') return ok(s);
  return undefined;
}

/**
 * One command line (without its <CR>). Characters before "AT" are ignored (V.250 §5.2.1); a line
 * without "AT" gets no answer.
 */
export function execute(s: ModemState, line: string, now = 0): Step {
  const at = line.search(/AT|at/);
  if (at < 0) return { state: s, emissions: [] };
  if (s.boot === 'off') return { state: s, emissions: [] };
  if (s.faults.silentCommands > 0) return { state: { ...s, faults: { ...s.faults, silentCommands: s.faults.silentCommands - 1 } }, emissions: [] };
  const rest = line.slice(at + 2).trim();
  const step = basic(s, rest) ?? extended(s, rest, now);
  return withReplyDelay(step);
}

function extended(s: ModemState, rest: string, now: number): Step {
  const m = /^\+([A-Za-z]+)(=\?|\?|=(.*))?$/s.exec(rest);
  if (!m) return error(s);
  const forms = commandTable[(m[1] ?? '').toUpperCase()];
  if (!forms) return error(s);
  if (m[2] === '=?') return forms.test ? forms.test(s) : error(s);
  if (m[2] === '?') return forms.read ? forms.read(s, now) : error(s);
  if (m[2] === undefined) return forms.exec ? forms.exec(s, now) : error(s);
  const args = splitArgs(m[3] ?? '');
  if (!args || !forms.write) return error(s);
  return forms.write(s, args, now);
}

/** The first thing a command says comes after the modem's own processing time (protocol.md §6 knobs). */
function withReplyDelay(step: Step): Step {
  const [first, ...rest] = step.emissions;
  if (!first || first.delayMs > 0) return step;
  return { ...step, emissions: [{ ...first, delayMs: timing.reply }, ...rest] };
}

/** One decoder for every command line (a TextDecoder per line cost more than the line's work). */
const lineDecoder = new TextDecoder();

/**
 * Feeds received bytes through the line discipline. Command lines are taken byte by byte (echo,
 * <CR>, backspace); payload and upload data are taken as whole runs, so a long upload costs
 * O(bytes).
 */
export function receive(s: ModemState, bytes: Uint8Array, now = 0): Step {
  const f: Feed = { state: s, emissions: [], echo: [], line: [...s.lineBuf] };
  let i = 0;
  while (i < bytes.length) {
    const input = f.state.input;
    if (input.kind === 'command') {
      const b = bytes[i++] ?? 0;
      // ATE1 echoes every received character, the terminating <CR> included (protocol.md §1.3).
      if (f.state.echo && f.state.boot !== 'off') f.echo.push(b);
      if (b === CR) {
        const text = lineDecoder.decode(Uint8Array.from(f.line));
        f.state = { ...f.state, lineBuf: [] };
        run(f, execute(f.state, text, now));
      } else if (b === LF) {
        // <LF> after <CR> is ignored (protocol.md §1.2).
      } else if (b === BACKSPACE) {
        f.line.pop();
      } else if (f.line.length < 4096) {
        f.line.push(b);
      }
      continue;
    }
    // Raw data: up to ^Z/ESC (variable length), or exactly the bytes still expected.
    let end: number;
    let terminator: number | undefined;
    if (input.kind === 'payload' && input.end === 'ctrl-z') {
      end = i;
      while (end < bytes.length && bytes[end] !== CTRL_Z && bytes[end] !== ESC) end++;
      terminator = bytes[end];
    } else {
      const want = (input.kind === 'payload' ? input.length : input.size) - input.gotLength;
      end = Math.min(bytes.length, i + want);
    }
    const chunk = bytes.slice(i, end);
    if (input.kind === 'payload' && f.state.echo && f.state.profile.echoPayload) f.echo.push(...chunk);
    // QFUPL <ackmode> 1: one "A" per full 1 KiB block received, not after the last bytes (the result follows).
    if (input.kind === 'upload' && input.ack) {
      const blocks = Math.floor(Math.min(input.gotLength + chunk.length, input.size - 1) / 1024) - Math.floor(input.gotLength / 1024);
      if (blocks > 0) f.emissions.push(out('A'.repeat(blocks)));
    }
    const got = chunk.length ? [...input.got, chunk] : input.got;
    const gotLength = input.gotLength + chunk.length;
    f.state = { ...f.state, input: { ...input, got, gotLength } };
    i = terminator === undefined ? end : end + 1;
    if (input.kind === 'payload') {
      // Fixed length: exactly <length> bytes, binary-safe; the rest is command input (protocol.md §2.8 b).
      if (terminator === CTRL_Z || (input.end === 'fixed' && gotLength === input.length)) run(f, finishPublish(f.state, input.publish, concatBytes(got)));
      else if (terminator === ESC) run(f, abandonPublish(f.state));
    } else if (gotLength === input.size) {
      run(f, finishUpload(f.state, qfuplChecksum));
    }
  }
  const state = { ...f.state, lineBuf: f.line };
  if (f.echo.length) f.emissions.push(out(Uint8Array.from(f.echo)));
  return { state, emissions: f.emissions };
}

/** What receive() carries through one chunk (a plain record, not closures made per chunk). */
interface Feed {
  state: ModemState;
  emissions: Emission[];
  /** Echoed bytes not yet emitted. */
  echo: number[];
  /** The command line so far. */
  line: number[];
}

/** A step taken mid-chunk: the echo so far goes out first, then the step's own emissions. */
function run(f: Feed, step: Step): void {
  if (f.echo.length) f.emissions.push(out(Uint8Array.from(f.echo)));
  f.echo = [];
  f.state = step.state;
  f.emissions.push(...step.emissions);
  f.line = [...f.state.lineBuf];
}

/** An upload that went quiet for <timeout> seconds ends with what arrived (protocol.md §4.5). */
export function uploadTimedOut(s: ModemState): Step {
  return finishUpload(s, qfuplChecksum);
}

/** A network result becomes URCs: MQTT results (protocol.md §3), AT+QPING replies (§4.3). */
export function network(s: ModemState, e: NetEvent, _now = 0): Step {
  if (e.type === 'qping-reply' || e.type === 'qping-done') return pingNetwork(s, e);
  return mqttNetwork(s, e);
}

// ---------------------------------------------------------------- power-up (protocol.md §4.6)

export type BootStage = 'rdy' | 'app-rdy' | 'cfun' | 'cpin' | 'qusim' | 'sms-done' | 'pb-done';

/** The power-up URCs in order, each with its delay after the previous one. */
export function powerUpSchedule(s: ModemState): { stage: BootStage; delayMs: number }[] {
  const t = timing.powerUp;
  const stages: { stage: BootStage; delayMs: number }[] = [{ stage: 'rdy', delayMs: t.rdy }];
  if (s.profile.appRdy) stages.push({ stage: 'app-rdy', delayMs: t.qusim });
  stages.push({ stage: 'cfun', delayMs: t.cfun }, { stage: 'cpin', delayMs: t.cpin });
  if (!s.faults.simMissing) {
    stages.push({ stage: 'qusim', delayMs: t.qusim }, { stage: 'sms-done', delayMs: t.smsDone }, { stage: 'pb-done', delayMs: t.pbDone });
  }
  return stages;
}

/** State of a modem that has just been reset and is about to print its power-up URCs. */
export function powerOff(s: ModemState): ModemState {
  return { ...resetState(s), boot: 'off' };
}

export function bootStage(s: ModemState, stage: BootStage): Step {
  // The power-up indications reach the main UART as well as USB whatever AT+QURCCFG says (protocol.md
  // §4.6 describes them on the main UART, where the factory "usbat" routing would hide any other URC).
  const line = (st: ModemState, text: string): Step => ({ state: st, emissions: [out(frameLine(text))] });
  switch (stage) {
    case 'rdy':
      return line({ ...s, boot: 'rdy' }, 'RDY');
    case 'app-rdy':
      return line(s, 'APP RDY');
    case 'cfun':
      return line(s, '+CFUN: 1');
    case 'cpin':
      if (s.faults.simMissing) return line({ ...s, sim: 'absent', boot: 'ready' }, '+CPIN: NOT INSERTED');
      return line(s, '+CPIN: READY');
    case 'qusim':
      return line(s, '+QUSIM: 1');
    case 'sms-done':
      return line(s, '+QIND: SMS DONE');
    case 'pb-done':
      return line({ ...s, boot: 'ready' }, '+QIND: PB DONE');
  }
}
