// The AT command engine: one command in flight, a FIFO behind it, per-command timeouts, the data
// prompt, and URC routing. Every byte is journaled before it is interpreted.
//
// Line routing, in order (style protocol.md §3, §7):
//   0. a URC a line stage is assembling (its payload spans lines) is offered the line first;
//      a line it refuses, or one after its window, ends it and is routed below
//   1. echo of the command in flight (ATE1; 'ATE0' is itself echoed) or of its payload → 'echo'
//   1b. the rest of a line a timeout cut, and the old answer it resumes up to its final → the
//      timed-out command (see below)
//   2. final result (OK, ERROR, +CME/+CMS ERROR, CONNECT …) → completes the command
//   3. a continuation of the command's last information line (a stage says so), or a line with
//      the command's own prefix (and read shape) → the command's information line
//   4. URC table row → 'urc' (even mid-command; a restart URC also fails the command in flight;
//      a stage may open an assembly on it instead of delivering it at once).
//      Subscribers' matchers filter recognised URCs; they do not turn other lines into URCs, so
//      a new URC is a new row in urc-registry.ts.
//   5. a command whose lines carry no prefix (ATI) takes what is left → 'response'
//   6. anything else → 'raw' (unsolicited, unrecognised; logged, never dropped)
// A command that times out while the modem is mid-line (the line has no end yet) gets that
// partial line as its unterminated text ('raw', with its id). The rest of the line, when it comes,
// is the tail of that old answer, not the start of the next command's: a rest that completes a
// final is the old command's late final, one that completes a URC row is that URC; otherwise the
// lines up to the next final are the old command's late answer (a modem finishes one answer
// before it starts the next; URCs among them stay URCs; a restart URC or another timeout ends
// that wait). A rest that never comes, or that is only the line end, leaves the next answer
// framed as usual: a line end alone cannot tell an old answer from a new one.
// Result URCs of asynchronous QMT writes ('+QMTOPEN: 0,0' during AT+QMTOPEN=…) reach step 4
// because those writes claim no lines, so they arrive at URC subscribers whether they come before
// the OK, after it, or before an ERROR (protocol.md quirk 2).
//
// The engine knows no payload forms of its own: line stages (LineStage in types.ts) give the
// framer an inline-length rule, open URC assemblies that hold the lines after a URC until it is
// whole, and join continuation lines of a command's answer. Every timer comes from the injected
// clock and is cleared by dispose().
import type { AtOutcome, CloseReason, EngineEvent, LineKind, Stamp, UrcLine } from '../../shared/model';
import { problem, type Problem } from '../../shared/outcome';
import { visibleBytes, visibleText, visibleWire } from '../../shared/visible';
import { claimsByPrefix, claimsUnprefixed, expectFor, timeoutFor } from './catalogue';
import { basicDialect, type AtDialect } from './dialect';
import { realClock, type Clock, type TimerHandle } from './clock';
import { classifyFinal } from './final-results';
import { Framer, type Token } from './framer';
import type { AtEngine, AtRequest, Disposable, Expect, JournalSink, LineStage, SerialTransport, UrcAssembly, UrcMatcher } from './types';
import { matchUrc as matchRow } from './urc-registry';

export interface EngineOptions {
  journal?: JournalSink;
  /** Multiplies every catalogue timeout (slow links, debugging). Default 1. */
  timeoutScale?: number;
  /** The modem family's commands and URCs on top of the 27.007 basics. Default: the basics only. */
  dialect?: AtDialect;
  /** Modem-family line handling (payload forms that span lines), tried in order. */
  stages?: readonly LineStage[];
  /** Where timers and the engine's own stamps come from. Default: the process clock. */
  clock?: Clock;
  /**
   * A subscriber (onEvent, onUrc) threw. The engine goes on routing; the error is reported here.
   * Default: console.error with the stack.
   */
  onListenerError?: (error: unknown, where: 'event' | 'urc') => void;
  /** After a cancel, how long to wait for the modem's late final before the next command. Default 2000 ms. */
  cancelGraceMs?: number;
  /**
   * After a restart URC (RDY) fails the command in flight, how long its slot stays held: a modem
   * that took the command just as it printed RDY still answers it, and that late final must not be
   * taken for the next command's. Default 1000 ms.
   */
  restartGraceMs?: number;
}

const CTRL_Z = 0x1a;
const ESC = 0x1b;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Job {
  id: number;
  text: string;
  expect: Expect;
  timeoutMs: number;
  payload: AtRequest['payload'];
  signal: AbortSignal | undefined;
  resolve: (o: AtOutcome) => void;
  onAbort?: () => void;
  lines: string[];
  timer?: TimerHandle;
  startedMono: number;
  echoDone: boolean;
  payloadSent: boolean;
  /** The caller already has an outcome (cancelled); the slot is held until the modem settles. */
  settled: boolean;
  /** Payload lines an echoing modem may still send back (ATE1). */
  payloadEcho?: string[];
  /** Further lines taken into the last read-out message whose payload spans lines. */
  contLines?: number;
}

const reportToConsole = (error: unknown, where: 'event' | 'urc') => {
  console.error(`AT engine: a${where === 'urc' ? ' URC' : 'n event'} listener threw; routing goes on.`, error instanceof Error ? (error.stack ?? error) : error);
};

function validate(req: AtRequest): void {
  if (typeof req !== 'object' || req === null) throw new TypeError('"request" must be an object');
  if (typeof req.text !== 'string' || req.text.trim() === '') throw new TypeError('"text" must be a non-empty string');
  if (/[\r\n]/.test(req.text)) throw new TypeError('"text" must not contain CR or LF (the engine adds the CR)');
  if (req.expect !== undefined) {
    const k = req.expect.kind;
    if (k !== 'none' && k !== 'single' && k !== 'multi') throw new TypeError('"expect.kind" must be none, single or multi');
    if (k !== 'none' && typeof (req.expect as { prefix?: unknown }).prefix !== 'string') throw new TypeError('"expect.prefix" must be a string when expect.kind is single or multi');
  }
  if (req.timeoutMs !== undefined && !(Number.isFinite(req.timeoutMs) && req.timeoutMs > 0)) throw new TypeError('"timeoutMs" must be > 0');
  if (req.payload !== undefined) {
    if (!(req.payload.bytes instanceof Uint8Array)) throw new TypeError('"payload.bytes" must be a Uint8Array');
    if (req.payload.end !== 'ctrl-z' && req.payload.end !== 'fixed-length') throw new TypeError('"payload.end" must be ctrl-z or fixed-length');
  }
}

function portLostProblem(reason: CloseReason | undefined): Problem {
  if (reason?.kind === 'requested') {
    return problem('port.closed', 'The port was closed before the command finished.', 'The port was closed by the workbench.', 'Open the port again and resend the command.');
  }
  return problem(
    'port.lost',
    'The connection to the modem was lost.',
    reason ? reason.detail : 'The port is not open.',
    'Check the USB cable and the modem power; when the modem is back, open the port again (its name may have changed).',
  );
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function createAtEngine(transport: SerialTransport, opts: EngineOptions = {}): AtEngine {
  const scale = opts.timeoutScale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new TypeError('"timeoutScale" must be > 0');
  const cancelGraceMs = opts.cancelGraceMs ?? 2_000;
  const restartGraceMs = opts.restartGraceMs ?? 1_000;
  const journal = opts.journal;
  const clock = opts.clock ?? realClock;
  const stages = opts.stages ?? [];
  const { commands, urcs } = opts.dialect ?? basicDialect;
  const matchUrc = (line: string) => matchRow(line, urcs);
  const reportListenerError = opts.onListenerError ?? reportToConsole;
  const inlineRules = stages.flatMap((st) => (st.inlineLength ? [st.inlineLength] : []));
  if (inlineRules.length > 1) throw new TypeError('"stages": at most one stage may give an inline-length rule');
  const framer = new Framer(inlineRules[0] ? { inlineLength: inlineRules[0] } : {});
  const now = (): Stamp => ({ mono: clock.mono(), wall: clock.wall() });
  const queue: Job[] = [];
  const eventFns = new Set<(e: EngineEvent) => void>();
  const urcSubs = new Set<{ matcher: UrcMatcher; fn: (u: UrcLine) => void }>();
  let active: Job | undefined;
  let nextId = 1;
  let closed: CloseReason | undefined = transport.isOpen ? undefined : { kind: 'error', detail: 'the port was not open' };
  let disposed = false;
  let writeChain: Promise<void> = Promise.resolve();
  /** Id of the last command that ended without its final (timeout, cancel): late finals go to it. */
  let lastUnsettledId: number | undefined;
  /** The partial line a timeout closed off, and the command it is attributed to. */
  let cutHead: { id: number; text: string } | undefined;
  /** Id of a timed-out command whose answer resumed after its cut line: lines up to a final are its. */
  let lateAnswerOf: number | undefined;
  /** A URC a stage is assembling from the lines that follow it. */
  let held: { assembly: UrcAssembly; name: string; at: Stamp; timer: TimerHandle } | undefined;

  /** A byte record, handed over as bytes where the sink takes them (no base64 to decode again). */
  const journalBytes = (at: Stamp, dir: 'rx' | 'tx', bytes: Uint8Array) => {
    if (journal?.appendBytes) journal.appendBytes(at.mono, at.wall, dir, bytes);
    else journal?.append({ mono: at.mono, wall: at.wall, dir, bytes: base64(bytes) });
  };
  const emit = (e: EngineEvent) => {
    journal?.append({ mono: e.at.mono, wall: e.at.wall, event: e });
    if (eventFns.size === 0) return;
    for (const fn of [...eventFns]) {
      try {
        fn(e);
      } catch (err) {
        // A listener's failure must not stop the engine or the other listeners, nor go unseen.
        reportListenerError(err, 'event');
      }
    }
  };
  const line = (dir: 'tx' | 'rx', kind: LineKind, text: string, at: Stamp, commandId?: number) =>
    emit(commandId === undefined ? { type: 'line', dir, kind, text, at } : { type: 'line', dir, kind, text, commandId, at });

  const write = (bytes: Uint8Array, kind: LineKind, text: string, job: Job | undefined) => {
    const at = now();
    journalBytes(at, 'tx', bytes);
    line('tx', kind, text, at, job?.id);
    writeChain = writeChain.then(() =>
      transport.write(bytes).catch((err: unknown) => {
        if (job && active === job) finish(job, { kind: 'port-lost', lines: job.lines, problem: problem('port.write-failed', 'Could not write to the modem.', err instanceof Error ? err.message : String(err), 'Check the cable and reopen the port.') });
      }),
    );
  };

  const release = (job: Job) => {
    if (job.timer !== undefined) clock.clearTimeout(job.timer);
    job.timer = undefined;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (active === job) active = undefined;
    queueMicrotask(pump);
  };

  const finish = (job: Job, outcome: AtOutcome) => {
    if (job.settled) {
      release(job);
      return;
    }
    job.settled = true;
    release(job);
    if (outcome.kind === 'timeout' || outcome.kind === 'cancelled') lastUnsettledId = job.id;
    emit({ type: 'command-ended', id: job.id, command: job.text, outcome, at: now() });
    job.resolve(outcome);
  };

  /** Resolves the command now but keeps its slot for `graceMs`, so a late final is absorbed by it. */
  const settleAndHold = (job: Job, outcome: AtOutcome, graceMs: number) => {
    job.settled = true;
    lastUnsettledId = job.id;
    emit({ type: 'command-ended', id: job.id, command: job.text, outcome, at: now() });
    job.resolve(outcome);
    startTimer(job, graceMs);
  };

  const startTimer = (job: Job, ms: number) => {
    if (job.timer !== undefined) clock.clearTimeout(job.timer);
    job.timer = clock.setTimeout(() => {
      job.timer = undefined;
      const cut = cutPartialLine(job);
      if (job.settled) return release(job);
      const received = job.lines.length ? `Lines received so far: ${job.lines.join(' | ')}` : 'Nothing that belongs to the command was received.';
      finish(job, {
        kind: 'timeout',
        lines: job.lines,
        afterMs: Math.round(clock.mono() - job.startedMono),
        problem: problem(
          'at.timeout',
          `No final answer to ${job.text} within ${Math.round(job.timeoutMs)} ms.`,
          cut === undefined ? received : `${received} The modem stopped in the middle of a line: "${cut}".`,
          'Check that this is the modem\'s AT port at the right baud rate and that the modem is powered; on a slow link raise the timeout scale.',
          { command: job.text, ms: Math.round(job.timeoutMs) },
        ),
      });
    }, ms);
  };

  /**
   * The slot of `job` is given up while the modem is mid-line: the partial line is closed off as
   * the job's unterminated text. Returns that text as shown, if there was one.
   */
  const cutPartialLine = (job: Job): string | undefined => {
    // An old answer still being finished is given up too: its final may never come.
    lateAnswerOf = undefined;
    let shownText: string | undefined;
    for (const tok of framer.cutLine()) {
      if (tok.kind !== 'line') continue;
      shownText = tok.raw ? visibleBytes(tok.raw) : visibleText(tok.text);
      cutHead = { id: job.id, text: tok.text };
      line('rx', 'raw', shownText, now(), job.id);
    }
    return shownText;
  };

  /** The rest of a line a timeout cut (see the header): never the start of the next answer. */
  const routeRest = (text: string, at: Stamp, bytes?: Uint8Array) => {
    const head = cutHead;
    cutHead = undefined;
    const job = active;
    // An echoing modem may echo the next command at once: that is its echo, not the old line's rest.
    if (!head || (job && !job.settled && !job.echoDone && text.trim().toUpperCase() === job.text.toUpperCase())) return routeLine(text, at, bytes);
    if (text.trim() === '') return;
    const shown = bytes ? visibleBytes(bytes) : visibleText(text.trim());
    const whole = (head.text + text).trim();
    if (classifyFinal(whole)) return line('rx', 'final', shown, at, head.id);
    const row = matchUrc(whole);
    if (row) {
      line('rx', 'urc', shown, at);
      return deliverUrc(whole, row.name, at);
    }
    line('rx', 'raw', shown, at, head.id);
    lateAnswerOf = head.id;
  };

  function pump(): void {
    if (active || disposed || closed) return;
    const job = queue.shift();
    if (!job) return;
    active = job;
    job.startedMono = clock.mono();
    emit({ type: 'command-started', id: job.id, command: job.text, at: now() });
    write(encoder.encode(job.text + '\r'), 'command', job.text, job);
    startTimer(job, job.timeoutMs);
  }

  const sendPayload = (job: Job) => {
    if (!job.payload) return;
    job.payloadSent = true;
    const body = job.payload.bytes;
    job.payloadEcho = decoder.decode(body).split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '');
    const bytes = job.payload.end === 'ctrl-z' ? new Uint8Array([...body, CTRL_Z]) : body;
    write(bytes, 'command', visibleWire(bytes), job);
  };

  const deliverUrc = (text: string, name: string, at: Stamp, raw?: Uint8Array) => {
    emit({ type: 'urc', name, text, at });
    const u: UrcLine = raw ? { name, text, at, raw } : { name, text, at };
    for (const s of [...urcSubs]) {
      try {
        if (s.matcher(text)) s.fn(u);
      } catch (err) {
        // A subscriber's failure must not stop URC delivery to the others, nor go unseen.
        reportListenerError(err, 'urc');
      }
    }
  };

  /** Ends the held URC: delivered with what it has, stamped with its first line's time. */
  const deliverHeld = () => {
    const h = held;
    if (!h) return;
    held = undefined;
    clock.clearTimeout(h.timer);
    deliverUrc(h.assembly.text(), h.name, h.at);
  };

  const hold = (assembly: UrcAssembly, name: string, at: Stamp) => {
    // With no further line in time, the URC is delivered as it is once the window has passed.
    const timer = clock.setTimeout(() => {
      if (held?.timer === timer) deliverHeld();
    }, assembly.windowMs);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    held = { assembly, name, at, timer };
  };

  const routeLine = (raw: string, at: Stamp, bytes?: Uint8Array) => {
    const t = raw.trim();
    if (t === '') return;
    const job = active;
    // Bytes that are not UTF-8 are shown byte by byte (\xNN), so the log hides none of them.
    const shown = bytes ? visibleBytes(bytes) : visibleText(t);

    if (held) {
      const h = held;
      // A line after the window is too late to belong to it: the URC ends as it was, and the
      // line is routed anew; so is a line the assembly refuses.
      const verdict = at.mono - h.at.mono > h.assembly.windowMs ? 'refuse' : h.assembly.offer({ raw, text: t, standalone: !!matchUrc(t) || !!classifyFinal(t) });
      if (verdict === 'refuse') deliverHeld();
      else {
        line('rx', 'urc', shown, at);
        if (verdict === 'complete') deliverHeld();
        return;
      }
    }

    if (job && !job.settled && !job.echoDone && t.toUpperCase() === job.text.trim().toUpperCase()) {
      job.echoDone = true;
      return line('rx', 'echo', shown, at, job.id);
    }
    // With echo on the modem echoes the payload too (its ^Z may be echoed or not), line by line
    // when the payload holds line breaks; each payload line is taken as echo once, in order.
    const echoWant = job?.payloadSent ? job.payloadEcho?.[0] : undefined;
    if (job && echoWant !== undefined && t.replace(/\x1a$/, '').trim() === echoWant) {
      job.payloadEcho?.shift();
      return line('rx', 'echo', shown, at, job.id);
    }

    const final = classifyFinal(t);
    if (lateAnswerOf !== undefined && (final || !matchUrc(t))) {
      const id = lateAnswerOf;
      if (final) lateAnswerOf = undefined;
      return line('rx', final ? 'final' : 'response', shown, at, id);
    }
    if (final) {
      if (!job) return line('rx', lastUnsettledId !== undefined ? 'final' : 'raw', shown, at, lastUnsettledId);
      if (final.kind === 'connect' && job.payload && !job.payloadSent) {
        line('rx', 'response', shown, at, job.id);
        return sendPayload(job);
      }
      line('rx', 'final', shown, at, job.id);
      if (job.settled) return release(job);
      if (final.kind === 'error') return finish(job, { kind: 'modem-error', lines: job.lines, final: final.line, problem: final.problem });
      return finish(job, { kind: 'ok', lines: job.lines, final: final.line });
    }

    // An information line whose payload runs on (a stage knows the form, e.g. the AT+QMTRECV
    // read-out without length). A line that is a final has ended it above.
    const last = job && !job.settled ? job.lines.at(-1) : undefined;
    const joined = job?.contLines ?? 0;
    if (job && last !== undefined && stages.some((st) => st.continuesResponse?.(last, joined))) {
      job.lines[job.lines.length - 1] = last + '\r\n' + t;
      job.contLines = (job.contLines ?? 0) + 1;
      return line('rx', 'response', shown, at, job.id);
    }

    if (job && !job.settled && claimsByPrefix(job.text, job.expect, t, commands)) {
      job.lines.push(t);
      return line('rx', 'response', shown, at, job.id);
    }

    const row = matchUrc(t);
    if (row) {
      const name = row.name;
      line('rx', 'urc', shown, at);
      for (const st of stages) {
        const assembly = st.openUrc?.(t, name);
        if (assembly) return hold(assembly, name, at);
      }
      deliverUrc(t, name, at, bytes);
      // After a restart the old answer will never be finished.
      if (row.restart) lateAnswerOf = undefined;
      if (row.restart && job && !job.settled) {
        settleAndHold(job, {
          kind: 'modem-restarted',
          lines: job.lines,
          line: t,
          problem: problem(
            'at.modem-restarted',
            `The modem restarted while ${job.text} was running.`,
            `It sent "${t}".`,
            'Wait for +CPIN: READY and +QIND: PB DONE, then run the bring-up again; repeated restarts under load point at the power supply.',
            { command: job.text },
          ),
        }, restartGraceMs * scale);
      }
      return;
    }

    if (job && !job.settled && job.expect.kind !== 'none' && job.expect.prefix === '' && claimsUnprefixed(job.text, t)) {
      job.lines.push(t);
      return line('rx', 'response', shown, at, job.id);
    }
    line('rx', 'raw', shown, at);
  };

  const onPrompt = (at: Stamp) => {
    const job = active;
    if (!job) {
      // A prompt nobody waits for (e.g. it came after a timeout) leaves the modem in input mode;
      // ESC abandons the input so later commands are not swallowed as payload.
      line('rx', 'prompt', '> ', at, lastUnsettledId);
      write(new Uint8Array([ESC]), 'command', '<ESC>', undefined);
      return;
    }
    line('rx', 'prompt', '> ', at, job.id);
    if (job.settled || !job.payload) {
      // Nothing to send (or cancelled): ESC abandons the input so the modem returns to commands.
      write(new Uint8Array([ESC]), 'command', '<ESC>', job);
      return;
    }
    if (!job.payloadSent) sendPayload(job);
  };

  const onToken = (tok: Token, at: Stamp) => {
    switch (tok.kind) {
      case 'line':
        if (tok.cut === 'rest') return routeRest(tok.text, at, tok.raw);
        // The cut line ended without a rest: nothing later can continue it.
        cutHead = undefined;
        return routeLine(tok.text, at, tok.raw);
      case 'prompt':
        return onPrompt(at);
      case 'payload':
      case 'noise':
        return line('rx', 'raw', visibleBytes(tok.bytes), at);
    }
  };

  // The stamp of the chunk being framed, for the one token callback (not a closure per chunk).
  let chunkAt: Stamp = { mono: 0, wall: 0 };
  const onChunkToken = (tok: Token) => onToken(tok, chunkAt);
  const bytesSub = transport.onBytes((chunk, at) => {
    journalBytes(at, 'rx', chunk);
    chunkAt = at;
    framer.push(chunk, onChunkToken);
    // A '>' with no space yet: if a payload is waiting for it, it is the prompt (protocol.md quirk 6).
    const job = active;
    if (framer.hasPendingPrompt && job && job.payload && !job.payloadSent && !job.settled) {
      for (const tok of framer.takePendingPrompt()) onToken(tok, at);
    }
  });

  const failAll = (make: (job: Job) => AtOutcome) => {
    const jobs = [...(active ? [active] : []), ...queue.splice(0)];
    for (const job of jobs) finish(job, make(job));
    active = undefined;
  };

  const closeSub = transport.onClose((reason) => {
    if (closed) return;
    closed = reason;
    for (const tok of framer.flush()) onToken(tok, now());
    deliverHeld();
    emit({ type: 'port-closed', reason, at: now() });
    const p = portLostProblem(reason);
    failAll((job) => ({ kind: 'port-lost', lines: job.lines, problem: p }));
  });

  return {
    send(req: AtRequest, signal?: AbortSignal): Promise<AtOutcome> {
      validate(req);
      if (disposed) return Promise.resolve({ kind: 'cancelled', lines: [], problem: problem('at.engine-disposed', 'The AT engine was shut down.', req.text, 'Open the port again.') });
      if (closed) return Promise.resolve({ kind: 'port-lost', lines: [], problem: portLostProblem(closed) });
      const cancelled = (): AtOutcome => ({ kind: 'cancelled', lines: [], problem: problem('at.cancelled', `${req.text} was cancelled.`, 'The command was cancelled before it finished.', 'Send it again when ready.', { command: req.text }) });
      if (signal?.aborted) return Promise.resolve(cancelled());
      return new Promise<AtOutcome>((resolve) => {
        const job: Job = {
          id: nextId++,
          text: req.text.trim(),
          expect: req.expect ?? expectFor(req.text, commands),
          timeoutMs: (req.timeoutMs ?? timeoutFor(req.text, commands)) * scale,
          payload: req.payload,
          signal,
          resolve,
          lines: [],
          startedMono: clock.mono(),
          echoDone: false,
          payloadSent: false,
          settled: false,
        };
        if (signal) {
          job.onAbort = () => {
            const idx = queue.indexOf(job);
            if (idx >= 0) {
              queue.splice(idx, 1);
              job.settled = true;
              emit({ type: 'command-ended', id: job.id, command: job.text, outcome: { ...cancelled(), lines: [] }, at: now() });
              return resolve(cancelled());
            }
            if (active !== job || job.settled) return;
            // Resolve now; keep the slot until the modem's final (or a grace period) so its late
            // answer cannot be taken for the next command's.
            settleAndHold(job, { ...cancelled(), lines: job.lines }, cancelGraceMs * scale);
          };
          signal.addEventListener('abort', job.onAbort, { once: true });
        }
        if (req.runNext) queue.unshift(job);
        else queue.push(job);
        pump();
      });
    },
    onUrc(matcher: UrcMatcher, fn: (u: UrcLine) => void): Disposable {
      if (typeof matcher !== 'function') throw new TypeError('"matcher" must be a function');
      const s = { matcher, fn };
      urcSubs.add(s);
      return { dispose: () => urcSubs.delete(s) };
    },
    isIdle(): boolean {
      return !active && queue.length === 0 && !disposed && !closed;
    },
    onEvent(fn: (e: EngineEvent) => void): Disposable {
      eventFns.add(fn);
      return { dispose: () => eventFns.delete(fn) };
    },
    dispose(): void {
      if (disposed) return;
      failAll((job) => ({ kind: 'cancelled', lines: job.lines, problem: problem('at.engine-disposed', 'The AT engine was shut down.', job.text, 'Open the port again.') }));
      // A URC still being assembled is delivered as it is (with its timer cleared), not lost.
      deliverHeld();
      disposed = true;
      bytesSub.dispose();
      closeSub.dispose();
    },
  };
}
